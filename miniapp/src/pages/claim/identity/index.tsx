// Step 2, name and document. The number is checked on the phone first (format, and the
// 居民身份证 check digit) so a typo never reaches the BFF. The insurance system's refusals
// (not insured, insured under two months, suspended, several records) are shown here as a
// result with the shared message, and those about the reserved phone (none on record, or no
// longer working) as the SMS step that cannot be done; a name/number mismatch or an unknown
// person keeps the form open to correct it.
import { Input, Text, View } from '@tarojs/components';
import {
  DOCUMENT_TYPE_NAMES,
  DOCUMENT_TYPES,
  ERRORS,
  isValidDocument,
  normaliseDocumentNumber,
  type ClaimState,
  type DocumentType,
} from '@ybm/shared';
import { useState } from 'react';

import { ClaimGate } from '../../../components/claim-gate';
import { ClaimLayout, ClaimStopped } from '../../../components/claim-layout';
import { NoticeBar } from '../../../components/notice-bar';
import { InlineError } from '../../../components/inline-error';
import { isPhoneRefusal, PhoneRefusal } from '../../../components/phone-refusal';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { useClaim } from '../../../hooks/use-claim';
import { call, toApiError, type ApiError } from '../../../services/api';
import { FINAL_REFUSALS, goToStep, resumeClaim } from '../../../services/claim';
import { devPersona } from '../../../services/session';
import { rememberIdentity } from '../../../services/settings';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

const NAME_REQUIRED = '请输入证件上的姓名';

function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** H5 dev login only: the chosen persona's name and document, to save typing in demos. */
function devPrefill(): { name: string; docType: DocumentType; docNumber: string } | undefined {
  if (process.env.TARO_ENV !== 'h5') return undefined;
  const persona = devPersona();
  if (!persona || !isDocumentType(persona.docType)) return undefined;
  return { name: persona.name, docType: persona.docType, docNumber: persona.docNumber };
}

type InputEvent = { detail: { value: string } };

function IdentityForm({ claim }: { claim: ClaimState }) {
  const [prefill] = useState(devPrefill);
  const [name, setName] = useState(prefill?.name ?? '');
  const [docType, setDocType] = useState<DocumentType>(prefill?.docType ?? 'resident_id');
  const [docNumber, setDocNumber] = useState(prefill?.docNumber ?? '');
  const [choosingType, setChoosingType] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [refusal, setRefusal] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const trimmedName = name.trim();
    if (!trimmedName) {
      setFieldError(NAME_REQUIRED);
      return;
    }
    if (!isValidDocument(docType, docNumber)) {
      setFieldError(ERRORS.DOCUMENT_INVALID.message);
      return;
    }
    setFieldError(undefined);
    setRefusal(undefined);
    setBusy(true);
    try {
      // A stopped phone's replacement asks for the same person: it need not be typed again.
      rememberIdentity({ name: trimmedName, docType, docNumber: normaliseDocumentNumber(docNumber) });
      const next = await call('claimIdentity', {
        params: { claimId: claim.claimId },
        body: { name: trimmedName, docType, docNumber: normaliseDocumentNumber(docNumber) },
      });
      goToStep(next);
    } catch (failure) {
      const error = toApiError(failure);
      if (error.code === 'CLAIM_STEP_OUT_OF_ORDER')
        await resumeClaim(claim.claimId).catch(() => setRefusal(error));
      else setRefusal(error);
    } finally {
      setBusy(false);
    }
  };

  // Found and insured, but no phone to send the SMS code to: the SMS step says why.
  if (refusal && isPhoneRefusal(refusal)) return <PhoneRefusal error={refusal} claimId={claim.claimId} />;
  if (refusal && FINAL_REFUSALS.has(refusal.code)) {
    return (
      <ClaimStopped step="identity" title="身份核验" heading="暂不能领取医保码" message={refusal.message} />
    );
  }

  return (
    <ClaimLayout
      step="identity"
      title="填写身份信息"
      subtitle="请填写本人的姓名和有效证件，我们将到医保系统核对您的参保信息。"
    >
      {prefill ? <NoticeBar tone="warning">开发环境 · 已按演示用户预填</NoticeBar> : null}
      {refusal ? (
        <ResultPanel tone="warning" title="请核对身份信息" message={refusal.message} testId="claim-refusal" />
      ) : null}

      <View className="claim-card">
        <View className="claim-field">
          <Text className="claim-field__label">姓名</Text>
          <Input
            className="claim-field__input"
            data-testid="identity-name"
            value={name}
            maxlength={50}
            placeholder="请输入证件上的姓名"
            onInput={(event: InputEvent) => setName(event.detail.value)}
          />
        </View>
        <View
          className="claim-field"
          data-testid="doc-type"
          role="button"
          onClick={() => setChoosingType((open) => !open)}
        >
          <Text className="claim-field__label">证件类型</Text>
          <Text className="claim-field__value">{DOCUMENT_TYPE_NAMES[docType]}</Text>
        </View>
        <View className="claim-field">
          <Text className="claim-field__label">证件号码</Text>
          <Input
            className="claim-field__input"
            data-testid="identity-number"
            type={docType === 'resident_id' ? 'idcard' : 'text'}
            value={docNumber}
            maxlength={30}
            placeholder="请输入证件号码"
            onInput={(event: InputEvent) => setDocNumber(event.detail.value)}
          />
        </View>
      </View>

      {choosingType ? (
        <View className="claim-options" role="listbox" data-testid="doc-type-options">
          {DOCUMENT_TYPES.map((type) => (
            <View
              key={type}
              className={`claim-options__item${type === docType ? ' claim-options__item--on' : ''}`}
              role="option"
              aria-selected={type === docType ? 'true' : 'false'}
              data-testid={`doc-type-${type}`}
              onClick={() => {
                setDocType(type);
                setChoosingType(false);
                setFieldError(undefined);
              }}
            >
              <Text>{DOCUMENT_TYPE_NAMES[type]}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <InlineError message={fieldError} testId="identity-error" />
      <PrimaryButton testId="identity-submit" busy={busy} onClick={() => void submit()}>
        下一步
      </PrimaryButton>
    </ClaimLayout>
  );
}

function IdentityPage() {
  const load = useClaim();
  return (
    <ClaimGate load={load} step="identity" title="填写身份信息">
      {(claim) => <IdentityForm claim={claim} />}
    </ClaimGate>
  );
}

export default withLargeText(IdentityPage);
