// Step 3, SMS code to the phone the insurance system has on record (masked). Sending starts
// the resend countdown the BFF gives (resendAfterSec, 60 s); every error — wrong, expired or
// voided code, too soon, daily limit — is shown in place, under the code.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ClaimState } from '@ybm/shared';
import { useEffect, useState } from 'react';

import { ClaimGate } from '../../../components/claim-gate';
import { ClaimLayout } from '../../../components/claim-layout';
import { InlineError } from '../../../components/inline-error';
import { isPhoneRefusal, PhoneRefusal } from '../../../components/phone-refusal';
import { PrimaryButton } from '../../../components/primary-button';
import { useClaim } from '../../../hooks/use-claim';
import { useCountdown } from '../../../hooks/use-countdown';
import { call, toApiError, type ApiError } from '../../../services/api';
import { goToStep, rememberClaim, resumeClaim } from '../../../services/claim';
import { FRAUD_TIPS_PAGE, recoverPage } from '../../../services/settings';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

const DEFAULT_RESEND_SEC = 60;

type InputEvent = { detail: { value: string } };

function sendLabel(sent: boolean, remaining: number): string {
  if (remaining > 0) return `${remaining}秒后重新获取`;
  return sent ? '重新获取' : '获取验证码';
}

function SmsForm({ claim: initial }: { claim: ClaimState }) {
  const [claim, setClaim] = useState(initial);
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string>();
  const [phoneRefusal, setPhoneRefusal] = useState<ApiError>();
  const countdown = useCountdown();
  const { start } = countdown;

  // Back on this page after a reload while a code is still fresh: keep counting.
  useEffect(() => {
    if (initial.resendAfterSec) {
      setSent(true);
      start(initial.resendAfterSec);
    }
  }, [initial.resendAfterSec, start]);

  const adopt = (next: ClaimState) => {
    rememberClaim(next);
    setClaim(next);
  };

  const send = async () => {
    if (sending || countdown.remaining > 0) return;
    setSending(true);
    setError(undefined);
    try {
      const next = await call('claimSmsSend', { params: { claimId: claim.claimId } });
      adopt(next);
      setSent(true);
      countdown.start(next.resendAfterSec ?? DEFAULT_RESEND_SEC);
      void Taro.showToast({ title: '验证码已发送', icon: 'none' });
    } catch (failure) {
      const apiError = toApiError(failure);
      if (isPhoneRefusal(apiError)) setPhoneRefusal(apiError);
      else setError(apiError.message);
      if (apiError.code === 'SMS_RESEND_TOO_SOON') {
        // The BFF knows how long is left; count from there.
        const current = await call('claimGet', { params: { claimId: claim.claimId } }).catch(() => undefined);
        setSent(true);
        countdown.start(current?.resendAfterSec ?? DEFAULT_RESEND_SEC);
      }
    } finally {
      setSending(false);
    }
  };

  const verify = async () => {
    if (!/^\d{6}$/.test(code)) return;
    setVerifying(true);
    setError(undefined);
    try {
      goToStep(await call('claimSmsVerify', { params: { claimId: claim.claimId }, body: { smsCode: code } }));
    } catch (failure) {
      const apiError = toApiError(failure);
      if (apiError.code === 'CLAIM_STEP_OUT_OF_ORDER') {
        await resumeClaim(claim.claimId).catch(() => setError(apiError.message));
        return;
      }
      setError(apiError.message);
      // A voided or expired code cannot be tried again: clear it for the new one.
      if (apiError.code === 'SMS_CODE_VOIDED' || apiError.code === 'SMS_CODE_EXPIRED') setCode('');
    } finally {
      setVerifying(false);
    }
  };

  if (phoneRefusal) return <PhoneRefusal error={phoneRefusal} claimId={claim.claimId} />;

  return (
    <ClaimLayout
      step="sms"
      title="短信验证"
      subtitle={`验证码将发送至您在医保系统预留的手机号 ${claim.maskedPhone ?? ''}`.trim()}
    >
      <View className="claim-card">
        <View className="claim-field">
          <Text className="claim-field__label">手机号</Text>
          <Text className="sms__phone" data-testid="sms-phone">
            {claim.maskedPhone ?? '医保系统预留手机号'}
          </Text>
        </View>
        <View className="claim-field">
          <Text className="claim-field__label">验证码</Text>
          <Input
            className="claim-field__input"
            data-testid="sms-code"
            type="number"
            value={code}
            maxlength={6}
            placeholder="请输入6位验证码"
            onInput={(event: InputEvent) => setCode(event.detail.value.replace(/\D/g, '').slice(0, 6))}
          />
          <View
            className={`sms__send${countdown.remaining > 0 || sending ? ' sms__send--off' : ''}`}
            role="button"
            aria-disabled={countdown.remaining > 0 || sending ? 'true' : 'false'}
            data-testid="sms-send"
            onClick={() => void send()}
          >
            <Text>{sendLabel(sent, countdown.remaining)}</Text>
          </View>
        </View>
      </View>

      <InlineError message={error} testId="sms-error" />
      <Text className="claim-note">收不到验证码？请确认手机信号正常。</Text>
      <Text
        className="claim-note claim-note--link"
        data-testid="sms-phone-dead"
        onClick={() => void Taro.navigateTo({ url: recoverPage('phone_replace', claim.claimId) })}
      >
        预留手机号已停用？人脸核验后在线更换
      </Text>
      <Text
        className="claim-note claim-note--link"
        data-testid="sms-fraud-tips"
        onClick={() => void Taro.navigateTo({ url: FRAUD_TIPS_PAGE })}
      >
        防骗提示：医保不会在短信里发链接，切勿把验证码告诉他人
      </Text>
      <PrimaryButton
        testId="sms-submit"
        disabled={!/^\d{6}$/.test(code)}
        busy={verifying}
        onClick={() => void verify()}
      >
        下一步
      </PrimaryButton>
    </ClaimLayout>
  );
}

function SmsPage() {
  const load = useClaim();
  return (
    <ClaimGate load={load} step="sms" title="短信验证">
      {(claim) => <SmsForm claim={claim} />}
    </ClaimGate>
  );
}

export default withLargeText(SmsPage);
