// GET /institutions, /institutions/:code, /regions, /catalogue, /catalogue/:code/estimate and
// the 异地就医备案 routes (/remote-care): HTTP mapped to the directory and remote-care services.
import { Router } from '@koa/router';
import {
  CatalogueParamsSchema,
  CatalogueQuerySchema,
  EstimateQuerySchema,
  InstitutionParamsSchema,
  InstitutionsQuerySchema,
  RemoteCareParamsSchema,
  RemoteCareRequestSchema,
} from '@ybm/shared';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { DirectoryService } from '../services/directory';
import type { RemoteCareService } from '../services/remote-care';

export function createDirectoryRouter(deps: {
  directory: DirectoryService;
  remoteCare: RemoteCareService;
  sessionService: SessionResolver;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const { directory, remoteCare } = deps;
  const session = (state: SessionState) => state.session;
  router.use(
    ['/institutions', '/regions', '/catalogue', '/remote-care'],
    requireSession(deps.sessionService),
  );

  router.get('/institutions', validate({ query: InstitutionsQuerySchema }), async (ctx) => {
    ctx.body = await directory.institutions(session(ctx.state), ctx.state.input.query);
  });
  router.get('/institutions/:code', validate({ params: InstitutionParamsSchema }), async (ctx) => {
    ctx.body = await directory.institution(session(ctx.state), ctx.state.input.params.code);
  });
  router.get('/regions', async (ctx) => {
    ctx.body = await directory.regions(session(ctx.state));
  });
  router.get('/catalogue', validate({ query: CatalogueQuerySchema }), async (ctx) => {
    ctx.body = await directory.catalogue(session(ctx.state), ctx.state.input.query);
  });
  router.get(
    '/catalogue/:code/estimate',
    validate({ params: CatalogueParamsSchema, query: EstimateQuerySchema }),
    async (ctx) => {
      const { params, query } = ctx.state.input;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await directory.estimate(session(ctx.state), params.code, query);
    },
  );

  router.get('/remote-care', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await remoteCare.list(session(ctx.state));
  });
  router.post('/remote-care', validate({ body: RemoteCareRequestSchema }), async (ctx) => {
    ctx.status = 201;
    ctx.body = await remoteCare.file(session(ctx.state), ctx.state.input.body);
  });
  router.delete('/remote-care/:filingId', validate({ params: RemoteCareParamsSchema }), async (ctx) => {
    ctx.body = await remoteCare.cancel(session(ctx.state), ctx.state.input.params.filingId);
  });
  return router;
}
