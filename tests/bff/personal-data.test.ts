// What the BFF's database keeps about a person once a claim no longer needs it: the rows
// are read straight from SQLite, as anyone holding a copy of the file would read them.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startRetentionSweep } from '../../bff/src/services/retention';
import { TEST_PHONE_HASH_KEY } from '../support/keys';
import { CIPHER, PERSON, setupClaim } from './claim-support';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** What the scripted platform answers for PERSON (claim-support.ts). */
const PHONE = '13812345678';
/** Everything that says who PERSON is, in clear or as the claim showed it. */
const PERSONAL = [PERSON.name, PERSON.docNumber, PHONE, '1990-03-07', '刘*'];

type System = ReturnType<typeof setupClaim>;

function claimRow(system: System, claimId: string): Record<string, unknown> {
  const row = system.deps.db!.prepare('SELECT * FROM claims WHERE claim_id = ?').get(claimId);
  if (!row) throw new Error(`no row for ${claimId}`);
  return row as Record<string, unknown>;
}

/** The personal values (and their columns) a row still holds. */
function personalIn(row: Record<string, unknown>): string[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'string' && PERSONAL.some((p) => value.includes(p)))
    .map(([column, value]) => `${column}=${String(value)}`);
}

function sweeper(system: System) {
  const { claims, sessions, now } = system.deps;
  return startRetentionSweep({ claims, sessions, now, intervalMs: 0 });
}

describe('personal data in a claim', () => {
  it('is held while the claim is under way (so the checks below can see it)', async () => {
    const system = setupClaim();
    const { claimId } = await system.claimUntil('face');
    expect(personalIn(claimRow(system, claimId))).toHaveLength(PERSONAL.length);
  });

  it('is purged from an expired claim by the sweep', async () => {
    const system = setupClaim();
    const { claimId } = await system.claimUntil('password');
    system.advance(31 * MINUTE);
    expect(await sweeper(system).sweep()).toMatchObject({ claimsPurged: 1 });
    const row = claimRow(system, claimId);
    expect(personalIn(row)).toEqual([]);
    expect(row).toMatchObject({ name: null, doc_number: null, phone: null, birth_date: null });
    // Kept: who claimed as whom, how far it got, and when — identifiers, as the audit trail.
    expect(row).toMatchObject({
      step: 'password',
      psn_no: 'P231200000001',
      platform_user_id: 'openid-user-a',
    });
    expect(row.purged_at).toBe(system.deps.now());
  });

  it('leaves a claim that has not expired alone', async () => {
    const system = setupClaim();
    const { claimId } = await system.claimUntil('face');
    system.advance(29 * MINUTE);
    expect(await sweeper(system).sweep()).toMatchObject({ claimsPurged: 0 });
    expect(personalIn(claimRow(system, claimId))).toHaveLength(PERSONAL.length);
  });

  it.each([
    ['the claim page', (base: string) => base],
    ['the dev SMS sink', (base: string) => base.replace('/api/v1/claim/', '/api/v1/dev/sms/')],
  ])('is purged from an expired claim that anything reads, before any sweep: %s', async (_, path) => {
    const system = setupClaim({ env: { DEV_LOGIN: 'true' } });
    const { base, claimId } = await system.claimUntil('face');
    system.advance(31 * MINUTE);
    // Signed in again (the session idled out too): the same user asks for their own claim.
    const auth = `Bearer ${await system.signIn()}`;
    const res = await system.http.get(path(base)).set('Authorization', auth).expect(404);
    expect(res.body.error.code).toBe('CLAIM_NOT_FOUND');
    expect(personalIn(claimRow(system, claimId))).toEqual([]);
  });

  it('is not written back by an answer that arrives after the claim expired and was purged', async () => {
    const system = setupClaim();
    const { auth, base, claimId } = await system.claimUntil('identity');
    system.script.duringStart = () => {
      system.advance(31 * MINUTE);
      void sweeper(system).sweep();
    };
    const res = await system.http
      .post(`${base}/identity`)
      .set('Authorization', auth)
      .send(PERSON)
      .expect(404);
    expect(res.body.error.code).toBe('CLAIM_NOT_FOUND');
    expect(personalIn(claimRow(system, claimId))).toEqual([]);
  });

  it('is purged from a completed claim at once', async () => {
    const system = setupClaim();
    const { auth, base, claimId } = await system.claimUntil('password');
    await system.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);
    const row = claimRow(system, claimId);
    expect(row.step).toBe('done');
    expect(personalIn(row)).toEqual([]);
    expect(row).toMatchObject({ sms_code_hash: null, face_id: null });
    // The binding keeps the masked name and ID number the voucher shows, and nothing more.
    const binding = system.deps.db!.prepare('SELECT * FROM bindings').get() as Record<string, unknown>;
    expect(binding).toMatchObject({ masked_name: '刘*', masked_id_number: '230***********1237' });
    expect(JSON.stringify(binding)).not.toMatch(new RegExp(`${PERSON.name}|${PERSON.docNumber}|${PHONE}`));
  });
});

