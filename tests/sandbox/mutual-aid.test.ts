// 家庭共济 and paying for a family member, enforced by the sandbox (not only by the BFF): a
// guardian authorises a member's order with the guardian's own password under a live link;
// the guardian's personal account pays the member's personal part only for an employee
// guardian and a spouse, parent or child; and each account's ledger still sums to its balance.
import type { Json } from '@ybm/shared/gm';
import { PATHS } from '@ybm/shared/protocol';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { BASKET, fen, refusalOf, setup } from '../support/mobile-pay';
import { encryptPassword } from '../support/payments';

const PARENT = PERSONAS.parent;
const ELDER = PERSONAS.elder;
const RESIDENT = PERSONAS.resident;
const CHILD = PERSONAS.child;
const GUARDIAN_PASSWORD = '246813';

type Bench = Awaited<ReturnType<typeof setup>>;

async function activate(t: Bench, person: typeof PARENT, openid: string) {
  const started = (await t.bff.call('activation.start', {
    docType: person.docType,
    docNumber: person.docNumber,
    name: person.name,
    platformUserId: openid,
  })) as Record<string, Json>;
  await t.bff.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
  });
}

function accounts(t: Bench, psnNo: string) {
  const balance = t.db
    .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
    .pluck()
    .get(psnNo) as number;
  const ledger = t.db
    .prepare('SELECT SUM(amount_fen) FROM ledger WHERE psn_no = ?')
    .pluck()
    .get(psnNo) as number;
  return { balance, ledger };
}

async function payFor(
  t: Bench,
  member: string,
  guardian: string,
  accountOf: 'member' | 'guardian',
): Promise<Record<string, Json>> {
  const order = await t.upload({ psnNo: member });
  const auth = (await t.bff.call('payauth.issue', {
    psnNo: member,
    payOrdId: order.payOrdId,
    guardianPsnNo: guardian,
    accountOf,
    passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
  })) as Record<string, string>;
  const answer = await t.his.call(PATHS.payOrder, {
    payAuthNo: auth.payAuthNo,
    payOrdId: order.payOrdId,
    payToken: order.payToken,
    orgBizSer: `BIZ-${order.payOrdId}`,
    acctUsedFlag: '1',
  });
  expect(answer).toMatchObject({ code: '0' });
  return answer.data as Record<string, Json>;
}

