// 我的 tab: a signed-out profile card (personal data is only ever shown masked) and the version.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { CellList } from '../../components/cell-list';
import { COMING_SOON } from '../../services/navigation';
import './index.scss';

const comingSoon = () => void Taro.showToast({ title: COMING_SOON, icon: 'none' });

export default function MinePage() {
  return (
    <View className="mine">
      <View className="mine__profile">
        <View className="mine__avatar">
          <Text>保</Text>
        </View>
        <View className="mine__who">
          <Text className="mine__name">未登录</Text>
          <Text className="mine__hint">登录后显示脱敏的姓名与证件号码</Text>
        </View>
      </View>

      <CellList
        title="参保信息"
        cells={[
          { label: '姓名', value: '—' },
          { label: '证件号码', value: '—' },
          { label: '参保地', value: '—' },
        ]}
      />
      <CellList
        cells={[
          { label: '帮助与反馈', onClick: comingSoon },
          { label: '当前版本', value: `v${process.env.TARO_APP_VERSION ?? '0.0.0'}` },
        ]}
      />
    </View>
  );
}
