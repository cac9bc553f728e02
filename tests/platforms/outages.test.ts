// What each platform client's breaker counts as its platform being down (issue 26), against
// real servers on 127.0.0.1: a closed port, a server that never answers (or stops half-way
// through its answer), and a 5xx with an empty or HTML body (a gateway in front of a dead
// platform) each count, so the breaker opens and refuses at once with the platform's 503; a
// 4xx from a gateway and the platform's own well-formed refusal do not (the platform is up).
// WeChat, Alipay, WeChat Pay and Alipay trades, each as deps.ts composes it.
import { createAlipayClient } from '../../bff/src/clients/alipay';
import { createAlipayGateway } from '../../bff/src/clients/alipay-gateway';
import { createAlipayTradeClient } from '../../bff/src/clients/alipay-trade';
import { alipayCashier, wechatPayCashier } from '../../bff/src/clients/cashiers';
import { guardAlipay, guardCashier, guardWechat } from '../../bff/src/clients/guarded';
import { createWechatClient } from '../../bff/src/clients/wechat';
import { createWechatPayClient } from '../../bff/src/clients/wechatpay';
import { ERRORS } from '@ybm/shared';

import { DependencyDown } from '../../bff/src/errors';
import type { Breaker } from '../../bff/src/services/breaker';
import {
  dependencyBreaker,
  isUpstreamOutage,
  type DependencyName,
} from '../../bff/src/services/dependencies';
import { buildTestApp } from '../support/bff';
import { listen, type Running } from '../support/servers';
import { alipayKeys, ALIPAY_APP_ID, postJson, startAlipay } from './alipay-support';
import { manualClock, rejectionOf } from './helpers';
import { startWechat, WECHAT_APP } from './wechat-support';
import { clientOptionsFor, startWechatPay, wechatPayMerchant } from './wechatpay-support';

const TIMEOUT_MS = 300;
const clock = manualClock();

// The keys are made once per file, before any call is timed.
beforeAll(() => {
  alipayKeys();
  wechatPayMerchant();
});

type Res = {
  statusCode: number;
  setHeader(name: string, value: string): void;
  writeHead(status: number, headers: Record<string, string>): void;
  write(chunk: string): void;
  end(body?: string): void;
};

/** A server that answers every request the same way, and counts the requests. */
async function serving(answer: (res: Res) => void): Promise<Running & { hits: () => number }> {
  let hits = 0;
  const running = await listen(((req: { resume(): void }, res: Res) => {
    hits += 1;
    req.resume();
    answer(res);
  }) as never);
  return { ...running, hits: () => hits };
}

const answering = (status: number, body: string) =>
  serving((res) => {
    res.statusCode = status;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(body);
  });

/** A gateway in front of a dead platform, or no platform at all. */
const OUTAGES: [string, () => Promise<Running & { hits: () => number }>, string][] = [
  [
    'a closed port',
    async () => {
      const gone = await serving(() => undefined);
      await gone.close();
      return gone;
    },
    'UPSTREAM_UNAVAILABLE',
  ],
  ['a server that never answers', () => serving(() => undefined), 'UPSTREAM_TIMEOUT'],
  [
    'a server that stops half-way through its answer',
    () =>
      serving((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"code":');
      }),
    'UPSTREAM_TIMEOUT',
  ],
  ['a 503 with an empty body', () => answering(503, ''), 'UPSTREAM_UNAVAILABLE'],
  [
    'a 502 with an HTML page',
    () => answering(502, '<html><body><h1>502 Bad Gateway</h1></body></html>'),
    'UPSTREAM_UNAVAILABLE',
  ],
  [
    'a 503 with an HTML page',
    () => answering(503, '<html><body>Service Temporarily Unavailable</body></html>'),
    'UPSTREAM_UNAVAILABLE',
  ],
];

/** A gateway that answered and refused: something is up in front of the platform. */
const REFUSALS: [string, () => Promise<Running & { hits: () => number }>][] = [
  ['a 404 with an HTML page', () => answering(404, '<html><body>404 Not Found</body></html>')],
  ['a 429 with an HTML page', () => answering(429, '<html><body>429 Too Many Requests</body></html>')],
];

const alipayGateway = (url: string) =>
  createAlipayGateway({
    gateway: `${url}/gateway.do`,
    appId: ALIPAY_APP_ID,
    privateKey: alipayKeys().app.privateKey,
    alipayPublicKey: alipayKeys().alipay.publicKey,
    timeoutMs: TIMEOUT_MS,
  });

