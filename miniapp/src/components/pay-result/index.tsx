// After paying with medical insurance: the final split (医保统筹 / 个人账户 / 个人现金), the
// account's balance and the time. With a cash part still open, the card leads with that cash
// amount — what insurance paid is named as such, ¥0.00 included, with why the fund paid
// nothing — then the cash step (WeChat Pay / Alipay, or the H5 demo's simulated cashier);
// only when the BFF says both parts are paid does it say 支付完成.
import { Text, View } from '@tarojs/components';
import { formatYuan, type Bill } from '@ybm/shared';

import type { CashPaymentStep } from '../../hooks/use-cash-payment';
import { BILL_STATUS_LABELS } from '../../services/bills';
import { insurancePart } from '../../services/money-words';
import { formatBeijingTime } from '../../services/settlements';
import { CashStep } from '../cash-step';
import { PrimaryButton } from '../primary-button';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

export interface PayResultProps {
  bill: Bill & { result: NonNullable<Bill['result']> };
  /** The cash step, while the cash part waits. */
  cash: CashPaymentStep;
  onOpenRecords: () => void;
  onHome: () => void;
}

export function PayResult({ bill, cash, onOpenRecords, onHome }: PayResultProps) {
  const { result } = bill;
  const done = bill.status === 'paid';
  const insurance = insurancePart(result);
  return (
    <View className="pay-result" data-testid="pay-result" data-status={bill.status} role="status">
      <View className={`pay-result__icon${done ? '' : ' pay-result__icon--half'}`}>
        <Text>{done ? '✓' : '¥'}</Text>
      </View>
      {done ? (
        <>
          <Text className="pay-result__title" data-testid="pay-done">
            支付完成
          </Text>
          <Text className="pay-result__total">{formatYuan(bill.totalFen)}</Text>
        </>
      ) : (
        <>
          <Text className="pay-result__title" data-testid="pay-insurance-paid">
            {insurance > 0 ? `医保已支付${formatYuan(insurance)}` : '医保本次支付¥0.00'}
          </Text>
          <View className="pay-result__due" data-testid="pay-cash-due">
            <Text className="pay-result__due-label">还需支付现金</Text>
            <Text className="pay-result__due-amount">{formatYuan(result.cashFen)}</Text>
          </View>
          <Text className="pay-result__sub">费用合计{formatYuan(bill.totalFen)}</Text>
        </>
      )}
      <Text className={`pay-result__status pay-result__status--${bill.status}`} data-testid="result-status">
        {BILL_STATUS_LABELS[bill.status]}
      </Text>
      <Text className="pay-result__institution">{bill.institutionName}</Text>

      <SettlementSplitRows
        split={result}
        testIdPrefix="result"
        fundZeroReason={bill.preSettled.fundZeroReason}
      />
      <View className="pay-result__rows">
        {result.balanceAfterFen !== undefined ? (
          <View className="pay-result__row" data-testid="result-balance">
            <Text className="pay-result__label">个人账户余额</Text>
            <Text className="pay-result__value">{formatYuan(result.balanceAfterFen)}</Text>
          </View>
        ) : null}
        <View className="pay-result__row" data-testid="result-time">
          <Text className="pay-result__label">{done ? '支付时间' : '医保结算时间'}</Text>
          <Text className="pay-result__value">{formatBeijingTime(result.paidAt)}</Text>
        </View>
      </View>

      {done ? (
        <>
          <PrimaryButton testId="pay-home" onClick={onHome}>
            返回首页
          </PrimaryButton>
          <PrimaryButton plain testId="pay-records" onClick={onOpenRecords}>
            查看消费记录
          </PrimaryButton>
        </>
      ) : (
        <CashStep cash={cash} cashFen={result.cashFen} />
      )}
    </View>
  );
}
