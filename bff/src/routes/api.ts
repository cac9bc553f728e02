// Everything under /api/v1: one router per resource, each given only the services it uses.
import { Router } from '@koa/router';
import { API_PREFIX } from '@ybm/shared';

import type { DevPlatformControls } from '../services/platforms';
import type { DevSmsReader } from '../services/sms';
import { createAccountRouter } from './account';
import { createBillsRouter } from './bills';
import { createClaimRouter } from './claim';
import { createConsentsRouter } from './consents';
import { createDevRouter } from './dev';
import { createDirectoryRouter } from './directory';
import { createFamilyRouter } from './family';
import { createMetaRouter } from './meta';
import { createSessionRouter } from './session';
import { createSettingsRouter } from './settings';
import { createVoucherRouter } from './voucher';

type RouterDeps<F extends (deps: never) => unknown> = Parameters<F>[0];

/** What the API's routers use, together. */
export type ApiDeps = RouterDeps<typeof createMetaRouter> &
  RouterDeps<typeof createSessionRouter> &
  RouterDeps<typeof createConsentsRouter> &
  RouterDeps<typeof createClaimRouter> &
  RouterDeps<typeof createVoucherRouter> &
  RouterDeps<typeof createBillsRouter> &
  RouterDeps<typeof createDirectoryRouter> &
  RouterDeps<typeof createSettingsRouter> &
  RouterDeps<typeof createAccountRouter> &
  RouterDeps<typeof createFamilyRouter> & {
    /** Present only when DEV_LOGIN is on: the dev routes. */
    devControls?: DevPlatformControls;
    devSms?: DevSmsReader;
  };

export function createApiRouter(deps: ApiDeps): Router {
  const api = new Router({ prefix: API_PREFIX });
  const routers: { routes(): ReturnType<Router['routes']> }[] = [
    createMetaRouter(deps),
    createSessionRouter(deps),
    createConsentsRouter(deps),
    createClaimRouter(deps),
    createVoucherRouter(deps),
    createBillsRouter(deps),
    createDirectoryRouter(deps),
    createSettingsRouter(deps),
    createAccountRouter(deps),
    createFamilyRouter(deps),
  ];
  // The dev routes exist only when the configuration turns the H5 demo login on.
  if (deps.devControls && deps.devSms)
    routers.push(createDevRouter({ ...deps, controls: deps.devControls, devSms: deps.devSms }));
  for (const router of routers) api.use(router.routes());
  return api;
}
