// Step 1, consent. Two agreements, each ticked on its own: the user service agreement and the
// privacy policy, and — separately, as PIPL requires for sensitive personal information — the
// sensitive-information rules. Each document's title opens its page; the tick is a tap on the
// rest of the row. 同意并继续 opens a claim (and the BFF records the consent) only when both
// are ticked.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CONSENT_VERSION } from '@ybm/shared';
import { useState } from 'react';

import { ClaimLayout } from '../../../components/claim-layout';
import { AgreementLink, ConsentCheck } from '../../../components/consent-check';
import { InlineError } from '../../../components/inline-error';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { call, toApiError, type ApiError } from '../../../services/api';
import { CODE_TAB, goToStep } from '../../../services/claim';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

function ConsentPage() {
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

  if (error?.code === 'UNAUTHENTICATED') {
    return (
      <ClaimLayout step="consent" title="授权与同意">
        <SignInPrompt message="登录后领取医保码" onSignedIn={() => setError(undefined)} />
      </ClaimLayout>
    );
  }

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
          医保码由国家医保服务平台提供，用于在定点医药机构就医购药时出示、结算。点击协议名称可查看全文；您可随时在“我的—授权管理”中查看已授权的信息。
        </Text>
        <ConsentCheck checked={agreeTerms} onChange={setAgreeTerms} testId="consent-terms">
          我已阅读并同意
          <AgreementLink document="terms" />和<AgreementLink document="privacy" />
        </ConsentCheck>
      </View>
      <View className="claim-card">
        <Text className="consent__text">
          为核验您的身份并提供医保码服务，我们需要处理您的敏感个人信息：证件号码、人脸信息和预留手机号码，仅用于本次领取的身份核验（人脸由微信或支付宝核验，我们不接收、不保存人脸图像）；以及使用医保码时的就医结算、账单明细和医保账户支付信息。
        </Text>
        <ConsentCheck checked={agreeSensitive} onChange={setAgreeSensitive} testId="consent-sensitive">
          我同意
          <AgreementLink document="sensitive" />
          ，单独授权处理上述敏感个人信息
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

export default withLargeText(ConsentPage);
