// 我的 tab: the profile card (personal data is only ever shown masked, as the BFF sends it) —
// or, signed out, 登录 — the insurance details once the voucher is claimed, the agreements and
// 授权管理 (what was agreed, when, on which platform), and the version.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AGREEMENT_KEYS, AGREEMENTS } from '@ybm/shared';

import { CellList, type Cell } from '../../components/cell-list';
import { PageHeader } from '../../components/page-header';
import { activatedVoucher, useMe, type MeState } from '../../hooks/use-me';
import { useSignIn } from '../../hooks/use-sign-in';
import { CONSENTS_PAGE, openAgreement } from '../../services/agreements';
import { DEV_LOGIN_PAGE } from '../../services/claim';
import { ACCOUNT_PAGE, FAMILY_PAGE } from '../../services/family';
import { COMING_SOON } from '../../services/navigation';
import { devPersona } from '../../services/session';
import { SETTINGS_PAGE } from '../../services/settings';
import { insuranceTypeName } from '../../services/voucher';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

const comingSoon = () => void Taro.showToast({ title: COMING_SOON, icon: 'none' });

function who(me: MeState): { name: string; hint: string } {
  const voucher = activatedVoucher(me);
  if (voucher) return { name: voucher.maskedName, hint: '已领取医保电子凭证' };
  if (me.status === 'ready') return { name: '未领取医保码', hint: '领取后显示脱敏的姓名与证件号码' };
  if (me.status === 'loading') return { name: '加载中…', hint: '正在读取您的信息' };
  if (me.status === 'failed') return { name: '信息加载失败', hint: me.error.message };
  return { name: '未登录', hint: '登录后显示脱敏的姓名与证件号码' };
}

function MinePage() {
  const me = useMe();
  const voucher = activatedVoucher(me);
  const { name, hint } = who(me);
  const { busy, signIn } = useSignIn(me.reload);

  const privacy: Cell[] = [
    {
      label: '授权管理',
      value: '已同意的协议与授权',
      testId: 'mine-consents',
      onClick: () => void Taro.navigateTo({ url: CONSENTS_PAGE }),
    },
    ...AGREEMENT_KEYS.map((key) => ({
      label: AGREEMENTS[key].title,
      testId: `mine-agreement-${key}`,
      onClick: () => openAgreement(key),
    })),
  ];

  const settings: Cell[] = [
    {
      label: '设置',
      value: '支付密码、手机号、大字模式',
      testId: 'mine-settings',
      onClick: () => void Taro.navigateTo({ url: SETTINGS_PAGE }),
    },
    { label: '帮助与反馈', onClick: comingSoon },
  ];
  if (process.env.TARO_ENV === 'h5' && devPersona()) {
    settings.push({
      label: '切换演示用户',
      onClick: () => void Taro.navigateTo({ url: DEV_LOGIN_PAGE }),
    });
  }
  settings.push({ label: '当前版本', value: `v${process.env.TARO_APP_VERSION ?? '0.0.0'}` });

  return (
    <View className="mine">
      <PageHeader title="我的" back={false} />
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
        {me.status === 'signed-out' || me.status === 'failed' ? (
          <View
            className="mine__sign-in"
            role="button"
            data-testid="mine-sign-in"
            aria-disabled={busy ? 'true' : 'false'}
            onClick={() => {
              if (busy) return;
              if (me.status === 'failed') me.reload();
              else void signIn();
            }}
          >
            <Text>{me.status === 'failed' ? '重试' : '登录'}</Text>
          </View>
        ) : null}
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
      <CellList
        title="账户与家人"
        cells={[
          {
            label: '个人账户',
            value: '余额、每月划入、本年费用',
            testId: 'mine-account',
            onClick: () => void Taro.navigateTo({ url: ACCOUNT_PAGE }),
          },
          {
            label: '亲情账户',
            value: '为家人出示医保码、支付账单',
            testId: 'mine-family',
            onClick: () => void Taro.navigateTo({ url: FAMILY_PAGE }),
          },
        ]}
      />
      <CellList title="隐私与授权" cells={privacy} />
      <CellList cells={settings} />
    </View>
  );
}

export default withLargeText(MinePage);
