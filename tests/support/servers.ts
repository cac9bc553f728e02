// Starting servers in tests: always on 127.0.0.1 with a free port, always closed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type Koa from 'koa';

import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { createInsuranceSandbox } from '../../bff/sandbox/insurance/app';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { seedDemoData } from '../../bff/sandbox/insurance/seed';
import { testChannel } from './keys';
import { checkAnswer } from './protocol-check';

export interface Running {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function listen(app: Koa | ((req: never, res: never) => void)): Promise<Running> {
  const handler = typeof app === 'function' ? app : app.callback();
  return new Promise((resolve) => {
    const server = createServer(handler as never);
    server.keepAliveTimeout = 1000;
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A port taken now and an app served on it later: for a BFF that must know its own URL
 * (PUBLIC_BASE_URL, where the payment platforms notify it) before it is built.
 */
export async function listenLater(): Promise<Running & { serve(app: Koa): void }> {
  let handler: ((req: never, res: never) => void) | undefined;
  const running = await listen(((req: never, res: { statusCode: number; end(): void }) => {
    if (handler) return handler(req, res as never);
    res.statusCode = 503;
    res.end();
  }) as never);
  return { ...running, serve: (app) => void (handler = app.callback() as never) };
}

/** The insurance sandbox on an in-memory database with the test channel registered. */
export async function startInsuranceSandbox(
  options: {
    now?: () => number;
    random?: (size: number) => Uint8Array;
    /** Seed the demo data (regions, rules, institutions, catalogue, personas). */
    seed?: boolean;
    /** Runs first, around every request: for tests that watch or hold what the platform answers. */
    outermost?: Koa.Middleware;
  } = {},
) {
  const channel = testChannel();
  const db = openDatabase(':memory:', MIGRATIONS);
  const sandbox = createInsuranceSandbox({
    db,
    platformKeys: channel.platformKeys,
    now: options.now,
    random: options.random,
    // Every answer the tests see must be what the protocol module says it is.
    onAnswer: checkAnswer,
  });
  if (options.seed) seedDemoData(sandbox.context);
  if (options.outermost) sandbox.app.middleware.unshift(options.outermost);
  sandbox.channels.register({
    appId: channel.appId,
    name: 'test channel',
    appSecret: channel.appSecret,
    sm2UserId: channel.sm2UserId,
    publicKey: channel.channelKeys.publicKey,
  });
  const running = await listen(sandbox.app);
  return {
    ...running,
    db,
    context: sandbox.context,
    operations: sandbox.operations,
    close: async () => {
      await running.close();
      db.close();
    },
  };
}
