import { ErrorBodySchema, HealthSchema, MetaSchema, ReadinessSchema } from '@ybm/shared';
import request from 'supertest';

import type { InsuranceTransport } from '../../bff/src/clients/insurance';
import { UpstreamError } from '../../bff/src/errors';
import { buildTestApp, scriptedTransport } from '../support/bff';

function setup(insurance?: InsuranceTransport, env: Record<string, string> = {}) {
  let n = 0;
  const { app } = buildTestApp(env, {
    ...(insurance ? { insuranceTransport: { wechat: insurance } } : {}),
    newId: () => `test-id-${(n += 1).toString().padStart(4, '0')}`,
  });
  return request(app.callback());
}

/** sys.echo's answer: the nonce back, with the channel and the platform's time. */
const echoOf = (nonce: string) => ({
  nonce,
  appId: 'YBMWXMP000000001',
  serverTime: '2026-11-22T02:00:00.000Z',
});

const echoing = scriptedTransport({ call: async (_method, data) => echoOf(data.nonce as string) });

function expectError(body: unknown, code: string) {
  const parsed = ErrorBodySchema.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(parsed.error.requestId).toBeTruthy();
  return parsed.error;
}

describe('GET /healthz', () => {
  it('answers ok without asking any upstream', async () => {
    const insurance = { call: jest.fn(), request: jest.fn() };
    const res = await setup(insurance).get('/healthz').expect(200);
    expect(HealthSchema.parse(res.body)).toEqual({ status: 'ok' });
    expect(insurance.call).not.toHaveBeenCalled();
  });
});

describe('GET /readyz', () => {
  it('is ready when the platform echoes our nonce and the store answers', async () => {
    const res = await setup(echoing).get('/readyz').expect(200);
    const readiness = ReadinessSchema.parse(res.body);
    expect(readiness.checks.insurancePlatform.ok).toBe(true);
    expect(readiness.checks.storage.ok).toBe(true);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is not ready (503) when the platform cannot be reached, and tells an outsider nothing more', async () => {
    const failing = scriptedTransport({
      call: async () => {
        throw new UpstreamError('UPSTREAM_TIMEOUT', 'insurance-platform', 'timed out');
      },
    });
    const res = await setup(failing).get('/readyz').expect(503);
    const readiness = ReadinessSchema.parse(res.body);
    expect(readiness.status).toBe('not_ready');
    expect(readiness.checks.insurancePlatform).toEqual({ ok: false });
    expect(JSON.stringify(res.body)).not.toMatch(/TIMEOUT|timed out|latency|127\.0\.0\.1/i);
  });

  it('is not ready when the echo comes back with another nonce', async () => {
    const wrong = scriptedTransport({ call: async () => echoOf('someone-else') });
    const res = await setup(wrong).get('/readyz').expect(503);
    expect(ReadinessSchema.parse(res.body).checks.insurancePlatform.ok).toBe(false);
  });

  it('answers repeated probes from state, without asking the platform each time', async () => {
    const call = jest.fn(async (_method: string, data: Record<string, unknown>) =>
      echoOf(data.nonce as string),
    );
    const app = setup(scriptedTransport({ call }));
    for (let i = 0; i < 5; i += 1) await app.get('/readyz').expect(200);
    expect(call).toHaveBeenCalledTimes(1);
  });
});

describe('GET /api/v1/meta', () => {
  it('describes the deployment with the shared schema', async () => {
    const res = await setup(echoing, { REGION_CODE: '610100', REGION_NAME: '西安市' })
      .get('/api/v1/meta')
      .expect(200);
    const meta = MetaSchema.parse(res.body);
    expect(meta.region).toEqual({ code: '610100', name: '西安市' });
    expect(meta.services.map((s) => s.key)).toContain('code');
    expect(meta.devLogin).toBe(false);
  });

  it('says when the H5 demo login is on', async () => {
    const res = await setup(echoing, { DEV_LOGIN: 'true' }).get('/api/v1/meta').expect(200);
    expect(MetaSchema.parse(res.body).devLogin).toBe(true);
  });
});

describe('bad input and unknown routes', () => {
  it('answers an unknown path with 404 NOT_FOUND in the one error shape', async () => {
    const res = await setup(echoing).get('/api/v1/nothing-here').expect(404);
    expectError(res.body, 'NOT_FOUND');
  });

  it('answers a wrong method with 405 METHOD_NOT_ALLOWED', async () => {
    const res = await setup(echoing).delete('/api/v1/meta').expect(405);
    expectError(res.body, 'METHOD_NOT_ALLOWED');
  });

  it('answers malformed JSON with 400 BAD_JSON, never a 500', async () => {
    const res = await setup(echoing)
      .post('/api/v1/meta')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expectError(res.body, 'BAD_JSON');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await setup(echoing)
      .post('/api/v1/meta')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ filler: 'x'.repeat(70 * 1024) }))
      .expect(413);
    expectError(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('keeps a sane incoming X-Request-Id and replaces a hostile one', async () => {
    const kept = await setup(echoing).get('/nope').set('X-Request-Id', 'counter-abc-123').expect(404);
    expect(kept.headers['x-request-id']).toBe('counter-abc-123');
    expect(kept.body.error.requestId).toBe('counter-abc-123');
    const replaced = await setup(echoing).get('/nope').set('X-Request-Id', '<script>').expect(404);
    expect(replaced.headers['x-request-id']).toBe('test-id-0001');
  });
});
