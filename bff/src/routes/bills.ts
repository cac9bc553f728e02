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

import { AppError } from '../errors';
import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { CashPaymentService } from '../services/cash-payments';
import type { InboxService } from '../services/inbox';
import type { PaymentService } from '../services/payments';
import type { BindingStore } from '../store/bindings';
import type { SessionStore } from '../store/sessions';

export function createBillsRouter(deps: {
  paymentService: PaymentService;
  cashPayments: CashPaymentService;
  sessions: SessionStore;
  inboxService: InboxService;
  bindings: BindingStore;
}): Router {
  const router = new Router();
  const payments = deps.paymentService;
  const session = (state: unknown) => (state as SessionState).session;
  router.use(['/bills', '/inbox'], requireSession(deps.sessions));

  /** The signed-in person's number, or VOUCHER_NOT_ACTIVATED. */
  const personOf = (state: unknown) => {
    const { channel, platformUserId } = session(state);
    const binding = deps.bindings.find(channel, platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding.psnNo;
  };

  router.get('/bills/:billId', validate({ params: BillParamsSchema }), (ctx) => {
    const { billId } = ctx.state.input.params;
    ctx.body = payments.get(session(ctx.state), billId);
    deps.inboxService.billOpened(personOf(ctx.state), billId);
  });
  router.post(
    '/bills/:billId/pay',
    validate({ params: BillParamsSchema, body: PayBillSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      ctx.body = await payments.pay(session(ctx.state), params.billId, body);
    },
  );
  // The cash part: an order at the person's platform (the same open one when asked again)…
  router.post(
    '/bills/:billId/cash',
    validate({ params: BillParamsSchema, body: CashOrderRequestSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      ctx.body = await deps.cashPayments.place(session(ctx.state), params.billId, body);
    },
  );
  // …and where it stands when the phone comes back from the cashier (the platform is asked).
  router.get('/bills/:billId/cash', validate({ params: BillParamsSchema }), async (ctx) => {
    ctx.body = await deps.cashPayments.status(session(ctx.state), ctx.state.input.params.billId);
  });

  router.get('/inbox', validate({ query: InboxQuerySchema }), (ctx) => {
    ctx.body = deps.inboxService.page(personOf(ctx.state), ctx.state.input.query);
  });
  router.post('/inbox/:id/read', validate({ params: InboxParamsSchema }), (ctx) => {
    if (!deps.inboxService.markRead(personOf(ctx.state), ctx.state.input.params.id))
      throw new AppError('NOT_FOUND');
    ctx.body = { ok: true };
  });
  return router;
}
