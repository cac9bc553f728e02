// The pay page's flow for one bill: review → password on the keypad → payBill (one request
// id per password entry, kept for the network retry) → the answer replaces the bill. (A cash
// part is use-cash-payment's.) One request at a time: taps while one is in flight do nothing.
import { useDidShow } from '@tarojs/taro';
import type { Bill } from '@ybm/shared';
import { useEffect, useRef, useState } from 'react';

import { toApiError, type ApiError } from '../services/api';
import { passwordWrongMessage, payBill } from '../services/bill-payment';
import { newRequestId } from '../services/bills';
import { ensureSecureRandom, secureRandomBytes } from '../services/crypto';

export type PayStage = 'review' | 'password';

/** Errors after which the bill itself says what happened: look at it again. */
const BILL_CHANGED = new Set(['BILL_ALREADY_PAID', 'BILL_REVOKED']);

export interface BillPayment {
  stage: PayStage;
  useAccount: boolean;
  busy: boolean;
  /** Said next to the keypad (a wrong password) or under the pay button (anything else). */
  error?: string;
  /** Paying cannot go on today (password locked) or on this phone (no secure random). */
  blocked: boolean;
  /** Blocked by today's password lock: 忘记密码 is the way on. */
  locked: boolean;
  /** Changes with every password entry, so the keypad starts empty. */
  entry: number;
  setUseAccount: (useAccount: boolean) => void;
  /** A family member's bill: whose personal account pays (家庭共济: the guardian's). */
  accountOf: 'member' | 'guardian';
  setAccountOf: (accountOf: 'member' | 'guardian') => void;
  confirm: () => void;
  cancel: () => void;
  submitPassword: (password: string) => void;
}

export function useBillPayment(bill: Bill, onBill: (bill: Bill) => void, reload: () => void): BillPayment {
  const [stage, setStage] = useState<PayStage>('review');
  const [useAccount, setUseAccount] = useState(true);
  const [accountOf, setAccountOf] = useState<'member' | 'guardian'>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [blocked, setBlocked] = useState(false);
  const [locked, setLocked] = useState(false);
  // Back from 忘记密码: the lock may be lifted, so the password may be tried again.
  useDidShow(() => {
    if (!locked) return;
    setLocked(false);
    setBlocked(false);
    setError(undefined);
  });
  const [entry, setEntry] = useState(0);
  const inFlight = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    // Find out before any digit is typed whether this phone can encrypt at all.
    ensureSecureRandom().catch((failure: unknown) => {
      if (!mounted.current) return;
      setBlocked(true);
      setError(toApiError(failure).message);
    });
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Runs one request at a time: a tap while one is in flight does nothing. */
  const exclusive = (work: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    work().finally(() => {
      inFlight.current = false;
      if (mounted.current) setBusy(false);
    });
  };

  const refused = (apiError: ApiError) => {
    if (apiError.code === 'PASSWORD_WRONG') {
      setError(passwordWrongMessage(apiError));
      setEntry((n) => n + 1); // re-enter: a new entry, so a new request id
      return;
    }
    setStage('review');
    setError(apiError.message);
    if (apiError.code === 'PASSWORD_LOCKED' || apiError.code === 'SECURE_RANDOM_UNAVAILABLE')
      setBlocked(true);
    if (apiError.code === 'PASSWORD_LOCKED') setLocked(true);
    if (apiError.code === 'BILL_PAYMENT_IN_PROGRESS') {
      setError(undefined);
      onBill({ ...bill, status: 'paying' }); // 支付处理中, rechecked by useBill
    }
    if (BILL_CHANGED.has(apiError.code)) reload();
  };

  return {
    stage,
    useAccount,
    busy,
    error,
    blocked,
    locked,
    entry,
    setUseAccount: (value) => {
      if (!busy) setUseAccount(value);
    },
    accountOf,
    setAccountOf: (value) => {
      if (!busy) setAccountOf(value);
    },
    confirm: () => {
      if (busy || blocked || bill.status !== 'unpaid') return;
      setError(undefined);
      setEntry((n) => n + 1);
      setStage('password');
    },
    cancel: () => {
      if (busy) return;
      setError(undefined);
      setStage('review');
    },
    submitPassword: (password) =>
      exclusive(async () => {
        try {
          const requestId = newRequestId(secureRandomBytes);
          const paid = await payBill(bill.billId, {
            useAccount,
            password,
            requestId,
            ...(bill.forMember ? { accountOf } : {}),
          });
          if (!mounted.current) return;
          setError(undefined);
          setStage('review');
          onBill(paid);
        } catch (failure) {
          if (mounted.current) refused(toApiError(failure));
        }
      }),
  };
}
