import { ERRORS, type Meta } from '@ybm/shared';

import { ApiError, call, REQUEST_TIMEOUT_MS, showApiError } from '../../miniapp/src/services/api';
import { failWith, request, respondWith, showToast, storage } from './stubs/taro';

const META: Meta = {
  appName: '医保码',
  version: '0.1.0',
  region: { code: '231200', name: '绥化市' },
  devLogin: false,
  services: [{ key: 'code', title: '医保码', available: true }],
};

function setup(apiBase = 'https://ybm.example.cn') {
  jest.clearAllMocks();
  request.mockReset();
  process.env.TARO_APP_API_BASE = apiBase;
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('call', () => {
  afterAll(() => {
    delete process.env.TARO_APP_API_BASE;
  });

  it('requests the endpoint under the configured base with a timeout, and returns the parsed body', async () => {
    setup('https://ybm.example.cn/');
    respondWith(200, META);

    await expect(call('meta')).resolves.toEqual(META);
    expect(request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'https://ybm.example.cn/api/v1/meta',
        method: 'GET',
        timeout: REQUEST_TIMEOUT_MS,
      }),
    );
  });

  it('uses a same-origin path when the base is empty (H5 served by the BFF)', async () => {
    setup('');
    respondWith(200, { status: 'ok' });

    await call('health', { query: { probe: 1, skipped: undefined } });
    expect(request).toHaveBeenCalledWith(expect.objectContaining({ url: '/healthz?probe=1' }));
  });

  it('turns an error body into the shared code and its Chinese message', async () => {
    setup();
    respondWith(503, { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'upstream down', requestId: 'r-1' } });

    const error = await failureOf(call('meta'));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503, requestId: 'r-1' });
    expect(error.message).toBe('医保平台暂时不可用，请稍后重试');
  });

  it('reads the error body Alipay hands to the failure callback for HTTP errors', async () => {
    setup();
    failWith({
      error: 19,
      errorMessage: 'http status error',
      status: 429,
      data: { error: { code: 'RATE_LIMITED', message: '' } },
    });

    const error = await failureOf(call('meta'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, message: ERRORS.RATE_LIMITED.message });
  });

  it('maps an unknown error code to the generic message', async () => {
    setup();
    respondWith(500, { error: { code: 'SOMETHING_NEWER', message: 'x' } });

    const error = await failureOf(call('meta'));
    expect(error).toMatchObject({ code: 'SOMETHING_NEWER', message: ERRORS.INTERNAL_ERROR.message });
  });

  it('reports a request that never got an answer as NETWORK_ERROR', async () => {
    setup();
    failWith({ errMsg: 'request:fail timeout' });

    const error = await failureOf(call('meta', { retry: false }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0, message: '网络异常，请稍后重试' });
  });

  it('reports a gateway page in front of the BFF as NETWORK_ERROR', async () => {
    setup();
    respondWith(502, '<html>Bad Gateway</html>');

    await expect(failureOf(call('meta'))).resolves.toMatchObject({ code: 'NETWORK_ERROR', status: 502 });
  });

  it('refuses a success body that does not match the schema as UPSTREAM_BAD_RESPONSE', async () => {
    setup();
    respondWith(200, { ...META, region: { code: 'nowhere', name: '' } });

    const error = await failureOf(call('meta'));
    expect(error).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: ERRORS.UPSTREAM_BAD_RESPONSE.message,
    });
  });
});

