// Graceful shutdown on the app (issue 26): once the drain begins /readyz says 503 `draining`,
// every answer says Connection: close, the voucher long-polls end at once with their empty answer
// and Retry-After: 0; createShutdown stops accepting, still serves a request that comes on an
// open connection, waits for the one in flight (up to its bound, then cuts it), then stops the
// jobs, gives back the leases, closes the storage and exits 0 — or at once on the same signal again.
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

import { ReadinessSchema, VoucherEventsSchema } from '@ybm/shared';
import request from 'supertest';

import { createShutdown } from '../../bff/src/shutdown';
import { buildTestApp, employeeBinding, scriptedTransport } from '../support/bff';

const OPENID = 'openid-shutdown';
const PSN_NO = '23120000000001';

/** The app on a scripted platform whose code.issue waits until the test lets it answer. */
async function setup() {
  const issued: Array<() => void> = [];
  let called!: () => void;
  const codeAsked = new Promise<void>((resolve) => (called = resolve));
  const platform = scriptedTransport({
    call: async (method, data) => {
      if (method === 'sys.echo') return { nonce: data.nonce, appId: 'YBMWXMP000000001', serverTime: '' };
      if (method !== 'code.issue') throw new Error(`unexpected ${method}`);
      called();
      await new Promise<void>((resolve) => issued.push(resolve));
      const now = Date.now();
      return {
        code: 'YB-SHUTDOWN-1',
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
      };
    },
  });
  const { app, deps } = buildTestApp({}, { insuranceTransport: { wechat: platform } });
  await deps.bindings.save(employeeBinding(OPENID, PSN_NO));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  // Resolves once a long-poll waits for a wake-up.
  let waiting!: () => void;
  const polling = new Promise<void>((resolve) => (waiting = resolve));
  const subscribe = deps.notifier.subscribe.bind(deps.notifier);
  jest.spyOn(deps.notifier, 'subscribe').mockImplementation(async (key, wake) => {
    const subscription = await subscribe(key, wake);
    waiting();
    return subscription;
  });
  return {
    app,
    deps,
    auth: `Bearer ${token}`,
    codeAsked,
    polling,
    answerCode: () => issued.splice(0).forEach((answer) => answer()),
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

describe('the drain', () => {
  it('turns /readyz to 503 `draining` at once and says Connection: close on every answer', async () => {
    const t = await setup();
    const server = createServer(t.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    const before = await get(port, '/readyz', t.auth, agent);
    expect([before.status, JSON.parse(before.body).draining]).toEqual([200, undefined]);
    expect(before.headers.connection).toBe('keep-alive');

    t.deps.drain.begin();
    const readyz = await get(port, '/readyz', t.auth, agent);
    expect(readyz.status).toBe(503);
    expect(ReadinessSchema.parse(JSON.parse(readyz.body))).toMatchObject({
      status: 'not_ready',
      draining: true,
    });
    expect(readyz.headers.connection).toBe('close');
    for (const path of ['/healthz', '/api/v1/me']) {
      const answer = await get(port, path, t.auth, agent);
      expect([path, answer.status, answer.headers.connection]).toEqual([path, 200, 'close']);
    }
    agent.destroy();
    server.close();
  });

  it('ends a waiting long-poll at once with its empty answer and Retry-After: 0, and answers a new one at once', async () => {
    const t = await setup();
    const api = request(t.app.callback());
    const started = Date.now();
    const poll = api
      .get('/api/v1/voucher/events')
      .query({ cursor: 0, wait: 20 })
      .set('Authorization', t.auth)
      .then((response) => response);
    await t.polling;
    t.deps.drain.begin();
    const ended = await poll;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ended.status).toBe(200);
    expect(VoucherEventsSchema.parse(ended.body)).toEqual({ cursor: 0, events: [] });
    expect(ended.headers['retry-after']).toBe('0');
    expect(ended.headers.connection).toBe('close');

    const again = await api
      .get('/api/v1/voucher/events')
      .query({ cursor: 0, wait: 20 })
      .set('Authorization', t.auth)
      .expect(200);
    expect(again.body).toEqual({ cursor: 0, events: [] });
    expect(again.headers['retry-after']).toBe('0');
  });

  it('says nothing of Retry-After on a long-poll that ends by itself', async () => {
    const t = await setup();
    const res = await request(t.app.callback())
      .get('/api/v1/voucher/events')
      .query({ cursor: 0, wait: 0 })
      .set('Authorization', t.auth)
      .expect(200);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});

/** An answer read off a raw connection: status line and headers, lower-cased names. */
function readAnswer(socket: Socket): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine!.split(' ')[1]), headers });
    });
    socket.once('error', reject);
  });
}

