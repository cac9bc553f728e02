// 个人账户 and 亲情账户 over HTTP through the real pieces: the BFF's typed client against the
// seeded insurance sandbox, the counter speaking the public protocol, and the authorisation
// matrix — user A against every resource of B, of B's members, and of a member A was
// unlinked from: 404, never data.
import request from 'supertest';

import type { FaceOutcome } from '../../bff/src/services/platforms';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { residentId } from '../../bff/sandbox/insurance/seed';
import { buildTestApp } from '../support/bff';
import { testRecordId } from '../support/keys';
import { listen } from '../support/servers';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { activateVoucher, dispatcherTo, pharmacyCounter } from './code-flow-support';

const BASKET = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
const PSN_NO = /\d{14}/;

async function setup() {
  const sandbox = await setupCounter({ realClock: true });
  const face = { outcome: 'pass' as FaceOutcome };
  const smsSink = createDevSmsSink(Date.now, () => undefined);
  const wechat = {
    codeToSession: async (code: string) => ({ openid: `openid-${code}` }),
    getVerifyId: async () => ({ verifyId: 'verify-0001' }),
    queryVerifyResult: async () => face.outcome,
  };
  const { app, deps } = buildTestApp(
    { INSURANCE_BASE_URL: sandbox.url },
    { wechat, smsSink, smsCode: () => '246810' },
  );
  const bff = await listen(app);
  const http = request(bff.url);
  const signedIn = new Set<string>();
  /** A WeChat user who claimed the voucher as `persona`: their Authorization header. */
  const signIn = async (persona: keyof typeof PERSONAS, insutype: '310' | '390' = '310') => {
    const openid = `openid-${persona}`;
    if (!signedIn.has(persona)) activateVoucher(sandbox, PERSONAS[persona].psnNo, openid);
    signedIn.add(persona);
    await deps.bindings.save({
      channel: 'wechat',
      platformUserId: openid,
      psnNo: PERSONAS[persona].psnNo,
      maskedName: '赵*',
      maskedIdNumber: '231***********0000',
      insutype,
      regionName: '绥化市',
      activatedAt: Date.now(),
    });
    return `Bearer ${(await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId: openid })).token}`;
  };
  const doc = (persona: keyof typeof PERSONAS) => ({
    name: PERSONAS[persona].name,
    docType: PERSONAS[persona].docType,
    docNumber: PERSONAS[persona].docNumber,
  });
  return {
    http,
    deps,
    sandbox,
    face,
    signIn,
    doc,
    counter: pharmacyCounter(sandbox),
    dispatcher: dispatcherTo(sandbox, bff.url),
    close: async () => {
      await bff.close();
      await sandbox.close();
    },
  };
}

let system: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  system = await setup();
});
afterAll(() => system.close());

describe('GET /account', () => {
  it('gives an employee the balance, twelve monthly credits, this year’s spending and the media', async () => {
    const auth = await system.signIn('parent');
    const { body } = await system.http.get('/api/v1/account').set('Authorization', auth).expect(200);
    const balance = system.sandbox.context.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(PERSONAS.parent.psnNo);
    expect(body).toMatchObject({
      balanceFen: balance,
      insuranceType: '职工基本医疗保险',
      status: 'active',
      regionName: '绥化市',
      insuredSince: '2011-09-01',
      employer: '绥化市第三中学',
      media: ['code', 'social_card', 'id_card'],
    });
    expect(body.monthlyCredits).toHaveLength(12);
    expect(body.monthlyCredits[0]).toEqual({
      month: expect.stringMatching(/^\d{4}-\d{2}$/),
      amountFen: 24390,
    });
    expect(body.yearSpending).toMatchObject({ totalFen: expect.any(Number), year: expect.any(Number) });
  });

  it('says a resident has no balance and settles by code and 社保卡 only', async () => {
    const auth = await system.signIn('resident', '390');
    const { body } = await system.http.get('/api/v1/account').set('Authorization', auth).expect(200);
    expect(body).toMatchObject({ balanceFen: null, monthlyCredits: [], media: ['code', 'social_card'] });
  });

  it('refuses without a session and before the voucher is claimed', async () => {
    await system.http.get('/api/v1/account').expect(401);
    const { token } = await system.deps.sessions.create({
      platform: 'weapp',
      channel: 'wechat',
      platformUserId: 'nobody',
    });
    const { body } = await system.http
      .get('/api/v1/account')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(body.error.code).toBe('VOUCHER_NOT_ACTIVATED');
  });
});

