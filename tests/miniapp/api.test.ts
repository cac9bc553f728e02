import { ERRORS, type Meta } from '@ybm/shared';

import { ApiError, call, REQUEST_TIMEOUT_MS, showApiError } from '../../miniapp/src/services/api';
import { failWith, request, respondWith, showToast } from './stubs/taro';

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

    const error = await failureOf(call('meta'));
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
