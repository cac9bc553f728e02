// Liveness and readiness: /healthz says the process serves; /readyz that the insurance
// platform answers a sealed round trip.
import '../zod-setup';
import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof HealthSchema>;

export const DependencyCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().optional(),
});

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ insurancePlatform: DependencyCheckSchema }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
