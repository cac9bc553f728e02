// The insurance platform's channel API: every call is sealed in the GM envelope
// (PROTOCOL.md §3), sent with a timeout, and its answer opened and verified. Failures
// come back as UpstreamError (cannot reach, timed out, answer not trustworthy) or
// InsuranceRefusal (the platform answered and said no, with its own code).
import { EnvelopeError, type EnvelopeChannel, type EnvelopeCodec, type Json } from '@ybm/shared';

import { UpstreamError } from '../errors';

export const CHANNEL_GATEWAY_PATH = '/channel/v1/gateway';

/** The platform answered with a business failure; `code` is the platform's own. */
export class InsuranceRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InsuranceRefusal';
  }
}

export interface InsurancePlatform {
  /** Calls one channel operation (`method`) and returns the verified, decrypted data. */
  call(method: string, data: Record<string, unknown>): Promise<Json | undefined>;
}

/** The mobile-payment transactions (62xx), each at its own path, in the same envelope. */
export interface MobilePayApi {
  request(path: string, data: Record<string, unknown>): Promise<Json | undefined>;
}

export interface InsuranceClientOptions {
  baseUrl: string;
  channel: EnvelopeChannel;
  codec: EnvelopeCodec;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const UPSTREAM = 'insurance-platform';

function isTimeout(error: unknown): boolean {
  // A DOMException, which is not always an Error instance (other realms): compare names.
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function createInsuranceClient(options: InsuranceClientOptions): InsurancePlatform & MobilePayApi {
  const doFetch = options.fetch ?? fetch;
  const findChannel = (appId: string) => (appId === options.channel.appId ? options.channel : undefined);

  async function post(url: string, body: string): Promise<{ status: number; text: string }> {
    // One deadline for connecting, waiting and reading the body.
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      if (isTimeout(error)) throw new UpstreamError('UPSTREAM_TIMEOUT', UPSTREAM, 'timed out', error);
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, 'unreachable', error);
    }
  }

  /** Seals `data`, posts it to `path`, and opens and verifies the answer. */
  async function exchange(
    path: string,
    data: Record<string, unknown>,
    method?: string,
  ): Promise<Json | undefined> {
    const envelope = options.codec.seal(options.channel, data, method ? { method } : {});
    const { status, text } = await post(`${options.baseUrl}${path}`, JSON.stringify(envelope));

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `HTTP ${status}, not JSON`, error);
    }
    const record = (body ?? {}) as Record<string, unknown>;
    if (!record.encData) {
      // Unsigned answers are only ever refusals of our envelope (the platform could not trust it).
      const code = typeof record.code === 'string' ? record.code : `HTTP_${status}`;
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `refused our envelope: ${code}`);
    }
    let opened;
    try {
      opened = options.codec.open(body, findChannel);
    } catch (error) {
      const reason = error instanceof EnvelopeError ? error.code : 'unreadable';
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, reason, error);
    }
    if (opened.code !== '0') {
      throw new InsuranceRefusal(opened.code ?? 'UNKNOWN', opened.message ?? '');
    }
    return opened.data;
  }

  return {
    call: (method, data) => exchange(CHANNEL_GATEWAY_PATH, data, method),
    request: (path, data) => exchange(path, data),
  };
}
