// The home page's card once the voucher is claimed: whose it is (masked), the insurance
// type and region, and the way to the code.
import { Button, Text, View } from '@tarojs/components';
import type { VoucherSummary } from '@ybm/shared';

import { insuranceTypeName } from '../../services/voucher';
import './index.scss';

export interface VoucherCardProps {
  voucher: VoucherSummary;
  onShowCode: () => void;
}

export function VoucherCard({ voucher, onShowCode }: VoucherCardProps) {
  return (
    <View className="voucher-card" data-testid="voucher-card">
      <View className="voucher-card__top">
        <Text className="voucher-card__badge">医保电子凭证 · 已领取</Text>
        <Text className="voucher-card__name">{voucher.maskedName}</Text>
        <Text className="voucher-card__meta">
          {insuranceTypeName(voucher.insuranceType)} · {voucher.regionName}
        </Text>
      </View>
      <Button className="voucher-card__button" data-testid="show-code" onClick={onShowCode}>
        出示医保码
      </Button>
    </View>
  );
}
