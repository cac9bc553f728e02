// Liveness and readiness: /healthz says the process serves; /readyz whether this instance can
// serve people now — its stores reachable and the insurance platform's circuit closed — from
// state the BFF keeps (issue 26), with nothing an outsider could use: no errors, no timings.
import '../zod-setup';
import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof HealthSchema>;

export const DependencyCheckSchema = z.object({ ok: z.boolean() });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  /** Present (true) once the instance shuts down: it finishes what it has and takes nothing new. */
  draining: z.literal(true).optional(),
  checks: z.object({
    /** Decide readiness. */
    insurancePlatform: DependencyCheckSchema,
    storage: DependencyCheckSchema,
    /** Reported only: without them some people still get served. */
    wechat: DependencyCheckSchema.optional(),
    alipay: DependencyCheckSchema.optional(),
    payments: DependencyCheckSchema.optional(),
  }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
