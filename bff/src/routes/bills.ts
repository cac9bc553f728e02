// /bills/:billId (view, pay, the cash part's order and where it stands) and /inbox (消息中心).
// Viewing a bill reads its notice.
import { Router } from '@koa/router';
import {
  BillParamsSchema,
  CashOrderRequestSchema,
  InboxParamsSchema,
  InboxQuerySchema,
  PayBillSchema,
} from '@ybm/shared';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { CashPaymentService } from '../services/cash-payments';
import type { InboxService } from '../services/inbox';
import type { PaymentService } from '../services/payments';

export function createBillsRouter(deps: {
  paymentService: PaymentService;
  cashPayments: CashPaymentService;
  sessionService: SessionResolver;
  inboxService: InboxService;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const payments = deps.paymentService;
  router.use(['/bills', '/inbox'], requireSession(deps.sessionService));

  router.get('/bills/:billId', validate({ params: BillParamsSchema }), async (ctx) => {
    const { billId } = ctx.state.input.params;
    ctx.body = await payments.get(ctx.state.session, billId);
    await deps.inboxService.billOpened(ctx.state.session, billId);
  });
  router.post(
    '/bills/:billId/pay',
    validate({ params: BillParamsSchema, body: PayBillSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      ctx.body = await payments.pay(ctx.state.session, params.billId, body);
    },
  );
  // The cash part: an order at the person's platform (the same open one when asked again)…
  router.post(
    '/bills/:billId/cash',
    validate({ params: BillParamsSchema, body: CashOrderRequestSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      ctx.body = await deps.cashPayments.place(ctx.state.session, params.billId, body);
    },
  );
  // …and where it stands when the phone comes back from the cashier (the platform is asked).
  router.get('/bills/:billId/cash', validate({ params: BillParamsSchema }), async (ctx) => {
    ctx.body = await deps.cashPayments.status(ctx.state.session, ctx.state.input.params.billId);
  });

  router.get('/inbox', validate({ query: InboxQuerySchema }), async (ctx) => {
    ctx.body = await deps.inboxService.page(ctx.state.session, ctx.state.input.query);
  });
  router.post('/inbox/:id/read', validate({ params: InboxParamsSchema }), async (ctx) => {
    await deps.inboxService.markRead(ctx.state.session, ctx.state.input.params.id);
    ctx.body = { ok: true };
  });
  return router;
}
