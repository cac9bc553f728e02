// 成员本人授权: a member of 16 or more consents on the guardian's phone — their own face check
// (on H5 the dev fake stands in: 开发环境 · 模拟刷脸), then, when they have a reserved phone,
// the SMS code sent to it. The link goes live only when the BFF and the platform say so.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { FaceStart, FamilyConsent } from '@ybm/shared';
import { useState } from 'react';

import { InlineError } from '../../../components/inline-error';
import { LoadGate } from '../../../components/load-gate';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { useLoad } from '../../../hooks/use-load';
import { call, toApiError } from '../../../services/api';
import { hasPlatformFace, runPlatformFace } from '../../../services/face';
import { FAMILY_PAGE, memberIdParam, memberCodeUrl } from '../../../services/family';
import '../_form.scss';
import { withLargeText } from '../../../components/large-text-root';

type InputEvent = { detail: { value: string } };

function ConsentSteps({ initial, memberId }: { initial: FamilyConsent; memberId: string }) {
  const [consent, setConsent] = useState(initial);
  const [devFace, setDevFace] = useState<FaceStart>();
  const [smsCode, setSmsCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const params = { memberId };

  const run = async (work: () => Promise<FamilyConsent | void>) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await work();
      if (next) setConsent(next);
    } catch (failure) {
      setError(toApiError(failure).message);
      setDevFace(undefined);
    } finally {
      setBusy(false);
    }
  };

  const startFace = () =>
    run(async () => {
      const face = await call('familyFaceStart', { params });
      if (!hasPlatformFace()) {
        setDevFace(face);
        return undefined;
      }
      await runPlatformFace(face);
      return call('familyFaceComplete', { params });
    });
  const devAnswer = (result: 'pass' | 'fail') =>
    run(async () => {
      const verifyId = devFace?.verifyId ?? devFace?.certifyId;
      if (!verifyId) return undefined;
      await call('devFaceResult', { body: { verifyId, result } });
      setDevFace(undefined);
      return call('familyFaceComplete', { params });
    });

  if (consent.linkStatus === 'active') {
    return (
      <ResultPanel
        tone="success"
        title="已添加"
        message="成员本人已授权，现在可以为其出示医保码、查看和支付账单。"
        testId="family-consent-done"
      >
        <PrimaryButton
          testId="family-consent-code"
          onClick={() => void Taro.redirectTo({ url: memberCodeUrl(memberId) })}
        >
          出示该成员的医保码
        </PrimaryButton>
        <PrimaryButton
          plain
          testId="family-consent-back"
          onClick={() => void Taro.redirectTo({ url: FAMILY_PAGE })}
        >
          返回亲情账户
        </PrimaryButton>
      </ResultPanel>
    );
  }

  return (
    <View>
      <Text className="family-form__note">
        请成员本人拿着您的手机完成以下授权
        {consent.needsSms ? `（短信验证码发送至成员预留手机 ${consent.maskedPhone ?? ''}）` : ''}
        。授权完成前，不能为其出示医保码。
      </Text>
      <View className="family-form__card">
        <Text className="family-form__step">第一步 · 成员本人人脸核验</Text>
        {consent.faceVerified ? (
          <Text className="family-form__done" data-testid="family-face-done">
            ✓ 人脸核验已通过
          </Text>
        ) : devFace ? (
          <View className="family-form__dev" data-testid="family-face-dev">
            <Text className="family-form__dev-title">开发环境 · 模拟刷脸</Text>
            <PrimaryButton testId="family-face-dev-pass" busy={busy} onClick={() => void devAnswer('pass')}>
              模拟刷脸通过
            </PrimaryButton>
            <PrimaryButton
              plain
              testId="family-face-dev-fail"
              disabled={busy}
              onClick={() => void devAnswer('fail')}
            >
              模拟刷脸未通过
            </PrimaryButton>
          </View>
        ) : (
          <PrimaryButton testId="family-face-start" busy={busy} onClick={() => void startFace()}>
            开始人脸核验
          </PrimaryButton>
        )}
      </View>
      {consent.needsSms ? (
        <View className="family-form__card">
          <Text className="family-form__step">第二步 · 成员手机短信验证</Text>
          {consent.smsVerified ? (
            <Text className="family-form__done">✓ 短信验证已通过</Text>
          ) : (
            <View>
              <View className="family-form__field">
                <Text className="family-form__label">验证码</Text>
                <Input
                  className="family-form__input"
                  data-testid="family-sms-code"
                  type="number"
                  maxlength={6}
                  placeholder="6位短信验证码"
                  value={smsCode}
                  onInput={(event: InputEvent) => setSmsCode(event.detail.value)}
                />
              </View>
              <PrimaryButton
                plain
                testId="family-sms-send"
                disabled={busy}
                onClick={() => void run(() => call('familySmsSend', { params }))}
              >
                {consent.resendAfterSec !== undefined ? '重新发送验证码' : '发送验证码'}
              </PrimaryButton>
              <PrimaryButton
                testId="family-sms-verify"
                busy={busy}
                disabled={!consent.faceVerified || smsCode.length !== 6}
                onClick={() => void run(() => call('familySmsVerify', { params, body: { smsCode } }))}
              >
                完成授权
              </PrimaryButton>
            </View>
          )}
        </View>
      ) : null}
      <InlineError message={error} testId="family-consent-error" />
    </View>
  );
}

function FamilyConsentPage() {
  const memberId = memberIdParam();
  const load = useLoad(() => call('familyConsent', { params: { memberId } }));
  return (
    <View className="family-form">
      <PageHeader title="成员本人授权" fallback={FAMILY_PAGE} inPaddedPage />
      <LoadGate
        load={load}
        what="授权进度"
        claimMessage="领取医保码后才能添加家庭成员"
        testId="family-consent"
      >
        {(consent) => <ConsentSteps initial={consent} memberId={memberId} />}
      </LoadGate>
    </View>
  );
}

export default withLargeText(FamilyConsentPage);
