// Asked at sign-in when a document changed since the person agreed (GET /me's
// consentRequired): which ones, each opening its text, and 同意 — which records the new consent
// at the BFF (POST /me/consents). Until then the card stays on the home page.
import { Text, View } from '@tarojs/components';
import { AGREEMENTS, CONSENT_VERSION, type ConsentRequired, type Me } from '@ybm/shared';
import { useState } from 'react';

import { call, toApiError } from '../../services/api';
import { chineseDate, openAgreement } from '../../services/agreements';
import { InlineError } from '../inline-error';
import { PrimaryButton } from '../primary-button';
import './index.scss';

export interface ConsentRenewalProps {
  required: ConsentRequired;
  /** The BFF recorded the consent: /me as it now stands. */
  onAgreed: (me: Me) => void;
}

export function ConsentRenewal({ required, onAgreed }: ConsentRenewalProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const agree = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // The version this phone knows: an older phone is refused rather than recorded.
      onAgreed(await call('renewConsent', { body: { version: CONSENT_VERSION } }));
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="consent-renewal" data-testid="consent-renewal">
      <Text className="consent-renewal__title">协议已更新，请您阅读</Text>
      <Text className="consent-renewal__lead">
        以下文件在您上次同意后有更新。请点开阅读，同意后继续使用医保码；不同意可在“我的 → 设置”中撤回授权。
      </Text>
      {required.documents.map((key) => (
        <View
          key={key}
          className="consent-renewal__document"
          role="button"
          data-testid={`consent-renewal-${key}`}
          onClick={() => openAgreement(key)}
        >
          <Text>
            《{AGREEMENTS[key].title}》版本 {AGREEMENTS[key].version}（
            {chineseDate(AGREEMENTS[key].effectiveDate)}
            起生效）
          </Text>
          <Text className="consent-renewal__open">›</Text>
        </View>
      ))}
      {error ? <InlineError message={error} testId="consent-renewal-error" /> : null}
      <PrimaryButton testId="consent-renewal-agree" disabled={busy} onClick={() => void agree()}>
        {busy ? '正在提交…' : '我已阅读并同意'}
      </PrimaryButton>
    </View>
  );
}
