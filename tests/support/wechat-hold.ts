// The fake WeChat on a server of its own that takes 30 ms per push (so a kill lands in the middle
// of a fan-out) and, armed, holds the pushes it receives — the BFF waits for their answers —
// until released: a test kills a BFF while WeChat has its sends in hand.
import { createServer } from 'node:http';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';

const SEND_PATH = '/cgi-bin/message/subscribe/send';

export async function holdingWechat(options: { appId: string; appSecret: string }) {
  const wechat = createWechatSandbox(options);
  const handle = wechat.app.callback();
  let sendHold: { first: () => void; released: Promise<void> } | undefined;
  const server = createServer((req, res) => {
    const hold = req.url?.startsWith(SEND_PATH) ? sendHold : undefined;
    hold?.first();
    void Promise.all([new Promise((resolve) => setTimeout(resolve, 30)), hold?.released]).then(() =>
      handle(req, res),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    wechat,
    url,
    /** Holds every push from now on; `held` resolves at the first one held. */
    holdSends() {
      let first!: () => void;
      const held = new Promise<void>((resolve) => (first = resolve));
      let release!: () => void;
      sendHold = { first, released: new Promise<void>((resolve) => (release = resolve)) };
      return {
        held,
        release: () => {
          sendHold = undefined;
          release();
        },
      };
    },
    /** Lets `openid` receive `count` bill notices (its subscription grants). */
    async subscribe(openid: string, count: number) {
      wechat.mintLoginCode(openid); // WeChat knows the user
      await fetch(`${url}/dev/subscription`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, count }),
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
