// RSA2 (RSA-SHA256) signing of the Alipay open-API v2 gateway, both ways (TOOLCHAIN.md):
// a request is signed over its sorted `k=v` pairs (every parameter but `sign`), and a
// response over the exact raw text of its inner object, which is why the fake
// serialises that object once, signs that text and splices it into the answer.
import { createSign, createVerify } from 'node:crypto';

/** `k=v&…` over every parameter except `sign`, keys sorted, values as received (decoded). */
export function signContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function verifyRequestSign(params: Record<string, string>, appPublicKey: string): boolean {
  const sign = params.sign;
  if (!sign) return false;
  try {
    return createVerify('RSA-SHA256')
      .update(signContent(params), 'utf8')
      .verify(appPublicKey, sign, 'base64');
  } catch {
    // A key or signature that cannot even be parsed is simply not a valid signature.
    return false;
  }
}

/** `{"<responseKey>":<inner>,"sign":"…"}` — compact, response key first, `sign` last. */
export function signedResponse(
  responseKey: string,
  inner: Record<string, unknown>,
  alipayPrivateKey: string,
): string {
  const innerText = JSON.stringify(inner);
  const sign = createSign('RSA-SHA256').update(innerText, 'utf8').sign(alipayPrivateKey, 'base64');
  return `{${JSON.stringify(responseKey)}:${innerText},"sign":${JSON.stringify(sign)}}`;
}

/** The response key of a method: `alipay.system.oauth.token` → `alipay_system_oauth_token_response`. */
export function responseKeyOf(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}
