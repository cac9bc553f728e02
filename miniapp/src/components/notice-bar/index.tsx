// A one-line notice under the header: environment hints, network problems, with an optional action.
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

import './index.scss';

export interface NoticeBarProps {
  tone?: 'info' | 'warning' | 'error';
  children: ReactNode;
  actionText?: string;
  onAction?: () => void;
}

export function NoticeBar({ tone = 'info', children, actionText, onAction }: NoticeBarProps) {
  return (
    <View className={`notice-bar notice-bar--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Text className="notice-bar__text">{children}</Text>
      {actionText && onAction ? (
        <Text className="notice-bar__action" onClick={onAction}>
          {actionText}
        </Text>
      ) : null}
    </View>
  );
}
