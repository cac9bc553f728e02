// The 62xx request fields (PROTOCOL.md §3, camelCase as the HIS sends them) as zod schemas,
// and the yuan ⇄ fen conversion at this boundary: amounts arrive as yuan strings ("12.30")
// or JSON numbers and leave as yuan strings.
import '../../zod-setup';
import { z } from 'zod';

import { fenToYuan, yuanToFen } from '../../money';

const YUAN = /^\d{1,10}(\.\d{1,2})?$/;

/** A non-negative yuan amount with at most two decimals → integer fen. */
export const yuan = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!YUAN.test(text)) {
    ctx.addIssue({ code: 'custom', message: '金额须为不超过两位小数的非负数' });
    return z.NEVER;
  }
  return yuanToFen(text);
});

/** A quantity: positive, up to four decimals (a half box, 0.25 g …). */
const quantity = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const qty = Number(text);
  if (!/^\d{1,6}(\.\d{1,4})?$/.test(text) || !(qty > 0)) {
    ctx.addIssue({ code: 'custom', message: '数量须为正数' });
    return z.NEVER;
  }
  return qty;
});

/** acctUsedFlag: "1" use the personal account, "0" do not (numbers accepted too). */
export const flag = z
  .union([z.enum(['0', '1']), z.literal(0), z.literal(1)])
  .transform((v) => String(v) === '1');

const id = (max: number) => z.string().trim().min(1).max(max);
const orgCodg = z.string().trim().length(12);

export const feeDetail = z.object({
  feedetlSn: id(30),
  medListCodg: id(50),
  medinsListCodg: z.string().max(50).optional(),
  medListName: z.string().max(100).optional(),
  cnt: quantity,
  pric: yuan,
  detItemFeeSumamt: yuan,
});

/** 6201 费用明细上传: the person by psnNo or by mdtrtCertType + mdtrtCertNo. */
export const uploadFees = z
  .object({
    orgCodg,
    medOrgOrd: id(40),
    psnNo: id(32).optional(),
    mdtrtCertType: z.enum(['01', '02', '03']).optional(),
    mdtrtCertNo: id(64).optional(),
    userName: z.string().trim().max(64).optional(),
    mdtrtId: id(40).optional(),
    medType: z.string().max(6).optional(),
    deptName: z.string().max(64).optional(),
    drName: z.string().max(64).optional(),
    medfeeSumamt: yuan,
    acctUsedFlag: flag.optional(),
    feedetail: z.array(feeDetail).min(1).max(200),
  })
  .refine((input) => Boolean(input.psnNo) !== Boolean(input.mdtrtCertType && input.mdtrtCertNo), {
    message: '须提供 psnNo，或 mdtrtCertType 与 mdtrtCertNo 之一组',
    path: ['psnNo'],
  });

/** 6202 支付下单. */
export const payOrder = z.object({
  orgCodg: orgCodg.optional(),
  payAuthNo: id(64),
  payOrdId: id(40),
  payToken: id(64),
  orgBizSer: id(64),
  acctUsedFlag: flag,
});

/** 6203 医保退费: exactly one of ecToken / payAuthNo proves the person's consent. */
export const refundOrder = z
  .object({
    orgCodg: orgCodg.optional(),
    payOrdId: id(40),
    appRefdSn: id(64),
    appRefdTime: z.string().max(32).optional(),
    refdType: z.enum(['ALL', 'CASH', 'HI']),
    totlRefdAmt: yuan,
    cashRefdAmt: yuan,
    psnAcctRefdAmt: yuan,
    fundRefdAmt: yuan,
    ecToken: id(64).optional(),
    payAuthNo: id(64).optional(),
    expContent: z.string().max(500).optional(),
  })
  .refine((input) => Boolean(input.ecToken) !== Boolean(input.payAuthNo), {
    message: 'ecToken 与 payAuthNo 须且只能提供其一',
    path: ['payAuthNo'],
  });

/** 6301 订单结算结果查询. */
export const queryOrder = z.object({
  orgCodg: orgCodg.optional(),
  payOrdId: id(40),
  payToken: id(64).optional(),
});

/** 6401 费用明细撤销: only the holder of the payToken may revoke. */
export const revokeOrder = z.object({
  orgCodg: orgCodg.optional(),
  payOrdId: id(40),
  payToken: id(64),
  revsRea: z.string().max(200).optional(),
});

/** Yuan strings of an order's split, in 62xx names. */
export function splitFields(split: {
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
}) {
  return {
    feeSumamt: fenToYuan(split.totalFen),
    fundPay: fenToYuan(split.fundFen),
    psnAcctPay: fenToYuan(split.accountFen),
    ownPayAmt: fenToYuan(split.cashFen),
  };
}

/** "入参校验失败：feedetail.0.cnt（数量须为正数）" — the field paths and what is wrong. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.join('.') || '(data)';
    return issue.code === 'custom' ? `${where}（${issue.message}）` : where;
  });
  return `入参校验失败：${parts.join('，')}`;
}
