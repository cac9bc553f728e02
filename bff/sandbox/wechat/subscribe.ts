// Subscribe messages (订阅消息): the checks WeChat makes before it pushes a message to
// a user — credential, recipient, template, page, data value rules, and the user's
// subscription (one message per one-time grant; long-term grants never run out).
// Every accepted message is kept for tests and the dev inbox.
import { Router } from '@koa/router';

import { WxRefusal } from './errors';
import { requireToken, type SentMessage, type WechatState } from './state';

export const SUBSCRIBE_PATH = '/cgi-bin/message/subscribe/send';

const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
/** A page of the mini-program, optionally with a query: `pages/pay/index?billId=…`. */
const PAGE = /^\/?pages\/[\w-]+(\/[\w-]+)*(\?.*)?$/;

/** Value rules per data key type (`thing1` is of type `thing`), from WeChat's table. */
const VALUE_RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => [...v].length <= 20,
  phrase: (v) => [...v].length <= 5,
  // 10 Chinese characters or 20 letters.
  name: (v) => (/^[\x20-\x7e]*$/.test(v) ? v.length <= 20 : [...v].length <= 10),
  number: (v) => /^-?\d{1,32}(\.\d+)?$/.test(v),
  amount: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => [...v].length <= 5,
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => [...v].length <= 8,
  time: (v) => [...v].length <= 30,
  date: (v) => [...v].length <= 30,
};

function validData(data: unknown, keys: readonly string[] | undefined): data is SentMessage['data'] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return false;
  if (keys && (entries.length !== keys.length || !entries.every(([key]) => keys.includes(key)))) return false;
  return entries.every(([key, item]) => {
    const value = (item as { value?: unknown } | null)?.value;
    const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
    if (typeof value !== 'string' || value.length === 0 || !type) return false;
    const rule = VALUE_RULES[type] ?? VALUE_RULES.thing!;
    return rule(value);
  });
}

/** Uses one message of the user's subscription to this template; false when none is left. */
function takeQuota(state: WechatState, openid: string, templateId: string): boolean {
  for (const key of [`${openid}|${templateId}`, `${openid}|*`]) {
    const left = state.quotas.get(key) ?? 0;
    if (left > 0) {
      state.quotas.set(key, left - 1);
      return true;
    }
  }
  return false;
}

export function createSubscribeRouter(state: WechatState): Router {
  const router = new Router();

  router.post(SUBSCRIBE_PATH, (ctx) => {
    requireToken(state, ctx.query.access_token as string | undefined);
    const body = ((ctx.request as { body?: unknown }).body ?? {}) as Record<string, unknown>;
    const { touser, template_id: templateId, page, data } = body;
    const miniprogramState = body.miniprogram_state ?? 'formal';
    const lang = body.lang ?? 'zh_CN';

    if (typeof touser !== 'string' || !state.knownOpenids.has(touser)) throw new WxRefusal('INVALID_OPENID');
    const templates = state.options.templates;
    if (typeof templateId !== 'string' || (templates && !templates[templateId])) {
      throw new WxRefusal('INVALID_TEMPLATE_ID');
    }
    if (page !== undefined && (typeof page !== 'string' || !PAGE.test(page)))
      throw new WxRefusal('INVALID_PAGE');
    if (typeof miniprogramState !== 'string' || !STATES.includes(miniprogramState)) {
      throw new WxRefusal('ARGUMENT_INVALID', 'miniprogram_state');
    }
    if (typeof lang !== 'string' || !LANGS.includes(lang)) throw new WxRefusal('ARGUMENT_INVALID', 'lang');
    if (!validData(data, templates?.[templateId])) throw new WxRefusal('ARGUMENT_INVALID', 'data');
    if (!takeQuota(state, touser, templateId)) throw new WxRefusal('USER_REFUSED');

    const msgid = 3_000_000_000 + state.messages.length + 1;
    state.messages.push({
      msgid,
      touser,
      template_id: templateId,
      ...(page ? { page } : {}),
      data,
      miniprogram_state: miniprogramState,
      lang,
      sentAt: new Date(state.now()).toISOString(),
    });
    ctx.body = { errcode: 0, errmsg: 'ok', msgid };
  });

  return router;
}
