// One consent, one checkbox: tapping the row ticks or unticks it. PIPL wants sensitive
// personal information consented to on its own, so the claim's consent page has two.
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

import './index.scss';

export interface ConsentCheckProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  testId?: string;
}

export function ConsentCheck({ checked, onChange, children, testId }: ConsentCheckProps) {
  return (
    <View
      className={`consent-check${checked ? ' consent-check--checked' : ''}`}
      role="checkbox"
      aria-checked={checked ? 'true' : 'false'}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => onChange(!checked)}
    >
      <View className="consent-check__box">{checked ? <Text>✓</Text> : null}</View>
      <Text className="consent-check__label">{children}</Text>
    </View>
  );
}
