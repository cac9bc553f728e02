// The consent a claim starts with is stored document by document (version, time, platform
// account), tied to the binding once the claim activates, and shown to that account only:
// GET /api/v1/me/consents, 我的 → 授权管理.
import { AGREEMENTS, ConsentsSchema, endpoints } from '@ybm/shared';

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
    const rows = deps.db.prepare('SELECT * FROM consents WHERE claim_id = ?').all(claimId);
    expect(rows).toHaveLength(3);
    for (const row of rows as Record<string, unknown>[]) {
      expect(row).toMatchObject({ channel: 'wechat', psn_no: 'P231200000001', version: '2026-11' });
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
      .send({ agreeTerms: true, agreeSensitive: false, version: '2026-11' })
      .expect(400);
    expect((await http.get(CONSENTS).set('Authorization', auth).expect(200)).body).toEqual({ consents: [] });
  });
});
