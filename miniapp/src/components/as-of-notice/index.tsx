// Above an answer the BFF gave from its last good copy (the insurance platform down, issue 26):
// says so, with the time of the copy in Beijing time, so nobody takes an old balance for today's.
// A status (read out by screen readers), amber, in the page's text size (大字模式 grows it).
import { View } from '@tarojs/components';

import { NoticeBar } from '../notice-bar';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const two = (n: number) => String(n).padStart(2, '0');

/** "医保平台暂时不可用，以下为 12月7日 09:05 的信息" (Beijing time). */
export function asOfWords(asOf: string): string {
  const ms = Date.parse(asOf);
  if (!Number.isFinite(ms)) return '医保平台暂时不可用，以下为此前保存的信息';
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const when = `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
  return `医保平台暂时不可用，以下为 ${when} 的信息`;
}

export function AsOfNotice({ asOf, testId }: { asOf: string | undefined; testId: string }) {
  if (!asOf) return null;
  return (
    <View data-testid={testId}>
      <NoticeBar tone="warning">{asOfWords(asOf)}</NoticeBar>
    </View>
  );
}
