// What the code-flow system tests set up alike: a voucher activated on the sandbox's side,
// the BFF's binding and session for its WeChat user, a pharmacy counter speaking the public
// protocol, and the sandbox's dispatcher pushing events to a BFF's webhook.
import { createCounter } from '../../bff/sandbox/counter/client';
import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import type { Deps } from '../../bff/src/deps';
import { DEMO_INSTITUTIONS, type Sandbox } from '../protocol/fsi-support';
import { employeeBinding } from '../support/bff';
import { testChannel } from '../support/keys';

/** The sandbox's voucher row for a person claimed by `platformUserId` through the test channel. */
export function activateVoucher(sandbox: Sandbox, psnNo: string, platformUserId: string): void {
  const at = new Date().toISOString();
  sandbox.context.db
    .prepare(
      `INSERT INTO vouchers (psn_no, app_id, platform_user_id, status, started_at, activated_at)
       VALUES (?, ?, ?, 'active', ?, ?)`,
    )
    .run(psnNo, testChannel().appId, platformUserId, at, at);
}

/** The employee's voucher claimed in WeChat as `openid-employee`: its Authorization header. */
export async function signedInEmployee(
  sandbox: Sandbox,
  deps: Pick<Deps, 'bindings' | 'sessions'>,
  psnNo: string,
) {
  activateVoucher(sandbox, psnNo, 'openid-employee');
  await deps.bindings.save(employeeBinding('openid-employee', psnNo));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: 'openid-employee',
  });
  return `Bearer ${token}`;
}

export function pharmacyCounter(sandbox: Sandbox) {
  return createCounter({
    baseUrl: sandbox.url,
    institution: { code: DEMO_INSTITUTIONS.pharmacy, name: '绥化市第一大药房' },
    channel: sandbox.hisView,
  });
}

/** The sandbox's event dispatcher, delivering to the BFF at `bffUrl` (drained by hand). */
export function dispatcherTo(sandbox: Sandbox, bffUrl: string) {
  return createEventDispatcher(sandbox.context, {
    webhookUrl: `${bffUrl}/webhooks/insurance`,
    timeoutMs: 3000,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    defaultAppId: testChannel().appId,
  });
}
