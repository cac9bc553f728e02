// npm start: builds the H5 app when it is missing or older than its sources (h5-build.ts),
// starts the insurance sandbox, the fake WeChat (with the fake WeChat Pay), the fake Alipay and
// the BFF on loopback (the BFF serving the H5 app from its own origin), prints the one URL to
// open, and stops everything on Ctrl-C. Ports and the data folder come from the
// environment (BFF_PORT, INSURANCE_PORT, YBM_DATA_DIR) so tests can run it side by side.
// (npm run start:scaled is the same with PostgreSQL, Redis, several BFFs and nginx.)
import {
  bffEnvironment,
  dataDir,
  ensureDemoCredentials,
  h5Dir,
  host,
  ports,
  prepareH5Build,
  sqliteStorage,
  startSandboxes,
} from './demo-stack';
import { createSupervisor, log } from './processes';

async function main(): Promise<void> {
  const supervisor = createSupervisor();
  process.on('SIGINT', () => supervisor.stopAll(0));
  process.on('SIGTERM', () => supervisor.stopAll(0));

  try {
    prepareH5Build();
    // Every credential is made here, once, before any process reads it.
    const credentials = ensureDemoCredentials(dataDir);
    const publicUrl = `http://${host}:${ports.bff}`;
    const sandboxes = await startSandboxes(supervisor, { dataDir, bffUrl: publicUrl });
    const bffUrl = await supervisor.startServer(
      'bff',
      'bff/src/main.ts',
      bffEnvironment({
        dataDir,
        h5Dir,
        port: ports.bff,
        publicUrl,
        sandboxes,
        credentials,
        storage: sqliteStorage(dataDir),
      }),
      'YBM_BFF_LISTENING',
    );

    log('');
    log(`医保码 is running. Open ${bffUrl}/ in a browser (Ctrl-C stops everything).`);
    log(
      `  sandboxes: insurance ${sandboxes.insuranceUrl}  WeChat ${sandboxes.wechatUrl}  Alipay ${sandboxes.alipayUrl}`,
    );
    log(`  data: ${dataDir}   (dev SMS codes are printed here as [dev SMS] lines)`);
    log(`YBM_READY ${bffUrl}/`);
  } catch (error) {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    supervisor.stopAll(1);
  }
}

void main();
