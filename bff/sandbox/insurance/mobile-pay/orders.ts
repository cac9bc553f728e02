// Mobile-payment orders (pay_orders) and the requests answered for them: the rows as the
// 62xx transactions read and write them, amounts in fen, ordStas as PROTOCOL.md §3.
import { ORD_STAS, type OrdStas } from '@ybm/shared/protocol';

import type { SandboxContext } from '../context';
import { preparedFor } from '../domain/prepared';
import type { SettlementItem } from '../domain/rules';

/** One fee detail of an order, with what the settlement rules need to know about its item. */
export interface OrderItem extends SettlementItem {
  feedetlSn: string;
  name: string;
}

export interface PayOrder {
  payOrdId: string;
  payToken: string;
  psnNo: string;
  fixmedinsCode: string;
  mdtrtId: string;
  appId: string | null;
  medOrgOrd: string | null;
  ordStas: OrdStas;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  setlId: string | null;
  items: OrderItem[];
  deptName: string | null;
  doctorName: string | null;
  uploadHash: string | null;
  uploadResponse: Record<string, unknown> | null;
  payAuthNo: string | null;
  revsToken: string | null;
  hiPaidAt: string | null;
  cashPaidAt: string | null;
  hiRefundedAt: string | null;
  cashRefundedFen: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  pay_ord_id: string;
  pay_token: string;
  psn_no: string;
  fixmedins_code: string;
  mdtrt_id: string;
  app_id: string | null;
  med_org_ord: string | null;
  ord_stas: OrdStas;
  fee_sumamt_fen: number;
  fund_fen: number | null;
  account_fen: number | null;
  cash_fen: number | null;
  setl_id: string | null;
  details_json: string;
  dept_name: string | null;
  doctor_name: string | null;
  upload_hash: string | null;
  upload_response_json: string | null;
  pay_auth_no: string | null;
  revs_token: string | null;
  hi_paid_at: string | null;
  cash_paid_at: string | null;
  hi_refunded_at: string | null;
  cash_refunded_fen: number;
  created_at: string;
  updated_at: string;
}

function toOrder(row: Row): PayOrder {
  return {
    payOrdId: row.pay_ord_id,
    payToken: row.pay_token,
    psnNo: row.psn_no,
    fixmedinsCode: row.fixmedins_code,
    mdtrtId: row.mdtrt_id,
    appId: row.app_id,
    medOrgOrd: row.med_org_ord,
    ordStas: row.ord_stas,
    totalFen: row.fee_sumamt_fen,
    fundFen: row.fund_fen ?? 0,
    accountFen: row.account_fen ?? 0,
    cashFen: row.cash_fen ?? 0,
    setlId: row.setl_id,
    items: JSON.parse(row.details_json) as OrderItem[],
    deptName: row.dept_name,
    doctorName: row.doctor_name,
    uploadHash: row.upload_hash,
    uploadResponse: row.upload_response_json
      ? (JSON.parse(row.upload_response_json) as Record<string, unknown>)
      : null,
    payAuthNo: row.pay_auth_no,
    revsToken: row.revs_token,
    hiPaidAt: row.hi_paid_at,
    cashPaidAt: row.cash_paid_at,
    hiRefundedAt: row.hi_refunded_at,
    cashRefundedFen: row.cash_refunded_fen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const statements = preparedFor((db) => ({
  byId: db.prepare<[string], Row>('SELECT * FROM pay_orders WHERE pay_ord_id = ?'),
  byHisOrder: db.prepare<[string, string, string], Row>(
    `SELECT * FROM pay_orders WHERE fixmedins_code = ? AND med_org_ord = ? AND ord_stas <> ?
     ORDER BY created_at DESC LIMIT 1`,
  ),
  insert: db.prepare(
    `INSERT INTO pay_orders (pay_ord_id, pay_token, psn_no, fixmedins_code, mdtrt_id, ord_stas,
       fee_sumamt_fen, fund_fen, account_fen, cash_fen, details_json, created_at, updated_at, app_id,
       med_org_ord, dept_name, doctor_name, upload_hash, upload_response_json)
     VALUES (@payOrdId, @payToken, @psnNo, @fixmedinsCode, @mdtrtId, @ordStas, @totalFen, @fundFen,
       @accountFen, @cashFen, @detailsJson, @at, @at, @appId, @medOrgOrd, @deptName, @doctorName,
       @uploadHash, @uploadResponseJson)`,
  ),
  // Every state change names the state it leaves, so two racing changes cannot both win.
  paid: db.prepare(
    `UPDATE pay_orders SET ord_stas = @ordStas, fund_fen = @fundFen, account_fen = @accountFen,
       cash_fen = @cashFen, setl_id = @setlId, pay_auth_no = @payAuthNo, revs_token = @revsToken,
       hi_paid_at = @at, cash_paid_at = @cashPaidAt, updated_at = @at
     WHERE pay_ord_id = @payOrdId AND ord_stas = '1'`,
  ),
  cashPaid: db.prepare(
    `UPDATE pay_orders SET ord_stas = '6', cash_paid_at = @at, updated_at = @at
     WHERE pay_ord_id = @payOrdId AND ord_stas = '2'`,
  ),
  refunded: db.prepare(
    `UPDATE pay_orders SET ord_stas = @ordStas, hi_refunded_at = @hiRefundedAt,
       cash_refunded_fen = @cashRefundedFen, updated_at = @at
     WHERE pay_ord_id = @payOrdId AND ord_stas = @fromStas`,
  ),
  revoked: db.prepare(
    `UPDATE pay_orders SET ord_stas = '12', revoked_at = @at, updated_at = @at
     WHERE pay_ord_id = @payOrdId AND ord_stas = '1'`,
  ),
  request: db.prepare<
    [string],
    { payOrdId: string; kind: string; requestHash: string; responseJson: string }
  >(
    `SELECT pay_ord_id AS payOrdId, kind, request_hash AS requestHash, response_json AS responseJson
     FROM pay_requests WHERE org_biz_ser = ?`,
  ),
  insertRequest: db.prepare(
    `INSERT INTO pay_requests (org_biz_ser, pay_ord_id, kind, response_json, created_at, request_hash)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
}));

type Ctx = Pick<SandboxContext, 'db'>;

export function findOrder(ctx: Ctx, payOrdId: string): PayOrder | undefined {
  const row = statements(ctx.db).byId.get(payOrdId);
  return row && toOrder(row);
}

/** The live (not revoked) order an institution uploaded under its own order number. */
export function findOrderByHisOrder(
  ctx: Ctx,
  fixmedinsCode: string,
  medOrgOrd: string,
): PayOrder | undefined {
  const row = statements(ctx.db).byHisOrder.get(fixmedinsCode, medOrgOrd, ORD_STAS.revoked);
  return row && toOrder(row);
}

export function orderStatements(ctx: Ctx) {
  return statements(ctx.db);
}
