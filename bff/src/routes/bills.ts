// /bills/:billId (view, pay, the cash part's order and where it stands) and /inbox (消息中心).
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
import type { PaymentService } from '../services/payments';
import type { BindingStore } from '../store/bindings';
import type { InboxStore } from '../store/inbox';
import type { SessionStore } from '../store/sessions';

export function createBillsRouter(deps: {
  paymentService: PaymentService;
  cashPayments: CashPaymentService;
  sessions: SessionStore;
  inbox: InboxStore;
  bindings: BindingStore;
}): Router {
  const router = new Router();
  const payments = deps.paymentService;
  const session = (state: unknown) => (state as SessionState).session;
  router.use(['/bills', '/inbox'], requireSession(deps.sessions));

  router.get('/bills/:billId', validate({ params: BillParamsSchema }), (ctx) => {
    ctx.body = payments.get(session(ctx.state), ctx.state.input.params.billId);
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

  /** The signed-in person's number, or VOUCHER_NOT_ACTIVATED. */
  const personOf = (state: unknown) => {
    const { channel, platformUserId } = session(state);
    const binding = deps.bindings.find(channel, platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding.psnNo;
  };
  router.get('/inbox', validate({ query: InboxQuerySchema }), (ctx) => {
    const psnNo = personOf(ctx.state);
    ctx.body = { unread: deps.inbox.unread(psnNo), ...deps.inbox.page(psnNo, ctx.state.input.query) };
  });
  router.post('/inbox/:id/read', validate({ params: InboxParamsSchema }), (ctx) => {
    if (!deps.inbox.markRead(personOf(ctx.state), ctx.state.input.params.id)) throw new AppError('NOT_FOUND');
    ctx.body = { ok: true };
  });
  return router;
}
