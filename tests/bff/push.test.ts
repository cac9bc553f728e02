import { DependencyDown, UpstreamError } from '../../bff/src/errors';
import type { SubscribeMessage, SubscribeResult } from '../../bff/src/clients/wechat';
import { loadConfig } from '../../bff/src/config';
import { createLogger } from '../../bff/src/logger';
import { createPushDispatcher } from '../../bff/src/services/push';
import { buildTestApp } from '../support/bff';
import { bffEnv } from '../support/keys';

const DETAILS = {
  institutionName: '绥化市第一人民医院（绥化医学院附属医院）',
  deptName: '普通内科',
  items: [{ name: '普通门诊诊查费', qty: 1, priceFen: 1000, amountFen: 1000 }],
  totalFen: 1000,
  preSettled: { fundFen: 0, accountFen: 1000, cashFen: 0 },
};

function setup(
  script: (
    message: SubscribeMessage,
    call: number,
  ) => SubscribeResult | Error | Promise<SubscribeResult | Error>,
) {
  let clock = Date.parse('2026-11-22T02:00:00Z');
  const sent: SubscribeMessage[] = [];
  let calls = 0;
  const wechat = {
    codeToSession: async () => ({ openid: 'x' }),
    getVerifyId: async () => ({ verifyId: 'v' }),
    queryVerifyResult: async () => 'pass' as const,
    sendSubscribeMessage: async (message: SubscribeMessage) => {
      calls += 1;
      const outcome = await script(message, calls);
      if (outcome instanceof Error) throw outcome;
      if (outcome.ok) sent.push(message);
      return outcome;
    },
  };
  const { deps } = buildTestApp({}, { now: () => clock, wechat });
  const addBill = async (billId: string, openid = 'openid-a') => {
    await deps.bills.insert({
      billId,
      psnNo: 'P1',
      appId: 'A',
      payToken: 'T',
      details: DETAILS,
      createdAt: new Date(clock).toISOString(),
    });
    await deps.notifications.enqueue(billId, 'wechat', openid);
  };
  return {
    deps,
    sent,
    addBill,
    calls: () => calls,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const ok: SubscribeResult = { ok: true, msgid: '1' };
const refused: SubscribeResult = {
  ok: false,
  reason: 'refused',
  errcode: 43101,
  errmsg: 'user refuse to accept the msg',
};
const busy = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'wechat', 'errcode -1');

describe('the push dispatcher', () => {
  it('sends a bill as a subscribe message that opens the pay page, within WeChat’s limits', async () => {
    const { deps, sent, addBill } = setup(() => ok);
    await addBill('ORD000001');
    await deps.pushDispatcher.drainOnce();
    expect(sent).toHaveLength(1);
    const message = sent[0]!;
    expect(message.page).toBe('pages/pay/index?billId=ORD000001');
    expect([...(message.data.thing1 ?? '')].length).toBeLessThanOrEqual(20);
    expect(message.data.amount2).toBe('10.00元');
    expect(await deps.notifications.counts()).toEqual({ sent: 1 });
  });

  it('retries a transient failure with backoff, then gives up cleanly on 43101, then succeeds for the next bill', async () => {
    const { deps, sent, addBill, advance, calls } = setup((_m, call) =>
      call === 1 ? busy() : call === 2 ? refused : ok,
    );
    await addBill('ORD000002');
    await deps.pushDispatcher.drainOnce();
    expect(await deps.notifications.counts()).toEqual({ pending: 1 });
    // Not due yet: nothing is sent before the backoff has passed.
    await deps.pushDispatcher.drainOnce();
    expect(calls()).toBe(1);
    advance(5_000);
    await deps.pushDispatcher.drainOnce();
    expect(await deps.notifications.counts()).toEqual({ refused: 1 });
    advance(60 * 60_000);
    await deps.pushDispatcher.drainOnce();
    expect(calls()).toBe(2);

    await addBill('ORD000003');
    await deps.pushDispatcher.drainOnce();
    expect(sent.map((m) => m.page)).toEqual(['pages/pay/index?billId=ORD000003']);
  });

  it('keeps a push refused by an open WeChat breaker pending, and sends it once WeChat is back', async () => {
    const { deps, sent, addBill, advance } = setup((_m, call) =>
      call === 1 ? new DependencyDown('WECHAT_DOWN', 'wechat') : ok,
    );
    await addBill('ORD000010');
    await deps.pushDispatcher.drainOnce();
    expect(await deps.notifications.counts()).toEqual({ pending: 1 });
    advance(5_000);
    await deps.pushDispatcher.drainOnce();
    expect(sent).toHaveLength(1);
    expect(await deps.notifications.counts()).toEqual({ sent: 1 });
  });

  it('stops retrying after eight failures and marks the row failed', async () => {
    const { deps, addBill, advance, calls } = setup(() => busy());
    await addBill('ORD000004');
    for (let i = 0; i < 12; i += 1) {
      await deps.pushDispatcher.drainOnce();
      advance(20 * 60_000);
    }
    expect(calls()).toBe(8);
    expect(await deps.notifications.counts()).toEqual({ failed: 1 });
  });

  it('never resends a push a crash left in flight, and sends each bill once per recipient', async () => {
    const { deps, sent, addBill, advance } = setup(() => ok);
    await addBill('ORD000005');
    await addBill('ORD000005'); // the same bill event again: still one row
    await addBill('ORD000006');
    // Another instance leased both rows and died right after claiming the first.
    const leaseUntil = Date.parse('2026-11-22T02:00:30Z');
    const leased = await deps.notifications.lease('bff-dead', 5, leaseUntil);
    expect(leased.map((row) => row.billId)).toEqual(['ORD000005', 'ORD000006']);
    expect(await deps.notifications.claim(leased[0]!.id, 'bff-dead')).toBe(true);
    await addBill('ORD000007');

    // Its lease still runs: this instance leaves both rows alone (it cannot tell dead from slow).
    await deps.pushDispatcher.start();
    await deps.pushDispatcher.stop();
    await deps.pushDispatcher.drainOnce();
    expect(sent.map((m) => m.page)).toEqual(['pages/pay/index?billId=ORD000007']);
    expect(await deps.notifications.counts()).toEqual({ sending: 1, pending: 1, sent: 1 });

    // Once it ran out: the row cut off mid-send is in doubt for good, the merely leased one is sent.
    advance(leaseUntil - Date.parse('2026-11-22T02:00:00Z'));
    await deps.pushDispatcher.drainOnce();
    expect(await deps.notifications.counts()).toEqual({ unknown: 1, sent: 2 });
    expect(sent.map((m) => m.page)).toEqual([
      'pages/pay/index?billId=ORD000007',
      'pages/pay/index?billId=ORD000006',
    ]);
  });

  it('leases rows for longer than their sends can take: a slow send is never taken over', async () => {
    const timeoutMs = loadConfig(bffEnv()).platformTimeoutMs;
    let otherSent = 0;
    const otherRounds: number[] = [];
    const { deps, sent, addBill, advance } = setup(async () => {
      // The send is as slow as it can be (its four calls each at the timeout: token and send,
      // twice when the token went stale); meanwhile another instance runs a round.
      advance(4 * timeoutMs);
      otherRounds.push(await other.drainOnce());
      return ok;
    });
    const other = createPushDispatcher({
      notifications: deps.notifications,
      bills: deps.bills,
      owner: 'bff-other',
      platformTimeoutMs: timeoutMs,
      wechat: {
        sendSubscribeMessage: async () => {
          otherSent += 1;
          return ok;
        },
      },
      templates: deps.config.templates,
      logger: createLogger({ level: 'silent' }),
      now: deps.now,
    });
    await addBill('ORD000008');
    await deps.pushDispatcher.drainOnce();
    expect(otherRounds).toEqual([0]);
    expect(otherSent).toBe(0);
    expect(sent).toHaveLength(1);
    expect(await deps.notifications.counts()).toEqual({ sent: 1 });
  });

  it('stops after the sends in hand when told to stop, leasing nothing more (the instance shuts down)', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const { deps, sent, addBill } = setup(async () => {
      holding();
      await released;
      return ok;
    });
    // More than one round's worth: the first five are in hand when the stop comes.
    for (let i = 1; i <= 8; i += 1) await addBill(`ORD10000${i}`, `openid-${i}`);
    const round = deps.pushDispatcher.drainOnce();
    await held;
    const stopped = deps.pushDispatcher.stop();
    release();
    await stopped;
    expect(await round).toBe(5);
    expect(sent).toHaveLength(5);
    expect(await deps.notifications.counts()).toEqual({ sent: 5, pending: 3 });
  });
});
