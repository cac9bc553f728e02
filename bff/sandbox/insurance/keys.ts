// Demo key material, generated on first run and kept in .data/ (never committed): the
// platform's SM2 key pair and one channel (appId, appSecret, the channel's key pair)
// per mini-program platform. npm start hands the channel's side to the BFF.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_SM2_USER_ID, generateSm2KeyPair, type Sm2KeyPair } from '@ybm/shared/gm';
import { z } from 'zod';

const KeyPairSchema = z.object({ privateKey: z.string(), publicKey: z.string() });

const ChannelSchema = z.object({
  appId: z.string().min(16),
  name: z.string(),
  appSecret: z.string(),
  sm2UserId: z.string(),
  keys: KeyPairSchema,
});
export type DemoChannel = z.infer<typeof ChannelSchema>;

const DemoKeysSchema = z.object({ platform: KeyPairSchema, channels: z.array(ChannelSchema).min(1) });
export type DemoKeys = z.infer<typeof DemoKeysSchema>;

/** One channel per mini-program platform (the BFF holds both) and one for demo HIS counters. */
export const DEMO_CHANNEL_IDS = {
  wechat: 'YBMWXMP000000001',
  alipay: 'YBMALMP000000001',
  his: 'YBMHIS0000000001',
} as const;

export function generateDemoKeys(): DemoKeys {
  const channel = (appId: string, name: string, keys: Sm2KeyPair): DemoChannel => ({
    appId,
    name,
    appSecret: randomBytes(16).toString('hex'),
    sm2UserId: DEFAULT_SM2_USER_ID,
    keys,
  });
  return {
    platform: generateSm2KeyPair(),
    channels: [
      channel(DEMO_CHANNEL_IDS.wechat, '医保码 · 微信小程序', generateSm2KeyPair()),
      channel(DEMO_CHANNEL_IDS.alipay, '医保码 · 支付宝小程序', generateSm2KeyPair()),
      channel(DEMO_CHANNEL_IDS.his, '演示医药机构 HIS', generateSm2KeyPair()),
    ],
  };
}

export function demoChannel(keys: DemoKeys, appId: string): DemoChannel {
  const channel = keys.channels.find((candidate) => candidate.appId === appId);
  if (!channel)
    throw new Error(`demo keys have no channel ${appId}; delete the demo-keys.json to regenerate`);
  return channel;
}

/** Reads `<dataDir>/insurance/demo-keys.json`, creating it (mode 600) on first run. */
export function ensureDemoKeys(dataDir: string): DemoKeys {
  const file = path.join(dataDir, 'insurance', 'demo-keys.json');
  if (existsSync(file)) return DemoKeysSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const keys = generateDemoKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
}
