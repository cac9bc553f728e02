// 设置 (from 我的): the payment password changed or reset, the reserved phone replaced,
// 大字模式, 防骗提示, and — each after a confirmation saying what happens — unbinding this
// platform and withdrawing consent.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';

import { CellList, type Cell } from '../../components/cell-list';
import { InlineError } from '../../components/inline-error';
import { PageHeader } from '../../components/page-header';
import { ToggleSwitch } from '../../components/toggle-switch';
import { activatedVoucher, useMe } from '../../hooks/use-me';
import { call, signOut, toApiError } from '../../services/api';
import { useLargeText } from '../../hooks/use-large-text';
import { largeTextSaved, setLargeText } from '../../services/large-text';
import { CHANGE_PASSWORD_PAGE, FRAUD_TIPS_PAGE, recoverPage } from '../../services/settings';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

const HOME = '/pages/index/index';

const confirm = (title: string, content: string) =>
  Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' }).then((res) => res.confirm);

function SettingsPage() {
  const me = useMe();
  const voucher = activatedVoucher(me);
  // On by the person's choice (here or, through the BFF, on another phone) or, until they
  // choose, by the platform's font size setting.
  const largeText = useLargeText();
  const [error, setError] = useState<string>();

  const toggleLarge = async (on: boolean) => {
    setLargeText(on);
    setError(undefined);
    await call('savePreferences', { body: { largeText: on } }).then(largeTextSaved, (failure: unknown) =>
      setError(
        `大字模式已在本机${on ? '开启' : '关闭'}，但未能保存到您的账号：${toApiError(failure).message}`,
      ),
    );
  };

  const unbind = async () => {
    const ok = await confirm(
      '解除本平台绑定',
      '解除后，本平台将不再显示您的医保码，您在其他平台（微信/支付宝）领取的医保码不受影响。可随时重新领取。',
    );
    if (!ok) return;
    try {
      await call('unbind');
      await signOut();
      void Taro.showToast({ title: '已解除绑定', icon: 'none' });
      void Taro.reLaunch({ url: HOME });
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };

  const withdraw = async () => {
    const ok = await confirm(
      '撤回授权',
      '撤回后将解除本平台绑定，并删除本平台保存的您的申领记录、授权记录、偏好设置和消息。审计日志仅保留编号，按法律要求保存期满后删除。',
    );
    if (!ok) return;
    try {
      await call('withdrawConsent');
      await signOut();
      void Taro.showToast({ title: '已撤回授权', icon: 'none' });
      void Taro.reLaunch({ url: HOME });
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };

  const go = (url: string) => () => void Taro.navigateTo({ url });
  const needsVoucher = (cell: Cell): Cell =>
    voucher ? cell : { ...cell, value: '领取医保码后可用', onClick: undefined };

  return (
    <View className="settings">
      <PageHeader title="设置" inPaddedPage />
      <CellList
        title="支付密码与手机号"
        cells={[
          needsVoucher({
            label: '修改支付密码',
            testId: 'settings-change-password',
            onClick: go(CHANGE_PASSWORD_PAGE),
          }),
          needsVoucher({
            label: '忘记支付密码',
            value: '短信+人脸验证后重设',
            testId: 'settings-reset-password',
            onClick: go(recoverPage('password_reset')),
          }),
          needsVoucher({
            label: '更换预留手机号',
            value: '原手机号已停用时',
            testId: 'settings-replace-phone',
            onClick: go(recoverPage('phone_replace')),
          }),
        ]}
      />
      <View className="settings__card">
        <ToggleSwitch
          label="大字模式"
          checked={largeText}
          testId="settings-large-text"
          onChange={(on) => void toggleLarge(on)}
        />
        <Text className="settings__hint">放大文字和按钮，方便老年人阅读和点按</Text>
      </View>
      <CellList
        title="安全"
        cells={[
          {
            label: '防骗提示',
            value: '医保不会短信发链接',
            testId: 'settings-fraud',
            onClick: go(FRAUD_TIPS_PAGE),
          },
        ]}
      />
      <InlineError message={error} testId="settings-error" />
      {voucher ? (
        <CellList
          title="账号"
          cells={[
            { label: '解除本平台绑定', testId: 'settings-unbind', onClick: () => void unbind() },
            { label: '撤回授权并删除数据', testId: 'settings-withdraw', onClick: () => void withdraw() },
          ]}
        />
      ) : null}
    </View>
  );
}

export default withLargeText(SettingsPage);
