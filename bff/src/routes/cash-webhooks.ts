// POST /webhooks/wechatpay and /webhooks/alipay: the payment platforms' notifications about
// cash-part orders. Not under /api/v1: the mini-program never calls them. The answer is each
// platform's own: WeChat Pay takes 204 as received (anything else is sent again) and reads a
// refusal as `{code: "FAIL", message}`; Alipay takes the plain text `success`. A notification
// that is not the platform's genuine, current word about one of our orders is refused and
// stores nothing; one already received is acknowledged again and changes nothing.
import { Router } from '@koa/router';
import type { Context } from 'koa';

import { CashNoticeRejected } from '../services/cash-platforms';
import type { CashPaymentService } from '../services/cash-payments';

export const WECHATPAY_WEBHOOK_PATH = '/webhooks/wechatpay';
export const ALIPAY_WEBHOOK_PATH = '/webhooks/alipay';

const REFUSALS: Record<string, { status: number; message: string }> = {
  missing: { status: 401, message: '通知缺少签名' },
  unknown_key: { status: 401, message: '通知签名所用的平台公钥未知' },
  invalid: { status: 401, message: '通知签名验证失败' },
  signature: { status: 401, message: '通知签名验证失败' },
  stale: { status: 401, message: '通知时间已过期' },
  undecryptable: { status: 400, message: '通知内容无法解密' },
  malformed: { status: 400, message: '通知格式错误' },
  not_ours: { status: 400, message: '通知不属于本商户' },
  unknown_order: { status: 404, message: '通知所述订单不存在' },
  amount_mismatch: { status: 400, message: '通知金额与订单金额不符' },
  not_configured: { status: 404, message: '未开通该支付方式' },
};

function refusal(error: CashNoticeRejected) {
  return REFUSALS[error.reason] ?? { status: 400, message: '通知无法处理' };
}

/** The form's fields as single strings; undefined when it is not such a form. */
function formOf(body: unknown): Record<string, string> | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') return undefined;
    form[key] = value;
  }
  return Object.keys(form).length > 0 ? form : undefined;
}

export function createCashWebhookRouter(deps: { cashPayments: CashPaymentService }): Router {
  const router = new Router();
  const header = (ctx: Context) => (name: string) => ctx.get(name) || undefined;

  router.post(WECHATPAY_WEBHOOK_PATH, async (ctx) => {
    const body = (ctx.request as { body?: unknown }).body;
    const fail = (status: number, message: string) => {
      ctx.status = status;
      ctx.body = { code: 'FAIL', message };
    };
    if (typeof body !== 'string' || body.length === 0) return fail(400, '通知格式错误');
    try {
      await deps.cashPayments.receiveNotice('wechatpay', { header: header(ctx), rawBody: body });
    } catch (error) {
      if (!(error instanceof CashNoticeRejected)) throw error;
      const { status, message } = refusal(error);
      return fail(status, message);
    }
    ctx.status = 204;
  });

  router.post(ALIPAY_WEBHOOK_PATH, async (ctx) => {
    const form = formOf((ctx.request as { body?: unknown }).body);
    ctx.type = 'text/plain; charset=utf-8';
    if (!form) {
      ctx.status = 400;
      ctx.body = 'fail 通知格式错误';
      return;
    }
    try {
      await deps.cashPayments.receiveNotice('alipay', {
        header: header(ctx),
        rawBody: (ctx.request as { rawBody?: string }).rawBody ?? '',
        form,
      });
    } catch (error) {
      if (!(error instanceof CashNoticeRejected)) throw error;
      const { status, message } = refusal(error);
      ctx.status = status;
      // Anything but "success" is a refusal to Alipay; the words are for whoever reads the log.
      ctx.body = `fail ${message}`;
      return;
    }
    ctx.body = 'success';
  });

  return router;
}
