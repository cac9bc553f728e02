// The one error shape every BFF endpoint answers with.
import '../zod-setup';
import { z } from 'zod';

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * When a last good copy was made (ISO, as the BFF writes it): an answer carrying it came from
 * the copy while its source was down, and the phone says so with this time.
 */
export const AsOfSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
