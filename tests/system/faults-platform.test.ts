// The insurance platform made slow, then down, then back through the sandbox's fault control
// (issue 26), under a BFF process with small breaker settings: while it is slow each request
// waits out the BFF's deadline and no longer, until the breaker opens; then people are told at
// once (INSURANCE_PLATFORM_DOWN, its message, Retry-After) and /readyz says not ready; a probe
// after the cool-down finds it down and the breaker stays open; once it is back the breaker
// closes by itself. A payment whose 6202 the platform answered too late (it paid), or not at all
// (down: it did nothing), is in doubt: the person is told it is in progress, nothing is paid
// twice, and reconciliation settles it to the platform's one outcome once it answers again.
import { ERRORS } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type Koa from 'koa';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import type { PgInstance } from '../support/pg-stores';
import { startSharedState, TEST_WECHAT as WECHAT, type SharedState } from '../support/scaled-state';
import { listen, startInsuranceSandbox, type Running } from '../support/servers';
import { timedAnswer, type Answer } from '../support/timed-answer';
import { untilValue } from '../support/waiting';

jest.setTimeout(120_000);

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-faults-platform';
const PASSWORD = '358024';
const INSURANCE_TIMEOUT_MS = 1000;
/** More than the three platform calls a payment can take (config.ts). */
const PAYING_LEASE_MS = 4000;
const COOL_DOWN_MS = 2000;
/** Longer than the BFF waits for an answer: the platform is "slow". */
const SLOW_MS = INSURANCE_TIMEOUT_MS + 1500;
/** What a machine shared by the whole suite adds to a deadline before we call it a hang. */
const SLACK_MS = 1500;

let state: SharedState;
let shared: PgInstance;
let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;
let wechatServer: Running;
let bff: BffProcess;
let token: string;
/** Set by a test: the fault the platform turns to the moment the next 6202 (pay order) arrives. */
let onNextOrder: { delayMs?: number; down?: boolean } | undefined;

/** Runs before the sandbox's own middleware, so the fault set here applies to this very 6202. */
const orderWatch: Koa.Middleware = async (ctx, next) => {
  const fault = ctx.path === PATHS.payOrder ? onNextOrder : undefined;
  if (fault) {
    onNextOrder = undefined;
    await faults(fault);
  }
  await next();
};

beforeAll(async () => {
  [state, sandbox] = await Promise.all([
    startSharedState(),
    startInsuranceSandbox({ seed: true, outermost: orderWatch }),
  ]);
  ({ shared } = state);
  wechatServer = await listen(createWechatSandbox(WECHAT).app);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    EMPLOYEE,
    OPENID,
    PASSWORD,
  );
  token = await state.signIn(OPENID, EMPLOYEE.psnNo);
  bff = await startBffProcess(
    state.bffEnv(
      { insuranceUrl: sandbox.url, wechatUrl: wechatServer.url },
      {
        LOG_LEVEL: 'error',
        INSURANCE_TIMEOUT_MS: String(INSURANCE_TIMEOUT_MS),
        PAYING_LEASE_MS: String(PAYING_LEASE_MS),
        // Small breakers: half of the calls in five seconds, two at least, open one for two seconds.
        BREAKER_WINDOW_MS: '5000',
        BREAKER_MINIMUM_CALLS: '2',
        BREAKER_FAILURE_RATE: '0.5',
        BREAKER_COOL_DOWN_MS: String(COOL_DOWN_MS),
      },
    ),
  );
});

afterEach(() => faults(null));

afterAll(async () => {
  await bff?.stop();
  await state?.close();
  await Promise.allSettled([sandbox?.close(), wechatServer?.close()]);
});

