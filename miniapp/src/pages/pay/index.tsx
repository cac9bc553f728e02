// 诊间支付, opened as pages/pay/index?billId=… (from the WeChat subscribe message, the Alipay
// template message or the inbox): what the bill is for, the split the platform pre-settled
// (each part named for who pays it, and why the fund pays nothing when it does not), whether
// to use the personal account (only when it pays something), the password on the secure
// keypad (entered once, SM2-encrypted on the phone) under what insurance pays and what cash
// is left, then the result; a cash part is paid through the person's platform (WeChat Pay,
// Alipay, or on H5 the demo's simulated cashier sheet) and shows 已支付 only once the BFF
// says so.
// Paid, refunded and revoked bills only show their state: a refunded (or partly refunded)
// one what was paid, each refund and where it went, and what was not refunded.
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { ERRORS, formatYuan, type Bill } from '@ybm/shared';

import { BillDetails } from '../../components/bill-details';
import { ClaimFirst } from '../../components/claim-first';
import { DevCashierSheet } from '../../components/dev-cashier-sheet';
import { InlineError } from '../../components/inline-error';
import { PageHeader } from '../../components/page-header';
import { PasswordField } from '../../components/password-field';
import { cashierName } from '../../components/cash-step';
import { PayResult } from '../../components/pay-result';
import { PrimaryButton } from '../../components/primary-button';
import { RefundList } from '../../components/refund-list';
import { ResultPanel } from '../../components/result-panel';
import { SettlementSplitRows } from '../../components/settlement-split';
import { SignInPrompt } from '../../components/sign-in-prompt';
import { ToggleSwitch } from '../../components/toggle-switch';
import { useBill } from '../../hooks/use-bill';
import { useBillPayment, type BillPayment } from '../../hooks/use-bill-payment';
import { useCashPayment } from '../../hooks/use-cash-payment';
import { CASHIER_NAMES } from '../../services/cash-payment';
import { ACCOUNT_TO_CASH_NOTE, expectedSplit } from '../../services/bills';
import { fundZeroNote, insurancePart, insuranceParts } from '../../services/money-words';
import { RECORDS_PAGE } from '../../services/settlements';
import { requestBillSubscription } from '../../services/subscription';
import { recoverPage } from '../../services/settings';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

const HOME_TAB = '/pages/index/index';
/** As in index.config.ts (the H5 header repeats it). */
const PAY_TITLE = '诊间支付';

