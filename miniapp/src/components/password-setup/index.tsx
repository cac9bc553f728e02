// Setting the voucher password: enter it, enter it again. A weak one (000000, 123456, the
// birthday) is refused with the shared rule's message before the second entry; entries that
// differ start over. Only a confirmed password is handed over, once.
import { View } from '@tarojs/components';
import { WEAK_PASSWORD_MESSAGES, weakPasswordReason } from '@ybm/shared';
import { useEffect, useRef, useState } from 'react';

import { PasswordField } from '../password-field';

export const PASSWORDS_DIFFER = '两次输入的密码不一致，请重新设置';

export interface PasswordSetupProps {
  /** YYYY-MM-DD from the claim, so birthday digits are refused. */
  birthDate?: string;
  busy?: boolean;
  /** A refusal from the server to show over the first entry (e.g. PASSWORD_WEAK). */
  error?: string;
  onConfirmed: (password: string) => void;
}

export function PasswordSetup({ birthDate, busy = false, error, onConfirmed }: PasswordSetupProps) {
  const first = useRef('');
  const [stage, setStage] = useState<'first' | 'confirm'>('first');
  const [localError, setLocalError] = useState<string>();

  useEffect(
    () => () => {
      first.current = '';
    },
    [],
  );

  const enterFirst = (password: string) => {
    const reason = weakPasswordReason(password, birthDate);
    if (reason) {
      setLocalError(WEAK_PASSWORD_MESSAGES[reason]);
      return;
    }
    first.current = password;
    setLocalError(undefined);
    setStage('confirm');
  };

  const enterSecond = (password: string) => {
    const expected = first.current;
    first.current = '';
    if (password !== expected) {
      setLocalError(PASSWORDS_DIFFER);
      setStage('first');
      return;
    }
    setLocalError(undefined);
    onConfirmed(password);
  };

  return (
    <View data-testid="password-setup" data-stage={stage}>
      {stage === 'first' ? (
        <PasswordField
          key="first"
          title="设置医保支付密码"
          hint="6位数字，用于医保结算时验证身份；请勿使用相同、连续的数字或生日"
          error={localError ?? error}
          busy={busy}
          onComplete={enterFirst}
        />
      ) : (
        <PasswordField
          key="confirm"
          title="请再次输入密码"
          hint="确认您刚才设置的6位医保支付密码"
          error={localError}
          busy={busy}
          onComplete={enterSecond}
        />
      )}
    </View>
  );
}
