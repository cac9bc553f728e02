// A child process for tests/support/restartable-system.ts: what `npm start` runs but the BFF —
// the demo credentials and the three sandboxes (insurance platform, WeChat with WeChat Pay,
// Alipay) — then prints the BFF's environment as one line (YBM_BFF_ENV {json}), so the test can
// start the BFF itself and stop and start it again. Ports and data come from the environment
// as for npm start; INSURANCE_BASE_URL, when set, is where the BFF reaches the platform instead
// (a cable a test can pull, support/cable.ts). SIGTERM / SIGINT stop every sandbox.
import {
  bffEnvironment,
  dataDir,
  ensureDemoCredentials,
  h5Dir,
  host,
  ports,
  sqliteStorage,
  startSandboxes,
} from '../../bff/scripts/demo-stack';
import { createSupervisor } from '../../bff/scripts/processes';

async function main(): Promise<void> {
  const supervisor = createSupervisor();
  process.on('SIGINT', () => supervisor.stopAll(0));
  process.on('SIGTERM', () => supervisor.stopAll(0));
  const credentials = ensureDemoCredentials(dataDir);
  const publicUrl = `http://${host}:${ports.bff}`;
  const sandboxes = await startSandboxes(supervisor, { dataDir, bffUrl: publicUrl });
  const env = bffEnvironment({
    dataDir,
    h5Dir,
    port: ports.bff,
    publicUrl,
    sandboxes,
    credentials,
    storage: sqliteStorage(dataDir),
  });
  const insuranceUrl = process.env.YBM_BFF_INSURANCE_URL;
  process.stdout.write(
    `YBM_SANDBOXES ${JSON.stringify(sandboxes)}\n` +
      `YBM_BFF_ENV ${JSON.stringify(insuranceUrl ? { ...env, INSURANCE_BASE_URL: insuranceUrl } : env)}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`sandboxes failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
