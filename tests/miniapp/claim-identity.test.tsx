import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DOCUMENT_TYPE_NAMES, DOCUMENT_TYPES, ERRORS } from '@ybm/shared';

import IdentityPage from '../../miniapp/src/pages/claim/identity';
import { forgetClaim } from '../../miniapp/src/services/claim';
import {
  BAD_CHECKSUM_ID,
  claimState,
  errorBody,
  PERSONA,
  RESIDENT_ID,
  rememberPersona,
  signedIn,
} from './fixtures';
import { redirectTo, resetTaro, serve, useRouter } from './stubs/taro';

const CLAIM_GET = 'GET /api/v1/claim/c-1';
const IDENTITY = 'POST /api/v1/claim/c-1/identity';

const TO_SMS = { status: 200, body: claimState({ step: 'sms', maskedPhone: '138****5678' }) };

async function setup(
  identityAnswer: { status: number; body: unknown } = TO_SMS,
  options = { persona: false },
) {
  resetTaro();
  forgetClaim();
  signedIn();
  if (options.persona) rememberPersona();
  useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
  const seen = serve({
    [CLAIM_GET]: { status: 200, body: claimState({ step: 'identity' }) },
    [IDENTITY]: identityAnswer,
  });
  render(<IdentityPage />);
  await screen.findByTestId('identity-submit');
  const type = (testId: string, value: string) =>
    fireEvent.change(screen.getByTestId(testId), { target: { value } });
  const submit = () => fireEvent.click(screen.getByTestId('identity-submit'));
  const identityCalls = () => seen.filter((r) => r.url.endsWith('/identity'));
  return { seen, type, submit, identityCalls };
}

afterEach(() => {
  delete process.env.TARO_ENV;
});

