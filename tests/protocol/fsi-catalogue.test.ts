// 1312 医保目录信息查询: the catalogue by code, name and date, a page at a time.
import { DEMO_CATALOGUE, setupCounter, type Sandbox } from './fsi-support';

describe('1312 catalogue query', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setupCounter();
    await sandbox.signIn();
  });
  afterAll(() => sandbox.close());

  const query = (data: Record<string, unknown>) => sandbox.fsi('1312', { data }, { insuplc: null });

  it('pages through the whole catalogue without gaps or repeats', async () => {
    const total = sandbox.count('SELECT COUNT(*) FROM catalogue');
    const seen = new Set<string>();
    let page = 1;
    for (;;) {
      const answer = await query({ page_num: page, page_size: 100 });
      expect(answer.infcode).toBe(0);
      expect(answer.output).toMatchObject({ pageNum: page, pageSize: 100, recordCounts: total });
      for (const row of answer.output.data) seen.add(row.hilist_code);
      if (answer.output.lastPage) break;
      page += 1;
    }
    expect(seen.size).toBe(total);
    expect(page).toBe(Math.ceil(total / 100));
  });

  it('finds an item by code with its class, share and limit', async () => {
    const answer = await query({
      hilist_code: DEMO_CATALOGUE.classBPriceLimited.code,
      page_num: 1,
      page_size: 10,
    });
    expect(answer.output.data).toEqual([
      expect.objectContaining({
        hilist_code: DEMO_CATALOGUE.classBPriceLimited.code,
        hilist_name: '头孢克肟分散片',
        chrgitm_lv: '02',
        selfpay_prop: 0.15,
        pric_uplmt_amt: 47.6,
        list_type: '101',
      }),
    ]);
  });

  it('searches by name and leaves out items not valid on the query date', async () => {
    const byName = await query({ hilist_name: '头孢克肟', page_num: 1, page_size: 50 });
    expect(byName.output.data.length).toBeGreaterThanOrEqual(2);
    for (const row of byName.output.data) expect(row.hilist_name).toContain('头孢克肟');
    const retired = { hilist_code: DEMO_CATALOGUE.retired.code, page_num: 1, page_size: 10 };
    expect((await query(retired)).output.recordCounts).toBe(1);
    expect((await query({ ...retired, query_date: '2025-03-03' })).output.recordCounts).toBe(0);
    expect((await query({ hilist_name: '%', page_num: 1, page_size: 10 })).output.recordCounts).toBe(0);
  });

  it('refuses pages out of range', async () => {
    expect(await query({ page_num: 0, page_size: 10 })).toMatchObject({
      infcode: -1,
      err_msg: expect.stringMatching(/page_num/),
    });
    expect(await query({ page_num: 1, page_size: 5000 })).toMatchObject({
      infcode: -1,
      err_msg: expect.stringMatching(/page_size/),
    });
    expect(await query({ page_num: 'x', page_size: 10 })).toMatchObject({ infcode: -1 });
  });
});
