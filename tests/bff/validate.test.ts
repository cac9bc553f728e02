import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { z } from 'zod';

import { createLogger } from '../../bff/src/logger';
import { errorHandler } from '../../bff/src/middleware/error-handler';
import { requestId } from '../../bff/src/middleware/request-id';
import { validate } from '../../bff/src/middleware/validate';

function setup() {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  router.post(
    '/people/:id',
    validate({
      params: z.object({ id: z.string().regex(/^\d+$/) }),
      query: z.object({ verbose: z.enum(['0', '1']).default('0') }),
      body: z.object({ name: z.string().min(1), age: z.number().int().min(0) }),
    }),
    (ctx) => {
      ctx.body = ctx.state.input;
    },
  );
  app.use(requestId(() => 'req-1'));
  app.use(errorHandler(createLogger({ level: 'silent' })));
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(router.routes());
  return request(app.callback());
}

describe('validate', () => {
  it('hands the parsed body, query and params to the route', async () => {
    const res = await setup().post('/people/42').send({ name: '刘畅', age: 30 }).expect(200);
    expect(res.body).toEqual({
      body: { name: '刘畅', age: 30 },
      query: { verbose: '0' },
      params: { id: '42' },
    });
  });

  it('answers 400 VALIDATION_ERROR naming every bad field', async () => {
    const res = await setup().post('/people/abc?verbose=2').send({ name: '', age: -1 }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(res.body.error.details.fieldErrors).sort()).toEqual([
      'body.age',
      'body.name',
      'params.id',
      'query.verbose',
    ]);
  });

  it('refuses a missing body', async () => {
    const res = await setup().post('/people/1').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});
