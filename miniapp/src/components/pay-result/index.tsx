// After paying with medical insurance: the final split (医保统筹 / 个人账户 / 个人现金), the
// account's balance and the time. With a cash part still open, the card leads with that cash
// amount — what insurance paid is named as such, ¥0.00 included, with why the fund paid
// nothing — then the cash step (WeChat Pay / Alipay, or the H5 demo's simulated cashier);
// only when the BFF says both parts are paid does it say 支付完成. A family member's bill (亲情账户)
// says whose it is, which personal account paid — the member's, or (家庭共济) the guardian's own —
// with that account's balance after, and who pays or paid the cash.
import { Text, View } from '@tarojs/components';
import { formatYuan, type Bill } from '@ybm/shared';

import type { CashPaymentStep } from '../../hooks/use-cash-payment';
import { BILL_STATUS_LABELS } from '../../services/bills';
import { insurancePart } from '../../services/money-words';
import { accountWords, cashWords } from '../../services/payer-words';
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

/** Whose the balance shown is: the payer's account, named on a member's bill. */
function balanceLabel(bill: PayResultProps['bill']): string {
  if (!bill.forMember) return '个人账户余额';
  return bill.result.accountOf === 'guardian'
    ? '您本人的个人账户余额'
    : `${bill.forMember.maskedName}的个人账户余额`;
}

/** A member's bill: for whom, whose account paid, who pays (or paid) the cash. */
function MemberLines({ bill, done }: { bill: PayResultProps['bill']; done: boolean }) {
  const member = bill.forMember;
  if (!member) return null;
  const { result, paidBy } = bill;
  const accountPayer = paidBy?.account ?? (result.accountOf === 'guardian' ? 'you' : 'member');
  const mutualAid = result.accountOf === 'guardian';
  const cashLine = !done
    ? `现金${formatYuan(result.cashFen)}：待支付，由您代${member.maskedName}支付`
    : `现金${formatYuan(result.cashFen)}：${cashWords(paidBy?.cash ?? 'you', member.maskedName)}`;
  return (
    <View className="pay-result__member" data-testid="result-for-member">
      <Text className="pay-result__member-title">{`为${member.relationName}${member.maskedName}缴费`}</Text>
      <Text className="pay-result__member-line" data-testid="result-account-of">
        {result.accountFen > 0
          ? `个人账户${formatYuan(result.accountFen)}：从${accountWords(accountPayer, member.maskedName, mutualAid)}支付`
          : '个人账户：本次未使用，未扣款'}
      </Text>
      {result.cashFen > 0 ? (
        <Text className="pay-result__member-line" data-testid="result-cash-by">
          {cashLine}
        </Text>
      ) : null}
    </View>
  );
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
      <MemberLines bill={bill} done={done} />
      <View className="pay-result__rows">
        {result.balanceAfterFen !== undefined ? (
          <View className="pay-result__row" data-testid="result-balance">
            <Text className="pay-result__label">{balanceLabel(bill)}</Text>
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
