// The fake WeChat mini-program's credentials (appid, AppSecret), made on first run and
// kept in <dataDir>/wechat/app.json (mode 600, never committed). npm start hands the
// same pair to the fake and to the BFF.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

const DemoAppSchema = z.object({
  appId: z.string().regex(/^wx[0-9a-f]{16}$/),
  appSecret: z.string().regex(/^[0-9a-f]{32}$/),
});
export type WechatDemoApp = z.infer<typeof DemoAppSchema>;

export function ensureWechatDemoApp(dataDir: string): WechatDemoApp {
  const file = path.join(dataDir, 'wechat', 'app.json');
  if (existsSync(file)) return DemoAppSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  // Shaped like the real thing: "wx" + 16 hex digits, a 32-hex-digit secret.
  const app = { appId: `wx${randomBytes(8).toString('hex')}`, appSecret: randomBytes(16).toString('hex') };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(app, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return app;
}
