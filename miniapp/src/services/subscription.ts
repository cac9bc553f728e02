// Asking the person to subscribe to bill notices (诊间支付通知): WeChat's one-time subscribe
// message (tmplIds) or Alipay's template message (entityIds), never on H5. Each acceptance
// lets the BFF push one notice, so it is asked at the moments a notice will matter: the end
// of the claim, opening the inbox, confirming a payment — each once per launch of the app.
//
// WeChat only shows the dialog from a tap with no asynchronous step before the call (base
// library ≥ 2.8.2), so callers call this synchronously inside their tap handler. It never
// blocks the flow: nothing waits for the answer, and refusals and failures are ignored.
import Taro from '@tarojs/taro';

export type SubscriptionMoment = 'claim' | 'inbox' | 'pay';

export const DEFAULT_BILL_TEMPLATE_ID = 'YBM_BILL_NOTICE';

/** The bill notice's template: WeChat tmplId / Alipay entityId (the BFF sends with the same id). */
export function billTemplateId(): string {
  return process.env.TARO_APP_BILL_TEMPLATE_ID || DEFAULT_BILL_TEMPLATE_ID;
}

const asked = new Set<SubscriptionMoment>();

function subscribeOption(): Taro.requestSubscribeMessage.Option | undefined {
  // Taro's type wants both keys; each platform reads only its own.
  if (process.env.TARO_ENV === 'weapp')
    return { tmplIds: [billTemplateId()] } as Taro.requestSubscribeMessage.Option;
  if (process.env.TARO_ENV === 'alipay')
    return { entityIds: [billTemplateId()] } as Taro.requestSubscribeMessage.Option;
  return undefined; // H5: no subscription messages
}

/** Asks for the bill notice subscription, once per moment per launch; returns whether it asked. */
export function requestBillSubscription(moment: SubscriptionMoment): boolean {
  const option = subscribeOption();
  if (!option || asked.has(moment)) return false;
  try {
    if (!Taro.canIUse('requestSubscribeMessage')) return false;
    asked.add(moment);
    const pending = Taro.requestSubscribeMessage(option) as Promise<unknown> | undefined;
    pending?.catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}

/** Tests: every moment may ask again. */
export function forgetSubscriptionRequests(): void {
  asked.clear();
}
