// Reading the JSON body of a fake platform's /dev control: parsed with zod, or a 400 whose
// message says which field is wrong (the fakes' error middleware answers it).
import { z } from 'zod';

export function parseDevBody<T>(schema: z.ZodType<T>, ctx: { request: unknown }): T {
  const parsed = schema.safeParse((ctx.request as { body?: unknown }).body ?? {});
  if (!parsed.success) {
    throw Object.assign(new Error(z.prettifyError(parsed.error)), { status: 400, expose: true });
  }
  return parsed.data;
}
