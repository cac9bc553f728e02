// 医保码 tab. Before claiming: the way to claim. Once claimed: whose code it is (masked), the
// insurance type and region, the QR with the seconds it is still valid for and 刷新 (and a
// word when the phone's clock is off), what the counter has done with it (已核验身份 · 机构)
// and, after scan 2, the settlement — and if a counter takes a settlement back (or a
// correction puts it back), that too. Without a network it says so and gets a code by itself
// when the network is back. While the code shows, the screen is at full brightness and kept
// on; leaving the page stops everything.
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { describeReturned, formatYuan, type VoucherSummary } from '@ybm/shared';

import { PageHeader } from '../../components/page-header';
import { SettlementResult } from '../../components/settlement-result';
import { SignInPrompt } from '../../components/sign-in-prompt';
import { VoucherQr } from '../../components/voucher-qr';
import { activatedVoucher, useMe } from '../../hooks/use-me';
import { usePageVisible } from '../../hooks/use-page-visible';
import { useRecovery } from '../../hooks/use-recovery';
import { useScreenProtection } from '../../hooks/use-screen-protection';
import { useVoucherCode, type VoucherCodeControls } from '../../hooks/use-voucher-code';
import type { SettlementChange } from '../../services/code-session';
import { showApiError } from '../../services/api';
import { startClaim } from '../../services/claim';
import { RECORDS_PAGE } from '../../services/settlements';
import { insuranceTypeName } from '../../services/voucher';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

function ClaimPrompt() {
  return (
    <View className="code-page__card">
      <View className="code-page__placeholder">
        <Text>码</Text>
      </View>
      <Text className="code-page__title">您尚未领取医保码</Text>
      <Text className="code-page__hint">领取后，可在定点医药机构出示医保码就医购药</Text>
      <Button className="code-page__button" data-testid="code-claim-start" onClick={() => void startClaim()}>
        立即领取
      </Button>
    </View>
  );
}

function Offline({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="code-page__offline" data-testid="code-offline" role="alert">
      <Text className="code-page__offline-title">{message}</Text>
      <Text className="code-page__offline-hint">网络恢复后将自动重新获取医保码，也可点击重试</Text>
      <Button className="code-page__retry" data-testid="code-retry" onClick={onRetry}>
        重试
      </Button>
    </View>
  );
}

function CodeArea({ code }: { code: VoucherCodeControls }) {
  const { display } = code;
  if (display.kind === 'code') return <VoucherQr value={display.code.code} testId="voucher-qr" />;
  if (display.kind === 'offline') {
    return <Offline message={display.error.message} onRetry={() => void code.refresh()} />;
  }
  return (
    <View className="code-page__qr-placeholder" data-testid="code-loading">
      <Text>正在生成医保码…</Text>
    </View>
  );
}

/** "快约2分钟" / "慢约12秒": how far the phone's clock is from the platform's. */
function clockOffText(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  const amount = seconds >= 120 ? `约${Math.round(seconds / 60)}分钟` : `约${seconds}秒`;
  // offset = platform − phone: a positive one means the phone is behind.
  return `${offsetMs > 0 ? '慢' : '快'}了${amount}`;
}

/** What the countdown says: always true of the code on screen. */
function countdownText(display: Extract<VoucherCodeControls['display'], { kind: 'code' }>): string {
  if (display.refreshing) return '正在刷新…';
  if (display.retrying) return `网络异常，正在重新获取 · 本码${display.secondsLeft}秒后失效`;
  return `${display.secondsLeft}秒内有效 · 到期前自动刷新`;
}

/** An earlier settlement taken back (or put back) while a code shows: say what it means. */
function changeText({ kind, settlement }: SettlementChange): string {
  const which = `${settlement.institutionName}的结算（${formatYuan(settlement.totalFen)}）`;
  if (kind === 'reinstated') return `${which}已恢复，仍然有效`;
  const back = describeReturned({ ...settlement, cashFen: 0 });
  return `${which}已撤销${back ? `：${back}` : ''}`;
}

