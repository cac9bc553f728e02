// The only place the BFF listens: read config, build deps, serve on loopback by default.
import { createApp } from './app';
import { loadConfig } from './config';
import { buildDeps } from './deps';

function main(): void {
  const config = loadConfig();
  const deps = buildDeps(config);
  const server = createApp(deps).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    deps.logger.info({ host: config.host, port }, 'BFF listening');
    // One machine-readable line for scripts that start us (npm start, tests).
    process.stdout.write(`YBM_BFF_LISTENING http://${config.host}:${port}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
