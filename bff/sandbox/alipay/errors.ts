// Refusals of the fake Alipay gateway, in Alipay's public code scheme: `code` is the
// gateway's class (40001 missing, 40002 invalid, 40004 business failure, 20000
// unavailable) and `sub_code` says exactly what. Handlers throw them; the gateway signs
// them into the answer.

const GATEWAY_MSG = {
  '20000': 'Service Currently Unavailable',
  '40001': 'Missing Required Arguments',
  '40002': 'Invalid Arguments',
  '40004': 'Business Failed',
} as const;

export type GatewayCode = keyof typeof GATEWAY_MSG;

export class AlipayRefusal extends Error {
  constructor(
    readonly code: GatewayCode,
    readonly subCode: string,
    readonly subMsg: string,
    /** Some refusals come under `error_response` instead of the method's key (an invalid auth code does). */
    readonly asErrorResponse = false,
  ) {
    super(`${code} ${subCode}: ${subMsg}`);
    this.name = 'AlipayRefusal';
  }

  toBody(): Record<string, string> {
    return { code: this.code, msg: GATEWAY_MSG[this.code], sub_code: this.subCode, sub_msg: this.subMsg };
  }
}

export const invalidParameter = (what: string) =>
  new AlipayRefusal('40002', 'isv.invalid-parameter', `参数有误：${what}`);