describe('paying for a family member', () => {
  let t: Bench;
  beforeAll(async () => {
    t = await setup();
    await activate(t, PARENT, 'openid-parent');
    await activate(t, RESIDENT, 'openid-resident');
    // The resident (城乡居民, no personal account) is her niece's guardian here.
    await t.bff.call('family.add', {
      ownerPsnNo: RESIDENT.psnNo,
      member: { docType: CHILD.docType, docNumber: CHILD.docNumber, name: CHILD.name },
      relation: 'child',
      guardianAttested: true,
    });
  });
  afterAll(() => t.sandbox.close());

  it('lets an employee pay a parent’s personal part from the employee’s own account; both ledgers equal their balances', async () => {
    const parentBefore = accounts(t, PARENT.psnNo);
    const elderBefore = accounts(t, ELDER.psnNo);
    const paid = await payFor(t, ELDER.psnNo, PARENT.psnNo, 'guardian');
    const accountFen = fen(paid, 'psnAcctPay');
    const total = BASKET.reduce((sum, item) => sum + item.priceFen, 0);
    expect(accountFen).toBeGreaterThan(0);
    expect(fen(paid, 'fundPay') + accountFen + fen(paid, 'ownPayAmt')).toBe(total);
    const parentAfter = accounts(t, PARENT.psnNo);
    const elderAfter = accounts(t, ELDER.psnNo);
    expect(parentBefore.balance - parentAfter.balance).toBe(accountFen);
    expect(elderAfter.balance).toBe(elderBefore.balance);
    for (const account of [parentAfter, elderAfter]) expect(account.ledger).toBe(account.balance);
    // The settlement is the elder's, its account part paid by the parent's account.
    const row = t.db
      .prepare('SELECT psn_no AS psnNo, account_psn_no AS accountPsnNo FROM settlements WHERE setl_id = ?')
      .get(paid.setlId as string);
    expect(row).toEqual({ psnNo: ELDER.psnNo, accountPsnNo: PARENT.psnNo });
  });

  it('lets a guardian pay with the member’s own account, acting for them with the guardian’s password', async () => {
    const elderBefore = accounts(t, ELDER.psnNo);
    const paid = await payFor(t, ELDER.psnNo, PARENT.psnNo, 'member');
    expect(elderBefore.balance - accounts(t, ELDER.psnNo).balance).toBe(fen(paid, 'psnAcctPay'));
  });

  it('refuses 家庭共济 to a guardian who is not an employee with an account', async () => {
    const order = await t.upload({ psnNo: CHILD.psnNo });
    const refusal = await refusalOf(
      t.bff.call('payauth.issue', {
        psnNo: CHILD.psnNo,
        payOrdId: order.payOrdId,
        guardianPsnNo: RESIDENT.psnNo,
        accountOf: 'guardian',
        passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
      }),
    );
    expect(refusal.code).toBe('FAMILY_MUTUAL_AID_NOT_ALLOWED');
  });

  it('refuses 家庭共济 for a relation the policy does not list', async () => {
    // The parent links the retiree as 其他 (she consents), then tries to pay from his account.
    const retiree = PERSONAS.retiree;
    await t.bff.call('family.add', {
      ownerPsnNo: PARENT.psnNo,
      member: { docType: retiree.docType, docNumber: retiree.docNumber, name: retiree.name },
      relation: 'other',
    });
    await t.bff.call('family.consent', {
      ownerPsnNo: PARENT.psnNo,
      memberPsnNo: retiree.psnNo,
      faceVerified: true,
      smsVerified: true,
    });
    const order = await t.upload({ psnNo: retiree.psnNo });
    const refusal = await refusalOf(
      t.bff.call('payauth.issue', {
        psnNo: retiree.psnNo,
        payOrdId: order.payOrdId,
        guardianPsnNo: PARENT.psnNo,
        accountOf: 'guardian',
        passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
      }),
    );
    expect(refusal.code).toBe('FAMILY_MUTUAL_AID_NOT_ALLOWED');
  });

  it('refuses someone who is not the member’s guardian, and 家庭共济 without a guardian', async () => {
    const order = await t.upload({ psnNo: ELDER.psnNo });
    const stranger = await refusalOf(
      t.bff.call('payauth.issue', {
        psnNo: ELDER.psnNo,
        payOrdId: order.payOrdId,
        guardianPsnNo: RESIDENT.psnNo,
        passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
      }),
    );
    expect(stranger.code).toBe('FAMILY_LINK_NOT_FOUND');
    const alone = await refusalOf(
      t.bff.call('payauth.issue', {
        psnNo: PARENT.psnNo,
        payOrdId: (await t.upload({ psnNo: PARENT.psnNo })).payOrdId,
        accountOf: 'guardian',
        passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
      }),
    );
    expect(alone.code).toBe('FAMILY_MUTUAL_AID_NOT_ALLOWED');
  });

  it('confirms a member’s cash part paid by a guardian only under a live link, and keeps who paid it', async () => {
    const order = await t.upload({ psnNo: ELDER.psnNo });
    const auth = (await t.bff.call('payauth.issue', {
      psnNo: ELDER.psnNo,
      payOrdId: order.payOrdId,
      guardianPsnNo: PARENT.psnNo,
      accountOf: 'member',
      passwordCipher: encryptPassword(GUARDIAN_PASSWORD),
    })) as Record<string, string>;
    const answer = await t.his.call(PATHS.payOrder, {
      payAuthNo: auth.payAuthNo,
      payOrdId: order.payOrdId,
      payToken: order.payToken,
      orgBizSer: `BIZ-${order.payOrdId}`,
      acctUsedFlag: '0',
    });
    const paid = answer.data as Record<string, Json>;
    expect(fen(paid, 'ownPayAmt')).toBeGreaterThan(0);
    const confirm = (guardianPsnNo: string) =>
      t.bff.call('cashier.confirm', { psnNo: ELDER.psnNo, payOrdId: order.payOrdId, guardianPsnNo });
    // The resident is no guardian of the elder: her cashier cannot confirm his cash.
    expect((await refusalOf(confirm(RESIDENT.psnNo))).code).toBe('FAMILY_LINK_NOT_FOUND');
    await confirm(PARENT.psnNo);
    const settlement = (await t.bff.call('settlement.get', { setlId: paid.setlId as string })) as Record<
      string,
      Json
    >;
    expect(settlement).toMatchObject({
      psnNo: ELDER.psnNo,
      cashPayerPsnNo: PARENT.psnNo,
    });
  });
});
