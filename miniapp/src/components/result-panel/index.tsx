// A result in the page itself (not a toast that vanishes): a refusal with the shared
// message saying what to do, or a success, with the way on underneath.
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

import './index.scss';

export interface ResultPanelProps {
  tone?: 'error' | 'warning' | 'success';
  title: string;
  message: string;
  children?: ReactNode;
  testId?: string;
}

const GLYPHS = { error: '!', warning: '!', success: '✓' } as const;

export function ResultPanel({ tone = 'error', title, message, children, testId }: ResultPanelProps) {
  return (
    <View className={`result-panel result-panel--${tone}`} role="alert" data-testid={testId}>
      <View className="result-panel__icon">
        <Text>{GLYPHS[tone]}</Text>
      </View>
      <Text className="result-panel__title">{title}</Text>
      <Text className="result-panel__message" data-testid={testId ? `${testId}-message` : undefined}>
        {message}
      </Text>
      {children ? <View className="result-panel__actions">{children}</View> : null}
    </View>
  );
}
