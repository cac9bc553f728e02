// The one error shape: { error: { code, message, requestId, details? } }. Mounted first.
// AppErrors keep their code; body-parser and router errors get catalogue codes; anything
// else is INTERNAL_ERROR, logged with its stack, and never shows its own message.
import { ERRORS, type ErrorCode } from '@ybm/shared';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

import { AppError, DependencyDown, PlatformRefusal, UpstreamError } from '../errors';

const HTTP_ERROR_CODES: Record<number, ErrorCode> = {
  400: 'BAD_JSON',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  501: 'METHOD_NOT_ALLOWED',
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof UpstreamError || error instanceof PlatformRefusal) return error.shown();
  if (error instanceof AppError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = HTTP_ERROR_CODES[status] ?? 'VALIDATION_ERROR';
    return new AppError(code, { status: status === 501 ? 405 : status, cause: error });
  }
  return undefined;
}

export function errorHandler(logger: Logger, now: () => number = Date.now): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND');
    } catch (error) {
      const known = toAppError(error);
      const appError = known ?? new AppError('INTERNAL_ERROR', { cause: error });
      const log = { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, code: appError.code };
      if (!known) logger.error({ ...log, err: error }, 'unhandled error');
      else if (appError instanceof DependencyDown)
        logger.warn({ ...log, dependency: appError.dependency }, 'refused: dependency down');
      else if (error instanceof UpstreamError)
        logger.warn({ ...log, upstream: error.upstream, reason: error.reason }, 'upstream failure');
      else if (appError.status >= 500) logger.error({ ...log, err: appError.cause }, 'server error');

      ctx.status = appError.status;
      // When the breaker will try the dependency again: the phone (and a proxy) may wait that long.
      if (appError instanceof DependencyDown && appError.retryAt !== undefined) {
        ctx.set('Retry-After', String(Math.max(1, Math.ceil((appError.retryAt - now()) / 1000))));
      }
      ctx.body = {
        error: {
          code: appError.code,
          message: appError.expose ? appError.message : ERRORS[appError.code].message,
          requestId: ctx.state.requestId,
          ...(appError.expose && appError.details !== undefined ? { details: appError.details } : {}),
        },
      };
    }
  };
}
