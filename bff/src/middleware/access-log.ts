// One log line per request, after it is answered.
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

export function accessLog(logger: Logger, now: () => number = Date.now): Middleware {
  return async (ctx, next) => {
    // Below 'info' (production tuned to warn) the line is not built at all.
    if (!logger.isLevelEnabled('info')) return next();
    const started = now();
    try {
      await next();
    } finally {
      logger.info(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: now() - started,
        },
        'request',
      );
    }
  };
}
