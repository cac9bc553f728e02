// Two BFF processes on one database (as `pm2 -i max` or node's cluster would run them),
// played by two app instances on one SQLite file: the platform's webhook reaches one, the
// phone's long-poll waits in the other, and the event watch (main.ts starts it) brings the
// scan to the phone without waiting for the poll to time out.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import request from 'supertest';

import { startEventWatch } from '../../bff/src/services/event-watch';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { buildTestApp } from '../support/bff';
import { listen } from '../support/servers';

import { dispatcherTo, pharmacyCounter, signedInEmployee } from './code-flow-support';

/** Long enough for the watch (50 ms here), far shorter than the test's time limit. */
const WAIT_S = 3;

async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-two-bffs-'));
  const sandbox = await setupCounter({ realClock: true });
  const env = { INSURANCE_BASE_URL: sandbox.url, BFF_DB_FILE: path.join(dir, 'bff.sqlite') };
  const webhookSide = buildTestApp(env);
  const pollSide = buildTestApp(env);
  const webhookBff = await listen(webhookSide.app);
  const pollBff = await listen(pollSide.app);
  const watch = startEventWatch({
    events: pollSide.deps.events,
    notifier: pollSide.deps.notifier,
    intervalMs: 50,
  });
  const dispatcher = dispatcherTo(sandbox, webhookBff.url);
  const auth = await signedInEmployee(sandbox, webhookSide.deps, PERSONAS.employee.psnNo);
  const counter = pharmacyCounter(sandbox);
  return {
    phone: request(pollBff.url),
    auth,
    counter,
    dispatcher,
    close: async () => {
      watch.stop();
      await Promise.all([webhookBff.close(), pollBff.close()]);
      webhookSide.deps.db!.close();
      pollSide.deps.db!.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('two BFF processes on one database', () => {
  let system: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    system = await setup();
  });
  afterAll(() => system.close());

  it('wakes the long-poll in one with the scan whose event the other received', async () => {
    const { phone, auth, counter, dispatcher } = system;
    const code = await phone.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    const startedAt = Date.now();
    const waiting = phone
      .get('/api/v1/voucher/events')
      .query({ cursor: code.body.cursor, wait: WAIT_S })
      .set('Authorization', auth)
      .then((answer) => answer);
    await counter.scanIdentity(code.body.code, [
      { code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen },
    ]);
    await dispatcher.drainOnce(); // → the other process's webhook
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.events.map((event: { kind: string }) => event.kind)).toEqual(['scanned', 'verified']);
    // Woken by the watch, not by the poll running out of time.
    expect(Date.now() - startedAt).toBeLessThan(WAIT_S * 1000);
  });
});
