// Preloaded into a BFF process a test starts (see clock-file.ts): the process's Date.now — the
// clock buildDeps hands every service and store — runs ahead of the real one by the milliseconds
// written in the file YBM_TEST_CLOCK_FILE, read at start and again on SIGUSR2. So a test moves
// the clock of a real process (a lease running out) instead of waiting for it. Timers still run
// on real time: a round every second stays a round every second.
import { readFileSync } from 'node:fs';

const file = process.env.YBM_TEST_CLOCK_FILE;
if (file) {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  const read = () => {
    offset = Number(readFileSync(file, 'utf8'));
  };
  read();
  Date.now = () => realNow() + offset;
  process.on('SIGUSR2', read);
}