describe('call, retrying as the phone’s policy says', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** The answer of a 503 from a dependency that is down, with its Retry-After. */
  const down = (retryAfter: string) =>
    request.mockResolvedValueOnce({
      statusCode: 503,
      data: { error: { code: 'INSURANCE_PLATFORM_DOWN', message: 'x' } },
      header: { 'retry-after': retryAfter },
      errMsg: 'request:ok',
    });

  /** Settles `promise` while fake time runs; the ms it took. */
  async function timed<T>(promise: Promise<T>): Promise<{ took: number; result: T | ApiError }> {
    const started = Date.now();
    const settled = promise.then(
      (value) => value,
      (error: ApiError) => error,
    );
    await jest.runAllTimersAsync();
    return { took: Date.now() - started, result: await settled };
  }

  it('tries a GET that got no answer again after 1 s, then 2 s, and then shows NETWORK_ERROR', async () => {
    setup();
    failWith();
    failWith();
    failWith();

    const { took, result } = await timed(call('meta'));
    expect(result).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(request).toHaveBeenCalledTimes(3);
    expect(took).toBe(3_000);
  });

  it('waits out a 503’s short Retry-After and answers what the BFF then says', async () => {
    setup();
    down('2');
    respondWith(200, META);

    const { took, result } = await timed(call('meta'));
    expect(result).toEqual(META);
    expect(request).toHaveBeenCalledTimes(2);
    expect(took).toBe(2_000);
  });

  it('shows a 503 asking for a long wait at once, in the BFF’s words', async () => {
    setup();
    down('30');

    const { took, result } = await timed(call('meta'));
    expect(result).toMatchObject({ code: 'INSURANCE_PLATFORM_DOWN', status: 503, retryAfter: '30' });
    expect((result as ApiError).message).toBe(ERRORS.INSURANCE_PLATFORM_DOWN.message);
    expect(request).toHaveBeenCalledTimes(1);
    expect(took).toBe(0);
  });

  it('never sends again a POST the BFF does not de-duplicate', async () => {
    setup();
    failWith();

    const { result } = await timed(call('createSession', { body: { platform: 'h5', code: 'c0de' } }));
    expect(result).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('sends a payment again with the same request id, which the BFF de-duplicates', async () => {
    setup();
    failWith();
    down('1');
    respondWith(200, { status: 'ok' });
    storage.set('ybm.session.token', 'token-1');
    const body = {
      useAccount: true,
      passwordCipher: `04${'ab'.repeat(97)}`,
      requestId: 'req-0123456789abcdef',
    };

    const { took } = await timed(call('payBill', { params: { billId: 'B1' }, body }));
    storage.delete('ybm.session.token');
    expect(request).toHaveBeenCalledTimes(3);
    expect(took).toBe(2_000);
    const bodies = request.mock.calls.map(([options]: [{ data: unknown }]) => options.data);
    expect(bodies).toEqual([body, body, body]);
  });

  it('shows what the BFF refused, and a call handed over for aborting, at the first failure', async () => {
    setup();
    respondWith(409, { error: { code: 'BILL_ALREADY_PAID', message: '' } });
    failWith({ errMsg: 'request:fail abort' });

    const refused = await timed(call('meta'));
    expect(refused.result).toMatchObject({ code: 'BILL_ALREADY_PAID', status: 409 });
    const aborted = await timed(call('meta', { onTask: jest.fn() }));
    expect(aborted.result).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('shows a 503 code this phone does not know yet in the BFF’s own Chinese words', async () => {
    setup();
    request.mockResolvedValueOnce({
      statusCode: 503,
      data: { error: { code: 'SOMETHING_NEWER_DOWN', message: '某服务暂时不可用，请稍后重试' } },
      header: {},
    });

    const { result } = await timed(call('meta'));
    expect(result).toMatchObject({ code: 'SOMETHING_NEWER_DOWN', message: '某服务暂时不可用，请稍后重试' });
  });
});

describe('call with a long-poll', () => {
  it('sends the timeout asked for and hands over the request task, so leaving the page can abort it', async () => {
    setup('');
    const abort = jest.fn();
    request.mockImplementationOnce(() =>
      Object.assign(Promise.resolve({ statusCode: 200, data: { status: 'ok' }, header: {} }), { abort }),
    );
    const onTask = jest.fn();

    await call('health', { timeoutMs: 30_000, onTask });
    expect(request).toHaveBeenCalledWith(expect.objectContaining({ timeout: 30_000 }));
    expect(onTask).toHaveBeenCalledWith(expect.objectContaining({ abort }));
  });

  it('reports an aborted request as NETWORK_ERROR', async () => {
    setup('');
    failWith({ errMsg: 'request:fail abort' });
    const error = await failureOf(call('health', { onTask: jest.fn() }));
    expect(error.code).toBe('NETWORK_ERROR');
  });
});

describe('showApiError', () => {
  it('shows the Chinese message in a toast, and a generic one for anything else', () => {
    setup();
    showApiError(new ApiError('NETWORK_ERROR', ERRORS.NETWORK_ERROR.message, 0));
    showApiError(new Error('boom'));

    expect(showToast).toHaveBeenNthCalledWith(
      1,
      expect.objectContaining({ title: '网络异常，请稍后重试', icon: 'none' }),
    );
    expect(showToast).toHaveBeenNthCalledWith(
      2,
      expect.objectContaining({ title: ERRORS.INTERNAL_ERROR.message }),
    );
  });
});
