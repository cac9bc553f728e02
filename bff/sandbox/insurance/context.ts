// What every part of the insurance sandbox is given: storage, a clock and a source of
// randomness (both injectable so tests are deterministic), and the platform's keys.
import { randomFillSync } from 'node:crypto';

import type { EnvelopeCodec, Sm2KeyPair } from '@ybm/shared/gm';

import type { Db } from '../lib/sqlite';
import type { ChannelRegistry } from './channels';

export interface SandboxContext {
  db: Db;
  now: () => number;
  /** Cryptographically random bytes; tests may pass a seeded source. */
  random: (size: number) => Uint8Array;
  platformKeys: Sm2KeyPair;
  codec: EnvelopeCodec;
  channels: ChannelRegistry;
  /** Sees every answer that succeeded, before it is sent (tests check them against the protocol). */
  onAnswer?: AnswerObserver;
}

/** An answer's data as the operation or transaction returned it (the envelope not yet applied). */
export type AnswerObserver = (answer: {
  surface: 'channel' | 'ec' | 'mobile-pay' | 'fsi';
  /** The method, transType or infno. */
  name: string;
  data: unknown;
}) => void;

/**
 * Bytes from the CSPRNG, drawn from a pool refilled 4 KB at a time (as Node's randomUUID
 * does): ids, serials and digits ask for a few bytes at a time, several per request, and
 * one call into OpenSSL per ask cost ≈ 2 % of the sandbox's CPU in a counter run. Each
 * caller gets its own copy; no byte is handed out twice.
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;
export const secureRandom = (size: number): Uint8Array => {
  if (size > POOL_SIZE / 4) return randomFillSync(new Uint8Array(size));
  if (poolOffset + size > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
};

// A request asks for the time several times within the same millisecond (issued at,
// audited at, …): the last one formatted is kept.
let lastIso = { ms: Number.NaN, text: '' };

/** ISO time of the context's clock, the form stored in every *_at column. */
export function isoNow(context: Pick<SandboxContext, 'now'>): string {
  const ms = context.now();
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

/** A random identifier: prefix + hex, e.g. newId(ctx, 'SETL', 12). */
export function newId(context: Pick<SandboxContext, 'random'>, prefix: string, bytes = 10): string {
  return prefix + Buffer.from(context.random(bytes)).toString('hex').toUpperCase();
}

/** Random decimal digits of a given length (ids the protocol wants numeric). */
export function randomDigits(context: Pick<SandboxContext, 'random'>, length: number): string {
  const bytes = context.random(length);
  let out = '';
  for (const b of bytes) out += String(b % 10);
  return out;
}
