// The e-voucher code string shown as a QR on the phone: "YB1" + serial (12) + MAC (10),
// 25 characters of Crockford base-32 (upper-case digits and letters, no I L O U), which
// QR alphanumeric mode carries compactly. The MAC is a truncated HMAC-SM3 over the serial
// and what the code was issued for, keyed from the platform's private key, so nobody but
// the platform can make a code that verifies and any changed character breaks it.
import { createHmac } from 'node:crypto';

import { fromBase64 } from '@ybm/shared/gm';

import type { SandboxContext } from '../context';

export const CODE_PREFIX = 'YB1';
export const SERIAL_LENGTH = 12;
export const MAC_LENGTH = 10;
export const CODE_LENGTH = CODE_PREFIX.length + SERIAL_LENGTH + MAC_LENGTH;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_PATTERN = new RegExp(
  `^${CODE_PREFIX}([${ALPHABET}]{${SERIAL_LENGTH}})([${ALPHABET}]{${MAC_LENGTH}})$`,
);

export interface CodeParts {
  serial: string;
  mac: string;
}

/** What the MAC binds: a code copied onto another person or channel no longer verifies. */
export interface CodeBinding {
  serial: string;
  psnNo: string;
  appId: string;
  issuedAt: string;
}

/** Splits a scanned string into serial and MAC; undefined when it is not a code at all. */
export function parseCode(text: string): CodeParts | undefined {
  const match = CODE_PATTERN.exec(text);
  if (!match) return undefined;
  return { serial: match[1] ?? '', mac: match[2] ?? '' };
}

/** Base-32 of the bytes' leading bits, `length` characters. */
function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  if (out.length < length) throw new RangeError('not enough bytes for the base-32 string');
  return out;
}

/** `value` (a non-negative integer) as `length` base-32 digits, most significant first. */
function base32Digits(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The number `digits` (base-32, most significant first) stand for. */
function base32Value(digits: string): number {
  let value = 0;
  for (const digit of digits) value = value * 32 + ALPHABET.indexOf(digit);
  return value;
}

const TIME_DIGITS = 9; // 45 bits of milliseconds: until the year 3084
const COUNT_DIGITS = SERIAL_LENGTH - TIME_DIGITS;
const COUNT_LIMIT = 32 ** COUNT_DIGITS;
/** The last serial's time and count, per database. */
const lastSerials = new WeakMap<object, { ms: number; count: number }>();

/**
 * Serials in issue order: the issue time in milliseconds, then a count within that
 * millisecond; never the same twice for one database. In order, a new code's rows land at
 * the end of the codes indexes, where the codes issued just before already dirtied the
 * pages: fewer pages written per code than at random places. Being guessable costs
 * nothing: only the MAC makes a code, and it needs the platform's key.
 *
 * `greatestStored` is asked once per database (per process): new serials come after it,
 * so an earlier run's codes are never met again and issuing needs no lookup. The sandbox
 * is the only process that issues codes into its database.
 */
export function newSerial(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  greatestStored: () => string | undefined = () => undefined,
): string {
  let last = lastSerials.get(ctx.db);
  if (!last) {
    const stored = greatestStored();
    last = stored
      ? { ms: base32Value(stored.slice(0, TIME_DIGITS)), count: base32Value(stored.slice(TIME_DIGITS)) }
      : { ms: -1, count: COUNT_LIMIT - 1 };
  }
  // A clock that steps back does not reuse serials: carry on from the last one.
  let ms = Math.max(ctx.now(), last.ms);
  let count = ms === last.ms ? last.count + 1 : 0;
  if (count === COUNT_LIMIT) {
    ms += 1;
    count = 0;
  }
  lastSerials.set(ctx.db, { ms, count });
  return base32Digits(ms, TIME_DIGITS) + base32Digits(count, COUNT_DIGITS);
}

// One derived key per platform key pair; derived, not stored, so it survives a new database.
const macKeys = new WeakMap<object, Buffer>();

function macKey(ctx: Pick<SandboxContext, 'platformKeys'>): Buffer {
  let key = macKeys.get(ctx.platformKeys);
  if (!key) {
    const secret = fromBase64(ctx.platformKeys.privateKey);
    if (!secret) throw new Error('platform private key is not Base64');
    key = createHmac('sm3', Buffer.from(secret)).update('ybm/e-voucher-code-mac/v1').digest();
    macKeys.set(ctx.platformKeys, key);
  }
  return key;
}

export function codeMac(ctx: Pick<SandboxContext, 'platformKeys'>, binding: CodeBinding): string {
  const message = [CODE_PREFIX, binding.serial, binding.psnNo, binding.appId, binding.issuedAt].join('|');
  return base32(createHmac('sm3', macKey(ctx)).update(message, 'utf8').digest(), MAC_LENGTH);
}

export function formatCode(serial: string, mac: string): string {
  return `${CODE_PREFIX}${serial}${mac}`;
}
