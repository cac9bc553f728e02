// GET /meta: what this deployment offers (the home page's grid, the demo login's switch).
import { Router } from '@koa/router';

import { describeDeployment } from '../services/meta';

export function createMetaRouter(deps: { config: Parameters<typeof describeDeployment>[0] }): Router {
  const router = new Router();
  router.get('/meta', (ctx) => {
    ctx.body = describeDeployment(deps.config);
  });
  return router;
}
