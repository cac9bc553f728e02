// The Alipay open-API v2 gateway through the official alipay-sdk (v4, key mode, RSA2), shared by
// the sign-in/face/message client (alipay.ts) and the trade client (alipay-trade.ts): one SDK per
// app, every answer's signature checked (validateSign), refusals as AlipayError with Alipay's
// code/sub_code, timeouts and outages as UpstreamError, and notifications' RSA2 signs checked
// with the SDK's own checkNotifySignV2.
import { createPrivateKey, createPublicKey, createVerify } from 'node:crypto';

import { AlipayRequestError, AlipaySdk } from 'alipay-sdk';
import { z } from 'zod';

import { PlatformRefusal, UpstreamError } from '../errors';

export interface AlipayGatewayOptions {
  /** Full URL of the v2 gateway (exec, pageExec). */
  gateway: string;
  /** Base URL of the v3 API (curl); defaults to the gateway's origin. Unused by the v2 calls here. */
  endpoint?: string;
  appId: string;
  /** The app's RSA private key, PKCS8 (PEM, or its Base64 body alone). */
  privateKey: string;
  /** Alipay's RSA public key, SPKI (PEM, or its Base64 body alone). */
  alipayPublicKey: string;
  timeoutMs: number;
}

/** Alipay answered and refused: `code` is the gateway class (40002, 40004…), `subCode` the reason. */
export class AlipayError extends PlatformRefusal {
  readonly upstream = 'alipay';

  constructor(
    readonly code: string,
    readonly subCode: string,
    readonly subMsg: string,
  ) {
    super(`Alipay ${code} ${subCode}: ${subMsg}`);
    this.name = 'AlipayError';
  }

  /** The auth code was invalid, used or expired: the user should sign in again. */
  get isAuthCodeRejected(): boolean {
    return this.subCode === 'isv.code-invalid';
  }
}

export const UPSTREAM = 'alipay';

const Refusal = z.object({
  code: z.string(),
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
});

/** The SDK's formatKey keeps a trailing PEM line break inside the key: trim it first. */
const tidyKey = (key: string) => key.trim();

export function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, method: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: unexpected answer`);
  return parsed.data;
}

function refusalOf(
  body: { code: string; subCode?: string; subMsg?: string; msg?: string },
  method: string,
): Error {
  // 20000 is the gateway's "service currently unavailable": an outage, not a refusal.
  if (body.code === '20000')
    return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: ${body.subCode ?? '20000'}`);
  return new AlipayError(body.code, body.subCode ?? '', body.subMsg ?? body.msg ?? '');
}

export function createAlipayGateway(options: AlipayGatewayOptions) {
  const alipayPublicKey = tidyKey(options.alipayPublicKey);
  const sdk = new AlipaySdk({
    appId: options.appId,
    privateKey: tidyKey(options.privateKey),
    keyType: 'PKCS8',
    alipayPublicKey,
    gateway: options.gateway,
    endpoint: options.endpoint ?? new URL(options.gateway).origin,
    timeout: options.timeoutMs,
  });
  // The keys as the SDK formatted them. Parsing them now makes a bad key fail at start-up,
  // so an error thrown later while reading an answer is the answer's fault.
  createPrivateKey(sdk.config.privateKey);
  const verifyKey = createPublicKey(sdk.config.alipayPublicKey);

  /**
   * The SDK's validateSign looks for the method's response key, so a correctly signed
   * `error_response` fails its check: read the raw answer and verify it here.
   */
  function fromRequestError(error: AlipayRequestError, method: string): Error {
    const causeName = String((error.cause as { name?: unknown } | undefined)?.name ?? '');
    if (/timeout/i.test(causeName))
      return new UpstreamError('UPSTREAM_TIMEOUT', UPSTREAM, `${method}: timed out`, error);
    const raw = error.responseDataRaw;
    if (raw === undefined)
      return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: unreachable`, error);
    // exec() reports a non-200 status only in its message ("HTTP 请求错误, status: 503").
    const status = error.responseHttpStatus ?? Number(/status: (\d{3})/.exec(error.message)?.[1] ?? 200);
    if (status >= 500) {
      return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: HTTP ${status}`, error);
    }
    const refusal = signedErrorResponse(raw);
    if (refusal)
      return refusalOf(
        { code: refusal.code, subCode: refusal.sub_code, subMsg: refusal.sub_msg, msg: refusal.msg },
        method,
      );
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: answer not trustworthy`, error);
  }

  /** The refusal in a signed `error_response` whose sign verifies over its raw inner text. */
  function signedErrorResponse(raw: string): z.infer<typeof Refusal> | undefined {
    const match = /^\s*\{"error_response":(\{.*\}),"sign":"([^"]*)"\}\s*$/s.exec(raw);
    if (!match) return undefined;
    const [, inner, sign] = match as unknown as [string, string, string];
    if (!createVerify('RSA-SHA256').update(inner, 'utf8').verify(verifyKey, sign, 'base64')) return undefined;
    const parsed = Refusal.safeParse(JSON.parse(inner));
    return parsed.success ? parsed.data : undefined;
  }

  return {
    sdk,
    async exec(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
      let result: Record<string, unknown>;
      // The SDK's own timeout (urllib's, per phase and on a coarse timer) ends up to a second
      // late: the call's deadline is kept here; the request left behind ends at the SDK's.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new UpstreamError('UPSTREAM_TIMEOUT', UPSTREAM, `${method}: timed out`)),
          options.timeoutMs,
        );
      });
      try {
        result = await Promise.race([sdk.exec(method, params, { validateSign: true }), deadline]);
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        if (error instanceof AlipayRequestError) throw fromRequestError(error, method);
        // e.g. a success answer without `sign`: the SDK's verify throws a TypeError.
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: unreadable answer`, error);
      } finally {
        clearTimeout(timer);
      }
      // exec() does not throw on business errors: a code other than 10000 is a refusal.
      if (typeof result.code === 'string' && result.code !== '10000') {
        throw refusalOf(result as { code: string; subCode?: string; subMsg?: string }, method);
      }
      return result;
    },
    /**
     * True when a notification's `sign` is Alipay's RSA2 over its other parameters. The raw
     * variant: the form parser already decoded the values, and decoding them again would
     * throw on a stray `%`.
     */
    checkNotifySign(form: Record<string, string>): boolean {
      try {
        return sdk.checkNotifySignV2(form);
      } catch {
        return false;
      }
    },
  };
}

export type AlipayGateway = ReturnType<typeof createAlipayGateway>;
