// The cash worker's rounds go through the stores' `exclusively`: two workers on one database
// (two instances) never run a round at the same time, and a round already running elsewhere is
// skipped rather than waited for.
import { openBffDatabase } from '../../bff/src/store/db';
import { startCashWorker } from '../../bff/src/services/cash-worker';
import { storesOn } from '../support/bff';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the cash worker', () => {
  it('runs one round at a time across workers on one database, skipping rather than waiting', async () => {
    const db = openBffDatabase(':memory:');
    const stores = storesOn(db);
    const gate = deferred();
    const rounds: string[] = [];
    const worker = (name: string) =>
      startCashWorker({
        cashPayments: {
          sweep: async () => {
            rounds.push(name);
            await gate.promise;
            return { confirmed: 0, settled: 0 };
          },
        },
        cashRefunds: { run: async () => 0 },
        exclusively: (round) => stores.exclusively('cash-worker', round),
        intervalMs: 0,
      });
    const first = worker('first');
    const second = worker('second');
    const running = first.tick();
    await second.tick(); // resolves at once: the first's round is still running
    expect(rounds).toEqual(['first']);
    gate.resolve();
    await running;
    await second.tick();
    expect(rounds).toEqual(['first', 'second']);
    db.close();
  });

  it('reports a failed round and runs the next', async () => {
    const db = openBffDatabase(':memory:');
    const stores = storesOn(db);
    const errors: unknown[] = [];
    let calls = 0;
    const worker = startCashWorker({
      cashPayments: {
        sweep: async () => {
          calls += 1;
          if (calls === 1) throw new Error('WeChat Pay down');
          return { confirmed: 0, settled: 0 };
        },
      },
      cashRefunds: { run: async () => 0 },
      exclusively: (round) => stores.exclusively('cash-worker', round),
      intervalMs: 0,
      onError: (error) => errors.push(error),
    });
    await worker.tick();
    await worker.tick();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('WeChat Pay down')]);
    db.close();
  });
});
