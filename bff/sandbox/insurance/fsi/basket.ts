// Fee details as the settlement calculator sees them: each line found in the catalogue
// (class, self-pay share, price limit) and checked — amount = price × quantity to the fen,
// serial numbers unique, Σ lines = the stated total — before anything is computed.
import { fenToYuan } from '@ybm/shared';

import type { SandboxContext } from '../context';
import { preparedStatements } from '../domain/prepared';
import type { CatalogueClass, SettlementItem } from '../domain/rules';
import { FsiError } from './errors';

export interface FeeLine {
  sn: string;
  code: string;
  qty: number;
  priceFen: number;
  amountFen: number;
}

export interface CatalogueEntry {
  code: string;
  name: string;
  category: 'drug' | 'service' | 'material';
  chrgitmLv: CatalogueClass;
  selfpayPropBp: number;
  priceLimitFen: number | null;
  beginDate: string;
  endDate: string | null;
  medChrgitmType: string | null;
  lmtUsedFlag: number;
}

const sql = preparedStatements((db) => ({
  entry: db.prepare<[string], CatalogueEntry>(
    `SELECT code, name, category, chrgitm_lv AS chrgitmLv, selfpay_prop_bp AS selfpayPropBp,
       price_limit_fen AS priceLimitFen, begin_date AS beginDate, end_date AS endDate,
       med_chrgitm_type AS medChrgitmType, lmt_used_flag AS lmtUsedFlag
     FROM catalogue WHERE code = ?`,
  ),
}));

export function catalogueEntry(ctx: Pick<SandboxContext, 'db'>, code: string, day: string): CatalogueEntry {
  const entry = sql(ctx).entry.get(code);
  if (!entry) throw new FsiError(`医保目录编码[${code}]不存在`);
  if (entry.beginDate > day || (entry.endDate !== null && entry.endDate < day)) {
    throw new FsiError(`医保目录编码[${code}]在${day}不在有效期内`);
  }
  return entry;
}

/** Checks one line's own arithmetic: det_item_fee_sumamt = pric × cnt, rounded to the fen. */
export function checkLine(line: FeeLine): void {
  if (Math.round(line.qty * line.priceFen) !== line.amountFen) {
    throw new FsiError(`费用明细[${line.sn}]金额不等于单价×数量`);
  }
}

export function toItem(entry: CatalogueEntry, line: FeeLine): SettlementItem {
  return {
    code: entry.code,
    qty: line.qty,
    priceFen: line.priceFen,
    amountFen: line.amountFen,
    chrgitmLv: entry.chrgitmLv,
    selfpayPropBp: entry.selfpayPropBp,
    priceLimitFen: entry.priceLimitFen,
  };
}

/** A whole basket whose total the counter states (medfee_sumamt). */
export function basket(
  ctx: Pick<SandboxContext, 'db'>,
  lines: FeeLine[],
  statedTotalFen: number,
  day: string,
): SettlementItem[] {
  if (lines.length === 0) throw new FsiError('费用明细不能为空');
  const seen = new Set<string>();
  let sum = 0;
  const items = lines.map((line) => {
    if (seen.has(line.sn)) throw new FsiError(`费用明细流水号[${line.sn}]重复`);
    seen.add(line.sn);
    checkLine(line);
    sum += line.amountFen;
    return toItem(catalogueEntry(ctx, line.code, day), line);
  });
  if (sum !== statedTotalFen) {
    throw new FsiError(
      `医疗费总额(medfee_sumamt)${fenToYuan(statedTotalFen)}元与明细合计${fenToYuan(sum)}元不符`,
    );
  }
  return items;
}