describe('the SMS log behind the daily cap', () => {
  const hmac = (phone: string) =>
    createHmac('sha256', Buffer.from(TEST_PHONE_HASH_KEY, 'base64')).update(phone).digest('hex');

  it('holds a keyed hash of the phone, never the phone', async () => {
    const system = setupClaim();
    await system.claimUntil('face');
    const rows = system.deps.db!.prepare('SELECT * FROM sms_log').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const values = rows.flatMap((row) => Object.values(row)).map(String);
    expect(values.filter((value) => /\d{11}/.test(value) && value.includes(PHONE.slice(3)))).toEqual([]);
    expect(rows[0]).toMatchObject({ phone_hash: hmac(PHONE) });
  });

  it('still caps a phone at 10 codes a day across claims, and forgets sends older than a day', async () => {
    const system = setupClaim();
    const sweep = sweeper(system);
    const first = await system.claimUntil('sms');
    await system.http.post(`${first.base}/sms`).set('Authorization', first.auth).expect(200);
    for (let sent = 1; sent < 10; sent += 1) {
      system.advance(MINUTE + 1000);
      await system.http.post(`${first.base}/sms`).set('Authorization', first.auth).expect(200);
    }
    // The first claim expires and is purged: its phone is gone, the count is not.
    system.advance(31 * MINUTE);
    expect(await sweep.sweep()).toMatchObject({ claimsPurged: 1 });
    const second = await system.claimUntil('sms', await system.signIn());
    const capped = await system.http.post(`${second.base}/sms`).set('Authorization', second.auth).expect(429);
    expect(capped.body.error.code).toBe('SMS_DAILY_LIMIT');

    // A day after the first sends they no longer count, and the sweep drops them.
    system.advance(24 * HOUR - 31 * MINUTE + 1000);
    const third = await system.claimUntil('sms', await system.signIn());
    await system.http.post(`${third.base}/sms`).set('Authorization', third.auth).expect(200);
    expect(await sweep.sweep()).toMatchObject({ smsForgotten: 10 });
    expect(system.deps.db!.prepare('SELECT count(*) FROM sms_log').pluck().get()).toBe(1);
  });
});

describe('sessions', () => {
  it('are deleted by the sweep once past their 24-hour lifetime', async () => {
    const system = setupClaim();
    await system.signIn('user-a');
    const count = () => system.deps.db!.prepare('SELECT count(*) FROM sessions').pluck().get();
    system.advance(23 * HOUR);
    await system.signIn('user-b');
    const sweep = sweeper(system);
    expect(await sweep.sweep()).toMatchObject({ sessionsRemoved: 0 });
    system.advance(2 * HOUR);
    expect(await sweep.sweep()).toMatchObject({ sessionsRemoved: 1 });
    expect(count()).toBe(1);
  });
});

describe('the database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bff-at-rest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds none of an expired claim’s personal data once the sweep purged it', async () => {
    const file = path.join(dir, 'bff.sqlite');
    const system = setupClaim({ env: { BFF_DB_FILE: file } });
    const { claimId } = await system.claimUntil('password');
    const checkpoint = () => system.deps.db!.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint();
    expect(readFileSync(file).includes(PERSON.docNumber)).toBe(true);
    system.advance(31 * MINUTE);
    await sweeper(system).sweep();
    checkpoint();
    const bytes = readFileSync(file);
    for (const value of PERSONAL) expect([value, bytes.includes(value)]).toEqual([value, false]);
    expect(personalIn(claimRow(system, claimId))).toEqual([]);
    system.deps.db!.close();
  });

  it('keeps no trace of a session the sweep deleted', async () => {
    const file = path.join(dir, 'bff.sqlite');
    const system = setupClaim({ env: { BFF_DB_FILE: file } });
    await system.signIn('gone-by-tomorrow');
    system.deps.db!.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes('openid-gone-by-tomorrow')).toBe(true);
    system.advance(25 * HOUR);
    expect(await sweeper(system).sweep()).toMatchObject({ sessionsRemoved: 1 });
    system.deps.db!.pragma('wal_checkpoint(TRUNCATE)');
    // Deleted rows are zeroed (secure_delete), not left in the pages' free space.
    expect(readFileSync(file).includes('openid-gone-by-tomorrow')).toBe(false);
    system.deps.db!.close();
  });
});