interface Platform {
  dependency: DependencyName;
  down: string;
  /** One call through the client as deps.ts guards it. */
  call(url: string, breaker: Breaker): Promise<unknown>;
  /** A real fake of the platform that refuses that call with its own well-formed error. */
  refusing(): Promise<{ url: string; close(): Promise<void> }>;
}

const PLATFORMS: Record<string, Platform> = {
  WeChat: {
    dependency: 'wechat',
    down: 'WECHAT_DOWN',
    call: (url, breaker) =>
      guardWechat(
        createWechatClient({ baseUrl: url, ...WECHAT_APP, timeoutMs: TIMEOUT_MS, now: clock.now }),
        breaker,
      ).codeToSession('not-a-code'),
    refusing: () => startWechat(),
  },
  Alipay: {
    dependency: 'alipay',
    down: 'ALIPAY_DOWN',
    call: (url, breaker) =>
      guardAlipay(
        createAlipayClient({
          gateway: `${url}/gateway.do`,
          appId: ALIPAY_APP_ID,
          privateKey: alipayKeys().app.privateKey,
          alipayPublicKey: alipayKeys().alipay.publicKey,
          timeoutMs: TIMEOUT_MS,
        }),
        breaker,
      ).authCodeToUser('not-a-code'),
    refusing: () => startAlipay(),
  },
  'WeChat Pay': {
    dependency: 'wechatpay',
    down: 'WECHATPAY_DOWN',
    // Refunding an order never placed: WeChat Pay's signed 404 RESOURCE_NOT_EXISTS, a refusal.
    call: (url, breaker) =>
      guardCashier(
        wechatPayCashier(
          createWechatPayClient({
            ...clientOptionsFor(wechatPayMerchant(), url, clock.now),
            timeoutMs: TIMEOUT_MS,
          }),
        ),
        breaker,
      ).close('NEVERPLACED0001'),
    refusing: () => startWechatPay(),
  },
  'Alipay trades': {
    dependency: 'alipay-pay',
    down: 'ALIPAY_PAY_DOWN',
    call: (url, breaker) =>
      guardCashier(
        alipayCashier(createAlipayTradeClient(alipayGateway(url), { appId: ALIPAY_APP_ID, now: clock.now })),
        breaker,
      ).refund({ orderId: 'NEVERPLACED0001', refundId: 'R1', amountFen: 100, totalFen: 100, reason: '退款' }),
    refusing: () => startAlipay(),
  },
};

/** A breaker that opens after two failures of two calls, on a clock that does not move. */
const breakerFor = (name: DependencyName) =>
  dependencyBreaker(name, {
    now: clock.now,
    settings: { windowMs: 60_000, minimumCalls: 2, failureRate: 0.5, coolDownMs: 60_000 },
  });

