// After scan 2: what was paid, how it splits between 医保统筹, 个人账户 and 个人现金, when and
// where, and the personal account's new balance — with the way back to the code and to records.
// A cash part is still to pay at the counter: then the card leads with that amount and where
// to pay it (never a green 结算成功 over money still owed), and says why the fund paid nothing
// when it did not. Should the counter take the settlement back, the same card says so: what
// went back to the fund and to the account, the balance now, and that the cash is the
// institution's to return.
import { Text, View } from '@tarojs/components';
import { describeReturned, formatYuan, type SettlementSplit } from '@ybm/shared';

import { insurancePart } from '../../services/money-words';
import { formatSettledAt } from '../../services/settlements';
import { PrimaryButton } from '../primary-button';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

export interface SettlementResultProps {
  settlement: SettlementSplit;
  /** Set when the counter reversed this settlement. */
  reversedAt?: string;
  onShowCode: () => void;
  onOpenRecords: () => void;
}

/** What the reversal gave back, and what is left to do. */
function ReversalNote({ settlement }: { settlement: SettlementSplit }) {
  const insurance = describeReturned({ ...settlement, cashFen: 0 });
  return (
    <View className="settlement-result__reversal" data-testid="settlement-reversal" role="alert">
      <Text className="settlement-result__reversal-line">
        {insurance ? `${insurance}。` : '医保未支付这笔费用，无需退回。'}
      </Text>
      <Text className="settlement-result__reversal-line">
        {settlement.cashFen > 0
          ? `您支付的现金${formatYuan(settlement.cashFen)}请向${settlement.institutionName}办理退还。`
          : '您无需为这笔结算补缴任何费用。'}
      </Text>
    </View>
  );
}

/** The headline: what is still to pay and where, or that nothing is. */
function Headline({ settlement, reversed }: { settlement: SettlementSplit; reversed: boolean }) {
  const total = `费用合计${formatYuan(settlement.totalFen)}`;
  if (reversed || settlement.cashFen === 0) {
    return (
      <>
        <Text className="settlement-result__title" data-testid="settlement-title">
          {reversed ? '结算已撤销' : '结算成功'}
        </Text>
        <Text className="settlement-result__total" data-testid="settlement-total">
          {formatYuan(settlement.totalFen)}
        </Text>
        {reversed ? null : (
          <Text className="settlement-result__sub" data-testid="settlement-nothing-due">
            医保已全部支付，您无需再支付现金
          </Text>
        )}
      </>
    );
  }
  return (
    <>
      <Text className="settlement-result__title" data-testid="settlement-title">
        医保结算完成，请支付现金
      </Text>
      <View className="settlement-result__due" data-testid="settlement-cash-due" role="alert">
        <Text className="settlement-result__due-label">请在{settlement.institutionName}收银台支付</Text>
        <Text className="settlement-result__due-amount">{formatYuan(settlement.cashFen)}</Text>
      </View>
      <Text className="settlement-result__sub" data-testid="settlement-total">
        {`${total}，医保支付${formatYuan(insurancePart(settlement))}`}
      </Text>
    </>
  );
}

export function SettlementResult({
  settlement,
  reversedAt,
  onShowCode,
  onOpenRecords,
}: SettlementResultProps) {
  const reversed = reversedAt !== undefined;
  const due = !reversed && settlement.cashFen > 0;
  const state = reversed ? 'reversed' : due ? 'cash-due' : 'settled';
  return (
    <View
      className={`settlement-result settlement-result--${state}`}
      data-testid="settlement-result"
      data-state={reversed ? 'reversed' : 'settled'}
      role="status"
    >
      <View className="settlement-result__icon">
        <Text>{reversed ? '↩' : due ? '¥' : '✓'}</Text>
      </View>
      <Headline settlement={settlement} reversed={reversed} />
      <Text className="settlement-result__institution" data-testid="settlement-institution">
        {settlement.institutionName}
      </Text>

      {reversed ? <ReversalNote settlement={settlement} /> : null}
      <SettlementSplitRows
        split={settlement}
        testIdPrefix="split"
        fundZeroReason={settlement.fundZeroReason}
      />
      <View className="settlement-result__rows">
        {settlement.balanceAfterFen !== undefined ? (
          <View className="settlement-result__row" data-testid="settlement-balance">
            <Text className="settlement-result__label">个人账户余额</Text>
            <Text className="settlement-result__value">{formatYuan(settlement.balanceAfterFen)}</Text>
          </View>
        ) : null}
        <View className="settlement-result__row" data-testid="settlement-time">
          <Text className="settlement-result__label">结算时间</Text>
          <Text className="settlement-result__value">{formatSettledAt(settlement.settledAt)}</Text>
        </View>
        {reversedAt ? (
          <View className="settlement-result__row" data-testid="settlement-reversed-at">
            <Text className="settlement-result__label">撤销时间</Text>
            <Text className="settlement-result__value">{formatSettledAt(reversedAt)}</Text>
          </View>
        ) : null}
      </View>

      <PrimaryButton testId="code-show-again" onClick={onShowCode}>
        再次出示医保码
      </PrimaryButton>
      <PrimaryButton plain testId="settlement-records" onClick={onOpenRecords}>
        查看消费记录
      </PrimaryButton>
    </View>
  );
}
