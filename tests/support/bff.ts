// Builds the BFF app for tests from the test environment, with overridable deps.
import { createApp } from '../../bff/src/app';
import { loadConfig } from '../../bff/src/config';
import { buildDeps } from '../../bff/src/deps';
import { createLogger } from '../../bff/src/logger';
import type { Binding } from '../../bff/src/store/bindings';
import { bffEnv } from './keys';

export function buildTestApp(
  env: Record<string, string> = {},
  overrides: Parameters<typeof buildDeps>[1] = {},
) {
  const config = loadConfig(bffEnv(env));
  const deps = buildDeps(config, { logger: createLogger({ level: 'silent' }), ...overrides });
  return { app: createApp(deps), deps, config };
}

/** The BFF's binding of a WeChat user who claimed the voucher as the seeded employee (张*, 绥化). */
export function employeeBinding(platformUserId: string, psnNo: string): Binding {
  return {
    channel: 'wechat',
    platformUserId,
    psnNo,
    maskedName: '张*',
    maskedIdNumber: '231***********0113',
    insutype: '310',
    regionName: '绥化市',
    activatedAt: Date.now(),
  };
}
