// Builds the BFF app for tests from the test environment, with overridable deps.
import { createApp } from '../../bff/src/app';
import { loadConfig } from '../../bff/src/config';
import { buildDeps } from '../../bff/src/deps';
import { createLogger } from '../../bff/src/logger';
import { bffEnv } from './keys';

export function buildTestApp(
  env: Record<string, string> = {},
  overrides: Parameters<typeof buildDeps>[1] = {},
) {
  const config = loadConfig(bffEnv(env));
  const deps = buildDeps(config, { logger: createLogger({ level: 'silent' }), ...overrides });
  return { app: createApp(deps), deps, config };
}
