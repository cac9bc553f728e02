// /settings: the payment password changed or reset (忘记密码), a reserved phone that no longer
// works replaced, unbinding this platform, withdrawing consent, preferences. All need a session.
import { Router } from '@koa/router';
import {
  ChangePasswordSchema,
  ClaimSmsVerifySchema,
  PreferencesSchema,
  RecoveryPasswordSchema,
  RecoveryPhoneSchema,
  RecoveryStartSchema,
  type RecoveryPurpose,
} from '@ybm/shared';
import { z } from 'zod';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { RecoveryService } from '../services/recovery';
import type { SettingsService } from '../services/settings';

const RecoveryParams = z.object({ recoveryId: z.string().regex(/^RCV[0-9a-f]{24}$/) });

export function createSettingsRouter(deps: {
  settings: SettingsService;
  recovery: RecoveryService;
  sessionService: SessionResolver;
}): Router<SessionState> {
  const router = new Router<SessionState>({ prefix: '/settings' });
  const { settings, recovery } = deps;
  router.use(requireSession(deps.sessionService));
  const session = (state: SessionState) => state.session;
  const params = validate({ params: RecoveryParams });

  router.post('/password', validate({ body: ChangePasswordSchema }), async (ctx) => {
    const { oldPasswordCipher, newPasswordCipher } = ctx.state.input.body;
    ctx.body = await settings.changePassword(session(ctx.state), oldPasswordCipher, newPasswordCipher);
  });

  // The two recoveries share their SMS and face steps; each has its own last step.
  const recoveries: [string, RecoveryPurpose][] = [
    ['/password/reset', 'password_reset'],
    ['/phone', 'phone_replace'],
  ];
  for (const [base, purpose] of recoveries) {
    router.post(base, validate({ body: RecoveryStartSchema }), async (ctx) => {
      ctx.body = await recovery.start(session(ctx.state), purpose, ctx.state.input.body);
    });
    router.get(`${base}/:recoveryId`, params, async (ctx) => {
      ctx.body = await recovery.get(session(ctx.state), purpose, ctx.state.input.params.recoveryId);
    });
    router.post(`${base}/:recoveryId/sms`, params, async (ctx) => {
      ctx.body = await recovery.sendSms(session(ctx.state), purpose, ctx.state.input.params.recoveryId);
    });
    router.post(
      `${base}/:recoveryId/sms/verify`,
      validate({ params: RecoveryParams, body: ClaimSmsVerifySchema }),
      async (ctx) => {
        const { params: p, body } = ctx.state.input;
        ctx.body = await recovery.verifySms(session(ctx.state), purpose, p.recoveryId, body.smsCode);
      },
    );
    router.post(`${base}/:recoveryId/face`, params, async (ctx) => {
      ctx.body = await recovery.startFace(session(ctx.state), purpose, ctx.state.input.params.recoveryId);
    });
    router.post(`${base}/:recoveryId/face/complete`, params, async (ctx) => {
      ctx.body = await recovery.completeFace(session(ctx.state), purpose, ctx.state.input.params.recoveryId);
    });
  }
  router.post(
    '/password/reset/:recoveryId/password',
    validate({ params: RecoveryParams, body: RecoveryPasswordSchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await recovery.resetPassword(session(ctx.state), p.recoveryId, body.passwordCipher);
    },
  );
  router.post(
    '/phone/:recoveryId/phone',
    validate({ params: RecoveryParams, body: RecoveryPhoneSchema }),
    async (ctx) => {
      const { params: p, body } = ctx.state.input;
      ctx.body = await recovery.setPhone(session(ctx.state), p.recoveryId, body.phone);
    },
  );

  router.delete('/binding', async (ctx) => {
    ctx.body = await settings.unbind(session(ctx.state));
  });
  router.post('/consent/withdraw', async (ctx) => {
    ctx.body = await settings.withdrawConsent(session(ctx.state));
  });
  router.put('/preferences', validate({ body: PreferencesSchema.strict() }), async (ctx) => {
    ctx.body = await settings.savePreferences(session(ctx.state), ctx.state.input.body);
  });
  return router;
}
