// The only place the BFF listens: read config, build deps, serve on loopback by default,
// and run the background work — the push dispatcher, the reconciliation of payments
// whose outcome is unknown (a crash or timeout mid-payment), the cash worker (cash parts paid
// at WeChat Pay / Alipay confirmed to the platform, orders with no news asked about, cash
// refunds made), the watch that wakes this
// process's long-polls for events another BFF process on the same database stored, and the
// sweep that purges personal data no longer needed (expired claims, old SMS log rows).
// With DATABASE_URL and REDIS_URL (issue 25) the state is in PostgreSQL + Redis, opened here
// before anything else, and several such processes run side by side behind a load balancer.
// SIGTERM / SIGINT drain the instance before it exits (shutdown.ts, issue 26).
import { startCheckpointer } from '@ybm/shared/node';
import type { Logger } from 'pino';

import { createApp } from './app';
import { loadConfig, type Config } from './config';
import { buildDeps } from './deps';
import { createLogger } from './logger';
import { startCashWorker } from './services/cash-worker';
import { startEventWatch } from './services/event-watch';
import { startRetentionSweep } from './services/retention';
import { createShutdown } from './shutdown';

/** A bill stuck 'paying' is asked about within 1½ leases of its start (every 30 s by default). */
const RECONCILE_ROUNDS_PER_LEASE = 2;
/** How soon a settlement stored by another BFF process on this database reaches a long-poll here. */
const EVENT_WATCH_MS = 500;
/** An expired claim keeps the person's data at most this long after it expired. */
const RETENTION_SWEEP_MS = 60_000;
/** How often the cash worker looks for cash to confirm, orders to ask about and refunds to make. */
const CASH_WORKER_MS = 15_000;

/** PostgreSQL + Redis when configured; undefined: buildDeps opens the SQLite file. */
async function openScaledStorage(config: Config, logger: Logger) {
  if (!config.scaled) return undefined;
  // Loaded only in scaled mode: the SQLite default never loads pg or ioredis.
  const { openScaledStorage: open } = await import('./store/scaled');
  return open({
    ...config.scaled,
    now: Date.now,
    phoneHashKey: config.phoneHashKey,
    logger,
    instanceId: config.instanceId,
    breakerSettings: config.breakers,
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const storage = await openScaledStorage(config, logger);
  const deps = buildDeps(config, { logger, ...(storage ? { storage } : {}) });
  const { db } = deps;
  const checkpointer = db
    ? startCheckpointer(db, {
        onError: (message) => deps.logger.warn({ message }, 'WAL checkpoint failed'),
      })
    : undefined;
  void deps.pushDispatcher
    .start()
    .catch((error: unknown) => deps.logger.error({ err: error }, 'push dispatcher did not start'));
  // Bills 'paying' for longer than their lease lost their answer (a crash, a timeout): ask 6301,
  // one instance at a time. Also right after a start, but never sooner than the lease: another
  // live instance may be mid-payment.
  let reconciling: Promise<unknown> | undefined;
  const reconcile = () => {
    reconciling = deps.stores
      .exclusively('reconcile-payments', () => deps.paymentService.reconcileStuck(config.payingLeaseMs))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'payment reconciliation failed'));
  };
  reconcile();
  const reconciler = setInterval(reconcile, config.payingLeaseMs / RECONCILE_ROUNDS_PER_LEASE);

  const cashWorker = startCashWorker({
    cashPayments: deps.cashPayments,
    cashRefunds: deps.cashRefunds,
    exclusively: (round) => deps.stores.exclusively('cash-worker', round),
    intervalMs: CASH_WORKER_MS,
    onError: (error) => deps.logger.warn({ error: String(error) }, 'cash worker round failed'),
  });
  // A crash may have left cash the platform took and the insurance platform was not told of.
  void cashWorker.tick();

  // Only for SQLite: in scaled mode the webhook's notify reaches every instance through Redis.
  const eventWatch =
    deps.storage.kind === 'sqlite'
      ? startEventWatch({
          events: deps.events,
          notifier: deps.notifier,
          intervalMs: EVENT_WATCH_MS,
          onError: (error) => deps.logger.warn({ error: String(error) }, 'event watch failed'),
        })
      : undefined;

  const retention = startRetentionSweep({
    claims: deps.claims,
    sessions: deps.sessions,
    now: deps.now,
    intervalMs: RETENTION_SWEEP_MS,
    onError: (error) => deps.logger.warn({ error: String(error) }, 'retention sweep failed'),
  });
  // Whatever expired while the BFF was down goes now, not a minute from now.
  void retention.sweep();

  // /readyz answers from this probe's last result and the breakers, never per request.
  const readinessProbe = deps.readiness.start();

  const server = createApp(deps).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    deps.logger.info({ host: config.host, port }, 'BFF listening');
    // One machine-readable line for scripts that start us (npm start, tests).
    process.stdout.write(`YBM_BFF_LISTENING http://${config.host}:${port}\n`);
  });
  server.keepAliveTimeout = config.keepAliveMs;
  // Node's rule: a request's headers must be allowed longer than an idle connection lives.
  server.headersTimeout = config.keepAliveMs + 1000;
  const { shutdown } = createShutdown({
    drain: deps.drain,
    server,
    drainMs: config.shutdownDrainMs,
    logger: deps.logger,
    async stopJobs() {
      clearInterval(reconciler);
      readinessProbe.stop();
      await Promise.all([
        deps.pushDispatcher.stop(),
        cashWorker.stop(),
        eventWatch?.stop(),
        retention.stop(),
        reconciling,
      ]);
    },
    releaseLeases: () => deps.notifications.release(config.instanceId),
    async closeStorage() {
      await checkpointer?.stop();
      await deps.storage.close();
    },
    exit: (code) => process.exit(code),
  });
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`BFF did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
