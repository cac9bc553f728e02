// The trades the fake Alipay holds (统一收单: alipay.trade.create / query / close / refund) and
// the asynchronous notifications it sends about them, in memory only, like the rest of it.
export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';

export interface Trade {
  outTradeNo: string;
  tradeNo: string;
  totalFen: number;
  subject: string;
  /** Exactly one of them: the payer as buyer_id (2088…) or buyer_open_id. */
  buyerId?: string;
  buyerOpenId?: string;
  productCode: string;
  notifyUrl?: string;
  status: TradeStatus;
  createdAt: number;
  /** An unpaid trade closes by itself then (timeout_express / time_expire). */
  expiresAt: number;
  paidAt?: number;
  closedAt?: number;
  /** out_request_no → the refund it made. */
  refunds: Map<string, { amountFen: number; at: number }>;
  refundedFen: number;
  payerActions: { action: 'pay' | 'cancel'; at: number }[];
}

export interface TradeNotification {
  /** notify_id */
  id: string;
  outTradeNo: string;
  url: string;
  /** The signed form, exactly as sent (a redelivery sends the same). */
  form: Record<string, string>;
  status: 'pending' | 'delivered' | 'gave_up';
  attempts: { at: number; status: number | 'no_answer'; answer?: string }[];
  nextAt: number;
}

/** Alipay's documented redelivery schedule: 4m, 10m, 10m, 1h, 2h, 6h, 15h. */
export const ALIPAY_RETRY_DELAYS_MS = [
  240_000, 600_000, 600_000, 3_600_000, 7_200_000, 21_600_000, 54_000_000,
] as const;

export interface TradeBook {
  trades: Map<string, Trade>;
  notifications: TradeNotification[];
  holdNotifications: boolean;
  serial: number;
  /** Called when an unpaid trade is paid or closes (the notifier sends its notification). */
  onSettled?: (trade: Trade) => void;
}

export const createTradeBook = (): TradeBook => ({
  trades: new Map(),
  notifications: [],
  holdNotifications: false,
  serial: 0,
});
