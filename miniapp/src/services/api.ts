// The one typed client for the BFF: every call goes through `call(endpointName, options)`.
// Endpoints marked `auth` in @ybm/shared's table carry the session token; with no token the
// client signs in first, and an UNAUTHENTICATED answer (token expired or revoked) drops the
// token, signs in again once and retries the call once. A call that got no answer, or a 503
// asking for a short wait, is tried again as the phone's retry policy says (@ybm/shared
// retryDelayMs: only a GET or a request the BFF de-duplicates, at most twice); every other
// failure reaches the screen with the BFF's Chinese message.
import type { EndpointName, EndpointResponse } from '@ybm/shared';
import { endpoints, retryDelayMs } from '@ybm/shared';

import { ApiError, requestEndpoint, type CallArgs, type CallOptions } from './http';
import { clearSession, renewSession, sessionToken } from './session';
import { forgetRecords } from './settlements';

export { ApiError, localError, REQUEST_TIMEOUT_MS, showApiError, toApiError } from './http';
export type { AbortableTask, CallArgs, CallOptions, RequestOptions } from './http';

const isUnauthenticated = (error: unknown) => error instanceof ApiError && error.code === 'UNAUTHENTICATED';

/**
 * Calls a BFF endpoint and returns its schema-checked response, or throws an ApiError. The
 * options are typed from the endpoints table: the body its schema takes, its path parameters.
 */
export async function call<N extends EndpointName>(
  name: N,
  ...args: CallArgs<N>
): Promise<EndpointResponse<N>> {
  // Only an endpoint with neither body nor path parameters may be called without options.
  const options = (args[0] ?? {}) as CallOptions<N>;
  const retry = options.retry ?? !options.onTask;
  const policy = { method: endpoints[name].method, idempotent: carriesRequestId(options.body) };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callOnce(name, options);
    } catch (error) {
      // Status 0 is "no answer" only for NETWORK_ERROR; other phone-side errors (not signed in) are shown.
      const delay =
        retry && error instanceof ApiError && (error.status !== 0 || error.code === 'NETWORK_ERROR')
          ? retryDelayMs({ ...policy, status: error.status, retryAfter: error.retryAfter, attempt })
          : undefined;
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The BFF de-duplicates a request that carries the phone's request id (paying a bill). */
function carriesRequestId(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { requestId?: unknown }).requestId === 'string'
  );
}

/** One try: signed in when the endpoint needs it, and once more after an UNAUTHENTICATED. */
async function callOnce<N extends EndpointName>(
  name: N,
  options: CallOptions<N>,
): Promise<EndpointResponse<N>> {
  if (!endpoints[name].auth) return requestEndpoint(name, options);

  const token = sessionToken() ?? (await renewSession()).token;
  try {
    return await requestEndpoint(name, options, token);
  } catch (error) {
    if (!isUnauthenticated(error)) throw error;
    return requestEndpoint(name, options, await freshToken(token));
  }
}

/** A token other than the refused one: another call may have renewed it already. */
async function freshToken(refused: string): Promise<string> {
  const current = sessionToken();
  if (current && current !== refused) return current;
  clearSession();
  return (await renewSession()).token;
}

/** Ends the session on the BFF (best effort) and forgets the token and whose records were seen. */
export async function signOut(): Promise<void> {
  const token = sessionToken();
  clearSession();
  forgetRecords();
  if (token) await requestEndpoint('deleteSession', {}, token).catch(() => undefined);
}
