// The issue-5 minimums: a figure counts only when the window it came from had no errors.
import { minimums, type BenchResults } from './report';

function results(errors: { closed?: number; open?: number; scan?: number } = {}): BenchResults {
  const scan = (n: number) => ({ count: 100, errors: n, rps: 50, p50Ms: 5, p99Ms: 20 });
  const window = {
    rate: 400,
    windowMs: 5000,
    sent: 2000,
    errors: errors.open ?? 0,
    achievedRps: 400,
    p50Ms: 3,
    p99Ms: 12,
    maxMs: 30,
  };
  return {
    codeIssue: { shareOfCeiling: 0.75, pairs: [{ closed: { errors: errors.closed ?? 0 } }] },
    codeLatency: { rate: 400, windows: [window], p50Ms: 3, p99Ms: 12 },
    scans: { counters: 20, atRate: { scan1: scan(errors.scan ?? 0), scan2: scan(0) } },
    miniapp: [],
  } as unknown as BenchResults;
}

const passes = (r: BenchResults) => minimums(r).map((m) => m.pass);

describe('issue-5 minimums', () => {
  it('pass when the figures meet them and nothing failed', () => {
    expect(passes(results())).toEqual([true, true, true]);
  });

  it('do not pass a figure whose window had errors, and say how many', () => {
    const checks = minimums(results({ closed: 3, open: 712, scan: 1 }));
    expect(checks.map((m) => m.pass)).toEqual([false, false, false]);
    expect(checks[0]!.value).toBe('75.0 % (3 errors)');
    expect(checks[1]!.value).toBe('12.0 ms (712 errors)');
  });
});
