// What the graceful-shutdown system tests set up alike (issue 26): PostgreSQL, Redis, the
// insurance sandbox (its 6202 answers held on demand) and a WeChat that holds pushes on demand;
// four people with a personal account, each claimed on their own WeChat with a session; BFF
// processes on them; hospital bills delivered to a BFF; the test's own view of the outbox.
import { PATHS } from '@ybm/shared/protocol';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { answerHold } from '../support/answer-hold';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { startSharedState, TEST_WECHAT as WECHAT } from '../support/scaled-state';
import { startInsuranceSandbox } from '../support/servers';
import { until } from '../support/waiting';
import { holdingWechat } from '../support/wechat-hold';

const PASSWORD = '358024';
/** The phones: people with a personal account, each on their own WeChat. */
export const PHONES = [PERSONAS.employee, PERSONAS.retiree, PERSONAS.parent, PERSONAS.spouse];

/** The body of a payment from the account with the person's password and `requestId`. */
export const payBody = (requestId: string) => ({
  useAccount: true,
  passwordCipher: encryptPassword(PASSWORD),
  requestId,
});

export interface OutboxRow {
  id: number;
  status: string;
  owner: string | null;
  leaseUntil: number | null;
}

export type ShutdownRig = Awaited<ReturnType<typeof startShutdownRig>>;

export async function startShutdownRig() {
  const payOrders = answerHold(PATHS.payOrder);
  // PostgreSQL and Redis, with the test's own view of them as a third instance would see it.
  const [state, sandbox, wechat] = await Promise.all([
    startSharedState(),
    startInsuranceSandbox({ seed: true, outermost: payOrders.middleware }),
    holdingWechat(WECHAT),
  ]);
  const { shared, sharedRedis } = state;
  /** Bearer tokens by psnNo. */
  const tokens = new Map<string, string>();
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  for (const person of PHONES) {
    const openid = `openid-shutdown-${person.psnNo}`;
    await activateOnPlatform(platform, person, openid, PASSWORD);
    tokens.set(person.psnNo, `Bearer ${await state.signIn(openid, person.psnNo)}`);
  }
  const env = state.bffEnv({ insuranceUrl: sandbox.url, wechatUrl: wechat.url }, { LOG_LEVEL: 'warn' });
  const started: BffProcess[] = [];
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  let serial = 0;

  async function outbox(where: string, params: unknown[] = []): Promise<OutboxRow[]> {
    const { rows } = await shared.pool.query(
      `SELECT id, status, owner, lease_until AS "leaseUntil" FROM notifications WHERE ${where} ORDER BY id`,
      params,
    );
    return rows.map((row: Record<string, unknown>) => ({
      id: Number(row.id),
      status: String(row.status),
      owner: row.owner === null ? null : String(row.owner),
      leaseUntil: row.leaseUntil === null ? null : Number(row.leaseUntil),
    }));
  }

  return {
    sandbox,
    payOrders,
    wechat,
    shared,
    sharedRedis,
    tokens,
    outbox,
    /** A BFF process named `instanceId` on the engines, with a drain long enough for any test. */
    async startBff(instanceId: string): Promise<BffProcess> {
      const bff = await startBffProcess({ ...env, INSTANCE_ID: instanceId, SHUTDOWN_DRAIN_MS: '20000' });
      started.push(bff);
      return bff;
    },
    /** Consultation bills from the hospital (6201) for `psnNo`, delivered to the BFF at `bffUrl`; their ids. */
    async hospitalBills(psnNo: string, count: number, bffUrl: string): Promise<string[]> {
      const bills: string[] = [];
      for (let i = 0; i < count; i += 1) {
        serial += 1;
        const answer = await his.call(PATHS.uploadFees, consultationBill(psnNo, `HIS-SHUTDOWN-${serial}`));
        bills.push(answer.data?.payOrdId as string);
      }
      const events = createEventDispatcher(sandbox.context, {
        webhookUrl: `${bffUrl}/webhooks/insurance`,
        timeoutMs: 5000,
        backoff: { baseMs: 100, maxMs: 500 },
        defaultAppId: testChannel().appId,
      });
      for (let round = 0; round < 50; round += 1) {
        const report = await events.drainOnce();
        if (report.delivered === 0 && report.failed === 0) break;
      }
      for (const billId of bills) {
        await until(`bill ${billId} stored`, async () => Boolean(await shared.stores.bills.get(billId)));
      }
      return bills;
    },
    /** Resolves once `count` connections listen for wake-ups of `key` in Redis (a long-poll waits). */
    async subscribers(key: string, count = 1): Promise<void> {
      await until(`a long-poll on ${key}`, async () => {
        const [, n] = (await sharedRedis.pubsub('NUMSUB', `ybm:wake:${key}`)) as [string, number];
        return Number(n) >= count;
      });
    },
    async close() {
      await Promise.allSettled(started.map((bff) => bff.stop('SIGKILL')));
      await state.close();
      await Promise.allSettled([sandbox.close(), wechat.close()]);
    },
  };
}
