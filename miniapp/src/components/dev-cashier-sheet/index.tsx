// The H5 demo's cashier for the cash part, standing in for WeChat Pay's or Alipay's sheet on a
// phone. Labelled as a simulation in its title, so nobody takes it for a real payment: 支付 and
// 取消 go to the fake of the person's platform (which then notifies the BFF as the real one
// would), and the close button leaves without choosing. Nothing here marks the bill paid.
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@ybm/shared';

import { PrimaryButton } from '../primary-button';
import './index.scss';

export interface DevCashierSheetProps {
  /** 微信支付 or 支付宝: the cashier it stands in for. */
  cashier: string;
  amountFen: number;
  institutionName: string;
  busy: boolean;
  error?: string;
  onPay: () => void;
  onCancel: () => void;
  onClose: () => void;
}

export function DevCashierSheet(props: DevCashierSheetProps) {
  const { cashier, amountFen, institutionName, busy, error } = props;
  return (
    <View className="dev-cashier" data-testid="dev-cashier" role="dialog" aria-label="开发环境 · 模拟支付">
      <View className="dev-cashier__sheet">
        <View className="dev-cashier__head">
          <Text className="dev-cashier__title" data-testid="dev-cashier-title">
            开发环境 · 模拟支付
          </Text>
          <Text
            className="dev-cashier__close"
            data-testid="dev-cashier-close"
            aria-label="关闭"
            onClick={() => {
              if (!busy) props.onClose();
            }}
          >
            关闭
          </Text>
        </View>
        <Text className="dev-cashier__note">
          这是开发环境的模拟收银台，代替手机上的{cashier}，不会真实扣款。支付结果以{cashier}通知为准。
        </Text>
        <Text className="dev-cashier__what">{institutionName} · 诊间支付现金部分</Text>
        <Text className="dev-cashier__amount" data-testid="dev-cashier-amount">
          {formatYuan(amountFen)}
        </Text>
        {error ? (
          <View className="dev-cashier__error" role="alert" data-testid="dev-cashier-error">
            <Text>{error}</Text>
          </View>
        ) : null}
        <PrimaryButton testId="dev-cashier-pay" busy={busy} onClick={props.onPay}>
          支付 {formatYuan(amountFen)}
        </PrimaryButton>
        <PrimaryButton plain testId="dev-cashier-cancel" busy={busy} onClick={props.onCancel}>
          取消
        </PrimaryButton>
      </View>
    </View>
  );
}