/** Resolves with the connection, or rejects with its error (ECONNREFUSED once nobody listens). */
function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** GET `path` on its own connection; the status and headers, or the error when it is cut. */
function get(port: number, path: string, auth: string, agent: Agent | false = false) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, headers: { authorization: auth }, agent },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          res.on('error', reject);
        },
      );
      req.once('error', reject);
      req.end();
    },
  );
}

async function serve(t: Setup, options: { drainMs: number }) {
  const server: Server = createServer(t.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const steps: string[] = [];
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const exitCalls: number[] = [];
  const { shutdown } = createShutdown({
    drain: t.deps.drain,
    server,
    drainMs: options.drainMs,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    async stopJobs() {
      steps.push('jobs stopped');
    },
    async releaseLeases() {
      steps.push('leases released');
      return 2;
    },
    async closeStorage() {
      steps.push('storage closed');
    },
    exit: (code) => {
      exitCalls.push(code);
      exited(code);
    },
  });
  return { server, port, steps, exit, exitCalls, shutdown };
}

describe('createShutdown', () => {
  it('stops accepting, serves what comes on an open connection, waits for the request in flight, then closes and exits 0', async () => {
    const t = await setup();
    const s = await serve(t, { drainMs: 30_000 });
    const code = get(s.port, '/api/v1/voucher/code', t.auth);
    await t.codeAsked;
    // A connection the balancer opened before the signal, its request begun.
    const open = await connectTo(s.port);
    const answered = readAnswer(open);
    open.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    void s.shutdown('SIGTERM');
    await expect(connectTo(s.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    open.write('\r\n');
    const readyz = await answered;
    expect(readyz.status).toBe(503);
    expect(readyz.headers.connection).toBe('close');
    // The request in flight holds the exit.
    expect(s.exitCalls).toEqual([]);
    expect(s.steps).toEqual(['jobs stopped']);

    t.answerCode();
    const issued = await code;
    expect(issued.status).toBe(200);
    expect(JSON.parse(issued.body)).toMatchObject({ code: 'YB-SHUTDOWN-1' });
    expect(issued.headers.connection).toBe('close');
    await expect(s.exit).resolves.toBe(0);
    expect(s.steps).toEqual(['jobs stopped', 'leases released', 'storage closed']);
    open.destroy();
  });

  it('cuts a request still in flight at the drain bound, then closes and exits 0', async () => {
    const t = await setup();
    const s = await serve(t, { drainMs: 200 });
    const code = get(s.port, '/api/v1/voucher/code', t.auth);
    await t.codeAsked;
    void s.shutdown('SIGTERM');
    await expect(code).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(s.exit).resolves.toBe(0);
    expect(s.steps).toEqual(['jobs stopped', 'leases released', 'storage closed']);
    t.answerCode();
  });

  it('exits at once on a second signal', async () => {
    const t = await setup();
    const s = await serve(t, { drainMs: 30_000 });
    const code = get(s.port, '/api/v1/voucher/code', t.auth).catch(() => 'cut');
    await t.codeAsked;
    void s.shutdown('SIGTERM');
    void s.shutdown('SIGTERM');
    await expect(s.exit).resolves.toBe(1);
    expect(s.steps).toEqual(['jobs stopped']);
    t.answerCode();
    await code;
    s.server.closeAllConnections();
  });

  it('keeps draining when another signal follows (a terminal’s Ctrl-C, then its supervisor’s SIGTERM)', async () => {
    const t = await setup();
    const s = await serve(t, { drainMs: 30_000 });
    const code = get(s.port, '/api/v1/voucher/code', t.auth);
    await t.codeAsked;
    void s.shutdown('SIGINT');
    void s.shutdown('SIGTERM');
    expect(s.exitCalls).toEqual([]);
    t.answerCode();
    expect((await code).status).toBe(200);
    await expect(s.exit).resolves.toBe(0);
    expect(s.steps).toEqual(['jobs stopped', 'leases released', 'storage closed']);
  });
});