/** The sandbox's fault control: set (a body) or clear (null). */
async function faults(body: { delayMs?: number; down?: boolean } | null): Promise<void> {
  const response = await fetch(`${sandbox.url}/dev/faults`, {
    method: body ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.status).toBe(200);
}

/** The phone's request to the BFF, timed. */
const api = (path: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> =>
  timedAnswer(`${bff.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });

/** Waits at most 20 s: the platform's faults here clear within a few seconds. */
const until = <T>(what: string, check: () => Promise<T | undefined>) => untilValue(what, check, 20_000);

/** A refusal by the open breaker: at once, the platform's 503 and message, when to come back. */
function expectRefusedAtOnce(answer: Answer) {
  expect([answer.status, answer.code, answer.message]).toEqual([
    503,
    'INSURANCE_PLATFORM_DOWN',
    ERRORS.INSURANCE_PLATFORM_DOWN.message,
  ]);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(Math.ceil(COOL_DOWN_MS / 1000));
  expect(answer.ms).toBeLessThan(500);
}

// A read that asks the platform every time (no copy of it is kept).
const READ = '/api/v1/remote-care';

it('opens the platform’s breaker when it is slow, keeps it open while it is down, and closes it by itself once it is back', async () => {
  expect((await api(READ)).status).toBe(200);

  await faults({ delayMs: SLOW_MS });
  // Slow: each request waits out the BFF's deadline, no longer, and says the platform timed out…
  for (let tries = 1; ; tries += 1) {
    const answer = await api(READ);
    if (answer.retryAfter !== null) {
      expectRefusedAtOnce(answer);
      break;
    }
    expect([answer.status, answer.code, answer.message]).toEqual([
      504,
      'UPSTREAM_TIMEOUT',
      ERRORS.UPSTREAM_TIMEOUT.message,
    ]);
    expect(answer.ms).toBeLessThan(INSURANCE_TIMEOUT_MS + SLACK_MS);
    expect(tries).toBeLessThan(6);
  }
  // …until the breaker opens: then everyone is told at once, and the load balancer sees it.
  for (let i = 0; i < 3; i += 1) expectRefusedAtOnce(await api(READ));
  const ready = await api('/readyz');
  expect([ready.status, ready.body]).toEqual([
    503,
    expect.objectContaining({
      status: 'not_ready',
      checks: expect.objectContaining({ insurancePlatform: { ok: false } }),
    }),
  ]);

  // Down: after the cool-down one call probes, finds it down (answered at once) and the breaker
  // opens again — the person is told the platform is unavailable either way.
  await faults({ delayMs: 0, down: true });
  const probe = await until('a probe after the cool-down', async () => {
    const answer = await api(READ);
    if (answer.retryAfter === null) return answer;
    expectRefusedAtOnce(answer);
    return undefined;
  });
  expect([probe.status, probe.code, probe.message]).toEqual([
    503,
    'UPSTREAM_UNAVAILABLE',
    ERRORS.UPSTREAM_UNAVAILABLE.message,
  ]);
  expect(probe.ms).toBeLessThan(500);
  expectRefusedAtOnce(await api(READ));

  // Back: within a cool-down a probe finds it answering and the breaker closes, by itself.
  await faults(null);
  const back = Date.now();
  await until('the breaker to close', async () => ((await api(READ)).status === 200 ? true : undefined));
  expect(Date.now() - back).toBeLessThan(COOL_DOWN_MS + 2 * SLACK_MS);
  expect((await api('/api/v1/voucher/code')).status).toBe(200);
  await until('the instance to be ready', async () =>
    (await api('/readyz')).status === 200 ? true : undefined,
  );
});

const billStatus = async (billId: string) => (await shared.stores.bills.get(billId))?.status;
const balance = () =>
  sandbox.db
    .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
    .pluck()
    .get(EMPLOYEE.psnNo) as number;
const order = (billId: string) =>
  sandbox.db
    .prepare(
      'SELECT account_fen AS accountFen, setl_id AS setlId, mdtrt_id AS mdtrtId FROM pay_orders WHERE pay_ord_id = ?',
    )
    .get(billId) as { accountFen: number; setlId: string | null; mdtrtId: string };

/** A consultation bill from the hospital (6201), delivered to the BFF; its id. */
async function hospitalBill(medOrgOrd: string): Promise<string> {
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const answer = await his.call(PATHS.uploadFees, consultationBill(EMPLOYEE.psnNo, medOrgOrd));
  const billId = answer.data?.payOrdId as string;
  const events = createEventDispatcher(sandbox.context, {
    webhookUrl: `${bff.url}/webhooks/insurance`,
    timeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  await until('the bill to reach the BFF', async () => {
    await events.drainOnce();
    return (await billStatus(billId)) === 'unpaid' ? true : undefined;
  });
  return billId;
}

it('tells the person a payment the platform answered too late is in progress, and settles it to the platform’s one outcome once it answers again', async () => {
  const billId = await hospitalBill('HIS-FAULTS-PLATFORM-1');
  const before = balance();
  const pay = {
    useAccount: true,
    passwordCipher: encryptPassword(PASSWORD),
    requestId: 'faults-platform-pay-0123456789',
  };

  // The platform turns slow as the order (6202) arrives: it pays, but its answer comes after the
  // BFF's deadline, and so does the answer to the question that follows (6301).
  onNextOrder = { delayMs: SLOW_MS };
  const first = await api(`/api/v1/bills/${billId}/pay`, { method: 'POST', body: pay });
  expect([first.status, first.code, first.message]).toEqual([
    409,
    'BILL_PAYMENT_IN_PROGRESS',
    ERRORS.BILL_PAYMENT_IN_PROGRESS.message,
  ]);
  // The authorisation, the order and the question: each waited at most the deadline.
  expect(first.ms).toBeLessThan(3 * INSURANCE_TIMEOUT_MS + SLACK_MS);
  expect(onNextOrder).toBeUndefined();
  expect(await billStatus(billId)).toBe('paying');
  // The platform did pay it; the BFF does not know yet.
  const paid = order(billId);
  expect(paid.setlId).not.toBeNull();
  expect(before - balance()).toBe(paid.accountFen);

  // The phone tries again (the same request) while the platform is still slow: still in progress,
  // nothing sent again.
  const again = await api(`/api/v1/bills/${billId}/pay`, { method: 'POST', body: pay });
  expect([again.status, again.code]).toEqual([409, 'BILL_PAYMENT_IN_PROGRESS']);

  // Back: past the payment's lease the reconciler asks the platform (6301) and records its answer.
  await faults(null);
  await until('the payment to be reconciled', async () =>
    (await billStatus(billId)) === 'paying' ? undefined : true,
  );
  expect(await billStatus(billId)).toMatch(/^(paid|awaiting_cash)$/);
  const settled = await api(`/api/v1/bills/${billId}/pay`, { method: 'POST', body: pay });
  expect(settled.status).toBe(200);
  expect(settled.body).toMatchObject({ billId, status: expect.stringMatching(/^(paid|awaiting_cash)$/) });
  // One outcome: paid once, charged once, one settlement.
  expect(before - balance()).toBe(paid.accountFen);
  expect(
    sandbox.db.prepare('SELECT count(*) FROM settlements WHERE mdtrt_id = ?').pluck().get(paid.mdtrtId),
  ).toBe(1);
  const trail = await shared.stores.audit.ofPerson(EMPLOYEE.psnNo);
  expect(trail.filter((row) => row.action === 'payment.pay').length).toBeGreaterThanOrEqual(1);
});

it('settles a payment the platform went down under as not paid once it answers again, and the same request then pays once', async () => {
  const billId = await hospitalBill('HIS-FAULTS-PLATFORM-2');
  const before = balance();
  const pay = {
    useAccount: true,
    passwordCipher: encryptPassword(PASSWORD),
    requestId: 'faults-platform-down-0123456789',
  };

  // Down as the order arrives: 503, nothing done — but the BFF cannot know that it did nothing.
  onNextOrder = { down: true };
  const first = await api(`/api/v1/bills/${billId}/pay`, { method: 'POST', body: pay });
  expect([first.status, first.code]).toEqual([409, 'BILL_PAYMENT_IN_PROGRESS']);
  expect(first.ms).toBeLessThan(3 * INSURANCE_TIMEOUT_MS + SLACK_MS);
  expect(await billStatus(billId)).toBe('paying');
  expect(order(billId).setlId).toBeNull();

  await faults(null);
  await until('the payment to be reconciled', async () =>
    (await billStatus(billId)) === 'paying' ? undefined : true,
  );
  // The platform's one outcome: not paid, nothing charged.
  expect(await billStatus(billId)).toBe('unpaid');
  expect(balance()).toBe(before);

  // The phone's retry of the same request now pays it, once.
  const retried = await api(`/api/v1/bills/${billId}/pay`, { method: 'POST', body: pay });
  expect(retried.status).toBe(200);
  expect(retried.body).toMatchObject({ billId, status: expect.stringMatching(/^(paid|awaiting_cash)$/) });
  const paid = order(billId);
  expect(before - balance()).toBe(paid.accountFen);
  expect(
    sandbox.db.prepare('SELECT count(*) FROM settlements WHERE mdtrt_id = ?').pluck().get(paid.mdtrtId),
  ).toBe(1);
});
