// A clock a test moves in the BFF processes it starts: they run with `nodeArgs` and `env`
// (skewed-clock.ts is preloaded), and `advance` moves the clock of every one started so far and
// of those started later. Production code knows nothing of it: it reads Date.now as always.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function clockFile() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ybm-clock-')), 'offset');
  let offset = 0;
  writeFileSync(file, '0');
  return {
    nodeArgs: ['--import', path.join(__dirname, 'skewed-clock.ts')],
    env: { YBM_TEST_CLOCK_FILE: file },
    /** What the processes' Date.now says now. */
    now: () => Date.now() + offset,
    /** Moves the clock on by `ms` in the running process `pid` (and in any started later). */
    advance(ms: number, pid: number | undefined) {
      offset += ms;
      writeFileSync(file, String(offset));
      if (pid !== undefined) process.kill(pid, 'SIGUSR2');
    },
  };
}
