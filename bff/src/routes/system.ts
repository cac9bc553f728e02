// /healthz (the process serves) and /readyz (this instance can serve people now; 503 if not),
// both unauthenticated and cheap: /readyz answers from state (services/readiness.ts), so a load
// balancer probing it often costs the upstreams nothing.
import { Router } from '@koa/router';

import type { ReadinessService } from '../services/readiness';

export function createSystemRouter(deps: { readiness: ReadinessService }): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const readiness = await deps.readiness.report();
    ctx.status = readiness.status === 'ready' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = readiness;
  });
  return router;
}
