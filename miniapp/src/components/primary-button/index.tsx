// The page's main (or secondary, `plain`) button. A disabled or busy button ignores taps
// itself: on H5 Taro's button element still receives click events when disabled.
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

import './index.scss';

export interface PrimaryButtonProps {
  children: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  busy?: boolean;
  plain?: boolean;
  testId?: string;
}

export function PrimaryButton({
  children,
  onClick,
  disabled = false,
  busy = false,
  plain = false,
  testId,
}: PrimaryButtonProps) {
  const inactive = disabled || busy;
  const className = [
    'primary-button',
    plain ? 'primary-button--plain' : '',
    inactive ? 'primary-button--disabled' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={className}
      disabled={inactive}
      loading={busy}
      data-testid={testId}
      aria-disabled={inactive ? 'true' : 'false'}
      onClick={() => {
        if (!inactive) onClick();
      }}
    >
      {children}
    </Button>
  );
}
