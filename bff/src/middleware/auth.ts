// requireSession: reads `Authorization: Bearer <token>` and puts the live session in
// ctx.state.session, or answers 401 UNAUTHENTICATED.
import type { Middleware } from 'koa';

import { AppError } from '../errors';
import type { SessionRecord, SessionStore } from '../store/sessions';

export interface SessionState {
  session: SessionRecord;
  token: string;
}

export function requireSession(sessions: SessionStore): Middleware {
  return async (ctx, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(ctx.get('authorization'));
    const session = match?.[1] ? sessions.resolve(match[1]) : undefined;
    if (!match?.[1] || !session) throw new AppError('UNAUTHENTICATED');
    ctx.state.session = session;
    ctx.state.token = match[1];
    await next();
  };
}
