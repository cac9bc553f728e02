// The platform's public HTTP paths (PROTOCOL.md), the same for the sandbox and a real platform.
export const PATHS = {
  /** Channel API for the BFF (GM envelope, `method` in the signed head). */
  channelGateway: '/channel/v1/gateway',
  /** 两定 interface (PROTOCOL.md §1). */
  fsi: '/fsi/api/rsfComIfsService/callService',
  /** E-voucher centre (PROTOCOL.md §2): ec.query and friends, in the GM envelope. */
  ecGateway: '/ecs/api/v1/gateway',
  /** Mobile payment 62xx (PROTOCOL.md §3), in the GM envelope. */
  uploadFees: '/org/local/api/hos/uldFeeInfo',
  payOrder: '/org/local/api/hos/pay_order',
  refundOrder: '/org/local/api/hos/refund_Order',
  queryOrder: '/org/local/api/hos/query_order_info',
  revokeOrder: '/org/local/api/hos/revoke_order',
} as const;
