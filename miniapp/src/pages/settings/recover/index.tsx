// 忘记支付密码 and 更换预留手机号, one page stepping through the BFF's recovery: the person's
// name and document → (reset) SMS code to the reserved phone → face check → the new password
// twice; (replacement) face check → the new number → its SMS code. A replacement opened from a
// claim (claimId) goes back to that claim when done. On H5 the face check is the dev fake,
// and the page says so.
import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  DOCUMENT_TYPE_NAMES,
  DOCUMENT_TYPES,
  type DocumentType,
  type FaceStart,
  type RecoveryPurpose,
  type RecoveryState,
} from '@ybm/shared';
import { useEffect, useState } from 'react';

import { InlineError } from '../../../components/inline-error';
import { NoticeBar } from '../../../components/notice-bar';
import { PageHeader } from '../../../components/page-header';
import { PasswordSetup } from '../../../components/password-setup';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { call, toApiError } from '../../../services/api';
import { encryptPassword } from '../../../services/crypto';
import { hasPlatformFace, runPlatformFace } from '../../../services/face';
import { FRAUD_TIPS_PAGE, rememberedIdentity, recoverPage, SETTINGS_PAGE } from '../../../services/settings';
import { withLargeText } from '../../../components/large-text-root';
import '../_flow.scss';

type InputEvent = { detail: { value: string } };

const TITLES: Record<RecoveryPurpose, string> = {
  password_reset: '忘记支付密码',
  phone_replace: '更换预留手机号',
};
const INTROS: Record<RecoveryPurpose, string> = {
  password_reset:
    '验证本人身份后重设医保支付密码：短信验证预留手机号，再进行人脸核验。重设后今日的密码锁定随即解除。',
  phone_replace: '预留手机号已停用时，可在线更换：先进行本人人脸核验，再验证新手机号，无需到经办机构。',
};

function Field(props: {
  label: string;
  testId: string;
  value: string;
  placeholder: string;
  type?: 'number' | 'idcard' | 'text';
  maxlength: number;
  onInput: (value: string) => void;
}) {
  return (
    <View className="claim-field">
      <Text className="claim-field__label">{props.label}</Text>
      <Input
        className="claim-field__input"
        data-testid={props.testId}
        type={props.type ?? 'text'}
        value={props.value}
        maxlength={props.maxlength}
        placeholder={props.placeholder}
        onInput={(event: InputEvent) => props.onInput(event.detail.value)}
      />
    </View>
  );
}

