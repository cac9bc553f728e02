// WeChat face verification (人脸核身) details the client needs: the cert_hash that
// binds a queryverifyinfo call to the identity given to getverifyid, and the meaning of
// verify_ret.
import { createHash } from 'node:crypto';

export type WechatFaceOutcome = 'pass' | 'fail' | 'cancel' | 'pending';

/** The only document type WeChat face verification takes. */
export const WECHAT_CERT_TYPE = 'IDENTITY_CARD';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** cert_hash = hex SHA-256 of `cert_type=<b64>&cert_name=<b64>&cert_no=<b64>` (UTF-8, standard Base64). */
export function certHash(certType: string, certName: string, certNo: string): string {
  const joined = `cert_type=${b64(certType)}&cert_name=${b64(certName)}&cert_no=${b64(certNo)}`;
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

/** verify_ret 90002–90006 (cancelled at some step) and 90024 (left on the confirm page). */
const CANCELLED = new Set([90002, 90003, 90004, 90005, 90006, 90024]);

/**
 * Only errcode 0 with verify_ret 10000 passes (PROTOCOL.md §5). No verify_ret yet means
 * the user has not finished on the phone; every other value is a failure to verify.
 */
export function faceOutcome(verifyRet: number | undefined): WechatFaceOutcome {
  if (verifyRet === 10000) return 'pass';
  if (verifyRet === undefined || verifyRet === 0) return 'pending';
  return CANCELLED.has(verifyRet) ? 'cancel' : 'fail';
}
