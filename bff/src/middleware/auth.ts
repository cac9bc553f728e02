// requireSession: reads `Authorization: Bearer <token>` and puts the live session in
// ctx.state.session, or answers 401 UNAUTHENTICATED. Routers that need it are typed
// Router<SessionState>, so their routes read ctx.state.session without a cast.
import type { Middleware } from 'koa';

import { AppError } from '../errors';
import type { SessionRecord } from '../store/records';

export interface SessionState {
  session: SessionRecord;
  token: string;
}

/** What the middleware needs of the session service. */
export interface SessionResolver {
  resolve(token: string): Promise<SessionRecord | undefined>;
}

export function requireSession(sessions: SessionResolver): Middleware<SessionState> {
  return async (ctx, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(ctx.get('authorization'));
    const session = match?.[1] ? await sessions.resolve(match[1]) : undefined;
    if (!match?.[1] || !session) throw new AppError('UNAUTHENTICATED');
    ctx.state.session = session;
    ctx.state.token = match[1];
    await next();
  };
}
