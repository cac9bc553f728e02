// Step 1, consent. Two agreements, each ticked on its own: the user service agreement, and —
// separately, as PIPL requires for sensitive personal information — the processing of the
// ID number, face and phone number. 同意并继续 opens a claim only when both are ticked.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CONSENT_VERSION } from '@ybm/shared';
import { useState } from 'react';

import { ClaimLayout } from '../../../components/claim-layout';
import { ConsentCheck } from '../../../components/consent-check';
import { InlineError } from '../../../components/inline-error';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { call, toApiError, type ApiError } from '../../../services/api';
import { CODE_TAB, goToStep } from '../../../services/claim';
import './index.scss';

export default function ConsentPage() {
  const [agreeTerms, setAgreeTerms] = useState(false);
  const [agreeSensitive, setAgreeSensitive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const claim = await call('claimStart', {
        body: { agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION },
      });
      goToStep(claim);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (error?.code === 'ALREADY_ACTIVATED') {
    return (
      <ClaimLayout step="consent" title="领取医保码">
        <ResultPanel tone="success" title="无需重复领取" message={error.message} testId="claim-refusal">
          <PrimaryButton testId="go-code" onClick={() => void Taro.reLaunch({ url: CODE_TAB })}>
            查看医保码
          </PrimaryButton>
        </ResultPanel>
      </ClaimLayout>
    );
  }

  return (
    <ClaimLayout
      step="consent"
      title="授权与同意"
      subtitle="领取医保电子凭证需核验您的身份。请阅读以下协议，并分别勾选同意。"
    >
      <View className="claim-card">
        <Text className="consent__text">
          医保码由国家医保服务平台提供，用于在定点医药机构就医购药时出示、结算。您可随时在“我的”中查看已授权的信息。
        </Text>
        <ConsentCheck checked={agreeTerms} onChange={setAgreeTerms} testId="consent-terms">
          我已阅读并同意《医保电子凭证用户服务协议》和《隐私政策》
        </ConsentCheck>
      </View>
      <View className="claim-card">
        <Text className="consent__text">
          为核验您的身份，我们需要处理您的敏感个人信息：证件号码、人脸图像和预留手机号码。这些信息仅用于本次领取医保码的身份核验，人脸图像由平台核验后不予保存。
        </Text>
        <ConsentCheck checked={agreeSensitive} onChange={setAgreeSensitive} testId="consent-sensitive">
          我同意《敏感个人信息处理规则》，单独授权处理上述敏感个人信息
        </ConsentCheck>
      </View>

      <InlineError message={error?.message} testId="consent-error" />
      {!(agreeTerms && agreeSensitive) ? <Text className="claim-note">请分别勾选两项同意后继续</Text> : null}
      <PrimaryButton
        testId="consent-next"
        disabled={!(agreeTerms && agreeSensitive)}
        busy={busy}
        onClick={() => void start()}
      >
        同意并继续
      </PrimaryButton>
    </ClaimLayout>
  );
}
