// /claim: the voucher claim flow, one route per step; all need a session.
import { Router } from '@koa/router';
import {
  ClaimConsentSchema,
  ClaimIdentitySchema,
  ClaimPasswordSchema,
  ClaimSmsVerifySchema,
  type PasswordKeySchema,
} from '@ybm/shared';
import { z } from 'zod';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { ClaimService } from '../services/claim';

const ClaimParams = z.object({ claimId: z.string().regex(/^CLM[0-9a-f]{24}$/) });

export function createClaimRouter(deps: {
  claimService: ClaimService;
  sessionService: SessionResolver;
  passwordKey: z.infer<typeof PasswordKeySchema>;
}): Router<SessionState> {
  const router = new Router<SessionState>({ prefix: '/claim' });
  const { claimService: claims } = deps;
  router.use(requireSession(deps.sessionService));
  const params = validate({ params: ClaimParams });

  // Before /:claimId so the literal path wins.
  router.get('/password-key', (ctx) => {
    ctx.body = deps.passwordKey;
  });
  router.post('/', validate({ body: ClaimConsentSchema }), async (ctx) => {
    ctx.body = await claims.start(ctx.state.session);
  });
  router.get('/:claimId', params, async (ctx) => {
    ctx.body = await claims.get(ctx.state.session, ctx.state.input.params.claimId);
  });
  router.post(
    '/:claimId/identity',
    validate({ params: ClaimParams, body: ClaimIdentitySchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await claims.identity(ctx.state.session, p.claimId, body);
    },
  );
  router.post('/:claimId/sms', params, async (ctx) => {
    ctx.body = await claims.sendSms(ctx.state.session, ctx.state.input.params.claimId);
  });
  router.post(
    '/:claimId/sms/verify',
    validate({ params: ClaimParams, body: ClaimSmsVerifySchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await claims.verifySms(ctx.state.session, p.claimId, body.smsCode);
    },
  );
  router.post('/:claimId/face', params, async (ctx) => {
    ctx.body = await claims.startFace(ctx.state.session, ctx.state.input.params.claimId);
  });
  router.post('/:claimId/face/complete', params, async (ctx) => {
    ctx.body = await claims.completeFace(ctx.state.session, ctx.state.input.params.claimId);
  });
  for (const mode of ['password', 'sync'] as const) {
    router.post(
      `/:claimId/${mode}`,
      validate({ params: ClaimParams, body: ClaimPasswordSchema }),
      async (ctx) => {
        const { params: p, body } = ctx.state.input;
        ctx.body = await claims.finish(ctx.state.session, p.claimId, body.passwordCipher, mode);
      },
    );
  }
  return router;
}
