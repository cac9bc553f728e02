// 我的 tab: the profile card (personal data is only ever shown masked, as the BFF sends it),
// the insurance details once the voucher is claimed, and the version.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { CellList, type Cell } from '../../components/cell-list';
import { activatedVoucher, useMe, type MeState } from '../../hooks/use-me';
import { DEV_LOGIN_PAGE } from '../../services/claim';
import { COMING_SOON } from '../../services/navigation';
import { devPersona } from '../../services/session';
import { insuranceTypeName } from '../../services/voucher';
import './index.scss';

const comingSoon = () => void Taro.showToast({ title: COMING_SOON, icon: 'none' });

function who(me: MeState): { name: string; hint: string } {
  const voucher = activatedVoucher(me);
  if (voucher) return { name: voucher.maskedName, hint: '已领取医保电子凭证' };
  if (me.status === 'ready') return { name: '未领取医保码', hint: '领取后显示脱敏的姓名与证件号码' };
  return { name: '未登录', hint: '登录后显示脱敏的姓名与证件号码' };
}

export default function MinePage() {
  const me = useMe();
  const voucher = activatedVoucher(me);
  const { name, hint } = who(me);

  const settings: Cell[] = [{ label: '帮助与反馈', onClick: comingSoon }];
  if (process.env.TARO_ENV === 'h5' && devPersona()) {
    settings.push({
      label: '切换演示用户',
      onClick: () => void Taro.navigateTo({ url: DEV_LOGIN_PAGE }),
    });
  }
  settings.push({ label: '当前版本', value: `v${process.env.TARO_APP_VERSION ?? '0.0.0'}` });

  return (
    <View className="mine">
      <View className="mine__profile">
        <View className="mine__avatar">
          <Text>保</Text>
        </View>
        <View className="mine__who">
          <Text className="mine__name" data-testid="mine-name">
            {name}
          </Text>
          <Text className="mine__hint">{hint}</Text>
        </View>
      </View>

      <CellList
        title="参保信息"
        cells={[
          { label: '姓名', value: voucher?.maskedName ?? '—' },
          { label: '证件号码', value: voucher?.maskedIdNumber ?? '—' },
          { label: '险种', value: voucher ? insuranceTypeName(voucher.insuranceType) : '—' },
          { label: '参保地', value: voucher?.regionName ?? '—' },
        ]}
      />
      <CellList cells={settings} />
    </View>
  );
}
