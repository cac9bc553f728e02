// A dependency that is down (issue 26): the insurance client behind its surfaces' breakers
// stops calling a platform that keeps failing and refuses with INSURANCE_PLATFORM_DOWN, and
// the error middleware answers that with its 503, its Chinese message and a Retry-After.
import { ERRORS, ErrorBodySchema } from '@ybm/shared';
import Koa from 'koa';
import request from 'supertest';

import { createInsuranceClient, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { DependencyDown, UpstreamError } from '../../bff/src/errors';
import { createLogger } from '../../bff/src/logger';
import { errorHandler } from '../../bff/src/middleware/error-handler';
import { requestId } from '../../bff/src/middleware/request-id';
import { createUpstreamBreakers } from '../../bff/src/services/dependencies';
import { scriptedTransport } from '../support/bff';

function setup() {
  let at = 1_000_000;
  const now = () => at;
  const breakers = createUpstreamBreakers({
    now,
    settings: { minimumCalls: 2, failureRate: 0.5, windowMs: 10_000, coolDownMs: 5_000 },
  });
  let platform: 'down' | 'refusing' | 'up' = 'down';
  const call = jest.fn(async (_method: string, data: Record<string, unknown>) => {
    if (platform === 'down')
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'insurance-platform', 'unreachable');
    if (platform === 'refusing') throw new InsuranceRefusal('UNKNOWN_OPERATION', 'no');
    return { nonce: data.nonce, appId: 'YBMWXMP000000001', serverTime: '2026-11-22T02:00:00.000Z' };
  });
  const request62xx = jest.fn(async () => ({}));
  const client = createInsuranceClient(scriptedTransport({ call, request: request62xx }), {
    breakers: breakers.insurance,
  });
  const echo = () => client.echo('n-1').catch((error: unknown) => error);
  return {
    client,
    breakers,
    call,
    request62xx,
    echo,
    set: (state: typeof platform) => (platform = state),
    advance: (ms: number) => (at += ms),
  };
}

describe('the insurance client behind its breakers', () => {
  it('refuses at once with INSURANCE_PLATFORM_DOWN once the platform keeps failing', async () => {
    const { call, echo } = setup();
    await expect(echo()).resolves.toBeInstanceOf(UpstreamError);
    await expect(echo()).resolves.toBeInstanceOf(UpstreamError);
    const refused = await echo();
    expect(refused).toBeInstanceOf(DependencyDown);
    expect(refused).toMatchObject({
      code: 'INSURANCE_PLATFORM_DOWN',
      status: 503,
      dependency: 'insurance-channel',
    });
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('keeps each surface its own breaker: the channel API down leaves the 62xx payments closed', async () => {
    const { breakers, echo } = setup();
    await echo();
    await echo();
    expect(breakers.insurance.channel.state()).toBe('open');
    expect(breakers.insurance.payments.state()).toBe('closed');
  });

  it('counts the platform refusing as the platform being up', async () => {
    const { breakers, echo, set } = setup();
    set('refusing');
    for (let i = 0; i < 4; i += 1) await echo();
    expect(breakers.insurance.channel.state()).toBe('closed');
  });

  it('tries again after the cool-down and closes when the platform answers', async () => {
    const { breakers, echo, set, advance } = setup();
    await echo();
    await echo();
    set('up');
    advance(5_000);
    await expect(echo()).resolves.toBe('n-1');
    expect(breakers.insurance.channel.state()).toBe('closed');
  });
});

describe('errorHandler and DependencyDown', () => {
  it('answers 503 with the dependency code, its Chinese message and when to try again', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(requestId(() => 'r-1'));
    app.use(errorHandler(createLogger({ level: 'silent' }), () => 1_000_000));
    app.use(() => {
      throw new DependencyDown('PAYMENT_PLATFORM_DOWN', 'insurance-payments', 1_012_300);
    });
    const res = await request(app.callback()).post('/').expect(503);
    const body = ErrorBodySchema.parse(res.body);
    expect(body.error.code).toBe('PAYMENT_PLATFORM_DOWN');
    expect(body.error.message).toBe(ERRORS.PAYMENT_PLATFORM_DOWN.message);
    expect(body.error.message).toMatch(/医保平台暂时不可用.*未完成/);
    expect(res.headers['retry-after']).toBe('13');
  });
});
