// Readiness: the insurance platform answers a sealed echo on every configured channel
// (our envelope verified and decrypted there, its answer signed, encrypted and verified
// here) within the timeout.
import type { Readiness } from '@ybm/shared';

import type { InsuranceChannels, InsuranceClient } from '../clients/insurance';
import { AppError, UpstreamError } from '../errors';

async function echo(insurance: InsuranceClient, nonce: string): Promise<string | undefined> {
  try {
    return (await insurance.echo(nonce)) === nonce ? undefined : 'echo did not return our nonce';
  } catch (caught) {
    if (caught instanceof UpstreamError) return `${caught.code}: ${caught.reason}`;
    if (caught instanceof AppError) return caught.code;
    return caught instanceof Error ? caught.name : 'unknown failure';
  }
}

export async function checkReadiness(deps: {
  insurance: InsuranceChannels;
  now: () => number;
  newId: () => string;
}): Promise<Readiness> {
  const started = deps.now();
  const channels = Object.entries(deps.insurance).filter(
    (entry): entry is [string, InsuranceClient] => entry[1] !== undefined,
  );
  const failures = await Promise.all(
    channels.map(async ([name, insurance]) => {
      const failure = await echo(insurance, deps.newId());
      return failure && `${name}: ${failure}`;
    }),
  );
  const error = failures.filter(Boolean).join('; ') || undefined;
  const latencyMs = Math.max(0, deps.now() - started);
  const ok = error === undefined;
  return {
    status: ok ? 'ready' : 'not_ready',
    checks: { insurancePlatform: { ok, latencyMs, ...(error ? { error } : {}) } },
  };
}
