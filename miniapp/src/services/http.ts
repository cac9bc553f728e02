// HTTP to the BFF, one endpoint at a time: validates the answer with the endpoint's schema
// from @ybm/shared and turns any failure into an ApiError carrying the shared error code and
// its Chinese message. Sessions are api.ts's business; this layer only sends a token it is given.
import Taro from '@tarojs/taro';
import {
  endpoints,
  ErrorBodySchema,
  errorMessage,
  ERRORS,
  isErrorCode,
  type EndpointBody,
  type EndpointName,
  type EndpointParams,
  type EndpointResponse,
} from '@ybm/shared';

import { ApiError } from './api-error';

export { ApiError, localError } from './api-error';

export const REQUEST_TIMEOUT_MS = 10_000;

/** What any call may carry besides its body and path parameters. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  header?: Record<string, string>;
  timeoutMs?: number;
  /** Hands over the request in flight, so a long-poll can be aborted when the page goes away. */
  onTask?: (task: AbortableTask) => void;
  /**
   * Follow the phone's retry policy (@ybm/shared retryDelayMs) in api.ts's `call`. By default
   * on, except for a request handed over by `onTask`: its caller may abort it, and has a
   * backoff of its own (the code page's long-poll).
   */
  retry?: boolean;
  /** Hears the answer's Retry-After header on a success (a long-poll ended by a draining BFF). */
  onRetryAfter?: (retryAfter: string) => void;
}

/**
 * One endpoint's options, typed from the endpoints table: `body` is the input of the endpoint's
 * body schema (required when it has one, absent otherwise) and `params` fills its path's
 * `:name` segments (all of them, and no other).
 */
export type CallOptions<N extends EndpointName> = RequestOptions &
  (EndpointBody<N> extends undefined ? { body?: undefined } : { body: EndpointBody<N> }) &
  (EndpointParams<N> extends undefined ? { params?: undefined } : { params: EndpointParams<N> });

/** `call`'s options argument: optional only for an endpoint with neither a body nor path parameters. */
export type CallArgs<N extends EndpointName> = [EndpointBody<N>, EndpointParams<N>] extends [
  undefined,
  undefined,
]
  ? [options?: CallOptions<N>]
  : [options: CallOptions<N>];

/** What the sending code reads, whichever the endpoint. */
type AnyCallOptions = RequestOptions & { body?: unknown; params?: Record<string, string> };

/** What Taro.request returns besides the promise: a way to drop the request. */
export interface AbortableTask {
  abort(): void;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
  /** Retry-After, when the answer carried one. */
  retryAfter?: string;
}

/** A header by name, whatever its case (Taro gives the headers as the platform read them). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

function apiBase(): string {
  return (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');
}

function buildUrl(path: string, options: AnyCallOptions): string {
  const filled = path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(options.params?.[key] ?? ''));
  const query = Object.entries(options.query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${apiBase()}${filled}${query ? `?${query}` : ''}`;
}

function apiError(code: keyof typeof ERRORS, status: number): ApiError {
  return new ApiError(code, ERRORS[code].message, status);
}

/**
 * Alipay's my.request rejects on HTTP ≥ 400 (error 19) yet still carries `status` and
 * `data`; treat that as a response so the BFF's error body is read on every platform.
 */
function responseFromFailure(failure: unknown): RawResponse | undefined {
  if (typeof failure !== 'object' || failure === null) return undefined;
  const { status, statusCode, data, headers, header } = failure as {
    status?: unknown;
    statusCode?: unknown;
    data?: unknown;
    headers?: unknown;
    header?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code <= 0) return undefined;
  const retryAfter = headerOf(headers ?? header, 'Retry-After');
  return { statusCode: code, data, ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

function errorFromResponse(response: RawResponse): ApiError {
  const body = ErrorBodySchema.safeParse(response.data);
  if (body.success) {
    const { code, requestId, details, message } = body.data.error;
    // A code this phone does not know yet (a newer BFF): the BFF's own words when they are
    // words for a person (Chinese), else the generic message.
    const words = isErrorCode(code) || !/[\u4e00-\u9fff]/.test(message) ? errorMessage(code) : message;
    return new ApiError(code, words, response.statusCode, requestId, details, response.retryAfter);
  }
  // Not our error shape: a gateway in front of the BFF answered instead of the BFF.
  const gateway = [502, 503, 504].includes(response.statusCode);
  const code = gateway ? 'NETWORK_ERROR' : 'UPSTREAM_BAD_RESPONSE';
  return new ApiError(
    code,
    ERRORS[code].message,
    response.statusCode,
    undefined,
    undefined,
    response.retryAfter,
  );
}

async function send(method: string, url: string, options: AnyCallOptions): Promise<RawResponse> {
  try {
    const task = Taro.request({
      url,
      method: method as keyof Taro.request.Method,
      data: options.body,
      header: { Accept: 'application/json', ...options.header },
      timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      dataType: 'json',
    });
    if (options.onTask && typeof (task as Partial<AbortableTask>).abort === 'function') options.onTask(task);
    const response = await task;
    const retryAfter = headerOf(response.header, 'Retry-After');
    return {
      statusCode: response.statusCode,
      data: response.data,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
  } catch (failure) {
    const response = responseFromFailure(failure);
    if (response) return response;
    throw apiError('NETWORK_ERROR', 0);
  }
}

/**
 * Sends one request to a BFF endpoint and returns its schema-checked response, or throws an
 * ApiError. `token`, when given, goes out as `Authorization: Bearer <token>`.
 */
export async function requestEndpoint<N extends EndpointName>(
  name: N,
  typedOptions: CallOptions<N>,
  token?: string,
): Promise<EndpointResponse<N>> {
  const endpoint = endpoints[name];
  const options: AnyCallOptions = typedOptions;
  const header = token ? { ...options.header, Authorization: `Bearer ${token}` } : options.header;
  const response = await send(endpoint.method, buildUrl(endpoint.path, options), { ...options, header });
  if (response.statusCode < 200 || response.statusCode >= 300) throw errorFromResponse(response);
  if (response.retryAfter !== undefined) options.onRetryAfter?.(response.retryAfter);
  const parsed = endpoint.response.safeParse(response.data);
  if (!parsed.success) throw apiError('UPSTREAM_BAD_RESPONSE', response.statusCode);
  return parsed.data as EndpointResponse<N>;
}

/** Any thrown value as an ApiError, so screens handle one shape. */
export function toApiError(error: unknown, fallback: keyof typeof ERRORS = 'INTERNAL_ERROR'): ApiError {
  return error instanceof ApiError ? error : apiError(fallback, 0);
}

/** Shows the error's Chinese message in a toast. */
export function showApiError(error: unknown): void {
  void Taro.showToast({ title: toApiError(error).message, icon: 'none', duration: 2500 });
}
