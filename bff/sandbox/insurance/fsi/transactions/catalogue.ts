// 1312 医保目录信息查询: the catalogue by code, name, class and date, a page at a time.
import { fenToYuan } from '@ybm/shared';
import { FSI_INFNOS } from '@ybm/shared/protocol';

import { filteredStatements } from '../../domain/prepared';
import { fsiTransaction } from '../dispatch';

const LIST_TYPE = { drug: '101', service: '201', material: '301' } as const;

interface Row {
  code: string;
  name: string;
  category: keyof typeof LIST_TYPE;
  chrgitm_lv: string;
  selfpay_prop_bp: number;
  price_limit_fen: number | null;
  spec: string | null;
  unit: string | null;
  begin_date: string;
  end_date: string | null;
  med_chrgitm_type: string | null;
  lmt_used_flag: number;
  lmt_used_desc: string | null;
}

// A province's catalogue holds tens of thousands of items: a code is looked up by its key.
const catalogueQueries = filteredStatements(
  {
    code: 'code = @code',
    name: "name LIKE @name ESCAPE '\\'",
    day: '(begin_date <= @day AND (end_date IS NULL OR end_date >= @day))',
    type: 'med_chrgitm_type = @type',
    lv: 'chrgitm_lv = @lv',
  },
  (db, where) => ({
    page: db.prepare<Record<string, unknown>, Row>(
      `SELECT * FROM catalogue ${where} ORDER BY code LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare<Record<string, unknown>, number>(`SELECT COUNT(*) FROM catalogue ${where}`).pluck(),
  }),
);

export const catalogueQuery = fsiTransaction({
  input: FSI_INFNOS['1312'].input,
  run(ctx, _call, { data }) {
    const filter = {
      code: data.hilist_code ?? null,
      name: data.hilist_name ? `%${data.hilist_name.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      day: data.query_date ?? null,
      type: data.med_chrgitm_type ?? null,
      lv: data.chrgitm_lv ?? null,
    };
    const { statements, params } = catalogueQueries(ctx.db, filter);
    const recordCounts = statements.count.get(params) ?? 0;
    const rows = statements.page.all({
      ...params,
      limit: data.page_size,
      offset: (data.page_num - 1) * data.page_size,
    });
    const pages = Math.ceil(recordCounts / data.page_size);
    return {
      output: {
        data: rows.map((row) => ({
          hilist_code: row.code,
          hilist_name: row.name,
          list_type: LIST_TYPE[row.category],
          med_chrgitm_type: row.med_chrgitm_type ?? '',
          chrgitm_lv: row.chrgitm_lv,
          selfpay_prop:
            row.chrgitm_lv === '03' ? 1 : row.chrgitm_lv === '02' ? row.selfpay_prop_bp / 10_000 : 0,
          pric_uplmt_amt: row.price_limit_fen === null ? 0 : Number(fenToYuan(row.price_limit_fen)),
          lmt_used_flag: String(row.lmt_used_flag),
          lmt_used_desc: row.lmt_used_desc ?? '',
          spec: row.spec ?? '',
          unit: row.unit ?? '',
          begndate: row.begin_date,
          enddate: row.end_date ?? '',
          vali_flag: '1',
        })),
        pageNum: data.page_num,
        pageSize: data.page_size,
        recordCounts,
        pages,
        size: rows.length,
        startRow: rows.length === 0 ? 0 : (data.page_num - 1) * data.page_size + 1,
        endRow: (data.page_num - 1) * data.page_size + rows.length,
        firstPage: data.page_num === 1,
        lastPage: data.page_num >= pages,
      },
    };
  },
});
