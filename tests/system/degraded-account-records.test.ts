// Degraded mode (issue 26): the insurance platform goes away (its connections cut, then its
// breaker open) and the person still sees their 个人账户 and their records' first page as the
// platform last gave them, with `asOf`; a page never fetched answers the outage's 503; the copy
// on disk is sealed; the platform back, fresh answers without `asOf`. Bills already in the inbox
// stay readable all along (the BFF keeps them: no call to the platform). The real BFF app, its real
// client, the seeded sandbox; between the two, a cable that can be pulled.
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { buildTestApp } from '../support/bff';
import { cable } from '../support/cable';
import { feesOf, hisClient, webhookEvents } from '../support/payments';
import { listen } from '../support/servers';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { pharmacyCounter, signedInEmployee } from './code-flow-support';

jest.setTimeout(60_000);

const BASKET = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];

async function setup() {
  const sandbox = await setupCounter({ realClock: true });
  const wire = await cable(sandbox.url);
  const { app, deps } = buildTestApp({ INSURANCE_BASE_URL: wire.url });
  const bff = await listen(app);
  const auth = await signedInEmployee(sandbox, deps, PERSONAS.employee.psnNo);
  const http = request(bff.url);
  const get = (path: string) => http.get(path).set('Authorization', auth);
  return {
    sandbox,
    wire,
    deps,
    get,
    bffUrl: bff.url,
    close: async () => {
      await bff.close();
      await wire.close();
      await sandbox.close();
    },
  };
}

let system: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  system = await setup();
});
afterAll(async () => {
  await system?.close();
});

describe('account and records while the platform is down', () => {
  it('answers the last good copy with its time, a page never fetched with the outage, and fresh answers once it is back', async () => {
    const { get, wire, sandbox } = system;
    // One purchase, so the records have something in them.
    const counter = pharmacyCounter(sandbox);
    const first = await get('/api/v1/voucher/code').expect(200);
    await counter.scanIdentity(first.body.code, BASKET);
    const second = await get('/api/v1/voucher/code').expect(200);
    await counter.settle(second.body.code);

    const before = Date.now();
    const account = await get('/api/v1/account').expect(200);
    const records = await get('/api/v1/records').expect(200);
    const after = Date.now();
    expect(account.body).not.toHaveProperty('asOf');
    expect(records.body).not.toHaveProperty('asOf');
    expect(records.body.records).toHaveLength(1);

    wire.down = true;
    // Unreachable at first (the breaker still closed), then refused by the open breaker: the
    // copy answers both ways.
    const codes = new Set<string>();
    for (let round = 0; round < 12; round += 1) {
      const started = Date.now();
      const copy = await get('/api/v1/account').expect(200);
      expect(copy.body).toEqual({ ...account.body, asOf: copy.body.asOf });
      const asOf = Date.parse(copy.body.asOf);
      expect(asOf).toBeGreaterThanOrEqual(before);
      expect(asOf).toBeLessThanOrEqual(after);
      const page = await get('/api/v1/records').expect(200);
      expect(page.body).toEqual({ ...records.body, asOf: page.body.asOf });
      // A filter never fetched has no copy: the outage's own answer, fast.
      const never = await get('/api/v1/records?month=2026-01').expect(503);
      codes.add(never.body.error.code);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect([...codes].sort()).toEqual(['INSURANCE_PLATFORM_DOWN', 'UPSTREAM_UNAVAILABLE']);
    const refused = await get('/api/v1/records?month=2026-01').expect(503);
    expect(refused.body.error.message).toBe('医保平台暂时不可用，本次操作未提交，请稍后重试');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);

    // The platform back: once the breaker's cool-down lets a probe through, fresh answers again.
    wire.down = false;
    const deadline = Date.now() + 40_000;
    let fresh = await get('/api/v1/account');
    while (fresh.body.asOf !== undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250)); // polling for the breaker, not a sleep
      fresh = await get('/api/v1/account');
    }
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual(account.body);
    const freshPage = await get('/api/v1/records').expect(200);
    expect(freshPage.body).toEqual(records.body);
  });

  it('keeps the copy sealed: nothing of the person reads in the database', () => {
    const rows = system.deps.db!.prepare('SELECT kind, sealed FROM last_good ORDER BY kind').all() as {
      kind: string;
      sealed: string;
    }[];
    expect(rows.map((row) => row.kind)).toEqual(['account', 'records']);
    for (const { sealed } of rows) {
      expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
      for (const clear of ['balanceFen', 'monthlyCredits', 'settledAt', '国网绥化供电公司', '绥化'])
        expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain(clear);
    }
  });

  it('keeps a bill already in the inbox readable, its amounts and what is still to pay', async () => {
    const { get, wire, sandbox, bffUrl } = system;
    const his = hisClient(sandbox.url, sandbox.hisView, Date.now);
    const answer = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: 'HIS-DEGRADED-1',
      psnNo: PERSONAS.employee.psnNo,
      deptName: '普通内科',
      drName: '李医生',
      ...feesOf([DEMO_CATALOGUE.classA]),
    });
    expect(answer.code).toBe('0');
    await webhookEvents(sandbox.context, bffUrl).drainOnce();
    const billId = answer.data?.payOrdId as string;
    const bill = await get(`/api/v1/bills/${billId}`).expect(200);

    wire.down = true;
    try {
      const inbox = await get('/api/v1/inbox').expect(200);
      expect(inbox.body.messages).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'bill', billId, billStatus: 'unpaid' })]),
      );
      const again = await get(`/api/v1/bills/${billId}`).expect(200);
      expect(again.body).toEqual(bill.body);
      expect(again.body).toMatchObject({ status: 'unpaid', totalFen: DEMO_CATALOGUE.classA.priceFen });
    } finally {
      wire.down = false;
    }
  });
});
