// The audit port's `around` (AuditLog in ports.ts), written once over its `record`: every engine
// records how a piece of work ended the same way, 'ok' with the detail of its result or the
// error code the caller was answered with.
import { AppError } from '../errors';
import type { AuditLog } from './ports';

/** The outcome an error is recorded with: its code, or INTERNAL_ERROR for a bug. */
export const outcomeOf = (error: unknown): string =>
  error instanceof AppError ? error.code : 'INTERNAL_ERROR';

/**
 * `around` over `record`. A failure of the 'ok' row itself is not recorded as the work's failure:
 * the work is done, and the caller hears of the failed write.
 */
export function aroundOf(record: AuditLog['record']): AuditLog['around'] {
  return async (entry, work, detailOf) => {
    let result;
    try {
      result = await work();
    } catch (error) {
      await record({ ...entry, outcome: outcomeOf(error) });
      throw error;
    }
    const detail = detailOf ? { ...entry.detail, ...detailOf(result) } : entry.detail;
    await record({ ...entry, outcome: 'ok', ...(detail ? { detail } : {}) });
    return result;
  };
}
