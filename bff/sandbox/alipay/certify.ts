// Alipay identity verification (身份认证): initialize opens a session for an identity,
// certify is the page the phone opens (my.startAPVerify) — here a fake face scan whose
// buttons set the outcome — and query tells the server whether it passed.
import { AlipayRefusal, invalidParameter } from './errors';
import type { MethodHandler } from './gateway';
import type { AlipayState, CertifySession } from './state';

const BIZ_CODES = ['FACE', 'CERT_PHOTO', 'CERT_PHOTO_FACE', 'SMART_FACE'];
const CERT_TYPES = [
  'IDENTITY_CARD',
  'HOME_VISIT_PERMIT_HK_MC',
  'HOME_VISIT_PERMIT_TAIWAN',
  'RESIDENCE_PERMIT_HK_MC',
  'RESIDENCE_PERMIT_TAIWAN',
];
/** fail_reason of a failed check (fake: the face did not match the document holder). */
export const CERTIFY_FAIL_REASON = 'FACE_NOT_MATCH';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function sessionOf(state: AlipayState, biz: Record<string, unknown>): CertifySession {
  const certifyId = text(biz.certify_id);
  if (!certifyId) throw invalidParameter('certify_id');
  const session = state.certifies.get(certifyId);
  if (!session) throw new AlipayRefusal('40004', 'CERTIFY_ID_NOT_EXIST', '认证记录不存在');
  return session;
}

function certifyPage(session: CertifySession): string {
  const name = escapeHtml(`${[...session.certName][0] ?? ''}*`);
  const back = session.returnUrl ? JSON.stringify(session.returnUrl) : 'null';
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>支付宝身份认证（模拟）</title>
<body style="font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em">
<h1>支付宝身份认证（模拟）</h1>
<p>开发用页面，代替手机上的人脸识别。认证对象：<b>${name}</b></p>
<p id="result" role="status"></p>
<button data-r="pass">认证通过</button> <button data-r="fail">认证失败</button> <button data-r="cancel">取消</button>
<script>
const certifyId = ${JSON.stringify(session.certifyId)}, back = ${back};
for (const b of document.querySelectorAll('button')) b.onclick = async () => {
  const res = await fetch('/dev/certify-result', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certify_id: certifyId, result: b.dataset.r }) });
  document.getElementById('result').textContent = res.ok ? '已提交：' + b.textContent : '提交失败';
  if (res.ok && back) location.href = back;
};
</script>
</body></html>`;
}

export function certifyMethods(state: AlipayState): Record<string, MethodHandler> {
  return {
    'alipay.user.certify.open.initialize': ({ biz }) => {
      const outerOrderNo = text(biz.outer_order_no);
      if (!outerOrderNo || !/^[A-Za-z0-9]{1,32}$/.test(outerOrderNo))
        throw invalidParameter('outer_order_no');
      if (!BIZ_CODES.includes(String(biz.biz_code))) throw invalidParameter('biz_code');
      const identity = (biz.identity_param ?? {}) as Record<string, unknown>;
      if (identity.identity_type !== 'CERT_INFO') throw invalidParameter('identity_param.identity_type');
      const certType = String(identity.cert_type);
      if (!CERT_TYPES.includes(certType)) throw invalidParameter('identity_param.cert_type');
      const certName = text(identity.cert_name);
      const certNo = text(identity.cert_no);
      if (!certName || !certNo) throw invalidParameter('identity_param.cert_name/cert_no');
      if (certType === 'IDENTITY_CARD' && !/^\d{17}[\dX]$/.test(certNo)) {
        throw new AlipayRefusal('40004', 'CERT_NO_INVALID', '证件号码格式不正确');
      }
      const merchant = (biz.merchant_config ?? {}) as Record<string, unknown>;
      const certifyId = state.randomHex(16);
      state.certifies.set(certifyId, {
        certifyId,
        outerOrderNo,
        certType,
        certName,
        certNo,
        ...(text(merchant.return_url) ? { returnUrl: text(merchant.return_url) } : {}),
      });
      return { fields: { code: '10000', msg: 'Success', certify_id: certifyId } };
    },

    // Opened by the phone (a signed GET URL from pageExec), not called by the server.
    'alipay.user.certify.open.certify': ({ biz }) => ({ html: certifyPage(sessionOf(state, biz)) }),

    'alipay.user.certify.open.query': ({ biz }) => {
      const session = sessionOf(state, biz);
      const passed = session.result === 'pass';
      // A cancelled or unfinished check has no result yet: passed F without fail_reason.
      return {
        fields: {
          code: '10000',
          msg: 'Success',
          passed: passed ? 'T' : 'F',
          identity_info: '{}',
          material_info: passed ? JSON.stringify({ FACE_SCORE: '96.5' }) : '{}',
          ...(session.result === 'fail' ? { fail_reason: CERTIFY_FAIL_REASON } : {}),
        },
      };
    },
  };
}
