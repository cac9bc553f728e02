// Sandbox-only dev controls (no such thing on the real platform): the seeded personas, so
// the BFF's H5 demo login can offer "act as …" and tests can pick a person.
import { Router } from '@koa/router';

import { PERSONAS } from './seed/personas';

export function createDevRouter(): Router {
  const router = new Router({ prefix: '/dev' });
  router.get('/personas', (ctx) => {
    ctx.body = {
      personas: Object.values(PERSONAS).map(({ key, name, docType, docNumber, note }) => ({
        key,
        name,
        docType,
        docNumber,
        note,
      })),
    };
  });
  return router;
}
