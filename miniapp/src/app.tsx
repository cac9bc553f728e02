// App root: Taro renders each page as `children`; global styles load here. 大字模式 is each
// page's own root class (components/large-text-root), the same in every build.
import type { PropsWithChildren } from 'react';

import './app.scss';

export default function App({ children }: PropsWithChildren) {
  return children;
}
