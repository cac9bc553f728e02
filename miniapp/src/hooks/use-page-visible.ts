// Whether the page is on screen: tab pages stay mounted when another tab is chosen, so
// mounting is not showing.
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useState } from 'react';

export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(false);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  return visible;
}
