// alipay.open.app.mini.templatemessage.send: a template message to a user, checked as
// Alipay checks it — recipient, template, page, data values of at most 50 characters —
// and sent only with the user's permission: a fresh form_id or a subscription grant.
import { AlipayRefusal, invalidParameter } from './errors';
import type { MethodHandler } from './gateway';
import { canonicalUser, type AlipayState } from './state';

const MAX_VALUE = 50;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function parseData(raw: unknown, keys: readonly string[] | undefined): Record<string, { value: string }> {
  let data: unknown = raw;
  // data is a JSON string in the API; accept an object too.
  if (typeof raw === 'string') {
    try {
      data = JSON.parse(raw);
    } catch {
      data = undefined;
    }
  }
  const illegal = () => new AlipayRefusal('40004', 'DATA_ILLEGAL', '模板消息数据不合法');
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw illegal();
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) throw illegal();
  if (keys && (entries.length !== keys.length || !entries.every(([key]) => keys.includes(key))))
    throw illegal();
  for (const [, item] of entries) {
    const value = (item as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value.length === 0 || [...value].length > MAX_VALUE) throw illegal();
  }
  return data as Record<string, { value: string }>;
}

function takePermission(
  state: AlipayState,
  user: string,
  templateId: string,
  formId: string | undefined,
): boolean {
  if (formId) {
    if (state.usedFormIds.has(formId)) return false;
    state.usedFormIds.add(formId);
    return true;
  }
  const who = canonicalUser(state, user);
  for (const key of [`${who}|${templateId}`, `${who}|*`]) {
    const left = state.quotas.get(key) ?? 0;
    if (left > 0) {
      state.quotas.set(key, left - 1);
      return true;
    }
  }
  return false;
}

export function templateMessageMethods(state: AlipayState): Record<string, MethodHandler> {
  return {
    'alipay.open.app.mini.templatemessage.send': ({ biz }) => {
      const toUserId = text(biz.to_user_id);
      const toOpenId = text(biz.to_open_id);
      const templateId = text(biz.user_template_id);
      const page = text(biz.page);
      if (!toUserId && !toOpenId) throw invalidParameter('to_user_id / to_open_id');
      if (!templateId) throw invalidParameter('user_template_id');
      if (!page || page.length > 128) throw invalidParameter('page');
      const templates = state.options.templates;
      if (templates && !templates[templateId]) {
        throw new AlipayRefusal('40004', 'USER_TEMPLATE_ILLEGAL', '模板不存在或不合法');
      }
      const data = parseData(biz.data, templates?.[templateId]);
      if (!takePermission(state, (toUserId ?? toOpenId)!, templateId, text(biz.form_id))) {
        throw new AlipayRefusal('40004', 'USER_NOT_SUBSCRIBED', '用户未订阅该模板消息或次数已用完');
      }
      state.messages.push({
        ...(toUserId ? { to_user_id: toUserId } : {}),
        ...(toOpenId ? { to_open_id: toOpenId } : {}),
        user_template_id: templateId,
        page,
        data,
        sentAt: new Date(state.now()).toISOString(),
      });
      return { fields: { code: '10000', msg: 'Success' } };
    },
  };
}
