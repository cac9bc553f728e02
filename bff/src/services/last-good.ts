// Degraded mode (issue 26): while the insurance platform is down, a person still sees their
// 个人账户 and the first page of their records as the platform last gave them, with the time of
// that copy (`asOf`) so the phone can say so. Every good answer is kept (sealed with AES-256-GCM
// under a key of its own, derived from RECORD_ID_KEY: the copy holds a person's amounts and
// settlements, and anyone with the database file must read nothing); an outage answers the copy,
// and with no copy the outage's own error (INSURANCE_PLATFORM_DOWN, UPSTREAM_UNAVAILABLE …).
// Only an outage: a refusal by the platform (NOT_INSURED, …) is an answer, never covered up.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

import type { z } from 'zod';

import type { Logger } from 'pino';

import { DependencyDown } from '../errors';
import type { Channel } from '../store/records';
import type { LastGoodKind, LastGoodStore } from '../store/ports';
import { isUpstreamOutage } from './dependencies';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Whose copy: the platform account asking (a guardian's view of a member's records is theirs),
 * as the person it is bound to now — a copy of another person's (the account unbound and bound
 * again) never opens.
 */
export interface CopyOwner {
  channel: Channel;
  platformUserId: string;
  psnNo: string;
}

export interface LastGoodDeps {
  store: LastGoodStore;
  /** RECORD_ID_KEY; the sealing key is derived from it for this purpose alone. */
  key: Buffer;
  now: () => number;
  logger?: Pick<Logger, 'warn'>;
}

/** The platform could not be reached or is refused by its open breaker: the copy may answer. */
export function isPlatformOutage(error: unknown): boolean {
  if (error instanceof DependencyDown) return error.code === 'INSURANCE_PLATFORM_DOWN';
  return isUpstreamOutage(error);
}

export function createLastGood(deps: LastGoodDeps) {
  const sealKey = Buffer.from(hkdfSync('sha256', deps.key, '', 'ybm last good copy', 32));

  function seal(text: string, aad: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', sealKey, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64');
  }

  /** The text, or undefined when the copy was altered, moved to another row, or sealed under another key. */
  function open(sealed: string, aad: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length <= NONCE_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  return {
    /**
     * `fetch`'s answer, kept as the last good copy; on a platform outage, the copy with `asOf`
     * (the ISO time the platform gave it); with no usable copy, the outage's error.
     */
    async serve<S extends z.ZodType<object>>(
      owner: CopyOwner,
      kind: LastGoodKind,
      variant: string,
      schema: S,
      fetch: () => Promise<z.infer<S>>,
    ): Promise<z.infer<S> & { asOf?: string }> {
      const { channel, platformUserId, psnNo } = owner;
      // The row's key and its person are bound into the seal: a copy moved to another row, or
      // kept from a person this account is no longer bound to, opens to nothing.
      const aad = [channel, platformUserId, psnNo, kind, variant].join('\u0000');
      let fresh: z.infer<S>;
      try {
        fresh = await fetch();
      } catch (error) {
        if (!isPlatformOutage(error)) throw error;
        const copy = await deps.store.get(channel, platformUserId, kind, variant);
        const text = copy && open(copy.sealed, aad);
        if (!copy || text === undefined) throw error;
        const parsed = schema.safeParse(JSON.parse(text));
        // A copy from an older version of the answer's schema is no longer shown.
        if (!parsed.success) throw error;
        return { ...parsed.data, asOf: new Date(copy.savedAt).toISOString() };
      }
      const savedAt = deps.now();
      // A good answer is never failed by its copy: the store may be the thing that is down.
      await deps.store
        .put(channel, platformUserId, kind, variant, { sealed: seal(JSON.stringify(fresh), aad), savedAt })
        .catch((error: unknown) => deps.logger?.warn({ err: error, kind }, 'last good copy not kept'));
      return fresh;
    },
  };
}

export type LastGood = ReturnType<typeof createLastGood>;
