import { Writable } from 'node:stream';

import { ErrorBodySchema } from '@ybm/shared';
import Koa from 'koa';
import request from 'supertest';

import { AppError } from '../../bff/src/errors';
import { createLogger } from '../../bff/src/logger';
import { errorHandler } from '../../bff/src/middleware/error-handler';
import { requestId } from '../../bff/src/middleware/request-id';

function setup(thrower: () => never) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const app = new Koa();
  app.silent = true;
  app.use(requestId(() => 'fixed-request-id'));
  app.use(errorHandler(logger));
  app.use(() => thrower());
  return { http: request(app.callback()), lines };
}

describe('errorHandler', () => {
  it('turns an unexpected exception into INTERNAL_ERROR without leaking its message, and logs it', async () => {
    const { http, lines } = setup(() => {
      throw new Error('database password is hunter2');
    });
    const res = await http.get('/').expect(500);
    const body = ErrorBodySchema.parse(res.body);
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(lines.join('')).toContain('unhandled error');
  });

  it('keeps an AppError code, status, message and details', async () => {
    const { http } = setup(() => {
      throw new AppError('DOCUMENT_INVALID', { details: { field: 'idNumber' } });
    });
    const res = await http.get('/').expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'DOCUMENT_INVALID',
        message: '证件号码格式有误，请核对后重新输入',
        requestId: 'fixed-request-id',
        details: { field: 'idNumber' },
      },
    });
  });

  it('shows the catalogue words, not internal text, for a 5xx AppError', async () => {
    const { http } = setup(() => {
      throw new AppError('UPSTREAM_UNAVAILABLE', { message: 'connect ECONNREFUSED 10.0.0.1:443' });
    });
    const res = await http.get('/').expect(503);
    expect(res.body.error.message).toBe('医保平台暂时不可用，请稍后重试');
  });
});
