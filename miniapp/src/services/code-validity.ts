// How long a code is good for on this phone, and whether the phone's clock is right. The
// platform stamps a code's issue and expiry times on its own clock; the phone only knows when
// it asked (sentAt) and when the answer came (receivedAt). The code was issued between the
// two, so on the phone's clock it expires no earlier than sentAt + lifetime: counting from
// sentAt never shows a code past its expiry, whatever the phone's clock says. The same two
// times measure the phone's clock against the platform's (to within half the round trip).
import type { VoucherCode } from '@ybm/shared';

/** A code lives at most this long, whatever its timestamps say. */
export const MAX_LIFETIME_MS = 60_000;
/** Auto-refresh this long before the code expires (the counter needs a moment to scan it). */
export const REFRESH_BEFORE_EXPIRY_MS = 5_000;
/** Say the phone's clock is off when it is off by more than this (beyond what we cannot tell). */
export const CLOCK_OFF_MS = 5_000;

export interface Validity {
  /** On the phone's clock. */
  expiresAt: number;
  refreshAt: number;
  /** Platform time minus phone time, when the phone's clock is off by more than CLOCK_OFF_MS. */
  clockOffsetMs?: number;
}

export function validityOf(code: VoucherCode, sentAt: number, receivedAt: number): Validity {
  const issued = Date.parse(code.issuedAt);
  const expires = Date.parse(code.expiresAt);
  const stamped = Number.isFinite(issued) && Number.isFinite(expires) && expires > issued;
  const lifetime = stamped ? Math.min(expires - issued, MAX_LIFETIME_MS) : MAX_LIFETIME_MS;
  // Never before the answer came: a code is shown for at least the time it takes to refresh.
  const expiresAt = Math.max(sentAt + lifetime, receivedAt);
  const left = expiresAt - receivedAt;
  const refreshAt = receivedAt + Math.max(left - REFRESH_BEFORE_EXPIRY_MS, left / 2);
  if (!stamped) return { expiresAt, refreshAt };
  const offset = issued - (sentAt + receivedAt) / 2;
  const uncertainty = (receivedAt - sentAt) / 2;
  return Math.abs(offset) - uncertainty > CLOCK_OFF_MS
    ? { expiresAt, refreshAt, clockOffsetMs: Math.round(offset) }
    : { expiresAt, refreshAt };
}
