// A phone's HTTP client for load and fault tests: each request sent the way the mini-program
// sends it — retried only as the phone's policy says (shared/src/retry.ts: a GET or a request the
// BFF de-duplicates, on no answer or a 503 with a short Retry-After, at most twice) — and every
// request recorded with its outcome, so a test counts what a person would have seen fail.
import { retryDelayMs } from '@ybm/shared';

export interface PhoneRequest {
  /** What the phone was doing (for the report): 'code', 'records', 'events', 'pay', … */
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The BFF de-duplicates it (it carries a request id). */
  idempotent?: boolean;
  /** No answer within this long is no answer (the phone's own timeout). */
  timeoutMs: number;
}

export interface PhoneOutcome {
  kind: string;
  method: string;
  path: string;
  /** 1 when the first try answered; more when the policy retried. */
  attempts: number;
  /** The last answer's status; undefined when none came. */
  status: number | undefined;
  ok: boolean;
  /** The last answer's Retry-After header. */
  retryAfter: string | null;
  /** The last answer's body (parsed JSON when it was), or the network error. */
  body: unknown;
  startedAt: number;
  endedAt: number;
}

export interface PhoneClient {
  send(request: PhoneRequest): Promise<PhoneOutcome>;
  /** Every request sent so far, in the order they ended. */
  outcomes: PhoneOutcome[];
}

export function phoneClient(baseUrl: string, authorization: string): PhoneClient {
  const outcomes: PhoneOutcome[] = [];
  async function attempt(request: PhoneRequest) {
    try {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (an HTML error page from a proxy): kept as text for the report.
      }
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
    } catch (error) {
      return { status: undefined, retryAfter: null, body: String(error) };
    }
  }
  return {
    outcomes,
    async send(request) {
      const startedAt = Date.now();
      for (let attempts = 1; ; attempts += 1) {
        const answer = await attempt(request);
        const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
        const delay = ok
          ? undefined
          : retryDelayMs({
              method: request.method,
              idempotent: request.idempotent === true,
              status: answer.status,
              retryAfter: answer.retryAfter,
              attempt: attempts,
            });
        if (delay === undefined) {
          const outcome = {
            kind: request.kind,
            method: request.method,
            path: request.path,
            attempts,
            ok,
            ...answer,
            startedAt,
            endedAt: Date.now(),
          };
          outcomes.push(outcome);
          return outcome;
        }
        // The phone waits what the policy says (Retry-After, or 1 s × attempt), as the app does.
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    },
  };
}
