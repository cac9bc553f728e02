// The sandbox's random source hands out pooled CSPRNG bytes: every ask gets its own fresh
// bytes (never a byte twice, never a view another caller can change), of any size.
import { secureRandom } from '../../bff/sandbox/insurance/context';

describe('secureRandom', () => {
  it('gives each caller its own bytes across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const bytes = secureRandom(8);
      expect(bytes).toHaveLength(8);
      seen.add(Buffer.from(bytes).toString('hex'));
    }
    // 2 000 draws of 64 bits: a repeat would mean bytes handed out twice.
    expect(seen.size).toBe(2000);
  });

  it('returns copies: changing one draw does not change the next', () => {
    const first = secureRandom(16);
    first.fill(0);
    expect(secureRandom(16).some((b) => b !== 0)).toBe(true);
  });

  it('serves sizes larger than the pool directly', () => {
    const big = secureRandom(10_000);
    expect(big).toHaveLength(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
