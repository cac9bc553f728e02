// What would I pay (catalogue.estimate): one catalogue item, a quantity and a price, for this
// person today at this institution (or in their own region) — computed by computeByRules, the
// very code every settlement and pre-settlement runs, so the estimate is what a settlement of
// the same basket at the same place would pay. Nothing is written.
import type { ChannelAnswerData } from '@ybm/shared/protocol';

import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { asRefusal } from '../mobile-pay/refusal';
import { shanghaiDate } from './people';
import { regionName } from './person-summary';
import { preparedStatements } from './prepared';
import { computeByRules } from './settle';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;

export interface EstimateInput {
  psnNo: string;
  code: string;
  qty: number;
  priceFen?: number;
  institutionCode?: string;
  useAccount: boolean;
}

const sql = preparedStatements((db) => ({
  item: db.prepare<
    [string, string, string],
    {
      code: string;
      name: string;
      chrgitmLv: '01' | '02' | '03';
      selfpayPropBp: number;
      priceLimitFen: number | null;
      refPriceFen: number | null;
    }
  >(
    `SELECT code, name, chrgitm_lv AS chrgitmLv, selfpay_prop_bp AS selfpayPropBp,
       price_limit_fen AS priceLimitFen, ref_price_fen AS refPriceFen
     FROM catalogue WHERE code = ? AND begin_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
  ),
  institution: db.prepare<
    [string],
    { code: string; name: string; kind: string; regionCode: string; level: string | null }
  >('SELECT code, name, kind, region_code AS regionCode, level FROM institutions WHERE code = ?'),
}));

export function estimate(ctx: Ctx, input: EstimateInput): ChannelAnswerData<'catalogue.estimate'> {
  const day = shanghaiDate(ctx.now());
  const item = sql(ctx).item.get(input.code, day, day);
  if (!item) throw new PlatformRefusal('CATALOGUE_ITEM_NOT_FOUND', '医保目录中没有该项目，或已不在有效期内');
  const priceFen = input.priceFen ?? item.refPriceFen;
  if (priceFen === null) {
    throw new PlatformRefusal('CATALOGUE_PRICE_REQUIRED', '该项目没有参考价格，请填写单价');
  }
  let institution: ReturnType<ReturnType<typeof sql>['institution']['get']>;
  if (input.institutionCode) {
    institution = sql(ctx).institution.get(input.institutionCode);
    if (!institution) throw new PlatformRefusal('INSTITUTION_NOT_FOUND', '定点医药机构不存在');
  }
  // A hospital or clinic is an outpatient visit; a pharmacy, or no place named, a purchase.
  const visit = institution && institution.kind !== 'pharmacy' ? 'outpatient' : 'pharmacy';
  const amountFen = Math.round(input.qty * priceFen);
  let computed: ReturnType<typeof computeByRules>;
  try {
    computed = computeByRules(ctx, {
      psnNo: input.psnNo,
      visit,
      useAccount: input.useAccount,
      place: institution ? { regionCode: institution.regionCode, level: institution.level } : null,
      items: [
        {
          code: item.code,
          qty: input.qty,
          priceFen,
          amountFen,
          chrgitmLv: item.chrgitmLv,
          selfpayPropBp: item.selfpayPropBp,
          priceLimitFen: item.priceLimitFen,
        },
      ],
    });
  } catch (error) {
    throw asRefusal(error) ?? error;
  }
  const { split, treatment, tiers, pooling, rule, yearToDate, balance } = computed;
  return {
    code: item.code,
    name: item.name,
    class: item.chrgitmLv,
    selfpayPropBp: item.selfpayPropBp,
    qty: input.qty,
    priceFen,
    ...split,
    deductibleLeftFen: Math.max(0, rule.deductibleFen - yearToDate.deductiblePaidFen),
    visit,
    pooling,
    ratioBp: tiers[0]?.ratioBp ?? 0,
    institutionCode: institution?.code ?? null,
    institutionName: institution?.name ?? null,
    treatment: { ...treatment, careRegionName: regionName(ctx, treatment.careRegionCode) },
    balanceFen: balance,
  };
}