function CodeCard({ voucher, code }: { voucher: VoucherSummary; code: VoucherCodeControls }) {
  const { display, verified, change, clockOffsetMs } = code;
  const refresh = () => {
    void code.refresh().then((error) => error && showApiError(error));
  };
  return (
    <View className="code-page__card" data-testid="code-claimed">
      <Text className="code-page__label">医保电子凭证 · 已领取</Text>
      <Text className="code-page__name" data-testid="code-holder">
        {voucher.maskedName}
      </Text>
      <Text className="code-page__meta" data-testid="code-insurance">
        {insuranceTypeName(voucher.insuranceType)} · {voucher.regionName}
      </Text>
      {verified ? (
        <View className="code-page__status" data-testid="code-status" role="status">
          <Text>{verified.institutionName ? `已核验身份 · ${verified.institutionName}` : '已核验身份'}</Text>
        </View>
      ) : null}
      {change ? (
        <View className="code-page__change" data-testid="code-settlement-change" role="alert">
          <Text>{changeText(change)}</Text>
        </View>
      ) : null}
      <View className="code-page__qr">
        <CodeArea code={code} />
      </View>
      {display.kind === 'code' ? (
        <View className="code-page__timer">
          <Text className="code-page__countdown" data-testid="code-countdown">
            {countdownText(display)}
          </Text>
          <View className="code-page__refresh" data-testid="code-refresh" role="button" onClick={refresh}>
            <Text>刷新</Text>
          </View>
        </View>
      ) : null}
      {clockOffsetMs !== undefined && display.kind === 'code' ? (
        <View className="code-page__clock" data-testid="code-clock-off" role="status">
          <Text>
            {`您的手机时间${clockOffText(clockOffsetMs)}。倒计时按医保码本身的有效期计算，不受影响；建议在手机设置中开启"自动设置时间"。`}
          </Text>
        </View>
      ) : null}
      <Text className="code-page__notice">医保码仅限本人使用，请向医药机构工作人员出示</Text>
    </View>
  );
}

function CodePage() {
  const visible = usePageVisible();
  const me = useMe();
  const { reload } = me;
  const voucher = activatedVoucher(me);
  const code = useVoucherCode({ active: visible && voucher !== undefined });
  const { kind } = code.display;
  useScreenProtection(visible && voucher !== undefined && kind !== 'settled' && kind !== 'not-activated');

  // The BFF says the voucher is not (or no longer) claimed: ask who this is again.
  useEffect(() => {
    if (kind === 'not-activated') reload();
  }, [kind, reload]);
  // Who this is could not be asked (no network): ask again by itself (the code session does
  // the same for the code).
  useRecovery(visible && me.status === 'failed', reload);

  let content;
  if (me.status === 'loading') {
    content = (
      <View className="code-page__card">
        <View className="code-page__qr-placeholder" data-testid="code-loading">
          <Text>加载中…</Text>
        </View>
      </View>
    );
  } else if (me.status === 'signed-out') {
    content = <SignInPrompt message="登录后出示您的医保码" onSignedIn={reload} />;
  } else if (me.status === 'failed') {
    content = (
      <View className="code-page__card">
        <Offline message={me.error.message} onRetry={reload} />
      </View>
    );
  } else if (!voucher || code.display.kind === 'not-activated') {
    content = <ClaimPrompt />;
  } else if (code.display.kind === 'settled') {
    content = (
      <SettlementResult
        settlement={code.display.settlement}
        {...(code.display.reversedAt ? { reversedAt: code.display.reversedAt } : {})}
        onShowCode={code.restart}
        onOpenRecords={() => void Taro.navigateTo({ url: RECORDS_PAGE })}
      />
    );
  } else {
    content = <CodeCard voucher={voucher} code={code} />;
  }
  return (
    <View className="code-page">
      <PageHeader title="医保码" back={false} />
      {content}
    </View>
  );
}

export default withLargeText(CodePage);
