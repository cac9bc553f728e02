// GET /voucher/code, GET /voucher/events (long-poll), GET /records, GET /records/:setlId.
import { Router } from '@koa/router';
import {
  RecordParamsSchema,
  RecordQuerySchema,
  RecordsQuerySchema,
  VoucherEventsQuerySchema,
} from '@ybm/shared';

import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { VoucherService } from '../services/voucher';
import type { SessionStore } from '../store/sessions';

export function createVoucherRouter(deps: {
  voucherService: VoucherService;
  sessions: SessionStore;
}): Router {
  const router = new Router();
  const service = deps.voucherService;
  const session = (state: unknown) => (state as SessionState).session;
  router.use(['/voucher', '/records'], requireSession(deps.sessions));

  router.get('/voucher/code', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.issueCode(session(ctx.state));
  });
  router.get('/voucher/events', validate({ query: VoucherEventsQuerySchema }), async (ctx) => {
    const { cursor, wait } = ctx.state.input.query;
    // Stop waiting when the phone goes away (page left, network lost).
    const abort = new AbortController();
    ctx.req.once('close', () => abort.abort());
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.events(session(ctx.state), cursor, wait * 1000, abort.signal);
  });
  router.get('/records', validate({ query: RecordsQuerySchema }), async (ctx) => {
    ctx.body = await service.records(session(ctx.state), ctx.state.input.query);
  });
  router.get(
    '/records/:setlId',
    validate({ params: RecordParamsSchema, query: RecordQuerySchema }),
    async (ctx) => {
      const { params, query } = ctx.state.input;
      ctx.body = await service.record(session(ctx.state), params.setlId, query.member);
    },
  );
  return router;
}
