// /healthz (the process serves) and /readyz (the insurance platform answers; 503 if not).
import { Router } from '@koa/router';

import { checkReadiness } from '../services/readiness';

export function createSystemRouter(deps: Parameters<typeof checkReadiness>[0]): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const readiness = await checkReadiness(deps);
    ctx.status = readiness.status === 'ready' ? 200 : 503;
    ctx.body = readiness;
  });
  return router;
}
