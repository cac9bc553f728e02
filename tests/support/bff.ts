// Builds the BFF app for tests from the test environment, with overridable deps.
import { createApp } from '../../bff/src/app';
import { InsuranceRefusal, type InsuranceTransport } from '../../bff/src/clients/insurance';
import { loadConfig } from '../../bff/src/config';
import { buildDeps } from '../../bff/src/deps';
import { createLogger } from '../../bff/src/logger';
import { createGroupCommit } from '@ybm/shared/node';
import type { Binding } from '../../bff/src/store/bindings';
import type { Db } from '../../bff/src/store/db';
import type { Stores } from '../../bff/src/store/ports';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';
import { bffEnv } from './keys';

export function buildTestApp(
  env: Record<string, string> = {},
  overrides: Parameters<typeof buildDeps>[1] = {},
) {
  const config = loadConfig(bffEnv(env));
  const deps = buildDeps(config, { logger: createLogger({ level: 'silent' }), ...overrides });
  return { app: createApp(deps), deps, config };
}

/** The BFF's stores on a test's own database, as the services see them. */
export function storesOn(db: Db, now: () => number = Date.now): Stores {
  return createSqliteStores(db, { now, commits: createGroupCommit(db), phoneHashKey: Buffer.alloc(32) });
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

/** A bill as the stores take it, less its billId: ¥10.00 at a hospital, all of it cash. */
export const STORED_BILL = {
  psnNo: 'P1',
  appId: 'YBMWXMP000000001',
  payToken: 'PT1',
  createdAt: '2026-12-07T10:00:00Z',
  details: {
    institutionName: '绥化市第一医院',
    items: [],
    totalFen: 1000,
    preSettled: { fundFen: 0, accountFen: 0, cashFen: 1000 },
  },
};

/**
 * A scripted insurance platform under the BFF's real typed client (deps'
 * `insuranceTransport`): raw answers in, so parsing and refusal translation run as in
 * production. What the script leaves out is refused as an unknown operation.
 */
export function scriptedTransport(script: {
  call?: (method: string, data: Record<string, unknown>) => Promise<unknown>;
  request?: (path: string, data: Record<string, unknown>) => Promise<unknown>;
}): InsuranceTransport {
  const refuse = async (name: string) => {
    throw new InsuranceRefusal('UNKNOWN_OPERATION', name);
  };
  const { call = refuse, request = refuse } = script;
  // Scripted answers are JSON as the platform would send it; the client reads them as such.
  return { call: call as InsuranceTransport['call'], request: request as InsuranceTransport['request'] };
}
