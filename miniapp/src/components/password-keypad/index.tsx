// The on-screen digit keypad for the voucher password. No system keyboard is ever opened
// (no Input), so no IME, clipboard or keyboard suggestion sees the digits. Keys answer taps
// in the mini-programs and clicks on H5 (onClick is both).
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface PasswordKeypadProps {
  onDigit: (digit: string) => void;
  onDelete: () => void;
  disabled?: boolean;
}

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
] as const;

export function PasswordKeypad({ onDigit, onDelete, disabled = false }: PasswordKeypadProps) {
  const digitKey = (digit: string) => (
    <View
      key={digit}
      className="password-keypad__key"
      role="button"
      data-testid={`key-${digit}`}
      onClick={() => !disabled && onDigit(digit)}
    >
      <Text>{digit}</Text>
    </View>
  );

  return (
    <View
      className={`password-keypad${disabled ? ' password-keypad--disabled' : ''}`}
      data-testid="password-keypad"
    >
      {ROWS.map((row) => (
        <View key={row.join('')} className="password-keypad__row">
          {row.map(digitKey)}
        </View>
      ))}
      <View className="password-keypad__row">
        <View className="password-keypad__key password-keypad__key--blank" />
        {digitKey('0')}
        <View
          className="password-keypad__key password-keypad__key--action"
          role="button"
          aria-label="删除"
          data-testid="key-del"
          onClick={() => !disabled && onDelete()}
        >
          <Text>删除</Text>
        </View>
      </View>
    </View>
  );
}
