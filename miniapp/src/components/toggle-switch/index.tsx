// A labelled on/off switch drawn with Views (the same on WeChat, Alipay and H5, and easy to
// tap in a browser test); the whole row answers a tap.
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface ToggleSwitchProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

export function ToggleSwitch({ label, checked, onChange, disabled = false, testId }: ToggleSwitchProps) {
  const className = [
    'toggle-switch',
    checked ? 'toggle-switch--on' : '',
    disabled ? 'toggle-switch--off' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={className}
      role="switch"
      aria-checked={checked ? 'true' : 'false'}
      aria-disabled={disabled ? 'true' : 'false'}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => !disabled && onChange(!checked)}
    >
      <Text className="toggle-switch__label">{label}</Text>
      <View className="toggle-switch__track">
        <View className="toggle-switch__thumb" />
      </View>
    </View>
  );
}
