// Two BFF processes on PostgreSQL + Redis behind nginx (issue 26) under a steady load of phones —
// codes (within the limit), records, long-polls, payments with their request ids — each request
// sent through the phone's own retry policy (shared/src/retry.ts). With long-polls waiting on both
// instances and every phone mid-payment, one instance is sent SIGTERM: no request fails beyond
// those the policy retries, the payments in flight on the leaving one complete, and it exits 0.
// With no instance left, nginx answers 503 SERVICE_UNAVAILABLE with Retry-After itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startNginx } from '../../bff/scripts/nginx';
import { phoneClient, type PhoneClient } from '../support/phone-client';
import { freePort } from '../support/system';
import { sleep, until } from '../support/waiting';
import { payBody, PHONES, startShutdownRig, type ShutdownRig } from './shutdown-support';

jest.setTimeout(180_000);

let rig: ShutdownRig;
beforeAll(async () => {
  rig = await startShutdownRig();
});
afterAll(() => rig?.close());

/** How long the load's long-polls wait: short, so that round robin spreads them over both instances. */
const LOAD_WAIT_S = 5;

/**
 * How many instances have a long-poll waiting now: each instance listens for wake-ups on one
 * Redis connection of its own, subscribed to a channel per person with a poll waiting.
 */
async function instancesWithLongPolls(): Promise<number> {
  const clients = String(await rig.sharedRedis.call('CLIENT', 'LIST'));
  return clients.split('\n').filter((line) => /\bsub=[1-9]/.test(line)).length;
}

/** A phone of the load: codes (no faster than the limit allows), records, payments, a long-poll. */
function runPhone(client: PhoneClient, bills: string[], running: () => boolean, psnNo: string) {
  const actions = async () => {
    let lastCode = 0;
    let lastPay = 0;
    while (running()) {
      // 30 codes a minute per person: one every 2.5 s at most.
      if (Date.now() - lastCode >= 2_500) {
        lastCode = Date.now();
        await client.send({ kind: 'code', method: 'GET', path: '/api/v1/voucher/code', timeoutMs: 10_000 });
      }
      await client.send({ kind: 'records', method: 'GET', path: '/api/v1/records', timeoutMs: 10_000 });
      // A bill paid every 2 s at most: the bills last the whole test.
      const billId = Date.now() - lastPay >= 2_000 ? bills.shift() : undefined;
      if (billId) {
        lastPay = Date.now();
        await client.send({
          kind: 'pay',
          method: 'POST',
          path: `/api/v1/bills/${billId}/pay`,
          body: payBody(`load-${psnNo}-${billId}`),
          idempotent: true,
          timeoutMs: 30_000,
        });
      }
      // A person's pace between taps.
      await sleep(150);
    }
  };
  const longPoll = async () => {
    let cursor = 0;
    while (running()) {
      const answer = await client.send({
        kind: 'events',
        method: 'GET',
        path: `/api/v1/voucher/events?cursor=${cursor}&wait=${LOAD_WAIT_S}`,
        timeoutMs: 40_000,
      });
      // Again at once (Retry-After: 0 or events), as the code page does; after a failure, stop.
      if (!answer.ok) return;
      cursor = (answer.body as { cursor: number }).cursor;
    }
  };
  return Promise.all([actions(), longPoll()]);
}

it('loses no request of phones under load behind nginx when one of two instances is sent SIGTERM', async () => {
  const { tokens, startBff, hospitalBills, payOrders, sandbox } = rig;
  const stays = await startBff('bff-stays');
  const leaves = await startBff('bff-leaves');
  const dir = mkdtempSync(path.join(tmpdir(), 'ybm-shutdown-nginx-'));
  const nginx = await startNginx({
    dir,
    host: '127.0.0.1',
    port: await freePort(),
    upstreams: [stays, leaves].map((bff) => new URL(bff.url).host),
    asRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  });
  let load = true;
  let payHold: { release(): void } | undefined;
  try {
    const bills = new Map<string, string[]>();
    for (const person of PHONES) bills.set(person.psnNo, await hospitalBills(person.psnNo, 6, nginx.url));
    const phones = PHONES.map((person) => phoneClient(nginx.url, tokens.get(person.psnNo)!));
    const all = () => phones.flatMap((phone) => phone.outcomes);
    const running = PHONES.map((person, i) =>
      runPhone(phones[i]!, bills.get(person.psnNo)!, () => load, person.psnNo),
    );

    // Load on both instances, long-polls waiting on each of them; then one leaves.
    await until('the load under way', () => all().length >= 40);
    await until('long-polls waiting on both instances', async () => (await instancesWithLongPolls()) === 2);
    // Every phone mid-payment (round robin put them on both instances): the platform holds the answers…
    payHold = payOrders.arm();
    await until('every phone mid-payment', () => payOrders.inFlight().held >= PHONES.length);
    const signalledAt = Date.now();
    leaves.signal('SIGTERM');
    // …until the instance is seen draining (its long-polls came back with Retry-After: 0).
    await until('a long-poll ended by the drain', () =>
      all().some((o) => o.kind === 'events' && o.retryAfter === '0'),
    );
    payHold.release();
    await expect(leaves.exited).resolves.toBe(0);
    const exitedAt = Date.now();
    // Going on on the other alone for a while.
    const before = all().length;
    await until('the load on one instance', () => all().length >= before + 40);
    load = false;
    await Promise.all(running);

    const outcomes = all();
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed).toEqual([]);
    // Requests were served while the instance drained and after it left, payments among them.
    expect(outcomes.filter((o) => o.endedAt > signalledAt && o.startedAt < exitedAt).length).toBeGreaterThan(
      0,
    );
    const paysAcross = outcomes.filter(
      (o) => o.kind === 'pay' && o.startedAt < signalledAt && o.endedAt > signalledAt,
    );
    expect(paysAcross.length).toBeGreaterThanOrEqual(PHONES.length);
    // Each payment paid once: as many settlements as bills paid, none twice.
    const paidBills = outcomes.filter((o) => o.kind === 'pay').map((o) => o.path.split('/')[4]!);
    for (const billId of paidBills) {
      expect(
        sandbox.db
          .prepare('SELECT count(*) FROM pay_orders WHERE pay_ord_id = ? AND setl_id IS NOT NULL')
          .pluck()
          .get(billId),
      ).toBe(1);
    }

    // With no instance left, nginx says so itself, in the BFF's words, with a retry hint.
    await stays.stop('SIGTERM');
    const response = await fetch(`${nginx.url}/api/v1/voucher/code`, {
      headers: { authorization: tokens.get(PHONES[0]!.psnNo)! },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时繁忙，请稍后重试，已完成的支付不会重复扣款' },
    });
  } finally {
    // A failed step leaves no phone polling and no answer held.
    load = false;
    payHold?.release();
    await new Promise<void>((resolve) => {
      if (nginx.child.exitCode !== null) return resolve();
      nginx.child.once('exit', () => resolve());
      nginx.child.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
});
