// The sandbox's fault control (issue 26): the platform made slow or down through /dev/faults,
// and back with DELETE, as the fault tests use it. The BFF's own client sees a down platform
// as an outage (what its breaker counts), a slow one as a timeout; the dev controls and the
// health check are never faulted; bad settings are refused in Chinese.
import { PATHS } from '@ybm/shared/protocol';

import { createInsuranceTransport } from '../../bff/src/clients/insurance/transport';
import { isUpstreamOutage } from '../../bff/src/services/dependencies';
import { createEnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { consultationBill, hisClient, registerChannel } from '../support/payments';
import { testChannel } from '../support/keys';
import { startInsuranceSandbox } from '../support/servers';

let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;

beforeAll(async () => {
  sandbox = await startInsuranceSandbox({ seed: true });
});
afterAll(() => sandbox.close());
afterEach(() => fetch(`${sandbox.url}/dev/faults`, { method: 'DELETE' }));

const faults = (body: unknown) =>
  fetch(`${sandbox.url}/dev/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The BFF's own transport, with a deadline of `timeoutMs`. */
const client = (timeoutMs = 5000) =>
  createInsuranceTransport({
    baseUrl: sandbox.url,
    channel: testChannel().bffView,
    codec: createEnvelopeCodec({ primitives: nodePrimitives, now: Date.now }),
    timeoutMs,
  });

const echo = async (timeoutMs?: number) => {
  const answer = (await client(timeoutMs).call('sys.echo', { nonce: 'n-0123456789' })) as { nonce: string };
  return answer.nonce;
};

const requestsLogged = () =>
  sandbox.db.prepare('SELECT count(*) FROM channel_requests').pluck().get() as number;

it('answers every platform transaction 503 with an empty body while down, and serves again once cleared', async () => {
  const set = await faults({ down: true });
  expect(set.status).toBe(200);
  expect(await set.json()).toEqual({ delayMs: 0, down: true });
  const logged = requestsLogged();

  // The channel gateway, as the BFF's client sees it: an outage, what its breaker counts.
  const refused = await echo().catch((error: unknown) => error);
  expect(refused).toMatchObject({ name: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE', httpStatus: 503 });
  expect(isUpstreamOutage(refused)).toBe(true);
  // 62xx mobile payments, the 两定 interface and the e-voucher centre: the same, nothing read.
  for (const path of [PATHS.uploadFees, PATHS.payOrder, PATHS.fsi, PATHS.ecGateway, PATHS.channelGateway]) {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([path, response.status, await response.text()]).toEqual([path, 503, '']);
  }
  expect(requestsLogged()).toBe(logged);
  // Its own controls and health check still answer: a test can always end the fault.
  expect((await fetch(`${sandbox.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${sandbox.url}/dev/personas`)).status).toBe(200);
  expect(await (await fetch(`${sandbox.url}/dev/faults`)).json()).toEqual({ delayMs: 0, down: true });

  const cleared = await fetch(`${sandbox.url}/dev/faults`, { method: 'DELETE' });
  expect(await cleared.json()).toEqual({ delayMs: 0, down: false });
  expect(await echo()).toBe('n-0123456789');
});

it('holds every answer delayMs after doing the work: a caller that gives up leaves it done', async () => {
  expect(await (await faults({ delayMs: 600 })).json()).toEqual({ delayMs: 600, down: false });
  const started = performance.now();
  expect(await echo()).toBe('n-0123456789');
  expect(performance.now() - started).toBeGreaterThanOrEqual(590);

  // A 6201 upload given up on by a caller with a shorter deadline: the bill exists all the same.
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const bill = consultationBill(PERSONAS.employee.psnNo, 'HIS-FAULTS-1');
  const before = sandbox.db.prepare('SELECT count(*) FROM pay_orders').pluck().get() as number;
  const timedOut = await echo(200).catch((error: unknown) => error);
  expect(timedOut).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  expect(isUpstreamOutage(timedOut)).toBe(true);
  const upload = his.call(PATHS.uploadFees, bill);
  // The order is written while its answer is still held.
  for (const until = Date.now() + 5000; Date.now() < until;) {
    if ((sandbox.db.prepare('SELECT count(*) FROM pay_orders').pluck().get() as number) > before) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(sandbox.db.prepare('SELECT count(*) FROM pay_orders').pluck().get()).toBe(before + 1);
  expect((await upload).code).toBe('0');

  // Down and slow together: the refusal is held too.
  await faults({ down: true });
  expect(await (await fetch(`${sandbox.url}/dev/faults`)).json()).toEqual({ delayMs: 600, down: true });
  const heldDown = performance.now();
  expect((await fetch(`${sandbox.url}${PATHS.channelGateway}`, { method: 'POST' })).status).toBe(503);
  expect(performance.now() - heldDown).toBeGreaterThanOrEqual(590);
});

it('refuses settings it cannot follow, in Chinese, and keeps the faults as they were', async () => {
  await faults({ delayMs: 100 });
  for (const body of [
    { delayMs: -1 },
    { delayMs: 120_001 },
    { delayMs: 1.5 },
    { delayMs: '100' },
    { down: 'yes' },
    { down: true, slow: true },
    [],
  ]) {
    const response = await faults(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { code: string; message: string };
    expect(answer.code).toBe('VALIDATION_ERROR');
    expect(answer.message).toMatch(/故障设置无效/);
  }
  const notJson = await fetch(`${sandbox.url}/dev/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{',
  });
  expect(notJson.status).toBe(400);
  expect(await (await fetch(`${sandbox.url}/dev/faults`)).json()).toEqual({ delayMs: 100, down: false });
});
