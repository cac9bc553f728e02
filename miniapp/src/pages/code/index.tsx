// 医保码 tab: before claiming, the way to claim; once claimed, whose voucher it is (masked),
// the insurance type and region. Showing the code itself comes with issue 5.
import { Button, Text, View } from '@tarojs/components';

import { activatedVoucher, useMe } from '../../hooks/use-me';
import { startClaim } from '../../services/claim';
import { insuranceTypeName } from '../../services/voucher';
import './index.scss';

export default function CodePage() {
  const me = useMe();
  const voucher = activatedVoucher(me);

  if (voucher) {
    return (
      <View className="code-page">
        <View className="code-page__card" data-testid="code-claimed">
          <Text className="code-page__badge">已领取</Text>
          <Text className="code-page__name">{voucher.maskedName}</Text>
          <Text className="code-page__hint">
            {insuranceTypeName(voucher.insuranceType)} · {voucher.regionName}
          </Text>
          <View className="code-page__placeholder code-page__placeholder--ready">
            <Text>码</Text>
          </View>
          <Text className="code-page__hint">医保电子凭证已激活，出示医保码功能即将开放</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="code-page">
      <View className="code-page__card">
        <View className="code-page__placeholder">
          <Text>码</Text>
        </View>
        <Text className="code-page__title">您尚未领取医保码</Text>
        <Text className="code-page__hint">领取后，可在定点医药机构出示医保码就医购药</Text>
        <Button
          className="code-page__button"
          data-testid="code-claim-start"
          onClick={() => void startClaim()}
        >
          立即领取
        </Button>
      </View>
    </View>
  );
}
