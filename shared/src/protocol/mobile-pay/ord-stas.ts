// ordStas, a mobile-payment order's state (PROTOCOL.md §3), by what it means. The sandbox
// moves orders through 1 → 2 → 6, the refund states 7–11 and 12; the rest are the
// specification's and may come from a real platform.
export const ORD_STAS = {
  saved: '0', // 已保存
  preSettled: '1', // 预结算完成 (6201)
  awaitingCash: '2', // 待支付: the insurance part is paid, the cash part waits for the cashier
  selfPaid: '3', // 自费完成
  insurancePaid: '4', // 医保支付完成
  hospitalSettled: '5', // 院内结算完成
  settled: '6', // 结算完成
  refunded: '7', // 已退款
  hiRefunded: '8', // 已医保全部退款
  cashRefunded: '9', // 仅自费全部退款
  cashPartRefunded: '10', // 仅自费部分退款
  hiAndCashPartRefunded: '11', // 医保全部退自费部分退款
  revoked: '12', // 已撤销 (6401)
  hiRevoked: '13', // 医保已撤销
  abnormal: '14', // 异常
  failed: '15', // 结算失败
  hiFailedCashReversalFailed: '16', // 医保结算失败自费冲正失败
} as const;
export type OrdStas = (typeof ORD_STAS)[keyof typeof ORD_STAS];

/** Each state's name in the specification. */
export const ORD_STAS_NAMES: Record<OrdStas, string> = {
  '0': '已保存',
  '1': '预结算完成',
  '2': '待支付',
  '3': '自费完成',
  '4': '医保支付完成',
  '5': '院内结算完成',
  '6': '结算完成',
  '7': '已退款',
  '8': '已医保全部退款',
  '9': '仅自费全部退款',
  '10': '仅自费部分退款',
  '11': '医保全部退自费部分退款',
  '12': '已撤销',
  '13': '医保已撤销',
  '14': '异常',
  '15': '结算失败',
  '16': '医保结算失败自费冲正失败',
};

export const ORD_STAS_VALUES = Object.values(ORD_STAS) as [OrdStas, ...OrdStas[]];
