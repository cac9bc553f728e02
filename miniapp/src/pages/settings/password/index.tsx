// 修改支付密码: the current password, then the new one twice (the claim's weak-password rules,
// on the phone and again at the platform), each entered on the secure keypad and SM2-encrypted
// with the platform's key before it leaves the phone. A wrong current password costs one of the
// day's five tries and says how many are left; at the lock, 忘记密码 is offered.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';

import { PasswordField } from '../../../components/password-field';
import { PasswordSetup } from '../../../components/password-setup';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { call, toApiError } from '../../../services/api';
import { encryptPassword } from '../../../services/crypto';
import { recoverPage, SETTINGS_PAGE } from '../../../services/settings';
import '../_flow.scss';
import { withLargeText } from '../../../components/large-text-root';

function remainingOf(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('remaining' in details)) return undefined;
  return typeof details.remaining === 'number' ? details.remaining : undefined;
}

function ChangePasswordPage() {
  const oldPassword = useRef('');
  const [stage, setStage] = useState<'old' | 'new' | 'done' | 'locked'>('old');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const submit = async (newPassword: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const { publicKeyHex } = await call('passwordKey');
      const body = {
        oldPasswordCipher: await encryptPassword(oldPassword.current, publicKeyHex),
        newPasswordCipher: await encryptPassword(newPassword, publicKeyHex),
      };
      oldPassword.current = '';
      await call('changePassword', { body });
      setStage('done');
    } catch (failure) {
      const apiError = toApiError(failure);
      oldPassword.current = '';
      if (apiError.code === 'PASSWORD_LOCKED') setStage('locked');
      else
        setStage(apiError.code === 'PASSWORD_WEAK' || apiError.code === 'PASSWORD_UNCHANGED' ? 'new' : 'old');
      const remaining = remainingOf(apiError.details);
      setError(
        apiError.code === 'PASSWORD_WRONG' && remaining !== undefined
          ? `原密码错误，今日还可尝试${remaining}次`
          : apiError.message,
      );
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="settings-flow" data-testid="change-password">
      <PageHeader title="修改支付密码" fallback={SETTINGS_PAGE} inPaddedPage />
      <View className="settings-flow__body">
        {stage === 'done' ? (
          <ResultPanel title="支付密码已修改" message="下次支付请使用新密码。" testId="change-password-done">
            <PrimaryButton testId="change-password-back" onClick={() => void Taro.navigateBack()}>
              完成
            </PrimaryButton>
          </ResultPanel>
        ) : stage === 'locked' ? (
          <ResultPanel title="支付密码已锁定" message={error ?? ''} testId="change-password-locked">
            <PrimaryButton
              testId="change-password-forgot"
              onClick={() => void Taro.redirectTo({ url: recoverPage('password_reset') })}
            >
              忘记密码，验证本人后重设
            </PrimaryButton>
          </ResultPanel>
        ) : stage === 'old' ? (
          <View key={`old-${attempt}`}>
            <PasswordField
              title="请输入原支付密码"
              hint="验证身份后设置新密码"
              {...(error ? { error } : {})}
              busy={busy}
              onComplete={(password) => {
                oldPassword.current = password;
                setError(undefined);
                setStage('new');
              }}
            />
            <Text
              className="claim-note"
              data-testid="change-password-forgot-link"
              onClick={() => void Taro.redirectTo({ url: recoverPage('password_reset') })}
            >
              忘记原密码？点此通过短信和人脸验证重设
            </Text>
          </View>
        ) : (
          <PasswordSetup
            key={`new-${attempt}`}
            busy={busy}
            {...(error ? { error } : {})}
            onConfirmed={(p) => void submit(p)}
          />
        )}
      </View>
    </View>
  );
}

export default withLargeText(ChangePasswordPage);
