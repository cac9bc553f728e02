// GET /voucher/code, GET /voucher/events (long-poll), GET /records, GET /records/:recordId.
import { Router } from '@koa/router';
import {
  RecordParamsSchema,
  RecordQuerySchema,
  RecordsQuerySchema,
  VoucherEventsQuerySchema,
} from '@ybm/shared';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { VoucherService } from '../services/voucher';
import { longPoll, type Drain } from '../shutdown';

export function createVoucherRouter(deps: {
  voucherService: VoucherService;
  sessionService: SessionResolver;
  drain: Pick<Drain, 'signal' | 'draining'>;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const service = deps.voucherService;
  router.use(['/voucher', '/records'], requireSession(deps.sessionService));

  router.get('/voucher/code', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.issueCode(ctx.state.session);
  });
  router.get('/voucher/events', validate({ query: VoucherEventsQuerySchema }), async (ctx) => {
    const { cursor, wait } = ctx.state.input.query;
    // Stops waiting when the phone goes away, or at once (Retry-After: 0) when this instance drains.
    ctx.body = await longPoll(ctx, deps.drain, (signal) =>
      service.events(ctx.state.session, cursor, wait * 1000, signal),
    );
  });
  router.get('/records', validate({ query: RecordsQuerySchema }), async (ctx) => {
    ctx.body = await service.records(ctx.state.session, ctx.state.input.query);
  });
  router.get(
    '/records/:recordId',
    validate({ params: RecordParamsSchema, query: RecordQuerySchema }),
    async (ctx) => {
      const { params, query } = ctx.state.input;
      ctx.body = await service.record(ctx.state.session, params.recordId, query.member);
    },
  );
  return router;
}
