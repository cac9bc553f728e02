// The page's main (or secondary, `plain`) button. Disabled and busy are this component's own
// state (a class and aria-disabled), and taps on it are ignored here: Taro's H5 button keeps
// matching [disabled] once it has been disabled (the attribute stays as "false") and still
// receives clicks, so its own `disabled` prop is not used.
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
    inactive ? 'primary-button--inactive' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={className}
      data-testid={testId}
      data-busy={busy ? 'true' : 'false'}
      aria-disabled={inactive ? 'true' : 'false'}
      onClick={() => {
        if (!inactive) onClick();
      }}
    >
      {children}
    </Button>
  );
}
