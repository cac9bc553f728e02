// The wire to the insurance platform: a request sealed in the GM envelope (PROTOCOL.md §3),
// sent with a timeout, and its answer opened and verified — a channel operation by its
// method, a 62xx transaction by its path. Failures come back as UpstreamError (cannot reach,
// timed out, answer not trustworthy) or InsuranceRefusal (the platform answered and said no,
// with its own code). What the data means is the typed client's business (index.ts); tests
// of the platform's protocol use this directly.
import { EnvelopeError, type EnvelopeChannel, type EnvelopeCodec, type Json } from '@ybm/shared/gm';
import { CHANNEL_GATEWAY_PATH, SUCCESS_CODE } from '@ybm/shared/protocol';
import { Pool, type Dispatcher } from 'undici';

import { UpstreamError } from '../../errors';
import { isTimeout } from '../http';

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

export interface InsuranceTransport {
  /** Calls one channel operation (`method`) and returns the verified, decrypted data. */
  call(method: string, data: Record<string, unknown>): Promise<Json | undefined>;
  /** A mobile-payment transaction (62xx), each at its own path, in the same envelope. */
  request(path: string, data: Record<string, unknown>): Promise<Json | undefined>;
}

export interface InsuranceTransportOptions {
  baseUrl: string;
  channel: EnvelopeChannel;
  codec: EnvelopeCodec;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export const UPSTREAM = 'insurance-platform';

/**
 * POST through an undici Pool (keep-alive connections to the platform), with one deadline
 * for connecting, waiting and reading the body (rejects with an error named TimeoutError
 * when it passes).
 *
 * Performance (npm run bench, tests/bench): every code the phone shows is one call here.
 * Per call on this machine kind, the Pool's low-level dispatch costs ≈ 20 µs of CPU,
 * node:http ≈ 45 µs and undici's fetch ≈ 300 µs; the BFF's single thread is the code-issue
 * path's bottleneck. Undici closes an idle connection before the server's announced
 * Keep-Alive timeout, so reuse does not race it.
 */
function dispatchPost(
  pool: Pool,
  path: string,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const post = new PostHandler(timeoutMs, resolve, reject);
    pool.dispatch(
      { path, method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body },
      post,
    );
  });
}

/** One call's answer and deadline (a class, not closures: this runs for every code shown). */
class PostHandler implements Dispatcher.DispatchHandler {
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly resolve: (answer: { status: number; text: string }) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(PostHandler.expire, timeoutMs, this);
  }

  private static expire(post: PostHandler): void {
    const error = post.timedOut();
    post.finish(error);
    post.controller?.abort(error);
  }

  // Made only when needed: an Error captures a stack, too dear for every call.
  private timedOut(): Error {
    return Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { name: 'TimeoutError' });
  }

  private finish(error: Error | undefined, answer?: { status: number; text: string }): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (answer) this.resolve(answer);
    else this.reject(error!);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Queued behind busy connections until after the deadline: never send it.
    if (this.settled) controller.abort(this.timedOut());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.finish(undefined, { status: this.status, text: Buffer.concat(this.chunks).toString('utf8') });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish(error);
  }
}

export function createInsuranceTransport(options: InsuranceTransportOptions): InsuranceTransport {
  const doFetch = options.fetch ?? fetch;
  const findChannel = (appId: string) => (appId === options.channel.appId ? options.channel : undefined);

  // An undici Pool by default (see dispatchPost); an injected fetch (tests) is used as given.
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const pool = options.fetch ? undefined : new Pool(base.origin);

  async function post(path: string, body: string): Promise<{ status: number; text: string }> {
    try {
      if (pool) return await dispatchPost(pool, `${basePath}${path}`, body, options.timeoutMs);
      // One deadline for connecting, waiting and reading the body.
      const response = await doFetch(`${options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
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
    const { status, text } = await post(path, JSON.stringify(envelope));

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      // A gateway in front of a platform that is down answers so (503, an empty body): the platform
      // is unavailable (what its breaker counts, dependencies.ts), not one that answered wrong.
      throw new UpstreamError(
        status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE',
        UPSTREAM,
        `HTTP ${status}, not JSON`,
        error,
        status === 200 ? undefined : status,
      );
    }
    const record = (body ?? {}) as Record<string, unknown>;
    if (!record.encData) {
      // Unsigned answers are only ever refusals of our envelope (the platform could not trust it).
      const code = typeof record.code === 'string' ? record.code : `HTTP_${status}`;
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        UPSTREAM,
        `refused our envelope: ${code}`,
        undefined,
        status === 200 ? undefined : status,
      );
    }
    let opened;
    try {
      opened = options.codec.open(body, findChannel);
    } catch (error) {
      const reason = error instanceof EnvelopeError ? error.code : 'unreadable';
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, reason, error);
    }
    if (opened.code !== SUCCESS_CODE) {
      throw new InsuranceRefusal(opened.code ?? 'UNKNOWN', opened.message ?? '');
    }
    return opened.data;
  }

  return {
    call: (method, data) => exchange(CHANNEL_GATEWAY_PATH, data, method),
    request: (path, data) => exchange(path, data),
  };
}
