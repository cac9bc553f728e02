// Key material for tests: a platform key pair and one channel, seen from both sides.
import {
  DEFAULT_SM2_USER_ID,
  generateSm2KeyPair,
  type EnvelopeChannel,
  type Sm2KeyPair,
} from '@ybm/shared/gm';

import { createRecordIds } from '../../bff/src/services/record-ids';

export interface TestChannel {
  platformKeys: Sm2KeyPair;
  channelKeys: Sm2KeyPair;
  appId: string;
  appSecret: string;
  sm2UserId: string;
  /** The BFF's view: signs with the channel key, verifies with the platform key. */
  bffView: EnvelopeChannel;
}

let cached: TestChannel | undefined;

/** One set per test file (SM2 key generation is cheap, but there is no need to repeat it). */
export function testChannel(): TestChannel {
  if (cached) return cached;
  const platformKeys = generateSm2KeyPair();
  const channelKeys = generateSm2KeyPair();
  const appId = 'YBMTEST000000001';
  const appSecret = 'test-secret-0123456789';
  cached = {
    platformKeys,
    channelKeys,
    appId,
    appSecret,
    sm2UserId: DEFAULT_SM2_USER_ID,
    bffView: {
      appId,
      appSecret,
      ownKeys: channelKeys,
      peerPublicKey: platformKeys.publicKey,
      sm2UserId: DEFAULT_SM2_USER_ID,
    },
  };
  return cached;
}

/** The SMS log's phone-hash key in tests (Base64 of 32 bytes; a fixed one, so tests can recompute hashes). */
export const TEST_PHONE_HASH_KEY = Buffer.alloc(32, 7).toString('base64');
/** The key that seals record ids in tests (Base64 of 32 bytes). */
export const TEST_RECORD_ID_KEY = Buffer.alloc(32, 22).toString('base64');

/** The id a test BFF gives the record of a person's settlement (sealed ids are stable). */
export function testRecordId(psnNo: string, setlId: string): string {
  return createRecordIds(Buffer.from(TEST_RECORD_ID_KEY, 'base64')).seal({ psnNo, setlId });
}

/** The environment the BFF's loadConfig needs for this channel. */
export function bffEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const channel = testChannel();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BFF_DB_FILE: ':memory:',
    PHONE_HASH_KEY: TEST_PHONE_HASH_KEY,
    RECORD_ID_KEY: TEST_RECORD_ID_KEY,
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    WECHAT_APP_ID: 'wxtest0000000001',
    WECHAT_APP_SECRET: 'wechat-test-secret',
    INSURANCE_BASE_URL: 'http://127.0.0.1:9',
    INSURANCE_WECHAT_APP_ID: channel.appId,
    INSURANCE_WECHAT_APP_SECRET: channel.appSecret,
    INSURANCE_WECHAT_PRIVATE_KEY: channel.channelKeys.privateKey,
    INSURANCE_WECHAT_PUBLIC_KEY: channel.channelKeys.publicKey,
    INSURANCE_PLATFORM_PUBLIC_KEY: channel.platformKeys.publicKey,
    INSURANCE_TIMEOUT_MS: '2000',
    ...overrides,
  };
}
