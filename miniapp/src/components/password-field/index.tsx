// Six boxes showing a dot per digit entered, over the on-screen keypad. The digits live only
// in this component (a ref, never rendered), are handed over once all six are in, and are
// cleared at once — and when the component goes away.
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';

import { PasswordKeypad } from '../password-keypad';
import './index.scss';

export const PASSWORD_LENGTH = 6;

export interface PasswordFieldProps {
  title: string;
  hint?: string;
  error?: string;
  /** The error's test id (password-error unless a page names it). */
  errorTestId?: string;
  /** While the entered password is being checked or sent: keys do nothing. */
  busy?: boolean;
  onComplete: (password: string) => void;
}

export function PasswordField({
  title,
  hint,
  error,
  errorTestId = 'password-error',
  busy = false,
  onComplete,
}: PasswordFieldProps) {
  const digits = useRef('');
  const [count, setCount] = useState(0);

  useEffect(
    () => () => {
      digits.current = '';
    },
    [],
  );

  const press = (digit: string) => {
    if (busy || digits.current.length >= PASSWORD_LENGTH) return;
    digits.current += digit;
    if (digits.current.length < PASSWORD_LENGTH) {
      setCount(digits.current.length);
      return;
    }
    const password = digits.current;
    digits.current = '';
    setCount(0);
    onComplete(password);
  };

  const remove = () => {
    if (busy) return;
    digits.current = digits.current.slice(0, -1);
    setCount(digits.current.length);
  };

  return (
    <View className="password-field">
      <Text className="password-field__title">{title}</Text>
      {hint ? <Text className="password-field__hint">{hint}</Text> : null}
      <View
        className="password-field__boxes"
        data-testid="password-boxes"
        data-filled={String(count)}
        aria-label={`已输入${count}位`}
      >
        {Array.from({ length: PASSWORD_LENGTH }, (_, index) => (
          <View key={index} className="password-field__box">
            {index < count ? <View className="password-field__dot" /> : null}
          </View>
        ))}
      </View>
      {error ? (
        <View className="password-field__error" role="alert" data-testid={errorTestId}>
          <Text>{error}</Text>
        </View>
      ) : null}
      {busy ? <Text className="password-field__hint">正在提交，请稍候…</Text> : null}
      <PasswordKeypad onDigit={press} onDelete={remove} disabled={busy} />
    </View>
  );
}
