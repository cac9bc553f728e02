// Whether 大字模式 is on, kept current: a choice made on one page reaches every page already
// open (they share the module), and a page shown again reads the platform's setting afresh.
import { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';

import { largeTextOn, subscribeLargeText } from '../services/large-text';

export function useLargeText(): boolean {
  const [on, setOn] = useState(largeTextOn);
  useEffect(() => subscribeLargeText(setOn), []);
  useDidShow(() => setOn(largeTextOn()));
  return on;
}
