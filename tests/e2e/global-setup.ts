// Before any browser test of a jest run: the H5 build they all load, made (in production
// mode, atomically) only when a source is newer than it, into a folder nothing else rewrites.
import { ensureH5Build } from '../../bff/scripts/h5-build';
import { TEST_H5_DIR } from '../support/system';

export default function globalSetup(): void {
  ensureH5Build(TEST_H5_DIR, (line) => process.stderr.write(`\n${line}\n`));
}
