// The claim stops at the SMS step because of the reserved phone: none was ever registered
// (an elderly parent, a child: a relative's 亲情账户, or registering a phone at the 医保经办机构),
// or the one registered no longer works (changing it there). Each says what is true as its
// heading, the shared message says what to do, and a stopped number is named (masked).
import Taro from '@tarojs/taro';

import type { ApiError } from '../../services/api';
import { recoverPage } from '../../services/settings';
import { PHONE_REFUSAL_HEADINGS } from '../../services/claim';
import { ClaimStopped } from '../claim-layout';

export function isPhoneRefusal(error: ApiError): boolean {
  return Object.prototype.hasOwnProperty.call(PHONE_REFUSAL_HEADINGS, error.code);
}

function maskedPhoneOf(error: ApiError): string | undefined {
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('maskedPhone' in details)) return undefined;
  return typeof details.maskedPhone === 'string' ? details.maskedPhone : undefined;
}

export function PhoneRefusal({ error, claimId }: { error: ApiError; claimId?: string }) {
  const maskedPhone = maskedPhoneOf(error);
  // A stopped phone is replaced online by a face check: the claim then goes on.
  const replace =
    error.code === 'RESERVED_PHONE_OUT_OF_SERVICE'
      ? () => void Taro.navigateTo({ url: recoverPage('phone_replace', claimId) })
      : undefined;
  return (
    <ClaimStopped
      step="sms"
      title="短信验证"
      heading={PHONE_REFUSAL_HEADINGS[error.code] ?? '暂不能领取医保码'}
      message={error.message}
      {...(maskedPhone ? { detail: `预留手机号：${maskedPhone}` } : {})}
      {...(replace
        ? { action: { label: '更换预留手机号', testId: 'claim-replace-phone', onClick: replace } }
        : {})}
    />
  );
}
