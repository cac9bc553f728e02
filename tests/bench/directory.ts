// Only the data-growth part of npm run bench (BENCHMARKS.md "Data growth"), for working on the
// directory searches without the whole run: its own system, the records page, the institution
// search and the catalogue search through the BFF at a fixed rate on the demo seed, then again
// after 1 M settlements, 10 k institutions and 30 k catalogue items go in. Prints the same rows
// as npm run bench. Run: npx tsx tests/bench/directory.ts
import { seedGrownData, seedOwnHistory, timeReads } from './data-growth';
import { createRawHttpClient } from './raw-http';
import { dataGrowthRows } from './report';
import { startBenchSystem } from './setup';

const RATE = 100;
const WINDOW_MS = 6000;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  log('starting the insurance sandbox, the fake WeChat and the BFF (fresh temp data folder)…');
  const system = await startBenchSystem({ codePersons: 1, scanPersons: 0, billPersons: 0, payers: 0 });
  const bff = createRawHttpClient(system.bff.url, { maxSockets: 64 });
  try {
    const reader = system.codePersons[0]!;
    const reads = { rate: RATE, durationMs: WINDOW_MS };
    seedOwnHistory(system.insuranceDbFile, reader);
    log(`records, institution and catalogue search at ${RATE}/s on the demo seed…`);
    await timeReads(bff, reader, { ...reads, durationMs: 1000 }); // warm-up, discarded
    const demo = await timeReads(bff, reader, reads);
    log('seeding 1 M settlements, 10 k institutions and 30 k catalogue items…');
    const seeded = await seedGrownData(system.insuranceDbFile);
    log('the same reads on the grown data…');
    await timeReads(bff, reader, { ...reads, durationMs: 1000 });
    const grown = await timeReads(bff, reader, reads);
    for (const [figure = '', value = '', detail = ''] of dataGrowthRows({ demo, grown, seeded })) {
      process.stdout.write(`${figure.padEnd(28)} ${value.padEnd(16)} ${detail}\n`);
    }
  } finally {
    bff.close();
    await system.stop();
  }
}

process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
