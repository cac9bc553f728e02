// Graceful shutdown of a real BFF process on PostgreSQL + Redis (issue 26), sent SIGTERM with a
// payment in flight (the platform holds its 6202 answer), a phone's long-poll waiting, a request
// begun on a connection already open and pushes in hand (WeChat holds them): the long-poll answers
// at once, 200 with Retry-After 0; nobody new gets in; /readyz says 503 `draining`; the payment
// completes; the rows it leased and had not claimed are free again; the audit row is written; it
// exits 0. (Behind nginx under load: shutdown-nginx.test.ts.)
import { connect, type Socket } from 'node:net';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { phoneClient } from '../support/phone-client';
import { until } from '../support/waiting';
import { payBody, startShutdownRig, type ShutdownRig } from './shutdown-support';

jest.setTimeout(120_000);

let rig: ShutdownRig;
beforeAll(async () => {
  rig = await startShutdownRig();
});
afterAll(() => rig?.close());
/** The status line and headers of an answer read off a raw connection. */
function readAnswer(
  socket: Socket,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('end', () => {
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
    socket.once('error', reject);
  });
}

function connectTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

it('drains one instance on SIGTERM: the payment in flight completes, the long-poll answers at once, /readyz 503, leases given back, exit 0', async () => {
  const { tokens, startBff, wechat, hospitalBills, outbox, shared, payOrders, subscribers } = rig;
  const person = PERSONAS.employee;
  const auth = tokens.get(person.psnNo)!;
  const victim = await startBff('bff-draining');
  const phone = phoneClient(victim.url, auth);

  // WeChat holds the pushes of the bills' notices: the instance has five sends in hand.
  const sends = wechat.holdSends();
  const [billToPay] = await hospitalBills(person.psnNo, 8, victim.url);
  await sends.held;
  await until(
    'five pushes in hand',
    async () => (await outbox("status = 'sending' AND owner = 'bff-draining'")).length === 5,
  );
  // The instance's next rows, leased and not yet claimed (the moment between the two, held here).
  const leased = await shared.stores.notifications.lease('bff-draining', 10, Date.now() + 60_000);
  expect(leased).toHaveLength(3);

  // A payment in flight: the platform has paid the order and holds its answer.
  const payHold = payOrders.arm();
  const paying = phone.send({
    kind: 'pay',
    method: 'POST',
    path: `/api/v1/bills/${billToPay}/pay`,
    body: payBody('shutdown-pay-0123456789'),
    idempotent: true,
    timeoutMs: 60_000,
  });
  await payHold.held;
  // A long-poll waiting for the code's events.
  const cursor = (
    await phone.send({ kind: 'code', method: 'GET', path: '/api/v1/voucher/code', timeoutMs: 10_000 })
  ).body as {
    cursor: number;
  };
  const pollStarted = Date.now();
  const polling = phone.send({
    kind: 'events',
    method: 'GET',
    path: `/api/v1/voucher/events?cursor=${cursor.cursor}&wait=25`,
    timeoutMs: 60_000,
  });
  await subscribers(person.psnNo);
  // A connection the load balancer opened before the signal, its request begun.
  const open = await connectTo(victim.url);
  const readyz = readAnswer(open);
  open.write(`GET /readyz HTTP/1.1\r\nHost: ${new URL(victim.url).host}\r\n`);

  victim.signal('SIGTERM');
  const poll = await polling;
  expect(Date.now() - pollStarted).toBeLessThan(10_000);
  expect([poll.status, poll.retryAfter, poll.body]).toEqual([
    200,
    '0',
    { cursor: cursor.cursor, events: [] },
  ]);
  // Nobody new gets in…
  await expect(connectTo(victim.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  // …what comes on a connection already open is served, and says the instance is leaving.
  open.write('\r\n');
  const ready = await readyz;
  expect(ready.status).toBe(503);
  expect(ready.headers.connection).toBe('close');
  expect(JSON.parse(ready.body)).toMatchObject({ status: 'not_ready', draining: true });
  // The payment in flight holds the exit.
  expect(victim.running()).toBe(true);

  payHold.release();
  const paid = await paying;
  expect([paid.status, paid.attempts]).toEqual([200, 1]);
  expect((paid.body as { status: string }).status).toMatch(/^(paid|awaiting_cash)$/);
  sends.release();
  await expect(victim.exited).resolves.toBe(0);

  // The sends in hand were finished, not cut; the rows leased and not claimed are anyone's now.
  expect((await outbox("owner = 'bff-draining' AND status = 'sending'")).length).toBe(0);
  const released = await outbox('id = ANY($1)', [leased.map((row) => row.id)]);
  expect(released.map((row) => [row.status, row.owner, row.leaseUntil])).toEqual(
    leased.map(() => ['pending', null, null]),
  );
  // The audit trail has the payment (written before the exit, not lost in a queue).
  const trail = await shared.stores.audit.ofPerson(person.psnNo);
  expect(trail.some((row) => row.action.startsWith('payment') && row.outcome === 'ok')).toBe(true);
});
