// Registered channels (one appId per mini-program platform), as the envelope sees them
// from the platform's side: platform keys to sign, the channel's public key to verify.
import type { EnvelopeChannel, Sm2KeyPair } from '@ybm/shared/gm';

import type { Db } from '../lib/sqlite';
import type { DemoChannel } from './keys';

interface ChannelRow {
  app_id: string;
  app_secret: string;
  sm2_user_id: string;
  public_key: string;
}

export interface ChannelRegistry {
  find(appId: string): EnvelopeChannel | undefined;
  register(
    channel: Pick<DemoChannel, 'appId' | 'name' | 'appSecret' | 'sm2UserId'> & { publicKey: string },
  ): void;
}

export function createChannelRegistry(db: Db, platformKeys: Sm2KeyPair, now: () => number): ChannelRegistry {
  const select = db.prepare<[string], ChannelRow>(
    'SELECT app_id, app_secret, sm2_user_id, public_key FROM channels WHERE app_id = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO channels (app_id, name, app_secret, sm2_user_id, public_key, created_at)
    VALUES (@appId, @name, @appSecret, @sm2UserId, @publicKey, @createdAt)
    ON CONFLICT (app_id) DO UPDATE SET name = excluded.name, app_secret = excluded.app_secret,
      sm2_user_id = excluded.sm2_user_id, public_key = excluded.public_key`);
  // Every request looks its channel up; the rows change only through register().
  const cache = new Map<string, EnvelopeChannel | undefined>();

  return {
    find(appId) {
      if (!cache.has(appId)) {
        const row = select.get(appId);
        cache.set(
          appId,
          row && {
            appId: row.app_id,
            appSecret: row.app_secret,
            sm2UserId: row.sm2_user_id,
            ownKeys: platformKeys,
            peerPublicKey: row.public_key,
          },
        );
      }
      return cache.get(appId);
    },
    register(channel) {
      upsert.run({ ...channel, createdAt: new Date(now()).toISOString() });
      cache.delete(channel.appId);
    },
  };
}
