// Gives every request an id (kept from X-Request-Id when it looks sane) and echoes it,
// so a user's error screen and the log line can be matched.
import { randomUUID } from 'node:crypto';

import type { Middleware } from 'koa';

const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(newId: () => string = randomUUID): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = SANE_ID.test(incoming) ? incoming : newId();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
