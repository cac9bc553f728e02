// The periodic side of cash payments, started by main.ts: confirm to the insurance platform
// what WeChat Pay or Alipay said was paid (after a crash, or while the platform was down), ask
// the payment platforms about orders with no news (closing expired ones, which frees their
// bills), and make the cash refunds that are due. The services read the injected clock; the
// timer only says when to look. A round runs through `exclusively`: with several instances on
// one database, one round at a time in all of them (a round another runs is not waited for).
import type { CashPaymentService } from './cash-payments';
import type { CashRefunds } from './cash-refunds';

export interface CashWorker {
  /** One round now (also what the timer runs); resolves when it is done. */
  tick(): Promise<void>;
  /** No more rounds; resolves once the round in progress (if any) ended. */
  stop(): Promise<void>;
}

export function startCashWorker(deps: {
  cashPayments: Pick<CashPaymentService, 'sweep'>;
  cashRefunds: Pick<CashRefunds, 'run'>;
  /** Runs a round unless one runs already, here or on another instance (stores.exclusively). */
  exclusively: (round: () => Promise<void>) => Promise<{ ran: boolean }>;
  /** 0: no timer, `tick` by hand (tests). */
  intervalMs: number;
  onError?: (error: unknown) => void;
}): CashWorker {
  let round: Promise<void> | undefined;
  const tick = () => {
    // One round at a time: a slow platform must not pile rounds up.
    round ??= deps
      .exclusively(() =>
        Promise.all([deps.cashPayments.sweep(), deps.cashRefunds.run()]).then(() => undefined),
      )
      .then(() => undefined, deps.onError)
      .finally(() => {
        round = undefined;
      });
    return round;
  };
  const timer = deps.intervalMs > 0 ? setInterval(() => void tick(), deps.intervalMs) : undefined;
  // Never what keeps the process alive.
  timer?.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
