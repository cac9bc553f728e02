import { Router } from '@koa/router';

import type { Deps } from '../deps';
import { describeDeployment } from '../services/meta';

export function createMetaRouter(deps: Deps): Router {
  const router = new Router();
  router.get('/meta', (ctx) => {
    ctx.body = describeDeployment(deps.config);
  });
  return router;
}
