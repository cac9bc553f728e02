// What the PostgreSQL stores promise beyond one SQL statement each: what one instance changes,
// another reads at once (family links and bindings are never cached); withdrawing consent
// deletes in one transaction and ends the user's sessions in the session store; audit rows
// nobody waits for are written together after the turn, and a read of them includes them.
import type { Binding, LinkFacts } from '../../bff/src/store/records';
import { STORED_BILL as BILL } from '../support/bff';
import { lockWaiters, openPgInstance, pgPerFile, type PgInstance } from '../support/pg-stores';

let clock = Date.UTC(2026, 11, 7, 10);
const now = () => clock;
const { instances, database, adopt } = pgPerFile(now);

const binding = (channel: Binding['channel'], platformUserId: string, psnNo: string): Binding => ({
  channel,
  platformUserId,
  psnNo,
  maskedName: '张*',
  maskedIdNumber: '231***********0113',
  insutype: '310',
  regionName: '绥化市',
  activatedAt: clock,
});

const link = (status: LinkFacts['status']): LinkFacts => ({
  guardianPerson: 'G1',
  memberPerson: 'M1',
  relation: 'parent',
  maskedName: '李*',
  age: 72,
  insutype: '390',
  regionName: '绥化市',
  status,
  maskedPhone: null,
});

describe('reads across instances', () => {
  it('ends a family link for every instance as soon as one removes it', async () => {
    const [a, b] = await instances(2);
    let ids = 0;
    const made = await a!.stores.family.upsert(link('active'), () => `m-${(ids += 1)}`);
    expect(made).toMatchObject({ memberId: 'm-1', status: 'active', age: 72, createdAt: clock });
    expect(await b!.stores.family.liveLink('G1', 'M1')).toMatchObject({ memberId: 'm-1' });
    expect(await b!.stores.family.guardiansOf('M1')).toEqual(['G1']);

    await a!.stores.family.remove('m-1');
    expect(await b!.stores.family.liveLink('G1', 'M1')).toBeUndefined();
    expect(await b!.stores.family.get('G1', 'm-1')).toBeUndefined();
    expect(await b!.stores.family.guardiansOf('M1')).toEqual([]);
  });

  it('keeps a link’s memberId when the platform’s facts are written again, from any instance', async () => {
    const [a, b] = await instances(2);
    let ids = 0;
    const newId = () => `m-${(ids += 1)}`;
    await a!.stores.family.upsert(link('pending'), newId);
    clock += 1_000;
    const again = await b!.stores.family.upsert({ ...link('active'), age: 73 }, newId);
    expect(again).toMatchObject({ memberId: 'm-1', status: 'active', age: 73, updatedAt: clock });
    expect(ids).toBe(1);
    await b!.stores.family.update('m-1', { faceAttempts: 2, name: null });
    expect(await a!.stores.family.ofGuardian('G1')).toEqual([
      expect.objectContaining({ memberId: 'm-1', faceAttempts: 2 }),
    ]);
  });

  it('sees a binding removed by another instance at once', async () => {
    const [a, b] = await instances(2);
    await a!.stores.bindings.save(binding('wechat', 'o1', 'P1'));
    expect(await b!.stores.bindings.find('wechat', 'o1')).toEqual(binding('wechat', 'o1', 'P1'));
    await a!.stores.bindings.remove('wechat', 'o1');
    expect(await b!.stores.bindings.find('wechat', 'o1')).toBeUndefined();
  });
});

