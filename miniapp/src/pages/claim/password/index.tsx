// Step 5, the voucher password, on the secure keypad: set it twice (weak ones refused on the
// phone with the shared rules), or — already activated on the other platform — 一键同步 with
// the existing password, entered once. The password is SM2-encrypted with the platform's key
// (GET /claim/password-key) before it leaves the phone; the BFF only ever relays ciphertext.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ClaimState } from '@ybm/shared';
import { useEffect, useState } from 'react';

import { ClaimGate } from '../../../components/claim-gate';
import { ClaimLayout, ClaimStopped } from '../../../components/claim-layout';
import { PasswordField } from '../../../components/password-field';
import { PasswordSetup } from '../../../components/password-setup';
import { useClaim } from '../../../hooks/use-claim';
import { call, toApiError, type ApiError } from '../../../services/api';
import { finishClaim, resumeClaim } from '../../../services/claim';
import { encryptPassword, ensureSecureRandom } from '../../../services/crypto';
import { requestBillSubscription } from '../../../services/subscription';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

async function submitPassword(claim: ClaimState, password: string, sync: boolean): Promise<void> {
  const { publicKeyHex } = await call('passwordKey');
  const passwordCipher = await encryptPassword(password, publicKeyHex);
  const params = { claimId: claim.claimId };
  const body = { passwordCipher };
  await (sync ? call('claimSync', { params, body }) : call('claimPassword', { params, body }));
}

function PasswordStep({ claim }: { claim: ClaimState }) {
  const sync = claim.step === 'sync' || claim.syncAvailable === true;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [blocked, setBlocked] = useState<ApiError>();

  // Find out before any digit is typed whether this phone can encrypt at all.
  useEffect(() => {
    ensureSecureRandom().catch((failure: unknown) => setBlocked(toApiError(failure)));
  }, []);

  const submit = async (password: string) => {
    // The claim's last tap: ask for bill notices now, before anything asynchronous (WeChat
    // shows the dialog only from a tap); it never holds up the claim.
    requestBillSubscription('claim');
    setBusy(true);
    setError(undefined);
    try {
      await submitPassword(claim, password, sync);
      void Taro.showToast({ title: sync ? '同步成功' : '领取成功', icon: 'success' });
      await finishClaim();
    } catch (failure) {
      const apiError = toApiError(failure);
      if (apiError.code === 'CLAIM_STEP_OUT_OF_ORDER') {
        await resumeClaim(claim.claimId).catch(() => setError(apiError.message));
        return;
      }
      if (apiError.code === 'SECURE_RANDOM_UNAVAILABLE' || apiError.code === 'PASSWORD_LOCKED')
        setBlocked(apiError);
      setError(apiError.message);
      setAttempt((n) => n + 1); // a fresh, empty entry
    } finally {
      setBusy(false);
    }
  };

  if (blocked) {
    return (
      <ClaimStopped
        step={claim.step}
        title={sync ? '一键同步' : '设置医保支付密码'}
        heading="暂时无法继续"
        message={blocked.message}
      />
    );
  }

  if (sync) {
    return (
      <ClaimLayout
        step="sync"
        title="一键同步"
        subtitle="您已在其他平台领取医保码。输入医保支付密码验证身份，即可同步到本平台。"
      >
        <View className="password__sync" data-testid="sync-intro">
          <Text>已在其他平台领取 · 无需重新设置密码</Text>
        </View>
        <PasswordField
          key={attempt}
          title="请输入医保支付密码"
          hint="输入您领取医保码时设置的6位密码"
          error={error}
          busy={busy}
          onComplete={(password) => void submit(password)}
        />
      </ClaimLayout>
    );
  }

  return (
    <ClaimLayout
      step="password"
      title="设置医保支付密码"
      subtitle="密码在手机上加密后发送，任何人都无法看到。"
    >
      <PasswordSetup
        key={attempt}
        birthDate={claim.birthDate}
        busy={busy}
        error={error}
        onConfirmed={(password) => void submit(password)}
      />
    </ClaimLayout>
  );
}

function PasswordPage() {
  const load = useClaim();
  return (
    <ClaimGate load={load} step="password" title="设置医保支付密码">
      {(claim) => <PasswordStep claim={claim} />}
    </ClaimGate>
  );
}

export default withLargeText(PasswordPage);
