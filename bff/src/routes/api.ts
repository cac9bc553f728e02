// Everything under /api/v1: one router per resource.
import { Router } from '@koa/router';
import { API_PREFIX } from '@ybm/shared';

import type { Deps } from '../deps';
import { createAccountRouter } from './account';
import { createBillsRouter } from './bills';
import { createClaimRouter } from './claim';
import { createConsentsRouter } from './consents';
import { createDevRouter } from './dev';
import { createFamilyRouter } from './family';
import { createMetaRouter } from './meta';
import { createSessionRouter } from './session';
import { createVoucherRouter } from './voucher';

export function createApiRouter(deps: Deps): Router {
  const api = new Router({ prefix: API_PREFIX });
  const routers = [
    createMetaRouter(deps),
    createSessionRouter(deps),
    createConsentsRouter(deps),
    createClaimRouter(deps),
    createVoucherRouter(deps),
    createBillsRouter(deps),
    createAccountRouter(deps),
    createFamilyRouter(deps),
  ];
  // The dev routes exist only when the configuration turns the H5 demo login on.
  if (deps.devControls) routers.push(createDevRouter({ ...deps, controls: deps.devControls }));
  for (const router of routers) api.use(router.routes());
  return api;
}
