// The consent a claim starts with is stored document by document (version, time, platform
// account), tied to the binding once the claim activates, and shown to that account only:
// GET /api/v1/me/consents, 我的 → 授权管理.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  AGREEMENTS,
  type AgreementKey,
  CONSENT_DOCUMENTS,
  CONSENT_VERSION,
  ConsentsSchema,
  endpoints,
  MeSchema,
} from '@ybm/shared';
import { openDatabase } from '@ybm/shared/node';

import { createConsentStore } from '../../bff/src/store/consents';
import { MIGRATIONS, openBffDatabase } from '../../bff/src/store/db';
import { CIPHER, PERSON, setupClaim } from './claim-support';

const CONSENTS = endpoints.consents.path;

describe('GET /api/v1/me/consents', () => {
  it('answers 401 without a session', async () => {
    const { http } = setupClaim();
    const res = await http.get(CONSENTS).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('is empty for an account that never agreed to anything', async () => {
    const { http, signIn } = setupClaim();
    const auth = `Bearer ${await signIn()}`;
    const res = await http.get(CONSENTS).set('Authorization', auth).expect(200);
    expect(ConsentsSchema.parse(res.body)).toEqual({ consents: [] });
  });

  it('records every document at its version when the consent step is accepted', async () => {
    const { http, claimUntil } = setupClaim();
    const { auth } = await claimUntil('identity');
    const res = await http.get(CONSENTS).set('Authorization', auth).expect(200);
    const { consents } = ConsentsSchema.parse(res.body);
    expect(consents.map((c) => c.document).sort()).toEqual(['privacy', 'sensitive', 'terms']);
    for (const consent of consents) {
      expect(consent).toEqual({
        document: consent.document,
        title: AGREEMENTS[consent.document].title,
        version: AGREEMENTS[consent.document].version,
        agreedAt: '2026-11-22T02:00:00.000Z',
        platform: 'wechat',
      });
    }
  });

  it('ties the consent to the binding once the claim activates', async () => {
    const { http, claimUntil, advance, deps } = setupClaim();
    const { auth, base, claimId } = await claimUntil('password');
    advance(90_000);
    await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);

    const { consents } = ConsentsSchema.parse(
      (await http.get(CONSENTS).set('Authorization', auth).expect(200)).body,
    );
    expect(consents).toHaveLength(3);
    for (const consent of consents) {
      expect(consent.agreedAt).toBe('2026-11-22T02:00:00.000Z');
      expect(consent.boundAt).toBe('2026-11-22T02:01:30.000Z');
    }
    // In the table: the claim, the person the binding is for, and nothing that names them.
    const rows = deps.db!.prepare('SELECT * FROM consents WHERE claim_id = ?').all(claimId);
    expect(rows).toHaveLength(3);
    for (const row of rows as Record<string, unknown>[]) {
      expect(row).toMatchObject({
        channel: 'wechat',
        psn_no: 'P231200000001',
        version: AGREEMENTS[row.document as AgreementKey].version,
      });
      expect(JSON.stringify(row)).not.toContain(PERSON.name);
      expect(JSON.stringify(row)).not.toContain(PERSON.docNumber);
    }
  });

  it('keeps a claim that never finished apart: agreed, but not bound', async () => {
    const { http, claimUntil, signIn, advance } = setupClaim();
    await claimUntil('sms', await signIn());
    advance(31 * 60_000); // the claim (and the idle session) expire
    const { auth, base } = await claimUntil('password', await signIn());
    await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);

    const { consents } = ConsentsSchema.parse(
      (await http.get(CONSENTS).set('Authorization', auth).expect(200)).body,
    );
    expect(consents).toHaveLength(6);
    // Newest first: the consent of the claim that finished, then the abandoned one's.
    expect(consents.slice(0, 3).every((c) => c.boundAt !== undefined)).toBe(true);
    expect(consents.slice(3).every((c) => c.boundAt === undefined)).toBe(true);
  });

  it('shows an account only its own consents', async () => {
    const { http, claimUntil, signIn } = setupClaim();
    await claimUntil('identity', await signIn('user-a'));
    const other = `Bearer ${await signIn('user-b')}`;
    const res = await http.get(CONSENTS).set('Authorization', other).expect(200);
    expect(res.body).toEqual({ consents: [] });
  });

  it('records nothing for a consent that was refused', async () => {
    const { http, signIn } = setupClaim();
    const auth = `Bearer ${await signIn()}`;
    await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: '2025-01' })
      .expect(400);
    await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: false, version: CONSENT_VERSION })
      .expect(400);
    expect((await http.get(CONSENTS).set('Authorization', auth).expect(200)).body).toEqual({ consents: [] });
  });
});

