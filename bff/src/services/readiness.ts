// Readiness: the insurance platform answers a sealed echo (our envelope verified and
// decrypted there, its answer signed, encrypted and verified here) within the timeout.
import type { Readiness } from '@ybm/shared';

import type { InsurancePlatform } from '../clients/insurance';
import { AppError, UpstreamError } from '../errors';

export async function checkReadiness(deps: {
  insurance: InsurancePlatform;
  now: () => number;
  newId: () => string;
}): Promise<Readiness> {
  const started = deps.now();
  const nonce = deps.newId();
  let error: string | undefined;
  try {
    const answer = (await deps.insurance.call('sys.echo', { nonce })) as { nonce?: unknown } | undefined;
    if (answer?.nonce !== nonce) error = 'echo did not return our nonce';
  } catch (caught) {
    if (caught instanceof UpstreamError) error = `${caught.code}: ${caught.reason}`;
    else if (caught instanceof AppError) error = caught.code;
    else error = caught instanceof Error ? caught.name : 'unknown failure';
  }
  const latencyMs = Math.max(0, deps.now() - started);
  const ok = error === undefined;
  return {
    status: ok ? 'ready' : 'not_ready',
    checks: { insurancePlatform: { ok, latencyMs, ...(error ? { error } : {}) } },
  };
}
