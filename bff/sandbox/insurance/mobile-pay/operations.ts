// payauth.*, cashier.*, payorder.* channel operations: what the BFF's pay page needs around
// 62xx — an order as the person sees it, a payAuthNo after the voucher password, and the
// cashier (standing for WeChat Pay / Alipay) confirming the cash part. Amounts in fen.
import { z } from 'zod';

import { operation, type Operations } from '../channel/operation';
import type { SandboxContext } from '../context';
import { requireActiveVoucher } from '../domain/vouchers';
import { confirmCashPayment } from './pay';
import { issuePayAuth, personsOrder } from './pay-auth';

const orderOfPerson = z.object({ psnNo: z.string().min(1).max(32), payOrdId: z.string().min(1).max(40) });

export function mobilePayOperations(context: SandboxContext): Operations {
  const institution = context.db
    .prepare<[string], string>('SELECT name FROM institutions WHERE code = ?')
    .pluck();
  return {
    'payorder.get': operation(orderOfPerson, (input, { appId }) => {
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
    }),

    'payauth.issue': operation(
      orderOfPerson.extend({ passwordCipher: z.string().min(1).max(1024) }),
      (input, { appId }) => issuePayAuth(context, appId, input),
    ),

    'cashier.confirm': operation(orderOfPerson, (input, { appId }) => {
      requireActiveVoucher(context, input.psnNo, appId);
      return confirmCashPayment(context, input.psnNo, input.payOrdId);
    }),
  };
}
