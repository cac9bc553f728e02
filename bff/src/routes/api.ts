// Everything under /api/v1: one router per resource.
import { Router } from '@koa/router';
import { API_PREFIX } from '@ybm/shared';

import type { Deps } from '../deps';
import { createMetaRouter } from './meta';

export function createApiRouter(deps: Deps): Router {
  const api = new Router({ prefix: API_PREFIX });
  for (const router of [createMetaRouter(deps)]) api.use(router.routes());
  return api;
}
