// Consent records (ConsentStore): which documents a platform account agreed to, at which
// version and when; tied to the person once the claim activates (授权管理 shows them).
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const DOCUMENTS = [
  { key: 'terms', version: '2026-11' },
  { key: 'privacy', version: '2026-11' },
] as const;

describe.each(STORE_IMPLEMENTATIONS)('the consent store on $name', (implementation) => {
  const t = storesUnderTest(implementation);
  const act = (claimId: string, agreedAt: number, platformUserId = 'openid-1') =>
    t.stores.consents.record({ channel: 'wechat', platformUserId, claimId, agreedAt, documents: DOCUMENTS });

  it('records every document of a consent act once, and lists a user’s newest first', async () => {
    const { consents } = t.stores;
    await act('C1', T0);
    await act('C1', T0 + 5); // the same act again: nothing new
    await act('C2', T0 + 1000);
    await act('C3', T0 + 2000, 'openid-2');
    const rows = await consents.ofUser('wechat', 'openid-1', 10);
    expect(rows.map((row) => [row.claimId, row.document, row.agreedAt])).toEqual([
      ['C2', 'privacy', T0 + 1000],
      ['C2', 'terms', T0 + 1000],
      ['C1', 'privacy', T0],
      ['C1', 'terms', T0],
    ]);
    expect(rows[0]).toEqual({
      channel: 'wechat',
      platformUserId: 'openid-1',
      claimId: 'C2',
      document: 'privacy',
      version: '2026-11',
      agreedAt: T0 + 1000,
      psnNo: null,
      boundAt: null,
    });
    expect(await consents.ofUser('wechat', 'openid-1', 3)).toHaveLength(3);
    expect(await consents.ofUser('alipay', 'openid-1', 10)).toEqual([]);
  });

  it('ties a claim’s consents to the person once, keeping when', async () => {
    const { consents } = t.stores;
    await act('C1', T0);
    await act('C2', T0 + 1);
    await consents.bind('C1', 'P001', T0 + 60_000);
    await consents.bind('C1', 'P002', T0 + 120_000);
    const rows = await consents.ofUser('wechat', 'openid-1', 10);
    expect(rows.filter((row) => row.claimId === 'C1').map((row) => [row.psnNo, row.boundAt])).toEqual([
      ['P001', T0 + 60_000],
      ['P001', T0 + 60_000],
    ]);
    expect(rows.filter((row) => row.claimId === 'C2').every((row) => row.psnNo === null)).toBe(true);
  });
});
