// 医保码 tab: until claiming is built, says the voucher is not claimed yet.
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { COMING_SOON } from '../../services/navigation';
import './index.scss';

export default function CodePage() {
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
          onClick={() => void Taro.showToast({ title: COMING_SOON, icon: 'none' })}
        >
          立即领取
        </Button>
      </View>
    </View>
  );
}
