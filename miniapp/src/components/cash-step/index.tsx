// The cash step under a bill whose insurance part is paid: who takes the cash (the person's
// platform), the 去支付 button, and after the cashier the honest state — waiting for the
// platform's word, confirming with the insurance platform, or back to 去支付 with why.
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@ybm/shared';

import type { CashPaymentStep } from '../../hooks/use-cash-payment';
import { InlineError } from '../inline-error';
import { PrimaryButton } from '../primary-button';
import './index.scss';

/** Who takes the cash part, as the person knows it on this platform. */
export function cashierName(): string {
  if (process.env.TARO_ENV === 'weapp') return '微信支付';
  if (process.env.TARO_ENV === 'alipay') return '支付宝';
  return '收银台（开发环境模拟）';
}

export function CashStep({ cash, cashFen }: { cash: CashPaymentStep; cashFen: number }) {
  const { phase } = cash;
  if (phase.name === 'waiting') {
    const message = phase.confirming
      ? '已收到您的付款，正在向医保平台确认，请稍候…'
      : phase.stalled
        ? `暂未收到${phase.cashier}的支付结果。如已付款，结果确认后会自动更新，请勿重复支付；如未付款，可重新支付。`
        : `正在向${phase.cashier}确认支付结果，请稍候…`;
    return (
      <View className="cash-step">
        <View className="cash-step__waiting" role="status" data-testid="cash-waiting">
          <Text>{message}</Text>
        </View>
        {phase.stalled ? (
          <>
            <PrimaryButton testId="cash-recheck" onClick={cash.recheck}>
              刷新支付结果
            </PrimaryButton>
            <PrimaryButton plain busy={cash.busy} testId="cash-pay" onClick={cash.start}>
              {`现金部分 ${formatYuan(cashFen)} · 重新支付`}
            </PrimaryButton>
          </>
        ) : null}
      </View>
    );
  }
  return (
    <View className="cash-step">
      <Text className="cash-step__note" data-testid="pay-cashier-note">
        {`现金${formatYuan(cashFen)}请通过${cashierName()}支付；医保部分与现金部分都支付后，本次缴费才完成。`}
      </Text>
      {phase.name === 'idle' && phase.note ? (
        <View className="cash-step__info" role="status" data-testid="cash-note">
          <Text>{phase.note}</Text>
        </View>
      ) : null}
      <InlineError message={cash.error} testId="pay-error" />
      <PrimaryButton busy={cash.busy} testId="cash-pay" onClick={cash.start}>
        {cash.busy ? '正在打开支付…' : `现金部分 ${formatYuan(cashFen)} · 去支付`}
      </PrimaryButton>
    </View>
  );
}
