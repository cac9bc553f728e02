// The fake WeChat platform on a real port, a client pointed at it, and a clock both share.
import { createWechatSandbox, type WechatSandboxOptions } from '../../bff/sandbox/wechat/app';
import { createWechatClient, type WechatClientOptions } from '../../bff/src/clients/wechat';
import { listen } from '../support/servers';
import { manualClock } from './helpers';

export const WECHAT_APP = { appId: 'wx0123456789abcdef', appSecret: '0123456789abcdef0123456789abcdef' };

/** Counts the client's requests per path (without the query), to see caching and retries. */
export function countingFetch() {
  const calls: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    calls.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  return { fetch: wrapped, calls, count: (path: string) => calls.filter((p) => p === path).length };
}

export async function startWechat(options: Partial<WechatSandboxOptions> = {}) {
  const clock = manualClock();
  const sandbox = createWechatSandbox({ ...WECHAT_APP, now: clock.now, ...options });
  const running = await listen(sandbox.app);
  const counter = countingFetch();
  const client = (overrides: Partial<WechatClientOptions> = {}) =>
    createWechatClient({
      baseUrl: running.url,
      ...WECHAT_APP,
      timeoutMs: 2000,
      now: clock.now,
      fetch: counter.fetch,
      ...overrides,
    });
  return { ...sandbox, ...running, clock, client, counter };
}

export type WechatRig = Awaited<ReturnType<typeof startWechat>>;
