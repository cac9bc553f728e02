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

import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { ClaimService } from '../services/claim';
import type { SessionStore } from '../store/sessions';

const ClaimParams = z.object({ claimId: z.string().regex(/^CLM[0-9a-f]{24}$/) });

export function createClaimRouter(deps: {
  claimService: ClaimService;
  sessions: SessionStore;
  passwordKey: z.infer<typeof PasswordKeySchema>;
}): Router {
  const router = new Router({ prefix: '/claim' });
  const { claimService: claims } = deps;
  router.use(requireSession(deps.sessions));
  const session = (state: unknown) => (state as SessionState).session;
  const params = validate({ params: ClaimParams });

  // Before /:claimId so the literal path wins.
  router.get('/password-key', (ctx) => {
    ctx.body = deps.passwordKey;
  });
  router.post('/', validate({ body: ClaimConsentSchema }), (ctx) => {
    ctx.body = claims.start(session(ctx.state));
  });
  router.get('/:claimId', params, (ctx) => {
    ctx.body = claims.get(session(ctx.state), ctx.state.input.params.claimId);
  });
  router.post(
    '/:claimId/identity',
    validate({ params: ClaimParams, body: ClaimIdentitySchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await claims.identity(session(ctx.state), p.claimId, body);
    },
  );
  router.post('/:claimId/sms', params, async (ctx) => {
    ctx.body = await claims.sendSms(session(ctx.state), ctx.state.input.params.claimId);
  });
  router.post(
    '/:claimId/sms/verify',
    validate({ params: ClaimParams, body: ClaimSmsVerifySchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await claims.verifySms(session(ctx.state), p.claimId, body.smsCode);
    },
  );
  router.post('/:claimId/face', params, async (ctx) => {
    ctx.body = await claims.startFace(session(ctx.state), ctx.state.input.params.claimId);
  });
  router.post('/:claimId/face/complete', params, async (ctx) => {
    ctx.body = await claims.completeFace(session(ctx.state), ctx.state.input.params.claimId);
  });
  for (const mode of ['password', 'sync'] as const) {
    router.post(
      `/:claimId/${mode}`,
      validate({ params: ClaimParams, body: ClaimPasswordSchema }),
      async (ctx) => {
        const { params: p, body } = ctx.state.input;
        ctx.body = await claims.finish(session(ctx.state), p.claimId, body.passwordCipher, mode);
      },
    );
  }
  return router;
}
