// A BFF with scripted WeChat and insurance-platform fakes and a hand-turned clock, for the
// sign-in and claim HTTP tests.
import { CONSENT_VERSION } from '@ybm/shared';
import request from 'supertest';

import { InsuranceRefusal } from '../../bff/src/clients/insurance';
import type { FaceOutcome } from '../../bff/src/services/platforms';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { buildTestApp, scriptedTransport } from '../support/bff';

export const PERSON = { name: '刘畅', docType: 'resident_id', docNumber: '230102199003071237' } as const;
export const CIPHER = 'ab'.repeat(102); // C1 (64 bytes) ‖ C3 (32) ‖ C2 (6), hex

/** account.summary of the person claiming: an employee insured in 绥化. */
const ACCOUNT_SUMMARY = {
  psnNo: 'P231200000001',
  name: '刘畅',
  regionCode: '231200',
  regionName: '绥化市',
  insurance: {
    insutype: '310',
    insutypeName: '职工基本医疗保险',
    psnType: '11',
    personType: 'employed',
    personTypeName: '在职',
    status: 'active',
    statusName: '正常参保',
    insuredDate: '2012-03-01',
    regionCode: '231200',
    regionName: '绥化市',
  },
  hasAccount: true,
  balanceFen: 120_000,
};

export function setupClaim(options: { env?: Record<string, string> } = {}) {
  let clock = Date.parse('2026-11-22T02:00:00Z');
  const calls: { method: string; data: Record<string, unknown> }[] = [];
  const script = {
    startRefusal: undefined as { code: string; message: string } | undefined,
    finishRefusal: undefined as { code: string; message: string } | undefined,
    passwordSet: false,
    face: 'pass' as FaceOutcome,
    loginError: undefined as unknown,
    /** Runs while the platform is answering activation.start (e.g. to let the claim expire). */
    duringStart: undefined as (() => void) | undefined,
  };
  const insurance = scriptedTransport({
    call: async (method, data) => {
      calls.push({ method, data });
      if (method === 'activation.start') {
        script.duringStart?.();
        if (script.startRefusal)
          throw new InsuranceRefusal(script.startRefusal.code, script.startRefusal.message);
        return {
          activationId: 'ACT0001',
          psnNo: 'P231200000001',
          maskedName: '刘*',
          phone: '13812345678',
          activatedOn: script.passwordSet ? ['YBMALMP000000001'] : [],
          passwordSet: script.passwordSet,
          expiresAt: new Date(clock + 30 * 60_000).toISOString(),
        };
      }
      if (method === 'activation.finish') {
        if (script.finishRefusal)
          throw new InsuranceRefusal(script.finishRefusal.code, script.finishRefusal.message);
        return {
          psnNo: 'P231200000001',
          activatedAt: new Date(clock).toISOString(),
          synced: script.passwordSet,
        };
      }
      if (method === 'account.summary') return ACCOUNT_SUMMARY;
      throw new InsuranceRefusal('UNKNOWN_OPERATION', method);
    },
  });
  const wechat = {
    codeToSession: async (code: string) => {
      if (script.loginError) throw script.loginError;
      return { openid: `openid-${code}` };
    },
    getVerifyId: async () => ({ verifyId: 'verify-1' }),
    queryVerifyResult: async () => script.face,
  };
  const smsSink = createDevSmsSink(
    () => clock,
    () => undefined,
  );
  const { app, deps } = buildTestApp(options.env ?? {}, {
    now: () => clock,
    insuranceTransport: { wechat: insurance },
    wechat,
    smsSink,
    smsCode: () => '246810',
  });
  const http = request(app.callback());

  async function signIn(code = 'user-a') {
    const res = await http.post('/api/v1/session').send({ platform: 'weapp', code }).expect(200);
    return res.body.token as string;
  }

  /** Walks the claim up to (not including) `until`, returning the claim id and token. */
  async function claimUntil(until: 'identity' | 'sms' | 'face' | 'password', token?: string) {
    const auth = `Bearer ${token ?? (await signIn())}`;
    const started = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const claimId = started.body.claimId as string;
    const base = `/api/v1/claim/${claimId}`;
    if (until === 'identity') return { auth, claimId, base };
    await http.post(`${base}/identity`).set('Authorization', auth).send(PERSON).expect(200);
    if (until === 'sms') return { auth, claimId, base };
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    await http.post(`${base}/sms/verify`).set('Authorization', auth).send({ smsCode: '246810' }).expect(200);
    if (until === 'face') return { auth, claimId, base };
    await http.post(`${base}/face`).set('Authorization', auth).expect(200);
    await http.post(`${base}/face/complete`).set('Authorization', auth).expect(200);
    return { auth, claimId, base };
  }

  return {
    http,
    calls,
    script,
    smsSink,
    audit: deps.audit,
    deps,
    signIn,
    claimUntil,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}
