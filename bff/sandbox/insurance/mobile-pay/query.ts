// 6301 订单结算结果查询 (what a HIS or the BFF reconciles an uncertain payment with) and
// 6401 费用明细撤销 (an unpaid order withdrawn: 12 已撤销, announced as bill.revoked).
import { fenToYuan } from '@ybm/shared';
import { ORD_STAS, splitFields, type MobilePayInput } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { chinaDateTime } from '../domain/china-time';
import { preparedFor } from '../domain/prepared';
import { enqueueEvent } from '../events/outbox';
import { findOrder, orderStatements, type PayOrder } from './orders';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;

const statements = preparedFor((db) => ({
  refunds: db.prepare<
    [string],
    {
      appRefdSn: string;
      refdType: string;
      totalFen: number;
      cashFen: number;
      accountFen: number;
      fundFen: number;
      refStatus: string;
      createdAt: string;
    }
  >(
    `SELECT app_refd_sn AS appRefdSn, refd_type AS refdType, total_fen AS totalFen, cash_fen AS cashFen,
       account_fen AS accountFen, fund_fen AS fundFen, ref_status AS refStatus, created_at AS createdAt
     FROM refunds WHERE pay_ord_id = ? ORDER BY created_at, rowid`,
  ),
}));

function orderFor(ctx: Ctx, input: { payOrdId: string; payToken?: string; orgCodg?: string }): PayOrder {
  const order = findOrder(ctx, input.payOrdId);
  if (!order || (input.orgCodg && input.orgCodg !== order.fixmedinsCode)) {
    throw new PlatformRefusal('ORDER_NOT_FOUND', '订单不存在');
  }
  if (input.payToken !== undefined && input.payToken !== order.payToken) {
    throw new PlatformRefusal('PAY_TOKEN_INVALID', '支付令牌与订单不符');
  }
  return order;
}

/** setlType: what was settled — insurance and cash (ALL), insurance only (HI), cash only (CASH). */
function settlementType(order: PayOrder): 'ALL' | 'HI' | 'CASH' | undefined {
  if (!order.hiPaidAt) return undefined;
  const insurance = order.fundFen + order.accountFen;
  if (order.cashPaidAt && order.cashFen > 0) return insurance > 0 ? 'ALL' : 'CASH';
  return 'HI';
}

export function queryOrder(ctx: Ctx, input: MobilePayInput<'6301'>): Record<string, unknown> {
  const order = orderFor(ctx, input);
  return {
    payOrdId: order.payOrdId,
    medOrgOrd: order.medOrgOrd,
    ordStas: order.ordStas,
    ...splitFields(order),
    setlType: settlementType(order),
    setlId: order.setlId,
    traceTime: chinaDateTime(Date.parse(order.updatedAt)),
    revsToken: order.revsToken,
    cashRefdSumamt: fenToYuan(order.cashRefundedFen),
    refunds: statements(ctx.db)
      .refunds.all(order.payOrdId)
      .map((refund) => ({
        appRefdSn: refund.appRefdSn,
        refdType: refund.refdType,
        totlRefdAmt: fenToYuan(refund.totalFen),
        cashRefdAmt: fenToYuan(refund.cashFen),
        psnAcctRefdAmt: fenToYuan(refund.accountFen),
        fundRefdAmt: fenToYuan(refund.fundFen),
        refStatus: refund.refStatus,
        refdTime: chinaDateTime(Date.parse(refund.createdAt)),
      })),
  };
}

export function revokeOrder(ctx: Ctx, input: MobilePayInput<'6401'>): Record<string, unknown> {
  return inTransaction(
    ctx.db,
    () => {
      const order = orderFor(ctx, input);
      const answer = (at: string) => ({
        payOrdId: order.payOrdId,
        ordStas: ORD_STAS.revoked,
        revokeTime: at,
      });
      if (order.ordStas === ORD_STAS.revoked) return answer(chinaDateTime(Date.parse(order.updatedAt)));
      if (order.ordStas !== ORD_STAS.preSettled) {
        throw new PlatformRefusal('ORDER_NOT_REVOCABLE', '订单已支付，不能撤销，请使用医保退费(6203)');
      }
      const at = isoNow(ctx);
      orderStatements(ctx).revoked.run({ payOrdId: order.payOrdId, at });
      enqueueEvent(ctx, {
        type: 'bill.revoked',
        appId: order.appId,
        payload: {
          payOrdId: order.payOrdId,
          psnNo: order.psnNo,
          fixmedinsCode: order.fixmedinsCode,
          reason: input.revsRea ?? null,
          revokedAt: at,
        },
      });
      return answer(chinaDateTime(ctx.now()));
    },
    'immediate',
  );
}
