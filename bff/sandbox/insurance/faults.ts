// Sandbox-only fault control (issue 26; no such thing on the real platform): the fault tests and
// a developer make the platform slow or down without stopping it. `POST /dev/faults` with
// `{ delayMs?, down? }` sets what is given (the rest stays as it is) and answers the faults now
// in force; `DELETE /dev/faults` clears them; `GET /dev/faults` reads them. While `down`, every
// platform transaction (the channel gateway, 62xx mobile payments, the 两定 interface, the
// e-voucher centre) is answered HTTP 503 with an empty body and nothing is done, as a gateway
// in front of a dead platform answers; `delayMs` holds every answer that long — the transaction
// runs first, so an answer the caller gave up on may still have changed something (a payment
// in doubt). The dev controls and /healthz are never faulted: a test must be able to end a fault.
import { Router } from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';

export const MAX_FAULT_DELAY_MS = 120_000;

const FaultsInput = z
  .object({
    delayMs: z.number().int().min(0).max(MAX_FAULT_DELAY_MS).optional(),
    down: z.boolean().optional(),
  })
  .strict();

export interface Faults {
  delayMs: number;
  down: boolean;
}

export interface FaultControl {
  current(): Faults;
  /** Runs first on every request: holds and refuses platform transactions as the faults say. */
  middleware: Koa.Middleware;
  /** `/dev/faults`: read, set and clear the faults. */
  router(): Router;
}

const NO_FAULTS: Faults = { delayMs: 0, down: false };

/** Paths a fault never touches: the sandbox's own controls and its health check. */
const unfaulted = (path: string) => path === '/healthz' || path.startsWith('/dev/');

export function createFaultControl(): FaultControl {
  let faults: Faults = { ...NO_FAULTS };
  const hold = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined);

  return {
    current: () => ({ ...faults }),
    async middleware(ctx, next) {
      if (unfaulted(ctx.path)) return next();
      // What is in force when the request arrives decides its fate, as with a real outage.
      const { delayMs, down } = faults;
      if (down) {
        await hold(delayMs);
        ctx.status = 503;
        ctx.body = '';
        return;
      }
      await next();
      await hold(delayMs);
    },
    router() {
      const router = new Router({ prefix: '/dev' });
      router.get('/faults', (ctx) => {
        ctx.body = { ...faults };
      });
      router.post('/faults', (ctx) => {
        const parsed = FaultsInput.safeParse((ctx.request as { body?: unknown }).body ?? {});
        if (!parsed.success) {
          ctx.status = 400;
          ctx.body = {
            code: 'VALIDATION_ERROR',
            message: `故障设置无效：delayMs 为 0–${MAX_FAULT_DELAY_MS} 的整数毫秒，down 为 true 或 false`,
          };
          return;
        }
        faults = { ...faults, ...parsed.data };
        ctx.body = { ...faults };
      });
      router.delete('/faults', (ctx) => {
        faults = { ...NO_FAULTS };
        ctx.body = { ...faults };
      });
      return router;
    },
  };
}
