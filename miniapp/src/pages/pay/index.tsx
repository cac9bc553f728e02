// 诊间支付, opened as pages/pay/index?billId=… (from the WeChat subscribe message, the Alipay
// template message or the inbox): what the bill is for, the split the platform pre-settled,
// whether to use the personal account, the password on the secure keypad (entered once,
// SM2-encrypted on the phone), then the result; a cash part is paid through the person's
// platform (WeChat Pay, Alipay, or on H5 the demo's simulated cashier sheet) and shows 已支付
// only once the BFF says so.
// Paid, refunded and revoked bills only show their state: a refunded (or partly refunded)
// one what was paid, each refund and where it went, and what was not refunded.
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { ERRORS, formatYuan, type Bill } from '@ybm/shared';

import { BillDetails } from '../../components/bill-details';
import { DevCashierSheet } from '../../components/dev-cashier-sheet';
import { InlineError } from '../../components/inline-error';
import { PasswordField } from '../../components/password-field';
import { PayResult } from '../../components/pay-result';
import { PrimaryButton } from '../../components/primary-button';
import { RefundList } from '../../components/refund-list';
import { ResultPanel } from '../../components/result-panel';
import { SettlementSplitRows } from '../../components/settlement-split';
import { ToggleSwitch } from '../../components/toggle-switch';
import { useBill } from '../../hooks/use-bill';
import { useBillPayment, type BillPayment } from '../../hooks/use-bill-payment';
import { useCashPayment } from '../../hooks/use-cash-payment';
import { CASHIER_NAMES } from '../../services/cash-payment';
import { ACCOUNT_TO_CASH_NOTE, expectedSplit } from '../../services/bills';
import { RECORDS_PAGE } from '../../services/settlements';
import { requestBillSubscription } from '../../services/subscription';
import './index.scss';

const HOME_TAB = '/pages/index/index';

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
  return (
    <View className="pay pay--password">
      <View className="pay__password-head">
        <Text className="pay__cancel" data-testid="pay-cancel" onClick={payment.cancel}>
          取消
        </Text>
      </View>
      <View className="pay__amount">
        <Text className="pay__amount-label">{bill.institutionName}</Text>
        <Text className="pay__amount-value" data-testid="pay-amount">
          {formatYuan(bill.totalFen)}
        </Text>
        <Text className="pay__amount-label">
          {payment.useAccount ? '使用个人账户支付' : '不使用个人账户，该部分以现金支付'}
        </Text>
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

      <BillDetails bill={bill} />

      {open ? (
        <View className="pay__card">
          <Text className="pay__card-title">医保预结算</Text>
          <SettlementSplitRows split={split} testIdPrefix="bill-split" />
          <ToggleSwitch
            label="使用个人账户支付"
            checked={payment.useAccount}
            disabled={bill.status !== 'unpaid' || payment.busy}
            onChange={payment.setUseAccount}
            testId="use-account-switch"
          />
          {payment.useAccount ? null : (
            <Text className="pay__account-note" data-testid="account-note">
              {ACCOUNT_TO_CASH_NOTE}
            </Text>
          )}
        </View>
      ) : null}
      {bill.result && !open ? (
        <View className="pay__card">
          <Text className="pay__card-title">原支付</Text>
          <SettlementSplitRows split={bill.result} />
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
            确认支付 {formatYuan(bill.totalFen)}
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

export default function PayPage() {
  const { params } = useRouter();
  const billId = params.billId ? decodeURIComponent(params.billId) : '';
  const load = useBill(billId);

  if (load.status === 'loading') {
    return (
      <View className="pay">
        <View className="pay__state" data-testid="pay-loading">
          <Text>加载中…</Text>
        </View>
      </View>
    );
  }
  if (load.status === 'failed') {
    return (
      <View className="pay">
        <ResultPanel title="无法打开账单" message={load.error.message} testId="bill-error">
          <PrimaryButton testId="bill-retry" onClick={load.reload}>
            重试
          </PrimaryButton>
        </ResultPanel>
      </View>
    );
  }
  return <BillPay bill={load.bill} update={load.update} reload={load.reload} stalled={load.stalled} />;
}