describe('claim identity page', () => {
  it('offers every document type of the design', async () => {
    await setup();
    expect(screen.getByTestId('doc-type').textContent).toContain('居民身份证');
    fireEvent.click(screen.getByTestId('doc-type'));

    for (const type of DOCUMENT_TYPES) {
      expect(screen.getByTestId(`doc-type-${type}`).textContent).toBe(DOCUMENT_TYPE_NAMES[type]);
    }
    expect(DOCUMENT_TYPES).toHaveLength(5);
  });

  it('blocks a 居民身份证 number with a bad check digit before any call', async () => {
    const { type, submit, identityCalls } = await setup();
    type('identity-name', '刘畅');
    type('identity-number', BAD_CHECKSUM_ID);
    submit();

    expect(screen.getByTestId('identity-error').textContent).toBe(ERRORS.DOCUMENT_INVALID.message);
    expect(screen.getByTestId('identity-error').textContent).toMatch(/^证件号码格式有误/);
    expect(identityCalls()).toHaveLength(0);
  });

  it('asks for the name first', async () => {
    const { type, submit, identityCalls } = await setup();
    type('identity-number', RESIDENT_ID);
    submit();

    expect(screen.getByTestId('identity-error').textContent).toBe('请输入证件上的姓名');
    expect(identityCalls()).toHaveLength(0);
  });

  it('sends the name and the number as typed but normalised, then goes to the SMS step', async () => {
    const { type, submit, identityCalls } = await setup();
    const typed = `${RESIDENT_ID.slice(0, 6)} ${RESIDENT_ID.slice(6).toLowerCase()}`;
    type('identity-name', ' 刘畅 ');
    type('identity-number', typed);
    submit();

    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/sms/index?claimId=c-1' }),
    );
    expect(identityCalls()[0]!.data).toEqual({
      name: '刘畅',
      docType: 'resident_id',
      docNumber: RESIDENT_ID,
    });
  });

  it('checks other documents by their own format', async () => {
    const { type, submit, identityCalls } = await setup();
    fireEvent.click(screen.getByTestId('doc-type'));
    fireEvent.click(screen.getByTestId('doc-type-hk_macao_permit'));
    expect(screen.getByTestId('doc-type').textContent).toContain('港澳居民来往内地通行证');

    type('identity-name', '陈大文');
    type('identity-number', 'H1234');
    submit();
    expect(screen.getByTestId('identity-error').textContent).toBe(ERRORS.DOCUMENT_INVALID.message);

    type('identity-number', 'H12345678');
    submit();
    await waitFor(() => expect(identityCalls()).toHaveLength(1));
    expect(identityCalls()[0]!.data).toMatchObject({ docType: 'hk_macao_permit', docNumber: 'H12345678' });
  });

  it.each([
    ['INSURED_TOO_RECENTLY', '您参保未满两个月，暂不能领取医保码，请满两个月后再试'],
    ['NOT_INSURED', ERRORS.NOT_INSURED.message],
    ['INSURANCE_SUSPENDED', ERRORS.INSURANCE_SUSPENDED.message],
    ['MULTIPLE_PERSON_RECORDS', ERRORS.MULTIPLE_PERSON_RECORDS.message],
  ])('shows the %s refusal as a result on the page, in place of the form', async (code, message) => {
    const { type, submit } = await setup({ status: 403, body: errorBody(code) });
    type('identity-name', '刘畅');
    type('identity-number', RESIDENT_ID);
    submit();

    const refusal = await screen.findByTestId('claim-refusal');
    expect(screen.getByTestId('claim-refusal-message').textContent).toBe(message);
    expect(refusal.textContent).toContain('暂不能领取医保码');
    expect(screen.queryByTestId('identity-submit')).toBeNull();
    expect(screen.getByTestId('claim-home')).toBeTruthy();
  });

  it('says there is no phone on record, and what to do instead, as the SMS step that cannot be done', async () => {
    const { type, submit } = await setup({ status: 403, body: errorBody('NO_PHONE_ON_RECORD') });
    type('identity-name', '赵德福');
    type('identity-number', RESIDENT_ID);
    submit();

    const refusal = await screen.findByTestId('claim-refusal');
    expect(refusal.textContent).toContain('医保系统中没有您的手机号');
    const message = screen.getByTestId('claim-refusal-message').textContent ?? '';
    expect(message).toBe(ERRORS.NO_PHONE_ON_RECORD.message);
    // What to do: a relative's 亲情账户, or registering a phone at the 医保经办机构.
    expect(message).toContain('亲情账户');
    expect(message).toContain('医保经办机构登记手机号');
    // Not the words of a phone that stopped working.
    expect(refusal.textContent).not.toMatch(/停用|停机|变更/);
    expect(screen.getByTestId('claim-step-identity').getAttribute('data-state')).toBe('done');
    expect(screen.getByTestId('claim-step-sms').getAttribute('data-state')).toBe('current');
    expect(screen.queryByTestId('identity-submit')).toBeNull();
    expect(screen.getByTestId('claim-home')).toBeTruthy();
  });

  it('says the reserved phone stopped working, names it (masked) and says where to change it', async () => {
    const { type, submit } = await setup({
      status: 403,
      body: {
        error: {
          code: 'RESERVED_PHONE_OUT_OF_SERVICE',
          message: 'server words are not shown',
          details: { platformCode: 'RESERVED_PHONE_OUT_OF_SERVICE', maskedPhone: '139****0011' },
        },
      },
    });
    type('identity-name', '周敏');
    type('identity-number', RESIDENT_ID);
    submit();

    const refusal = await screen.findByTestId('claim-refusal');
    expect(refusal.textContent).toContain('预留手机号已停用');
    expect(screen.getByTestId('claim-refusal-message').textContent).toBe(
      ERRORS.RESERVED_PHONE_OUT_OF_SERVICE.message,
    );
    expect(screen.getByTestId('claim-refusal-detail').textContent).toBe('预留手机号：139****0011');
    expect(refusal.textContent).not.toContain('没有您的手机号');
    expect(screen.getByTestId('claim-home')).toBeTruthy();
  });

  it.each([
    ['NAME_MISMATCH', ERRORS.NAME_MISMATCH.message],
    ['PERSON_NOT_FOUND', ERRORS.PERSON_NOT_FOUND.message],
  ])('shows %s above the form, which stays open to correct', async (code, message) => {
    const { type, submit } = await setup({ status: 400, body: errorBody(code) });
    type('identity-name', '刘常');
    type('identity-number', RESIDENT_ID);
    submit();

    expect((await screen.findByTestId('claim-refusal-message')).textContent).toBe(message);
    expect(screen.getByTestId('identity-submit')).toBeTruthy();
  });

  it('prefills the dev persona in the H5 build only, and says so', async () => {
    process.env.TARO_ENV = 'h5';
    const { submit, identityCalls } = await setup(TO_SMS, { persona: true });

    expect(screen.getByText('开发环境 · 已按演示用户预填')).toBeTruthy();
    expect((screen.getByTestId('identity-name') as HTMLInputElement).value).toBe(PERSONA.name);
    submit();
    await waitFor(() => expect(identityCalls()).toHaveLength(1));
    expect(identityCalls()[0]!.data).toEqual({
      name: PERSONA.name,
      docType: 'resident_id',
      docNumber: RESIDENT_ID,
    });
  });

  it('never prefills in the mini-programs', async () => {
    process.env.TARO_ENV = 'weapp';
    await setup(TO_SMS, { persona: true });

    expect((screen.getByTestId('identity-name') as HTMLInputElement).value).toBe('');
    expect(screen.queryByText('开发环境 · 已按演示用户预填')).toBeNull();
  });
});