describe('a document that changed since the person agreed (POST /api/v1/me/consents)', () => {
  const RENEW = endpoints.renewConsent.path;

  /** 王五 claims with the consent in force; his voucher is bound to user-a. */
  async function claimed() {
    const t = setupClaim();
    const { auth, base } = await t.claimUntil('password');
    t.advance(90_000);
    await t.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);
    return t;
  }

  /** Signs in anew (the next visit) and answers what sign-in said of the person. */
  async function signInAgain(t: ReturnType<typeof setupClaim>) {
    const res = await t.http.post('/api/v1/session').send({ platform: 'weapp', code: 'user-a' }).expect(200);
    return { auth: `Bearer ${res.body.token as string}`, me: MeSchema.parse(res.body.me) };
  }

  it('does not ask someone whose consent is to the documents in force', async () => {
    const t = await claimed();
    const { auth, me } = await signInAgain(t);
    expect(me.activated).toBe(true);
    expect(me.consentRequired).toBeUndefined();
    expect(
      (await t.http.get(endpoints.me.path).set('Authorization', auth).expect(200)).body,
    ).not.toHaveProperty('consentRequired');
  });

  it('asks again at the next sign-in someone who agreed to the older 隐私政策, and records the new consent', async () => {
    const t = await claimed();
    // They agreed when 隐私政策 was at 2026-11 (before issue 24 changed its text).
    t.deps.db!.prepare(`UPDATE consents SET version = '2026-11' WHERE document = 'privacy'`).run();
    expect(AGREEMENTS.privacy.version).not.toBe('2026-11');

    const { auth, me } = await signInAgain(t);
    expect(me.consentRequired).toEqual({ version: CONSENT_VERSION, documents: ['privacy'] });
    expect(
      MeSchema.parse((await t.http.get(endpoints.me.path).set('Authorization', auth).expect(200)).body),
    ).toMatchObject({ consentRequired: { documents: ['privacy'] } });

    // A phone still showing an older version is refused in words, and nothing is recorded.
    const stale = await t.http
      .post(RENEW)
      .set('Authorization', auth)
      .send({ version: '2026-11' })
      .expect(409);
    expect(stale.body.error).toMatchObject({
      code: 'CONSENT_VERSION_OUTDATED',
      message: expect.stringMatching(/最新版本/),
    });
    const before = ConsentsSchema.parse(
      (await t.http.get(CONSENTS).set('Authorization', auth).expect(200)).body,
    );
    expect(before.consents).toHaveLength(3);

    t.advance(60_000);
    const renewed = await t.http
      .post(RENEW)
      .set('Authorization', auth)
      .send({ version: CONSENT_VERSION })
      .expect(200);
    expect(MeSchema.parse(renewed.body)).toMatchObject({ activated: true });
    expect(renewed.body).not.toHaveProperty('consentRequired');
    const { consents } = ConsentsSchema.parse(
      (await t.http.get(CONSENTS).set('Authorization', auth).expect(200)).body,
    );
    expect(consents).toHaveLength(6);
    // Newest first: every document at its version in force, agreed and bound to the voucher at once.
    for (const consent of consents.slice(0, 3)) {
      expect(consent.version).toBe(AGREEMENTS[consent.document].version);
      expect(consent.boundAt).toBe(consent.agreedAt);
    }
    const rows = t.deps
      .db!.prepare(`SELECT DISTINCT psn_no AS psnNo FROM consents WHERE version = ?`)
      .all(AGREEMENTS.privacy.version);
    expect(rows).toEqual([{ psnNo: 'P231200000001' }]);

    // Not asked again on the sign-in after.
    expect((await signInAgain(t)).me.consentRequired).toBeUndefined();
  });

  it('asks nobody who holds no voucher here, and refuses a renewal from them', async () => {
    const { http, signIn } = setupClaim();
    const auth = `Bearer ${await signIn()}`;
    const me = MeSchema.parse(
      (await http.get(endpoints.me.path).set('Authorization', auth).expect(200)).body,
    );
    expect(me.consentRequired).toBeUndefined();
    const res = await http
      .post(RENEW)
      .set('Authorization', auth)
      .send({ version: CONSENT_VERSION })
      .expect(403);
    expect(res.body.error.code).toBe('VOUCHER_NOT_ACTIVATED');
  });
});

describe('BFF database migration 7', () => {
  it('adds the consents table to a database in use, keeping what was there', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bff-consents-'));
    const file = path.join(dir, 'bff.sqlite');
    try {
      const v6 = openDatabase(
        file,
        MIGRATIONS.filter((migration) => migration.version <= 6),
      );
      v6.prepare(
        `INSERT INTO bindings (channel, platform_user_id, psn_no, masked_name, masked_id_number, insutype,
           region_name, activated_at) VALUES ('wechat', 'openid-1', 'P1', '张*', '231***0113', '310', '绥化市', 1)`,
      ).run();
      v6.close();

      const db = openBffDatabase(file);
      expect(db.prepare('SELECT count(*) FROM bindings').pluck().get()).toBe(1);
      const consents = createConsentStore(db);
      expect(consents.ofUser('wechat', 'openid-1', 10)).toEqual([]);
      consents.record({
        channel: 'wechat',
        platformUserId: 'openid-1',
        claimId: 'CLM1',
        agreedAt: 5,
        documents: CONSENT_DOCUMENTS,
      });
      consents.record({
        channel: 'wechat',
        platformUserId: 'openid-1',
        claimId: 'CLM1',
        agreedAt: 6,
        documents: CONSENT_DOCUMENTS,
      }); // the same claim again: one row per document
      consents.bind('CLM1', 'P1', 9);
      consents.bind('CLM1', 'P2', 10); // bound once, at the first activation
      expect(consents.ofUser('wechat', 'openid-1', 10)).toHaveLength(3);
      expect(consents.ofUser('wechat', 'openid-1', 10)[0]).toMatchObject({
        agreedAt: 5,
        psnNo: 'P1',
        boundAt: 9,
      });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
