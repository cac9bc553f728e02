// JSON over HTTP with a deadline, for the platform clients: every failure to get a
// readable answer becomes an UpstreamError naming the upstream, so callers handle one
// error type and the user sees "try again later", never a spinner.
import { UpstreamError } from '../errors';

export interface JsonRequest {
  upstream: string;
  url: string;
  method: 'GET' | 'POST';
  /** Sent as JSON when present. */
  body?: unknown;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function isTimeout(error: unknown): boolean {
  // A DOMException, which is not always an Error instance (other realms): compare names.
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Sends the request and returns the parsed JSON body (whatever its shape: the caller validates it). */
export async function requestJson(request: JsonRequest): Promise<unknown> {
  const { upstream } = request;
  const doFetch = request.fetch ?? fetch;
  // One deadline for connecting, waiting and reading the body.
  const signal = AbortSignal.timeout(request.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await doFetch(request.url, {
      method: request.method,
      ...(request.body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }),
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) throw new UpstreamError('UPSTREAM_TIMEOUT', upstream, 'timed out', error);
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, 'unreachable', error);
  }
  if (status >= 500) {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, `HTTP ${status}`, undefined, status);
  }
  if (status !== 200) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', upstream, `HTTP ${status}`, undefined, status);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', upstream, 'not JSON', error);
  }
}
