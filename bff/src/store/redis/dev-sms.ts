// Dev only (DEV_LOGIN, scaled mode): the last SMS code per phone on a board every BFF instance
// reads, so the H5 demo's "show me the code" works whichever instance the load balancer sent
// the SMS step to. Kept 5 minutes (a code's life); keyed by the phone's SHA-256, not the number.
import { createHash } from 'node:crypto';

import type { DevSms, DevSmsBoard } from '../../services/sms';
import type { RedisCommands } from './guard';

const KEEP_MS = 5 * 60 * 1000;

export function createRedisDevSmsBoard(
  redis: RedisCommands,
  options: { prefix?: string } = {},
): DevSmsBoard & { post(phone: string, sms: DevSms): Promise<void> } {
  const key = (phone: string) =>
    `${options.prefix ?? 'ybm:'}dev-sms:${createHash('sha256').update(phone).digest('hex')}`;
  return {
    async post(phone, sms) {
      await redis.set(key(phone), JSON.stringify(sms), 'PX', KEEP_MS);
    },
    async latest(phone) {
      const stored = await redis.get(key(phone));
      return stored ? (JSON.parse(stored) as DevSms) : undefined;
    },
  };
}
