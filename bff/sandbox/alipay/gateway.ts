// The v2 open-API gateway (POST or GET /gateway.do): common parameters from the query
// and the form, the app's RSA2 request signature checked before anything else, the
// method run, and its answer signed with Alipay's key exactly as the SDK verifies it.
import { Router } from '@koa/router';
import type { Context } from 'koa';

import { AlipayRefusal, invalidParameter } from './errors';
import { responseKeyOf, signedResponse, verifyRequestSign } from './signing';
import type { AlipayState } from './state';

export const GATEWAY_PATH = '/gateway.do';

export interface MethodCall {
  params: Record<string, string>;
  /** biz_content, parsed (an empty object when the method has none). */
  biz: Record<string, unknown>;
}

/** A method answers with its response fields, or with a page (methods a phone opens). */
export type MethodAnswer = { fields: Record<string, unknown> } | { html: string };
export type MethodHandler = (call: MethodCall) => MethodAnswer;

/** Query and form merged into single string values (the SDK puts common params in the URL). */
function paramsOf(ctx: Context): Record<string, string> {
  const merged: Record<string, string> = {};
  const body = (ctx.request as { body?: unknown }).body;
  for (const source of [ctx.query, body && typeof body === 'object' ? body : {}]) {
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      const single = Array.isArray(value) ? value[0] : value;
      if (typeof single === 'string') merged[key] = single;
    }
  }
  return merged;
}

function parseBiz(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the refusal
  }
  throw invalidParameter('biz_content 不是 JSON 对象');
}

export function createGatewayRouter(state: AlipayState, methods: Record<string, MethodHandler>): Router {
  const router = new Router();
  const { appId, appPublicKey, alipayKeyPair } = state.options;

  function check(params: Record<string, string>): MethodHandler {
    if (state.busy > 0) {
      state.busy -= 1;
      throw new AlipayRefusal('20000', 'isp.unknow-error', '服务暂不可用');
    }
    if (!params.app_id) throw new AlipayRefusal('40001', 'isv.missing-app-id', '缺少AppID参数');
    if (params.app_id !== appId) throw new AlipayRefusal('40002', 'isv.invalid-app-id', '无效的AppID参数');
    if (!params.sign) throw new AlipayRefusal('40001', 'isv.missing-signature', '缺少签名参数');
    if (params.sign_type !== 'RSA2')
      throw new AlipayRefusal('40002', 'isv.invalid-signature-type', '无效的签名类型');
    if (!verifyRequestSign(params, appPublicKey)) {
      throw new AlipayRefusal(
        '40002',
        'isv.invalid-signature',
        '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配',
      );
    }
    // Own methods only: `constructor` is no method of the gateway.
    const handler = Object.hasOwn(methods, params.method ?? '') ? methods[params.method ?? ''] : undefined;
    if (!handler) throw new AlipayRefusal('40002', 'isv.invalid-method', '不存在的方法名');
    return handler;
  }

  router.all(GATEWAY_PATH, (ctx) => {
    const params = paramsOf(ctx);
    const method = params.method;
    if (!method) {
      ctx.body = signedResponse(
        'error_response',
        new AlipayRefusal('40001', 'isv.missing-method', '缺少方法名参数').toBody(),
        alipayKeyPair.privateKey,
      );
      ctx.type = 'application/json; charset=utf-8';
      return;
    }
    const responseKey = responseKeyOf(method);
    let answer: MethodAnswer;
    try {
      answer = check(params)({ params, biz: parseBiz(params.biz_content) });
    } catch (error) {
      if (!(error instanceof AlipayRefusal)) throw error;
      const key = error.asErrorResponse ? 'error_response' : responseKey;
      ctx.type = 'application/json; charset=utf-8';
      ctx.body = signedResponse(key, error.toBody(), alipayKeyPair.privateKey);
      return;
    }
    if ('html' in answer) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = answer.html;
      return;
    }
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = signedResponse(responseKey, answer.fields, alipayKeyPair.privateKey);
  });

  return router;
}
