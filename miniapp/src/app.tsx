// App root: Taro renders each page as `children`; global styles load here, and 大字模式 (the
// person's choice, or the platform's own large font setting) is applied before the first page.
import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';

import { applyLargeText } from './services/settings';
import './app.scss';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    applyLargeText();
    // H5 sets the root font size again on resize: scale it again after.
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined')
      window.addEventListener('resize', () => setTimeout(() => applyLargeText(), 0));
  });
  return children;
}
