// payauth.*, cashier.*, payorder.* channel operations: what the BFF's pay page needs around
// 62xx — an order as the person sees it, a payAuthNo after the voucher password, and the
// cashier (standing for WeChat Pay / Alipay) confirming the cash part. Amounts in fen.
import { operations, type Operations } from '../channel/operation';
import type { SandboxContext } from '../context';
import { requireLiveLink } from '../domain/family';
import { requireActiveVoucher } from '../domain/vouchers';
import { confirmCashPayment } from './pay';
import { issuePayAuth, personsOrder } from './pay-auth';

export function mobilePayOperations(context: SandboxContext): Operations {
  const institution = context.db
    .prepare<[string], string>('SELECT name FROM institutions WHERE code = ?')
    .pluck();
  return operations({
    'payorder.get': (input, { appId }) => {
      requireActiveVoucher(context, input.psnNo, appId);
      const order = personsOrder(context, input.psnNo, input.payOrdId);
      return {
        payOrdId: order.payOrdId,
        payToken: order.payToken,
        psnNo: order.psnNo,
        ordStas: order.ordStas,
        fixmedinsCode: order.fixmedinsCode,
        institutionName: institution.get(order.fixmedinsCode) ?? null,
        deptName: order.deptName,
        doctorName: order.doctorName,
        items: order.items.map(({ name, qty, priceFen, amountFen }) => ({ name, qty, priceFen, amountFen })),
        totalFen: order.totalFen,
        fundFen: order.fundFen,
        accountFen: order.accountFen,
        cashFen: order.cashFen,
        setlId: order.setlId,
        createdAt: order.createdAt,
        paidAt: order.hiPaidAt,
        cashPaidAt: order.cashPaidAt,
      };
    },

    'payauth.issue': (input, { appId }) => issuePayAuth(context, appId, input),

    'cashier.confirm': (input, { appId }) => {
      // The cash paid by a guardian for a member: the guardian's voucher here, the link still live.
      if (input.guardianPsnNo) {
        requireActiveVoucher(context, input.guardianPsnNo, appId);
        requireLiveLink(context, input.guardianPsnNo, input.psnNo);
      } else {
        requireActiveVoucher(context, input.psnNo, appId);
      }
      return confirmCashPayment(context, input.psnNo, input.payOrdId, input.guardianPsnNo);
    },
  });
}