describe('亲情账户', () => {
  it('lists the seeded child and father by opaque memberId, never a person number', async () => {
    const auth = await system.signIn('parent');
    const { body, text } = await system.http.get('/api/v1/family').set('Authorization', auth).expect(200);
    expect(text).not.toMatch(PSN_NO);
    expect(body).toMatchObject({ limit: 5, mutualAid: true });
    expect(body.members).toMatchObject([
      { maskedName: '赵*涵', relation: 'child', age: expect.any(Number), linkStatus: 'active' },
      { maskedName: '赵*福', relation: 'parent', linkStatus: 'active' },
    ]);
    for (const member of body.members) expect(member.memberId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The same ids on the next read.
    const again = await system.http.get('/api/v1/family').set('Authorization', auth).expect(200);
    expect(again.body.members.map((m: { memberId: string }) => m.memberId)).toEqual(
      body.members.map((m: { memberId: string }) => m.memberId),
    );
  });

  it('refuses each wrong add with its own code and Chinese message', async () => {
    const auth = await system.signIn('employee');
    const add = (body: object) =>
      system.http.post('/api/v1/family/members').set('Authorization', auth).send(body);
    const refusal = async (body: object, status: number) => {
      const answer = await add(body).expect(status);
      expect(answer.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      return answer.body.error.code;
    };
    const child = { ...system.doc('child'), relation: 'child' };
    expect(await refusal(child, 400)).toBe('FAMILY_GUARDIAN_ATTESTATION_REQUIRED');
    expect(await refusal({ ...child, name: '赵子明', guardianAttestation: true }, 400)).toBe('NAME_MISMATCH');
    const nobody = {
      name: '无名氏',
      docType: 'resident_id',
      docNumber: residentId('231202', '1990-01-01', '999'),
      relation: 'other',
    };
    expect(await refusal(nobody, 403)).toBe('FAMILY_MEMBER_NOT_INSURED');
    expect(await refusal({ ...child, docNumber: '12345' }, 400)).toBe('DOCUMENT_INVALID');
    expect(await refusal({ ...child, relation: 'boss' }, 400)).toBe('VALIDATION_ERROR');
    expect((await add({ ...child, guardianAttestation: true }).expect(201)).body).toMatchObject({
      linkStatus: 'active',
      maskedName: '赵*涵',
    });
    expect(await refusal({ ...child, guardianAttestation: true }, 409)).toBe('FAMILY_ALREADY_LINKED');
    for (const key of ['retiree', 'resident', 'xian', 'hangzhou'] as const) {
      await add({ ...system.doc(key), relation: 'other' }).expect(201);
    }
    expect(await refusal({ ...system.doc('lowBalance'), relation: 'other' }, 409)).toBe(
      'FAMILY_LIMIT_REACHED',
    );
  });

  it('keeps an adult pending until their face check and SMS code, refusing a failed face check', async () => {
    const auth = await system.signIn('parent');
    const { http } = system;
    const added = await http
      .post('/api/v1/family/members')
      .set('Authorization', auth)
      .send({ ...system.doc('spouse'), relation: 'spouse' })
      .expect(201);
    expect(added.body).toMatchObject({ linkStatus: 'pending', needsSms: true, maskedPhone: '139****0014' });
    const base = `/api/v1/family/members/${added.body.memberId}`;
    const pending = await http.get(`${base}/code`).set('Authorization', auth).expect(409);
    expect(pending.body.error.code).toBe('FAMILY_CONSENT_PENDING');

    system.face.outcome = 'fail';
    await http.post(`${base}/consent/face`).set('Authorization', auth).expect(200);
    const failed = await http.post(`${base}/consent/face/complete`).set('Authorization', auth).expect(403);
    expect(failed.body.error.code).toBe('FAMILY_CONSENT_FAILED');

    system.face.outcome = 'pass';
    expect(
      (await http.post(`${base}/consent/face`).set('Authorization', auth).expect(200)).body.verifyId,
    ).toBe('verify-0001');
    const faced = await http.post(`${base}/consent/face/complete`).set('Authorization', auth).expect(200);
    expect(faced.body).toMatchObject({ linkStatus: 'pending', faceVerified: true, smsVerified: false });
    await http.post(`${base}/consent/sms`).set('Authorization', auth).expect(200);
    expect(system.deps.smsSink.latest(PERSONAS.spouse.phone!)?.text).toContain('246810');
    const wrong = await http
      .post(`${base}/consent/sms/verify`)
      .set('Authorization', auth)
      .send({ smsCode: '000000' })
      .expect(400);
    expect(wrong.body.error.code).toBe('SMS_CODE_WRONG');
    const done = await http
      .post(`${base}/consent/sms/verify`)
      .set('Authorization', auth)
      .send({ smsCode: '246810' })
      .expect(200);
    expect(done.body).toMatchObject({ linkStatus: 'active', faceVerified: true, smsVerified: true });
    const code = await http.get(`${base}/code`).set('Authorization', auth).expect(200);
    expect(code.body.maskedName).toBe('钱*');
  });

  it('shows the child’s code on the parent’s phone; settling it debits the child and reaches the parent', async () => {
    const auth = await system.signIn('parent');
    const { http, counter, dispatcher } = system;
    const family = await http.get('/api/v1/family').set('Authorization', auth).expect(200);
    const child = family.body.members.find((m: { relation: string }) => m.relation === 'child');
    const base = `/api/v1/family/members/${child.memberId}`;
    const first = await http.get(`${base}/code`).set('Authorization', auth).expect(200);
    expect(first.body).toMatchObject({ maskedName: '赵*涵', insuranceType: '城乡居民基本医疗保险' });
    await counter.scanIdentity(first.body.code, BASKET);
    const second = await http.get(`${base}/code`).set('Authorization', auth).expect(200);
    const settled = await counter.settle(second.body.code);
    await dispatcher.drainOnce();
    const events = await http
      .get(`${base}/events`)
      .query({ cursor: first.body.cursor, wait: 0 })
      .set('Authorization', auth)
      .expect(200);
    const last = events.body.events.at(-1);
    expect(last).toMatchObject({ kind: 'settled', settlement: { totalFen: DEMO_CATALOGUE.classA.priceFen } });
    const row = system.sandbox.context.db
      .prepare('SELECT psn_no FROM settlements WHERE setl_id = ?')
      .pluck()
      .get(settled.setlId);
    expect(row).toBe(PERSONAS.child.psnNo);

    // In the child's records (filtered by member and by month), with its lines; not in the parent's.
    const all = await http
      .get('/api/v1/records')
      .query({ member: child.memberId })
      .set('Authorization', auth);
    const recordId = testRecordId(PERSONAS.child.psnNo, settled.setlId);
    const settledAt = all.body.records.find((r: { recordId: string }) => r.recordId === recordId).settledAt;
    // Opaque ids: the platform's settlement number is nowhere in what the phone gets.
    expect(all.text).not.toContain(settled.setlId);
    const month = new Date(Date.parse(settledAt) + 8 * 3_600_000).toISOString().slice(0, 7);
    const records = await http
      .get('/api/v1/records')
      .query({ member: child.memberId, month })
      .set('Authorization', auth)
      .expect(200);
    expect(records.body.records.map((r: { recordId: string }) => r.recordId)).toContain(recordId);
    const elsewhere = await http
      .get('/api/v1/records')
      .query({ member: child.memberId, month: '2001-01' })
      .set('Authorization', auth)
      .expect(200);
    expect(elsewhere.body.records).toEqual([]);
    const detail = await http
      .get(`/api/v1/records/${recordId}`)
      .query({ member: child.memberId })
      .set('Authorization', auth)
      .expect(200);
    expect(detail.body.items).toEqual([
      {
        name: expect.any(String),
        className: '甲类',
        qty: 1,
        priceFen: DEMO_CATALOGUE.classA.priceFen,
        amountFen: DEMO_CATALOGUE.classA.priceFen,
        selfPaidFen: 0,
      },
    ]);
    expect(detail.text).not.toContain(settled.setlId);
    // The id names the child: it opens for her live guardian with or without the filter, and
    // not as another member's record.
    await http.get(`/api/v1/records/${recordId}`).set('Authorization', auth).expect(200);
    const spouse = family.body.members.find((m: { relation: string }) => m.relation === 'spouse');
    if (spouse) {
      const asSpouse = await http
        .get(`/api/v1/records/${recordId}`)
        .query({ member: spouse.memberId })
        .set('Authorization', auth)
        .expect(404);
      expect(asSpouse.body.error.code).toBe('RECORD_NOT_FOUND');
    }
    const badMonth = await http.get('/api/v1/records').query({ month: '2026-13' }).set('Authorization', auth);
    expect(badMonth.status).toBe(400);
  });
});

describe('authorisation matrix', () => {
  it('gives user A a 404 for every resource of B, of B’s members, and of a member A was unlinked from', async () => {
    const a = await system.signIn('retiree');
    const b = await system.signIn('parent');
    const { http } = system;
    const membersOfB = (await http.get('/api/v1/family').set('Authorization', b).expect(200)).body
      .members as {
      memberId: string;
    }[];
    // A links the father too, then unlinks him: the id A had is dead for A.
    const mine = await http
      .post('/api/v1/family/members')
      .set('Authorization', a)
      .send({ ...system.doc('elder'), relation: 'other' })
      .expect(201);
    const unlinked = mine.body.memberId as string;
    const elderOfA = `/api/v1/family/members/${unlinked}`;
    await http.delete(elderOfA).set('Authorization', a).expect(200);

    // Records of B, of B's members and of the member A was unlinked from, by the ids B's lists
    // gave (a settlement of B's own and one of the father's, shown on B's phone, first).
    const { counter, dispatcher } = system;
    const settleWith = async (codePath: string) => {
      const first = await http.get(codePath).set('Authorization', b).expect(200);
      await counter.scanIdentity(first.body.code, BASKET);
      const second = await http.get(codePath).set('Authorization', b).expect(200);
      await counter.settle(second.body.code);
    };
    await settleWith('/api/v1/voucher/code');
    const fatherOfB = (
      await http.get('/api/v1/family').set('Authorization', b).expect(200)
    ).body.members.find((m: { relation: string }) => m.relation === 'parent') as { memberId: string };
    await settleWith(`/api/v1/family/members/${fatherOfB.memberId}/code`);
    await dispatcher.drainOnce();
    const recordIds: string[] = [];
    for (const member of [undefined, ...membersOfB.map((m) => m.memberId)]) {
      const list = await http
        .get('/api/v1/records')
        .query(member ? { member } : {})
        .set('Authorization', b)
        .expect(200);
      recordIds.push(...list.body.records.map((r: { recordId: string }) => r.recordId));
    }
    // B's own, the child's (earlier test) and the father's (A's unlinked member) at least.
    expect(recordIds.length).toBeGreaterThanOrEqual(3);
    for (const recordId of recordIds) {
      await http.get(`/api/v1/records/${recordId}`).set('Authorization', b).expect(200);
      const answer = await http.get(`/api/v1/records/${recordId}`).set('Authorization', a);
      expect([answer.status, answer.body.error?.code]).toEqual([404, 'RECORD_NOT_FOUND']);
      expect(answer.text).not.toMatch(PSN_NO);
      const page = await http.get('/api/v1/records').query({ before: recordId }).set('Authorization', a);
      expect([page.status, page.body.error?.code]).toEqual([400, 'PAGE_CURSOR_INVALID']);
    }

    const ids = [...membersOfB.map((m) => m.memberId), unlinked];
    for (const id of ids) {
      const base = `/api/v1/family/members/${id}`;
      const tries = [
        http.get(`${base}/code`),
        http.get(`${base}/events`).query({ cursor: 0, wait: 0 }),
        http.get(`${base}/consent`),
        http.post(`${base}/consent/face`),
        http.post(`${base}/consent/face/complete`),
        http.post(`${base}/consent/sms`),
        http.post(`${base}/consent/sms/verify`).send({ smsCode: '123456' }),
        http.delete(base),
        http.get('/api/v1/records').query({ member: id }),
        http.get(`/api/v1/records/${recordIds[0]}`).query({ member: id }),
      ];
      for (const attempt of tries) {
        const answer = await attempt.set('Authorization', a);
        expect([answer.status, answer.body.error?.code]).toEqual([404, 'FAMILY_MEMBER_NOT_FOUND']);
        expect(answer.text).not.toMatch(PSN_NO);
      }
    }
    // B still has every member: A's tries changed nothing.
    const still = await http.get('/api/v1/family').set('Authorization', b).expect(200);
    expect(still.body.members.map((m: { memberId: string }) => m.memberId)).toEqual(
      membersOfB.map((m) => m.memberId),
    );
  });

  it('ends access at once when a member is removed', async () => {
    const auth = await system.signIn('parent');
    const { http } = system;
    const family = await http.get('/api/v1/family').set('Authorization', auth).expect(200);
    const elder = family.body.members.find((m: { relation: string }) => m.relation === 'parent');
    const base = `/api/v1/family/members/${elder.memberId}`;
    await http.get(`${base}/code`).set('Authorization', auth).expect(200);
    // The father's record (settled on this phone in the matrix test) opens until the link ends.
    const records = await http
      .get('/api/v1/records')
      .query({ member: elder.memberId })
      .set('Authorization', auth)
      .expect(200);
    const recordId = records.body.records[0].recordId as string;
    await http.get(`/api/v1/records/${recordId}`).set('Authorization', auth).expect(200);
    await http.delete(base).set('Authorization', auth).expect(200);
    await http.get(`${base}/code`).set('Authorization', auth).expect(404);
    const gone = await http.get(`/api/v1/records/${recordId}`).set('Authorization', auth).expect(404);
    expect(gone.body.error.code).toBe('RECORD_NOT_FOUND');
    await http.get(`${base}/events`).query({ cursor: 0, wait: 0 }).set('Authorization', auth).expect(404);
    const after = await http.get('/api/v1/family').set('Authorization', auth).expect(200);
    expect(after.body.members.map((m: { relation: string }) => m.relation)).not.toContain('parent');
  });
});
