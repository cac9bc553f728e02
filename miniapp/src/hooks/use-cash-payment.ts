// The cash step of the pay page: 去支付 places (or reuses) the order at the person's platform and
// opens its cashier — WeChat Pay, Alipay, or on H5 the simulated sheet. Coming back, the page
// never takes the cashier's word: it asks the BFF, and says 已支付 only when the BFF does (the
// BFF asks the platform, or has its signed notification). While the BFF has no answer yet the
// page says it is waiting and keeps asking for about a minute, then offers 刷新 and 去支付 again.
// A cancel goes straight back to 去支付; a closed or expired order says so and pays anew.
import type { Bill, CashPayment, CashStatus } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiError } from '../services/api';
import {
  CASHIER_NAMES,
  cashStatus,
  devCashier,
  openPlatformCashier,
  placeCashOrder,
} from '../services/cash-payment';

export const CASH_RECHECK_MS = 2_000;
/** About a minute of rechecks; after that the page offers 刷新 and 去支付. */
export const CASH_RECHECKS = 30;

export type CashPhase =
  | { name: 'idle'; note?: string }
  /** The H5 demo's simulated cashier is open for this order. */
  | { name: 'sheet'; payment: Extract<CashPayment, { provider: 'dev' }> }
  /** Back from the cashier: the BFF has not said paid yet. */
  | { name: 'waiting'; confirming: boolean; stalled: boolean; cashier: string };

export interface CashPaymentStep {
  phase: CashPhase;
  busy: boolean;
  error?: string;
  /** 去支付: place or reuse the order and open the cashier. */
  start: () => void;
  /** The sheet's 支付 / 取消, and its close (×): leaving without choosing. */
  sheetPay: () => void;
  sheetCancel: () => void;
  sheetClose: () => void;
  /** 刷新 while waiting: ask the BFF once more (and keep asking). */
  recheck: () => void;
}

const CLOSED_NOTE = '上一笔支付订单已关闭或已过期，未扣款，请重新支付';
const CANCELLED_NOTE = '已取消支付，未扣款。可重新点击去支付';
const LEFT_NOTE = '支付未完成，未扣款。订单15分钟内有效，可重新点击去支付';

export function useCashPayment(
  bill: Bill,
  onBill: (bill: Bill) => void,
  reload: () => void,
): CashPaymentStep {
  const [phase, setPhase] = useState<CashPhase>({ name: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [checks, setChecks] = useState(0);
  const inFlight = useRef(false);
  const mounted = useRef(true);
  const cashier = useRef<string>(CASHIER_NAMES.wechatpay);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const wait = (confirming: boolean) => {
    setError(undefined);
    setChecks(0);
    setPhase({ name: 'waiting', confirming, stalled: false, cashier: cashier.current });
  };

  /** One request at a time: taps while one is in flight do nothing. */
  const exclusive = (work: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    work()
      .catch((failure: unknown) => {
        if (!mounted.current) return;
        const apiError = toApiError(failure);
        if (apiError.code === 'CASH_PAYMENT_CONFIRMING') return wait(true);
        if (apiError.code === 'BILL_ALREADY_PAID' || apiError.code === 'BILL_NOT_AWAITING_CASH') reload();
        if (apiError.code === 'CASH_ORDER_CLOSED') setPhase({ name: 'idle', note: CLOSED_NOTE });
        setError(apiError.message);
      })
      .finally(() => {
        inFlight.current = false;
        if (mounted.current) setBusy(false);
      });
  };

  /** What the BFF says, applied: paid → the bill; closed → pay anew; otherwise still waiting. */
  const apply = useCallback(
    (status: CashStatus, leftWithout?: string): boolean => {
      if (status.state === 'paid') {
        setPhase({ name: 'idle' });
        onBill(status.bill);
        return true;
      }
      if (status.state === 'unpaid') {
        setPhase({ name: 'idle', note: status.closed ? CLOSED_NOTE : leftWithout });
        return true;
      }
      if (leftWithout && status.state === 'open') {
        setPhase({ name: 'idle', note: leftWithout });
        return true;
      }
      return false;
    },
    [onBill],
  );

  // Waiting: ask again every few seconds, until the BFF says how it ended or a minute passes.
  const waiting = phase.name === 'waiting' && !phase.stalled;
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setTimeout(
      () => {
        cashStatus(bill.billId).then(
          (status) => {
            if (!mounted.current || apply(status)) return;
            const stalled = checks + 1 >= CASH_RECHECKS;
            setChecks((n) => n + 1);
            setPhase({
              name: 'waiting',
              confirming: status.state === 'confirming',
              stalled,
              cashier: cashier.current,
            });
          },
          () => {
            if (!mounted.current) return;
            setChecks((n) => n + 1);
            if (checks + 1 >= CASH_RECHECKS)
              setPhase((current) => (current.name === 'waiting' ? { ...current, stalled: true } : current));
          },
        );
      },
      checks === 0 ? 0 : CASH_RECHECK_MS,
    );
    return () => clearTimeout(timer);
  }, [waiting, checks, bill.billId, apply]);

  /** Back from a cashier: a cancel is final for the page; anything else waits for the BFF. */
  const back = async (how: 'returned' | 'cancelled' | 'left') => {
    if (how === 'returned') return wait(false);
    // Cancelled or left: one look, in case the platform took the money all the same.
    const status = await cashStatus(bill.billId).catch(() => undefined);
    if (!mounted.current) return;
    if (status?.state === 'confirming') return wait(true);
    const note = how === 'cancelled' ? CANCELLED_NOTE : LEFT_NOTE;
    if (!status || !apply(status, note)) setPhase({ name: 'idle', note });
  };

  return {
    phase,
    busy,
    error,
    start: () =>
      exclusive(async () => {
        setError(undefined);
        const payment = await placeCashOrder(bill.billId);
        if (!mounted.current) return;
        cashier.current = CASHIER_NAMES[payment.provider === 'dev' ? payment.platform : payment.provider];
        if (payment.provider === 'dev') {
          setPhase({ name: 'sheet', payment });
          return;
        }
        await back(await openPlatformCashier(payment));
      }),
    sheetPay: () =>
      exclusive(async () => {
        if (phase.name !== 'sheet') return;
        await devCashier(phase.payment.orderId, 'pay');
        if (mounted.current) await back('returned');
      }),
    sheetCancel: () =>
      exclusive(async () => {
        if (phase.name !== 'sheet') return;
        await devCashier(phase.payment.orderId, 'cancel');
        if (mounted.current) await back('cancelled');
      }),
    sheetClose: () =>
      exclusive(async () => {
        if (phase.name === 'sheet') await back('left');
      }),
    recheck: () => {
      if (phase.name === 'waiting') wait(phase.confirming);
    },
  };
}
