// /family: the 亲情账户 — list, add, a pending member's consent (face, SMS), remove — and a
// member's code and its events. Every route is scoped to the session's person: a memberId
// that is not theirs is 404.
import { Router } from '@koa/router';
import {
  AddFamilyMemberSchema,
  MemberParamsSchema,
  SmsCodeSchema,
  VoucherEventsQuerySchema,
} from '@ybm/shared';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { FamilyService } from '../services/family';
import type { MemberCodeService } from '../services/member-codes';
import { longPoll, type Drain } from '../shutdown';

export function createFamilyRouter(deps: {
  family: FamilyService;
  memberCodes: MemberCodeService;
  sessionService: SessionResolver;
  drain: Pick<Drain, 'signal' | 'draining'>;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const { family, memberCodes } = deps;
  const session = (state: SessionState) => state.session;
  const member = validate({ params: MemberParamsSchema });
  router.use('/family', requireSession(deps.sessionService));

  router.get('/family', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await family.list(session(ctx.state));
  });
  router.post('/family/members', validate({ body: AddFamilyMemberSchema }), async (ctx) => {
    ctx.status = 201;
    ctx.body = await family.add(session(ctx.state), ctx.state.input.body);
  });
  router.delete('/family/members/:memberId', member, async (ctx) => {
    ctx.body = await family.remove(session(ctx.state), ctx.state.input.params.memberId);
  });

  router.get('/family/members/:memberId/consent', member, async (ctx) => {
    ctx.body = await family.consent(session(ctx.state), ctx.state.input.params.memberId);
  });
  router.post('/family/members/:memberId/consent/face', member, async (ctx) => {
    ctx.body = await family.startFace(session(ctx.state), ctx.state.input.params.memberId);
  });
  router.post('/family/members/:memberId/consent/face/complete', member, async (ctx) => {
    ctx.body = await family.completeFace(session(ctx.state), ctx.state.input.params.memberId);
  });
  router.post('/family/members/:memberId/consent/sms', member, async (ctx) => {
    ctx.body = await family.sendSms(session(ctx.state), ctx.state.input.params.memberId);
  });
  router.post(
    '/family/members/:memberId/consent/sms/verify',
    validate({ params: MemberParamsSchema, body: SmsCodeSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      ctx.body = await family.verifySms(session(ctx.state), params.memberId, body.smsCode);
    },
  );

  router.get('/family/members/:memberId/code', member, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await memberCodes.issueCode(session(ctx.state), ctx.state.input.params.memberId);
  });
  router.get(
    '/family/members/:memberId/events',
    validate({ params: MemberParamsSchema, query: VoucherEventsQuerySchema }),
    async (ctx) => {
      const { params, query } = ctx.state.input;
      ctx.body = await longPoll(ctx, deps.drain, (signal) =>
        memberCodes.events(session(ctx.state), params.memberId, query.cursor, query.wait * 1000, signal),
      );
    },
  );
  return router;
}
