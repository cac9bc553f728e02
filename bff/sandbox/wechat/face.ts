// Face verification (人脸核身) for mini-programs: getverifyid opens a session for an
// openid and an identity, the phone runs wx.requestFacialVerify (here: a dev control
// sets the outcome), and queryverifyinfo tells the server what really happened. The
// query must present cert_hash of the same identity, so a result cannot be replayed
// for another person.
import { createHash } from 'node:crypto';

import { Router } from '@koa/router';

import { WxRefusal } from './errors';
import { requireToken, VERIFY_ID_TTL_SEC, type FaceResult, type WechatState } from './state';

export const FACE_PATHS = {
  getVerifyId: '/cityservice/face/identify/getverifyid',
  queryVerifyInfo: '/cityservice/face/identify/queryverifyinfo',
} as const;

/**
 * verify_ret values the fake answers (from WeChat's queryVerifyInfo enum). Only
 * errcode 0 with 10000 is a pass. Before the user finishes, the fake answers errcode 0
 * with no verify_ret (fake-only: the real enum has no "pending" value).
 */
export const VERIFY_RET = {
  pass: 10000,
  /** 比对人脸信息不匹配: the face is not the document holder's. */
  fail: 10004,
  /** 用户在识别过程中取消 (90002–90006 are all user cancels). */
  cancel: 90004,
} as const satisfies Record<FaceResult, number>;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** cert_hash = hex SHA-256 of `cert_type=<b64>&cert_name=<b64>&cert_no=<b64>` (UTF-8, standard Base64). */
export function certHash(certType: string, certName: string, certNo: string): string {
  const joined = `cert_type=${b64(certType)}&cert_name=${b64(certName)}&cert_no=${b64(certNo)}`;
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

type Body = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function bodyOf(ctx: { request: unknown }): Body {
  const body = (ctx.request as { body?: unknown }).body;
  return body && typeof body === 'object' ? (body as Body) : {};
}

export function createFaceRouter(state: WechatState): Router {
  const router = new Router();

  router.post(FACE_PATHS.getVerifyId, (ctx) => {
    requireToken(state, ctx.query.access_token as string | undefined);
    const body = bodyOf(ctx);
    const cert = (body.cert_info ?? {}) as Body;
    const openid = text(body.openid);
    const outSeqNo = text(body.out_seq_no);
    const certName = text(cert.cert_name);
    const certNo = text(cert.cert_no);
    if (!openid || !outSeqNo || !certName || !certNo) throw new WxRefusal('INVALID_ARGS');
    if (cert.cert_type !== 'IDENTITY_CARD') throw new WxRefusal('INVALID_ARGS', 'cert_type');
    if (!/^\d{17}[\dX]$/.test(certNo)) throw new WxRefusal('INVALID_ARGS', 'cert_no');

    const verifyId = state.randomText(32);
    state.faces.set(verifyId, {
      verifyId,
      openid,
      outSeqNo,
      certHash: certHash('IDENTITY_CARD', certName, certNo),
      expiresAt: state.now() + VERIFY_ID_TTL_SEC * 1000,
    });
    ctx.body = { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: VERIFY_ID_TTL_SEC };
  });

  router.post(FACE_PATHS.queryVerifyInfo, (ctx) => {
    requireToken(state, ctx.query.access_token as string | undefined);
    const body = bodyOf(ctx);
    if (!text(body.out_seq_no)) throw new WxRefusal('INVALID_ARGS', 'out_seq_no');
    const session = state.faces.get(text(body.verify_id) ?? '');
    if (!session || state.now() >= session.expiresAt) throw new WxRefusal('INVALID_ARGS', 'verify_id');
    if (body.openid !== session.openid) throw new WxRefusal('INVALID_ARGS', 'openid');
    if (body.cert_hash !== session.certHash) throw new WxRefusal('INVALID_ARGS', 'cert_hash');
    ctx.body = session.result
      ? { errcode: 0, errmsg: 'ok', verify_ret: VERIFY_RET[session.result] }
      : { errcode: 0, errmsg: 'ok' };
  });

  return router;
}