describe('withdrawal.erase on PostgreSQL', () => {
  async function personWithEverything(instance: PgInstance, platformUserId: string) {
    const { stores } = instance;
    await stores.bindings.save(binding('wechat', platformUserId, 'P1'));
    await stores.claims.insert({
      claimId: `claim-${platformUserId}`,
      channel: 'wechat',
      platformUserId,
      step: 'done',
      consentVersion: 'v1',
      name: null,
      docType: null,
      docNumber: null,
      birthDate: null,
      psnNo: 'P1',
      activationId: null,
      phone: null,
      maskedName: null,
      syncAvailable: true,
      smsCodeHash: null,
      smsSentAt: null,
      smsExpiresAt: null,
      smsAttempts: 0,
      faceId: null,
      faceAttempts: 0,
      createdAt: clock,
      expiresAt: clock + 600_000,
    });
    await stores.consents.record({
      channel: 'wechat',
      platformUserId,
      claimId: `claim-${platformUserId}`,
      agreedAt: clock,
      documents: [
        { key: 'privacy', version: 'v1' },
        { key: 'sensitive', version: 'v1' },
      ],
    });
    await stores.preferences.save('wechat', platformUserId, { largeText: true });
    await stores.bills.insert({ ...BILL, billId: 'B1' });
    await stores.notifications.enqueue('B1', 'wechat', platformUserId);
    await instance.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId });
    await instance.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId });
  }

  it('deletes what the BFF holds about the user and ends their sessions; the audit trail stays', async () => {
    const [a] = await instances(1);
    await personWithEverything(a!, 'o1');
    await a!.stores.inbox.add({
      psnNo: 'P1',
      kind: 'bill',
      title: '待缴费账单',
      body: '绥化市第一医院',
      billId: 'B1',
      eventId: 'E1',
      createdAt: '2026-12-07T10:00:00Z',
    });
    await a!.stores.audit.record({ action: 'voucher.activate', outcome: 'ok', psnNo: 'P1' });

    expect(await a!.stores.withdrawal.erase('wechat', 'o1', 'P1')).toEqual({
      binding: 1,
      sessions: 2,
      claims: 1,
      consents: 2,
      preferences: 1,
      recoveries: 0,
      notifications: 1,
      inbox: 1,
    });
    expect(await a!.stores.bindings.find('wechat', 'o1')).toBeUndefined();
    expect(await a!.stores.consents.ofUser('wechat', 'o1', 10)).toEqual([]);
    expect(await a!.stores.preferences.get('wechat', 'o1')).toEqual({ largeText: false });
    expect(await a!.stores.inbox.unread('P1')).toBe(0);
    expect(await a!.sessions.revokeUser('wechat', 'o1')).toBe(0);
    expect(await a!.stores.audit.ofPerson('P1')).toHaveLength(1);
  });

  it('keeps the person’s inbox while another of their accounts is bound, and deletes it with the last', async () => {
    const [a, b] = await instances(2);
    await personWithEverything(a!, 'o1');
    await b!.stores.bindings.save(binding('alipay', 'u2', 'P1'));
    await a!.stores.inbox.add({
      psnNo: 'P1',
      kind: 'settlement',
      title: '结算成功',
      body: '药店',
      eventId: 'E1',
      createdAt: '2026-12-07T10:00:00Z',
    });
    // Both accounts withdraw at once, each on its own instance (both set waiting behind a third
    // connection, then let go together): the inbox goes with the last.
    const holder = await a!.pool.connect();
    await holder.query('BEGIN');
    await holder.query("SELECT 1 FROM bindings WHERE psn_no = 'P1' FOR UPDATE");
    const racing = Promise.all([
      a!.stores.withdrawal.erase('wechat', 'o1', 'P1'),
      b!.stores.withdrawal.erase('alipay', 'u2', 'P1'),
    ]);
    await lockWaiters(a!.pool, 2);
    await holder.query('COMMIT');
    holder.release();
    const [first, second] = await racing;
    expect(first!.inbox + second!.inbox).toBe(1);
    expect(await a!.stores.bindings.ofPerson('P1')).toEqual([]);
  });

  it('erases nothing when the transaction fails, and ends no session', async () => {
    const [a] = await instances(1);
    await personWithEverything(a!, 'o1');
    // Another connection holds a table the erase must write: it gives up (lock_timeout).
    await a!.pool.query('ALTER DATABASE ' + (await currentDatabase(a!)) + ' SET lock_timeout = 200');
    const [c] = await instancesOn(a!);
    const client = await a!.pool.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE preferences IN ACCESS EXCLUSIVE MODE');
    await expect(c!.stores.withdrawal.erase('wechat', 'o1', 'P1')).rejects.toThrow(/lock timeout/);
    await client.query('ROLLBACK');
    client.release();
    expect(await a!.stores.bindings.find('wechat', 'o1')).toBeDefined();
    expect(await a!.stores.consents.ofUser('wechat', 'o1', 10)).toHaveLength(2);
    expect(await c!.sessions.revokeUser('wechat', 'o1')).toBe(2);
  });
});

async function currentDatabase(instance: PgInstance): Promise<string> {
  const { rows } = await instance.pool.query<{ name: string }>('SELECT current_database() AS name');
  return rows[0]!.name;
}

/** Another instance on the same database as `instance` (new connections see its settings), same sessions. */
async function instancesOn(instance: PgInstance): Promise<PgInstance[]> {
  const url = instance.pool.options.connectionString!;
  const made = await openPgInstance(url, now, instance.sessions);
  return [adopt(made)];
}

describe('the audit trail on PostgreSQL', () => {
  it('writes the rows of one turn in one INSERT, and a read of a person’s rows includes them', async () => {
    const [a] = await instances(1);
    const query = jest.spyOn(a!.pool, 'query');
    for (let i = 0; i < 5; i += 1) {
      await a!.stores.audit.record({ action: 'code.issue', outcome: 'ok', psnNo: 'P1', detail: { n: i } });
    }
    // Nothing written yet: the answer did not wait for the database.
    expect(query).not.toHaveBeenCalled();
    const rows = await a!.stores.audit.ofPerson('P1');
    expect(rows.map((row) => row.detail)).toEqual([4, 3, 2, 1, 0].map((n) => ({ n })));
    const inserts = query.mock.calls.filter(([config]) =>
      JSON.stringify(config).includes('INSERT INTO audit_log'),
    );
    expect(inserts).toHaveLength(1);
    query.mockRestore();
  });

  it('writes a unit’s rows with the unit, and records how work went with `around`', async () => {
    const [a] = await instances(1);
    await expect(
      a!.stores.transaction(async (tx) => {
        await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P1' });
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    await a!.stores.audit.around(
      { action: 'payment.pay', psnNo: 'P1' },
      async () => 'paid',
      () => ({
        status: 'paid',
      }),
    );
    expect(await a!.stores.audit.ofPerson('P1')).toEqual([
      expect.objectContaining({
        action: 'payment.pay',
        outcome: 'ok',
        detail: { status: 'paid' },
        at: clock,
      }),
    ]);
  });

  it('writes what still waits when the stores close', async () => {
    const url = await database();
    const a = await openPgInstance(url, now);
    await a.stores.audit.record({ action: 'code.issue', outcome: 'ok', psnNo: 'P1' });
    await a.close();
    const b = adopt(await openPgInstance(url, now));
    expect(await b.stores.audit.ofPerson('P1')).toHaveLength(1);
  });
});