describe.each(Object.entries(PLATFORMS))('%s', (_name, platform) => {
  it.each(OUTAGES)(
    'counts %s as an outage: the breaker opens and refuses at once',
    async (_what, start, code) => {
      const server = await start();
      try {
        const breaker = breakerFor(platform.dependency);
        for (let attempt = 1; attempt <= 2; attempt += 1) {
          const started = performance.now();
          const error = await rejectionOf(platform.call(server.url, breaker));
          expect(error).toMatchObject({ name: 'UpstreamError', code });
          expect(isUpstreamOutage(error)).toBe(true);
          // Nothing waits past the call's deadline (a timer's slack and a busy machine allowed).
          expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 400);
        }
        expect(breaker.state()).toBe('open');
        const hits = server.hits();
        const refused = await rejectionOf(platform.call(server.url, breaker));
        expect(refused).toBeInstanceOf(DependencyDown);
        expect(refused).toMatchObject({ code: platform.down, status: 503 });
        expect(server.hits()).toBe(hits);
      } finally {
        await server.close();
      }
    },
  );

  it.each(REFUSALS)('does not count %s from a gateway', async (_what, start) => {
    const server = await start();
    try {
      const breaker = breakerFor(platform.dependency);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const error = await rejectionOf(platform.call(server.url, breaker));
        expect(error).toMatchObject({ name: 'UpstreamError', code: 'UPSTREAM_BAD_RESPONSE' });
        expect(isUpstreamOutage(error)).toBe(false);
      }
      expect(breaker.state()).toBe('closed');
      expect(server.hits()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("does not count the platform's own well-formed refusal", async () => {
    const fake = await platform.refusing();
    try {
      const breaker = breakerFor(platform.dependency);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const outcome = await platform.call(fake.url, breaker).then(
          (value: unknown) => ({ answered: value }),
          (error: unknown) => ({ refused: error }),
        );
        if ('refused' in outcome) expect(isUpstreamOutage(outcome.refused)).toBe(false);
      }
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', calls: 3, failures: 0 });
    } finally {
      await fake.close();
    }
  });
});

describe("WeChat's access token (face checks and pushes need one; sign-ins do not)", () => {
  const person = { openid: 'o-person', name: '张三', idNumber: '110101199003077777' };

  it('does not count stable_token refusing a wrong secret: WeChat is up, and sign-ins must not be refused', async () => {
    const rig = await startWechat();
    try {
      const breaker = breakerFor('wechat');
      const client = guardWechat(rig.client({ appSecret: 'f'.repeat(32) }), breaker);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const error = await rejectionOf(client.getVerifyId(person));
        expect(error).toMatchObject({ name: 'UpstreamError', code: 'UPSTREAM_BAD_RESPONSE' });
      }
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', calls: 3, failures: 0 });
    } finally {
      await rig.close();
    }
  });

  it('counts stable_token answering -1 (system busy) as an outage', async () => {
    const rig = await startWechat();
    try {
      const breaker = breakerFor('wechat');
      const client = guardWechat(rig.client(), breaker);
      await postJson(`${rig.url}/dev/busy`, { count: 2 });
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const error = await rejectionOf(client.getVerifyId(person));
        expect(error).toMatchObject({ name: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE' });
      }
      expect(breaker.state()).toBe('open');
    } finally {
      await rig.close();
    }
  });
});

describe('what the person signing in sees when their platform fails', () => {
  const SIGN_INS = [
    ['WeChat', 'weapp', 'WECHAT'],
    ['Alipay', 'alipay', 'ALIPAY'],
  ] as const;
  const env = (platform: string, url: string, appId = ALIPAY_APP_ID): Record<string, string> =>
    platform === 'weapp'
      ? { WECHAT_API_BASE: url, PLATFORM_TIMEOUT_MS: String(TIMEOUT_MS) }
      : {
          ALIPAY_GATEWAY: `${url}/gateway.do`,
          ALIPAY_APP_ID: appId,
          ALIPAY_PRIVATE_KEY: alipayKeys().app.privateKey,
          ALIPAY_PUBLIC_KEY: alipayKeys().alipay.publicKey,
          PLATFORM_TIMEOUT_MS: String(TIMEOUT_MS),
        };

  /** POST /api/v1/session through a BFF configured with `env`: the status and error it answers. */
  async function signIn(platform: string, bffEnv: Record<string, string>) {
    const bff = await listen(buildTestApp(bffEnv).app);
    try {
      const res = await fetch(`${bff.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform, code: 'a-login-code' }),
      });
      const body = (await res.json()) as { error: { code: string; message: string } };
      return { status: res.status, error: body.error };
    } finally {
      await bff.close();
    }
  }

  describe.each(SIGN_INS)('%s', (_name, platform, prefix) => {
    it.each(OUTAGES)(
      'answers %s with its 503/504 naming the platform, never a 500',
      async (_what, start, code) => {
        const server = await start();
        try {
          const { status, error } = await signIn(platform, env(platform, server.url));
          const shown =
            code === 'UPSTREAM_TIMEOUT' ? (`${prefix}_TIMEOUT` as const) : (`${prefix}_UNAVAILABLE` as const);
          expect(status).toBe(code === 'UPSTREAM_TIMEOUT' ? 504 : 503);
          expect(error).toMatchObject({ code: shown, message: ERRORS[shown].message });
          expect(error.message).not.toMatch(/医保/);
        } finally {
          await server.close();
        }
      },
    );

    it.each(REFUSALS)('answers %s from a gateway with its 502 naming the platform', async (_what, start) => {
      const server = await start();
      try {
        const { status, error } = await signIn(platform, env(platform, server.url));
        expect(status).toBe(502);
        expect(error).toMatchObject({
          code: `${prefix}_BAD_RESPONSE`,
          message: ERRORS[`${prefix}_BAD_RESPONSE`].message,
        });
      } finally {
        await server.close();
      }
    });

    it("answers the platform's own refusal that nothing expects (our app id refused) with its 502, not a 500", async () => {
      // The fakes know their own app only: the BFF's test app id is refused (WeChat 40013,
      // Alipay isv.invalid-app-id), well-formed and signed.
      const fake = platform === 'weapp' ? await startWechat() : await startAlipay();
      try {
        const { status, error } = await signIn(platform, env(platform, fake.url, '2021000000009999'));
        expect(status).toBe(502);
        expect(error).toMatchObject({
          code: `${prefix}_BAD_RESPONSE`,
          message: ERRORS[`${prefix}_BAD_RESPONSE`].message,
        });
      } finally {
        await fake.close();
      }
    });
  });
});