/** What a bill's state means for the person, for the states that only show themselves. */
function stateNote(status: Bill['status']): string | undefined {
  switch (status) {
    case 'unpaid':
    case 'paying':
    case 'awaiting_cash':
    case 'paid':
      return undefined;
    case 'partly_refunded':
      return '该账单已部分退款：退回的款项和尚未退还的部分见下方明细';
    case 'refunded':
      return '该账单已全额退款，各部分已退回原账户或原支付渠道';
    case 'revoked':
      return ERRORS.BILL_REVOKED.message;
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

function PasswordStage({ bill, payment }: { bill: Bill; payment: BillPayment }) {
  const split = expectedSplit(bill.preSettled, payment.useAccount);
  const why = fundZeroNote({ totalFen: bill.totalFen, ...split });
  return (
    <View className="pay pay--password">
      <View className="pay__password-head">
        <Text className="pay__cancel" data-testid="pay-cancel" onClick={payment.cancel}>
          取消
        </Text>
      </View>
      <View className="pay__amount">
        <Text className="pay__amount-label">{bill.institutionName}</Text>
        <Text className="pay__amount-label">本次医保支付</Text>
        <Text className="pay__amount-value" data-testid="pay-amount">
          {formatYuan(insurancePart(split))}
        </Text>
        <Text className="pay__amount-parts" data-testid="pay-amount-parts">
          {insuranceParts(split)}
        </Text>
        {split.cashFen > 0 ? (
          <Text className="pay__amount-cash" data-testid="pay-amount-cash">
            {`另需支付现金${formatYuan(split.cashFen)}，医保结算后通过${cashierName()}支付`}
          </Text>
        ) : null}
        {why ? (
          <Text className="pay__amount-why" data-testid="pay-fund-reason">
            {`医保统筹未支付：${why}`}
          </Text>
        ) : null}
      </View>
      <PasswordField
        key={payment.entry}
        title="请输入医保支付密码"
        hint="密码在手机上加密后发送"
        error={payment.error}
        errorTestId="pay-error"
        busy={payment.busy}
        onComplete={payment.submitPassword}
      />
    </View>
  );
}

/**
 * A family member's bill on a guardian's phone: whose bill it is, that the guardian's own
 * password pays it, and whose personal account pays the personal part — the member's, or
 * (家庭共济, an employee for a spouse, parent or child) the guardian's own.
 */
function ForMember({ bill, payment, open }: { bill: Bill; payment: BillPayment; open: boolean }) {
  const member = bill.forMember!;
  const personalFen = bill.preSettled.accountFen + bill.preSettled.cashFen;
  const choice = (value: 'member' | 'guardian', label: string) => (
    <View
      className={`pay__choice${payment.accountOf === value ? ' pay__choice--on' : ''}`}
      role="radio"
      aria-checked={payment.accountOf === value ? 'true' : 'false'}
      data-testid={`pay-account-of-${value}`}
      onClick={() => payment.setAccountOf(value)}
    >
      <Text>{label}</Text>
    </View>
  );
  return (
    <View className="pay__card" data-testid="pay-for-member">
      <Text className="pay__card-title">
        为{member.maskedName}（{member.relationName}）支付
      </Text>
      <Text className="pay__account-note">亲情账户代付：请输入您本人的医保密码。</Text>
      {open && member.mutualAid ? (
        <View>
          <Text className="pay__account-note">
            个人负担部分（{formatYuan(personalFen)}）由谁的个人账户支付：
          </Text>
          {choice('member', `${member.maskedName}本人的个人账户`)}
          {choice('guardian', '我的个人账户（家庭共济）')}
          <Text className="pay__account-note" data-testid="pay-account-of-note">
            {payment.accountOf === 'guardian'
              ? `家庭共济：从您本人的个人账户支付${member.maskedName}的个人负担部分，余额不足的部分以现金支付`
              : `从${member.maskedName}本人的个人账户支付，不足部分以现金支付`}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

function Review({ bill, payment, stalled, reload }: BillPayProps & { payment: BillPayment }) {
  const open = bill.status === 'unpaid' || bill.status === 'paying';
  const split = expectedSplit(bill.preSettled, payment.useAccount);
  const note = stateNote(bill.status);
  const refunded = bill.status === 'refunded' || bill.status === 'partly_refunded';
  return (
    <View className="pay">
      {bill.status === 'paying' ? (
        <View className="pay__notice pay__notice--warning" role="status" data-testid="pay-processing">
          <Text>{stalled ? '支付结果确认中，请稍后刷新查看' : '支付处理中，正在确认支付结果…'}</Text>
          {stalled ? (
            <Text className="pay__notice-action" data-testid="pay-refresh" onClick={reload}>
              刷新
            </Text>
          ) : null}
        </View>
      ) : null}
      {note ? (
        <View className="pay__notice" role="status" data-testid="bill-state-note">
          <Text>{note}</Text>
        </View>
      ) : null}

      {bill.forMember ? <ForMember bill={bill} payment={payment} open={open} /> : null}

      <BillDetails bill={bill} />

      {open ? (
        <View className="pay__card">
          <Text className="pay__card-title">医保预结算</Text>
          <SettlementSplitRows
            split={split}
            testIdPrefix="bill-split"
            fundZeroReason={bill.preSettled.fundZeroReason}
          />
          {/* Only a choice when the account pays something: otherwise there is nothing to switch. */}
          {bill.preSettled.accountFen > 0 ? (
            <ToggleSwitch
              label="使用个人账户支付"
              checked={payment.useAccount}
              disabled={bill.status !== 'unpaid' || payment.busy}
              onChange={payment.setUseAccount}
              testId="use-account-switch"
            />
          ) : bill.preSettled.cashFen > 0 ? (
            <Text className="pay__account-note" data-testid="account-none">
              个人账户本次不支付（无个人账户或余额为¥0.00），您的部分以现金支付
            </Text>
          ) : null}
          {payment.useAccount || bill.preSettled.accountFen === 0 ? null : (
            <Text className="pay__account-note" data-testid="account-note">
              {ACCOUNT_TO_CASH_NOTE}
            </Text>
          )}
        </View>
      ) : null}
      {bill.result && !open ? (
        <View className="pay__card">
          <Text className="pay__card-title">原支付</Text>
          <SettlementSplitRows split={bill.result} fundZeroReason={bill.preSettled.fundZeroReason} />
        </View>
      ) : null}
      {refunded && bill.refunds.length > 0 ? (
        <View className="pay__card" data-testid="bill-refunds">
          <Text className="pay__card-title">退款明细</Text>
          <RefundList
            refunds={bill.refunds}
            {...(bill.result && bill.status === 'partly_refunded' ? { paid: bill.result } : {})}
          />
        </View>
      ) : null}

      {bill.status === 'unpaid' ? (
        <View className="pay__footer">
          <InlineError message={payment.error} testId="pay-error" />
          {payment.locked ? (
            <PrimaryButton
              plain
              testId="pay-forgot-password"
              onClick={() => void Taro.navigateTo({ url: recoverPage('password_reset') })}
            >
              忘记密码，验证本人后重设
            </PrimaryButton>
          ) : null}
          <PrimaryButton
            testId="pay-confirm"
            disabled={payment.blocked}
            busy={payment.busy}
            onClick={() => {
              // Inside the tap: WeChat shows the subscription dialog only from one.
              requestBillSubscription('pay');
              payment.confirm();
            }}
          >
            {`去支付（费用合计${formatYuan(bill.totalFen)}）`}
          </PrimaryButton>
        </View>
      ) : null}
    </View>
  );
}

interface BillPayProps {
  bill: Bill;
  update: (bill: Bill) => void;
  reload: () => void;
  stalled: boolean;
}

function BillPay(props: BillPayProps) {
  const { bill, update, reload } = props;
  const payment = useBillPayment(bill, update, reload);
  const cash = useCashPayment(bill, update, reload);

  if (payment.stage === 'password' && bill.status === 'unpaid') {
    return <PasswordStage bill={bill} payment={payment} />;
  }
  const { result } = bill;
  if (result && (bill.status === 'paid' || bill.status === 'awaiting_cash')) {
    return (
      <View className="pay">
        <PayResult
          bill={{ ...bill, result }}
          cash={cash}
          onOpenRecords={() => void Taro.navigateTo({ url: RECORDS_PAGE })}
          onHome={() => void Taro.switchTab({ url: HOME_TAB })}
        />
        {cash.phase.name === 'sheet' ? (
          <DevCashierSheet
            cashier={CASHIER_NAMES[cash.phase.payment.platform]}
            amountFen={cash.phase.payment.amountFen}
            institutionName={bill.institutionName}
            busy={cash.busy}
            error={cash.error}
            onPay={cash.sheetPay}
            onCancel={cash.sheetCancel}
            onClose={cash.sheetClose}
          />
        ) : null}
      </View>
    );
  }
  return <Review {...props} payment={payment} />;
}

function PayPage() {
  const { params } = useRouter();
  const billId = params.billId ? decodeURIComponent(params.billId) : '';
  const load = useBill(billId);

  if (load.status === 'loading') {
    return (
      <View className="pay">
        <PageHeader title={PAY_TITLE} inPaddedPage />
        <View className="pay__state" data-testid="pay-loading">
          <Text>加载中…</Text>
        </View>
      </View>
    );
  }
  if (load.status === 'failed' && load.error.code === 'UNAUTHENTICATED') {
    return (
      <View className="pay">
        <PageHeader title={PAY_TITLE} inPaddedPage />
        <SignInPrompt message="登录后查看并支付这张账单" onSignedIn={load.reload} />
      </View>
    );
  }
  if (load.status === 'failed' && load.error.code === 'VOUCHER_NOT_ACTIVATED') {
    return (
      <View className="pay">
        <PageHeader title={PAY_TITLE} inPaddedPage />
        <ClaimFirst message="领取医保码后，医院推送给您的账单可以在这里支付" />
      </View>
    );
  }
  if (load.status === 'failed') {
    return (
      <View className="pay">
        <PageHeader title={PAY_TITLE} inPaddedPage />
        <ResultPanel title="无法打开账单" message={load.error.message} testId="bill-error">
          <PrimaryButton testId="bill-retry" onClick={load.reload}>
            重试
          </PrimaryButton>
        </ResultPanel>
      </View>
    );
  }
  return (
    <>
      <PageHeader title={PAY_TITLE} />
      <BillPay bill={load.bill} update={load.update} reload={load.reload} stalled={load.stalled} />
    </>
  );
}

export default withLargeText(PayPage);
