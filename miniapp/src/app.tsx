// App root: Taro renders each page as `children`; global styles load here.
import type { PropsWithChildren } from 'react';

import './app.scss';

export default function App({ children }: PropsWithChildren) {
  return children;
}
