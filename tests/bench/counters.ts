// K concurrent counters (BENCHMARKS.md, "Counter paths"). One flow: the phone asks the BFF
// for a code, the counter runs scan 1 (ec.query + 1101 + 2101 pre-settlement), the phone
// gets a fresh code, the counter runs scan 2 (ec.query + 2102). The counters are the repo's
// counter library (public protocol only, the demo HIS channel), each numbering its msgids
// from its own range so twenty counters never send the same msgid.
//
// closed(): each counter runs flows back to back → throughput, and per-scan p50/p99 under
// that load (20 counters with no pause between customers keep the sandbox's core busy, so
// those latencies are mostly queueing). open(): flows started on a fixed schedule at a
// given rate over the same counters → per-scan p50/p99 when the platform is not saturated.
import { createCounter, type BasketItem } from '../../bff/sandbox/counter/client';
import { hisChannel, PRICE_LIST } from '../../bff/sandbox/counter/setup';
import { DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { isOk, leanFetch, openLoop, percentile, type HttpClient } from './load';
import type { ScanFigures } from './report';
import type { BenchPerson } from './setup';

/** 绥化 pharmacies that take the e-voucher (the bench persons are insured in 绥化). */
const PHARMACIES = [DEMO_INSTITUTIONS.pharmacy, '231200P00002'];
/** A small basket: one box of amoxicillin. */
const BASKET: BasketItem[] = [{ code: 'XJ01CA040001', qty: 1, priceFen: PRICE_LIST.XJ01CA040001!.priceFen }];

type Step = 'scan1' | 'scan2' | 'codeFetch';

export interface CounterRun {
  flows: number;
  scan1: ScanFigures;
  scan2: ScanFigures;
  codeFetch: ScanFigures;
  firstErrors: string[];
}

/** Per-step durations and errors, counted only inside [from, to). */
function recorder(from: number, to: number) {
  const samples: Record<Step, number[]> = { scan1: [], scan2: [], codeFetch: [] };
  const errors: Record<Step, number> = { scan1: 0, scan2: 0, codeFetch: 0 };
  const firstErrors: string[] = [];
  let flows = 0;
  const inWindow = (at: number) => at >= from && at < to;
  return {
    async step<T>(name: Step, run: () => Promise<T>): Promise<T | undefined> {
      const began = performance.now();
      try {
        const result = await run();
        const done = performance.now();
        if (inWindow(done)) samples[name].push(done - began);
        return result;
      } catch (error) {
        if (inWindow(performance.now())) errors[name] += 1;
        if (firstErrors.length < 5) firstErrors.push(`${name}: ${(error as Error).message}`);
        return undefined;
      }
    },
    flowDone() {
      if (inWindow(performance.now())) flows += 1;
    },
    result(windowMs: number): CounterRun {
      const figures = (name: Step): ScanFigures => ({
        count: samples[name].length,
        errors: errors[name],
        rps: (samples[name].length / windowMs) * 1000,
        p50Ms: percentile(samples[name], 50),
        p99Ms: percentile(samples[name], 99),
      });
      return {
        flows,
        scan1: figures('scan1'),
        scan2: figures('scan2'),
        codeFetch: figures('codeFetch'),
        firstErrors,
      };
    },
  };
}

export async function createCounterBench(options: {
  counters: number;
  insuranceUrl: string;
  dataDir: string;
  bff: HttpClient;
  persons: BenchPerson[];
}) {
  const his = hisChannel({ YBM_DATA_DIR: options.dataDir });
  const fetch = leanFetch({ maxSockets: options.counters * 2 });
  const counters = Array.from({ length: options.counters }, (_, k) =>
    createCounter({
      baseUrl: options.insuranceUrl,
      timeoutMs: 10_000,
      fetch,
      institution: { code: PHARMACIES[k % PHARMACIES.length]!, name: '压测药店' },
      channel: his,
      operator: { id: `OP${String(k).padStart(3, '0')}`, name: `收款员${k}` },
      // Counters of one pharmacy number their msgids from disjoint ranges.
      seq: Math.floor(k / PHARMACIES.length) * 900,
    }),
  );
  await Promise.all(counters.map((counter) => counter.signIn()));

  async function code(person: BenchPerson): Promise<string> {
    const answer = await options.bff.get('/api/v1/voucher/code', { authorization: `Bearer ${person.token}` });
    if (!isOk(answer)) throw new Error(`GET /api/v1/voucher/code → HTTP ${answer.status} ${answer.body}`);
    return (JSON.parse(answer.body) as { code: string }).code;
  }

  /** One customer at counter k; true when both scans went through. */
  async function flow(k: number, person: BenchPerson, rec: ReturnType<typeof recorder>): Promise<boolean> {
    const counter = counters[k]!;
    const first = await rec.step('codeFetch', () => code(person));
    if (first === undefined) return false;
    const visit = await rec.step('scan1', () => counter.scanIdentity(first, BASKET));
    if (visit === undefined) return false;
    const second = await rec.step('codeFetch', () => code(person));
    if (second === undefined) return false;
    const settled = await rec.step('scan2', () => counter.settle(second, visit));
    if (settled === undefined) return false;
    rec.flowDone();
    return true;
  }

  return {
    /** Every counter runs flows back to back over its own persons. */
    async closed(run: {
      warmupMs: number;
      durationMs: number;
      onWindow?: (edge: 'start' | 'end') => void;
    }): Promise<CounterRun> {
      const windowStart = performance.now() + run.warmupMs;
      const windowEnd = windowStart + run.durationMs;
      const rec = recorder(windowStart, windowEnd);
      const edges = [
        setTimeout(() => run.onWindow?.('start'), run.warmupMs),
        setTimeout(() => run.onWindow?.('end'), run.warmupMs + run.durationMs),
      ];
      await Promise.all(
        counters.map(async (_, k) => {
          const mine = options.persons.filter((_p, i) => i % counters.length === k);
          for (let n = 0; performance.now() < windowEnd; n += 1) await flow(k, mine[n % mine.length]!, rec);
        }),
      );
      edges.forEach(clearTimeout);
      return rec.result(run.durationMs);
    },

    /** Flows started every 1/rate s, spread over the counters and persons in turn. */
    async open(run: { rate: number; durationMs: number }) {
      const rec = recorder(performance.now(), Number.POSITIVE_INFINITY);
      let next = 0;
      const schedule = await openLoop({
        rate: run.rate,
        durationMs: run.durationMs,
        send: () => {
          const n = next++;
          return flow(n % counters.length, options.persons[n % options.persons.length]!, rec);
        },
      });
      return { ...rec.result(run.durationMs), flowP99Ms: schedule.p99Ms };
    },
  };
}