function RecoverPage() {
  const { params } = useRouter();
  const purpose: RecoveryPurpose = params.purpose === 'phone_replace' ? 'phone_replace' : 'password_reset';
  const claimId = params.claimId && /^CLM[0-9a-f]{24}$/.test(params.claimId) ? params.claimId : undefined;
  const remembered = rememberedIdentity();
  const [name, setName] = useState(remembered?.name ?? '');
  // Every document the claim accepts (居民身份证, 护照, the 通行证s, 外国人永久居留身份证).
  const [docType, setDocType] = useState<DocumentType>(remembered?.docType ?? 'resident_id');
  const [choosingType, setChoosingType] = useState(false);
  const [docNumber, setDocNumber] = useState(remembered?.docNumber ?? '');
  const [state, setState] = useState<RecoveryState>();
  const [devFace, setDevFace] = useState<FaceStart>();
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  const p = state ? { recoveryId: state.recoveryId } : { recoveryId: '' };

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(toApiError(failure).message);
      setDevFace(undefined);
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () => {
      const body = {
        name: name.trim(),
        docType,
        docNumber: docNumber.trim(),
        ...(claimId ? { claimId } : {}),
      };
      setState(await call(purpose === 'password_reset' ? 'resetStart' : 'phoneStart', { body }));
    });
  const sendSms = () =>
    run(async () => {
      setState(await call(purpose === 'password_reset' ? 'resetSmsSend' : 'phoneSmsSend', { params: p }));
      void Taro.showToast({ title: '验证码已发送', icon: 'none' });
    });
  const verifySms = () =>
    run(async () => {
      const body = { smsCode: code };
      setState(
        await call(purpose === 'password_reset' ? 'resetSmsVerify' : 'phoneSmsVerify', { params: p, body }),
      );
      setCode('');
    });
  const completeFace = async () =>
    setState(
      await call(purpose === 'password_reset' ? 'resetFaceComplete' : 'phoneFaceComplete', { params: p }),
    );
  const startFace = () =>
    run(async () => {
      const face = await call(purpose === 'password_reset' ? 'resetFaceStart' : 'phoneFaceStart', {
        params: p,
      });
      if (hasPlatformFace()) {
        await runPlatformFace(face);
        await completeFace();
      } else setDevFace(face);
    });
  const devAnswer = (result: 'pass' | 'fail') =>
    run(async () => {
      const verifyId = devFace?.verifyId ?? devFace?.certifyId ?? '';
      await call('devFaceResult', { body: { verifyId, result } });
      setDevFace(undefined);
      await completeFace();
    });
  const newPhone = () =>
    run(async () => setState(await call('phoneNumber', { params: p, body: { phone: phone.trim() } })));
  const newPassword = (password: string) =>
    run(async () => {
      try {
        const { publicKeyHex } = await call('passwordKey');
        const passwordCipher = await encryptPassword(password, publicKeyHex);
        setState(await call('resetPassword', { params: p, body: { passwordCipher } }));
      } finally {
        setAttempt((n) => n + 1);
      }
    });

  // The platforms' own bar says which of the two this is (H5: PageHeader below).
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') void Taro.setNavigationBarTitle({ title: TITLES[purpose] });
  }, [purpose]);

  const step = state?.step ?? 'identity';
  return (
    <View className="settings-flow" data-testid="recover" data-step={step}>
      <PageHeader title={TITLES[purpose]} fallback={SETTINGS_PAGE} inPaddedPage />
      <View className="settings-flow__body">
        {step === 'done' ? (
          <ResultPanel
            tone="success"
            title={purpose === 'password_reset' ? '支付密码已重设' : '预留手机号已更换'}
            message={
              purpose === 'password_reset'
                ? '密码锁定已解除，请使用新密码支付。'
                : `新的预留手机号：${state?.maskedPhone ?? ''}。${claimId ? '请继续领取医保码。' : ''}`
            }
            testId="recover-done"
          >
            <PrimaryButton
              testId="recover-continue"
              onClick={() =>
                claimId
                  ? void Taro.redirectTo({ url: `/pages/claim/identity/index?claimId=${claimId}` })
                  : void Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/index/index' }))
              }
            >
              {claimId ? '继续领取' : '完成'}
            </PrimaryButton>
          </ResultPanel>
        ) : (
          <View>
            <Text className="settings-flow__intro">{INTROS[purpose]}</Text>
            {step === 'identity' ? (
              <View className="claim-card">
                <Field
                  label="姓名"
                  testId="recover-name"
                  value={name}
                  placeholder="请输入证件上的姓名"
                  maxlength={50}
                  onInput={setName}
                />
                <View
                  className="claim-field"
                  data-testid="recover-doc-type"
                  role="button"
                  onClick={() => setChoosingType((open) => !open)}
                >
                  <Text className="claim-field__label">证件类型</Text>
                  <Text className="claim-field__value">{DOCUMENT_TYPE_NAMES[docType]}</Text>
                </View>
                <Field
                  label="证件号码"
                  testId="recover-number"
                  value={docNumber}
                  placeholder="请输入本人证件号码"
                  type={docType === 'resident_id' ? 'idcard' : 'text'}
                  maxlength={30}
                  onInput={setDocNumber}
                />
              </View>
            ) : null}
            {step === 'identity' && choosingType ? (
              <View className="claim-options" role="listbox" data-testid="recover-doc-type-options">
                {DOCUMENT_TYPES.map((type) => (
                  <View
                    key={type}
                    className={`claim-options__item${type === docType ? ' claim-options__item--on' : ''}`}
                    role="option"
                    aria-selected={type === docType ? 'true' : 'false'}
                    data-testid={`recover-doc-type-${type}`}
                    onClick={() => {
                      setDocType(type);
                      setChoosingType(false);
                    }}
                  >
                    <Text>{DOCUMENT_TYPE_NAMES[type]}</Text>
                  </View>
                ))}
              </View>
            ) : null}
            {step === 'sms' ? (
              <View className="claim-card">
                <Text className="claim-field__value" data-testid="recover-phone">
                  验证码发送至 {state?.maskedPhone}
                </Text>
                <Field
                  label="验证码"
                  testId="recover-code"
                  value={code}
                  placeholder="请输入6位验证码"
                  type="number"
                  maxlength={6}
                  onInput={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
                />
                <PrimaryButton plain testId="recover-send" busy={busy} onClick={() => void sendSms()}>
                  {(state?.resendAfterSec ?? 0) > 0 ? '重新获取验证码' : '获取验证码'}
                </PrimaryButton>
                {purpose === 'password_reset' ? (
                  <Text
                    className="claim-note"
                    data-testid="recover-phone-dead"
                    onClick={() => void Taro.redirectTo({ url: recoverPage('phone_replace') })}
                  >
                    收不到验证码？预留手机号已停用的，点此更换预留手机号
                  </Text>
                ) : null}
              </View>
            ) : null}
            {step === 'phone' ? (
              <View className="claim-card">
                <Field
                  label="新手机号"
                  testId="recover-new-phone"
                  value={phone}
                  placeholder="请输入本人正在使用的手机号"
                  type="number"
                  maxlength={11}
                  onInput={setPhone}
                />
              </View>
            ) : null}
            {step === 'face' ? (
              devFace ? (
                <View>
                  <NoticeBar tone="warning">开发环境 · 模拟刷脸：选择平台将返回的核验结果</NoticeBar>
                  <PrimaryButton
                    testId="recover-face-pass"
                    busy={busy}
                    onClick={() => void devAnswer('pass')}
                  >
                    模拟刷脸通过
                  </PrimaryButton>
                  <PrimaryButton
                    plain
                    testId="recover-face-fail"
                    busy={busy}
                    onClick={() => void devAnswer('fail')}
                  >
                    模拟刷脸未通过
                  </PrimaryButton>
                </View>
              ) : (
                <Text className="settings-flow__intro">
                  请 {state?.maskedName} 本人操作：正对手机，保持光线充足。
                </Text>
              )
            ) : null}
            {step === 'password' ? (
              <PasswordSetup
                key={attempt}
                busy={busy}
                {...(state?.birthDate ? { birthDate: state.birthDate } : {})}
                {...(error ? { error } : {})}
                onConfirmed={(pw) => void newPassword(pw)}
              />
            ) : null}
            {step !== 'password' ? <InlineError message={error} testId="recover-error" /> : null}
            {step === 'identity' ? (
              <PrimaryButton
                testId="recover-start"
                busy={busy}
                disabled={!name.trim() || !docNumber.trim()}
                onClick={() => void start()}
              >
                下一步
              </PrimaryButton>
            ) : null}
            {step === 'sms' ? (
              <PrimaryButton
                testId="recover-verify"
                busy={busy}
                disabled={!/^\d{6}$/.test(code)}
                onClick={() => void verifySms()}
              >
                下一步
              </PrimaryButton>
            ) : null}
            {step === 'phone' ? (
              <PrimaryButton
                testId="recover-phone-submit"
                busy={busy}
                disabled={!/^1\d{10}$/.test(phone.trim())}
                onClick={() => void newPhone()}
              >
                发送验证码到新手机号
              </PrimaryButton>
            ) : null}
            {step === 'face' && !devFace ? (
              <PrimaryButton testId="recover-face" busy={busy} onClick={() => void startFace()}>
                开始人脸核验
              </PrimaryButton>
            ) : null}
            <Text className="claim-note" onClick={() => void Taro.navigateTo({ url: FRAUD_TIPS_PAGE })}>
              医保部门不会通过短信发送链接，也不会索要验证码。查看防骗提示
            </Text>
          </View>
        )}
      </View>
    </View>
  );
}

export default withLargeText(RecoverPage);
