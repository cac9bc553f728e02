// 6201 费用明细上传: a hospital uploads an in-consultation bill for a person. The details
// must add up (Σ detItemFeeSumamt = medfeeSumamt), every item must be in the catalogue,
// and the order is created pre-settled (ordStas 1) with the split the rules give today;
// bill.created tells the person's BFF (with why the fund pays nothing, when it does not).
// Re-sending the same medOrgOrd returns the same order.
import { fenToYuan } from '@ybm/shared';
import { ORD_STAS, splitFields, type MobilePayInput, type MobilePayRefusalCode } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, newId, type SandboxContext } from '../context';
import { chinaDay } from '../domain/china-time';
import { resolveEcToken } from '../domain/ec-token';
import { socialCard } from '../domain/identity';
import { activeInsurance, findPersonByDocument, getPerson, type PersonRecord } from '../domain/people';
import { preparedFor } from '../domain/prepared';
import type { CatalogueClass } from '../domain/rules';
import { settle } from '../domain/settle';
import { latestActiveChannel } from '../domain/vouchers';
import { enqueueEvent } from '../events/outbox';
import { findOrderByHisOrder, orderStatements, type OrderItem } from './orders';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;
type UploadInput = MobilePayInput<'6201'>;

const statements = preparedFor((db) => ({
  institution: db.prepare<[string], string>('SELECT name FROM institutions WHERE code = ?').pluck(),
  item: db.prepare<
    [string, string, string],
    { name: string; chrgitmLv: CatalogueClass; selfpayPropBp: number; priceLimitFen: number | null }
  >(
    `SELECT name, chrgitm_lv AS chrgitmLv, selfpay_prop_bp AS selfpayPropBp, price_limit_fen AS priceLimitFen
     FROM catalogue WHERE code = ? AND begin_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
  ),
}));

const refuse = (code: MobilePayRefusalCode, message: string): never => {
  throw new PlatformRefusal(code, message);
};

/** The person behind psnNo, or behind an mdtrt cert: 01 ecToken, 02 居民身份证, 03 社保卡. */
function resolvePerson(ctx: Ctx, input: UploadInput): PersonRecord {
  let psnNo = input.psnNo;
  const certNo = input.mdtrtCertNo ?? '';
  if (input.mdtrtCertType === '01') psnNo = resolveEcToken(ctx, certNo, input.orgCodg).psnNo;
  if (input.mdtrtCertType === '02') {
    const found = findPersonByDocument(ctx, 'resident_id', certNo);
    if (found.length > 1)
      refuse('MULTIPLE_PERSON_RECORDS', '该证件存在多条参保人员记录，请到医保经办机构处理');
    psnNo = found[0]?.psnNo;
  }
  if (input.mdtrtCertType === '03') {
    const card = socialCard(ctx, certNo);
    if (card && card.status !== 'active') refuse('SOCIAL_CARD_INVALID', '社会保障卡已挂失或注销');
    psnNo = card?.psnNo;
  }
  const person = psnNo ? getPerson(ctx, psnNo) : undefined;
  if (!person) return refuse('PERSON_NOT_FOUND', '未查询到该参保人员');
  if (input.userName && input.userName !== person.name) refuse('NAME_MISMATCH', '姓名与参保登记信息不一致');
  const insurance = activeInsurance(ctx, person.psnNo);
  if (!insurance) refuse('NOT_INSURED', '该人员无参保信息');
  if (insurance?.status !== 'active')
    refuse('INSURANCE_SUSPENDED', '该人员参保状态为暂停参保，不能享受医保待遇');
  return person;
}

function orderItems(ctx: Ctx, input: UploadInput): OrderItem[] {
  const today = chinaDay(ctx.now());
  const seen = new Set<string>();
  return input.feedetail.map((detail) => {
    if (seen.has(detail.feedetlSn)) refuse('FEEDETL_SN_DUPLICATE', `费用明细流水号重复：${detail.feedetlSn}`);
    seen.add(detail.feedetlSn);
    if (Math.round(detail.cnt * detail.pric) !== detail.detItemFeeSumamt) {
      refuse('DETAIL_AMOUNT_MISMATCH', `明细 ${detail.feedetlSn} 的金额不等于数量×单价`);
    }
    const item = statements(ctx.db).item.get(detail.medListCodg, today, today);
    if (!item)
      return refuse('CATALOGUE_ITEM_UNKNOWN', `医保目录中没有编码为 ${detail.medListCodg} 的有效项目`);
    return {
      feedetlSn: detail.feedetlSn,
      code: detail.medListCodg,
      name: detail.medListName || item.name,
      qty: detail.cnt,
      priceFen: detail.pric,
      amountFen: detail.detItemFeeSumamt,
      chrgitmLv: item.chrgitmLv,
      selfpayPropBp: item.selfpayPropBp,
      priceLimitFen: item.priceLimitFen,
    };
  });
}

export function uploadFees(ctx: Ctx, input: UploadInput, requestHash: string): Record<string, unknown> {
  const earlier = findOrderByHisOrder(ctx, input.orgCodg, input.medOrgOrd);
  if (earlier) {
    if (earlier.uploadHash === requestHash && earlier.uploadResponse) return earlier.uploadResponse;
    refuse('ORDER_DUPLICATE', `医疗机构订单号 ${input.medOrgOrd} 已上传过不同的费用明细，请先撤销`);
  }
  const institutionName = statements(ctx.db).institution.get(input.orgCodg);
  if (institutionName === undefined) refuse('INSTITUTION_UNKNOWN', '定点医药机构不存在');
  const sum = input.feedetail.reduce((total, detail) => total + detail.detItemFeeSumamt, 0);
  if (sum !== input.medfeeSumamt) {
    refuse(
      'ORDER_SUM_MISMATCH',
      `费用明细合计 ${fenToYuan(sum)} 元与费用总额 ${fenToYuan(input.medfeeSumamt)} 元不一致`,
    );
  }
  const items = orderItems(ctx, input);
  const person = resolvePerson(ctx, input);

  const payOrdId = newId(ctx, 'ORD', 12);
  const mdtrtId = input.mdtrtId ?? newId(ctx, 'MP', 10);
  const preview = settle(ctx, {
    kind: 'mobile',
    psnNo: person.psnNo,
    fixmedinsCode: input.orgCodg,
    mdtrtId,
    certType: input.mdtrtCertType ?? '02',
    items,
    useAccount: input.acctUsedFlag ?? true,
    dryRun: true,
  });
  const response = {
    payOrdId,
    payToken: newId(ctx, 'PT', 16),
    ordStas: ORD_STAS.preSettled,
    medOrgOrd: input.medOrgOrd,
    ...splitFields(preview),
  };
  const at = isoNow(ctx);
  const appId = latestActiveChannel(ctx, person.psnNo);
  inTransaction(ctx.db, () => {
    orderStatements(ctx).insert.run({
      payOrdId,
      payToken: response.payToken,
      psnNo: person.psnNo,
      fixmedinsCode: input.orgCodg,
      mdtrtId,
      ordStas: ORD_STAS.preSettled,
      totalFen: preview.totalFen,
      fundFen: preview.fundFen,
      accountFen: preview.accountFen,
      cashFen: preview.cashFen,
      detailsJson: JSON.stringify(items),
      at,
      appId,
      medOrgOrd: input.medOrgOrd,
      deptName: input.deptName ?? null,
      doctorName: input.drName ?? null,
      uploadHash: requestHash,
      uploadResponseJson: JSON.stringify(response),
    });
    enqueueEvent(ctx, {
      type: 'bill.created',
      appId,
      payload: {
        payOrdId,
        // The person's BFF places the order (6202) for them, so it needs the order's token.
        payToken: response.payToken,
        psnNo: person.psnNo,
        fixmedinsCode: input.orgCodg,
        institutionName: preview.institutionName,
        deptName: input.deptName ?? null,
        doctorName: input.drName ?? null,
        items: items.map(({ name, qty, priceFen, amountFen }) => ({ name, qty, priceFen, amountFen })),
        totalFen: preview.totalFen,
        fundFen: preview.fundFen,
        accountFen: preview.accountFen,
        cashFen: preview.cashFen,
        // Why the fund pays nothing of it (丙类, 起付线, …), so the person is told before paying.
        ...(preview.fundZeroReason ? { fundZeroReason: preview.fundZeroReason } : {}),
        createdAt: at,
      },
    });
  });
  return response;
}
