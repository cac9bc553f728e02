// Step 4, face verification. WeChat and Alipay run their own face check UI; on H5 there is
// none, so the dev fake stands in: 模拟刷脸通过 / 未通过 / 取消 tell the fake platform what to
// answer, then the BFF asks it as it would ask WeChat or Alipay.
import { Text, View } from '@tarojs/components';
import type { ClaimState, FaceStart } from '@ybm/shared';
import { useState } from 'react';

import { ClaimGate } from '../../../components/claim-gate';
import { ClaimLayout } from '../../../components/claim-layout';
import { InlineError } from '../../../components/inline-error';
import { PrimaryButton } from '../../../components/primary-button';
import { useClaim } from '../../../hooks/use-claim';
import { call, toApiError } from '../../../services/api';
import { goToStep, resumeClaim } from '../../../services/claim';
import { hasPlatformFace, runPlatformFace } from '../../../services/face';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

type DevResult = 'pass' | 'fail' | 'cancel';

function FaceStep({ claim }: { claim: ClaimState }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [devFace, setDevFace] = useState<FaceStart>();
  const params = { claimId: claim.claimId };

  const fail = async (failure: unknown) => {
    const apiError = toApiError(failure);
    if (apiError.code === 'CLAIM_STEP_OUT_OF_ORDER') {
      await resumeClaim(claim.claimId).catch(() => setError(apiError.message));
      return;
    }
    setError(apiError.message);
    setDevFace(undefined);
  };

  const complete = async () => goToStep(await call('claimFaceComplete', { params }));

  const begin = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const face = await call('claimFaceStart', { params });
      if (hasPlatformFace()) {
        await runPlatformFace(face);
        await complete();
      } else {
        setDevFace(face);
      }
    } catch (failure) {
      await fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const answerAsDevPlatform = async (result: DevResult) => {
    const verifyId = devFace?.verifyId ?? devFace?.certifyId;
    if (!verifyId) return;
    setBusy(true);
    setError(undefined);
    try {
      await call('devFaceResult', { body: { verifyId, result } });
      await complete();
    } catch (failure) {
      await fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ClaimLayout
      step="face"
      title="人脸核验"
      subtitle={`请${claim.maskedName ? ` ${claim.maskedName} ` : ''}本人操作：正对手机，保持光线充足，按提示完成动作。`}
    >
      <View className="face__frame">
        <Text className="face__glyph">人</Text>
      </View>
      <InlineError message={error} testId="face-error" />

      {devFace ? (
        <View className="claim-dev" data-testid="face-dev">
          <Text className="claim-dev__title">开发环境 · 模拟刷脸</Text>
          <Text className="claim-note">H5 没有平台刷脸，请选择模拟的核验结果。</Text>
          <PrimaryButton testId="face-dev-pass" busy={busy} onClick={() => void answerAsDevPlatform('pass')}>
            模拟刷脸通过
          </PrimaryButton>
          <PrimaryButton
            testId="face-dev-fail"
            plain
            disabled={busy}
            onClick={() => void answerAsDevPlatform('fail')}
          >
            模拟刷脸未通过
          </PrimaryButton>
          <PrimaryButton
            testId="face-dev-cancel"
            plain
            disabled={busy}
            onClick={() => void answerAsDevPlatform('cancel')}
          >
            模拟刷脸取消
          </PrimaryButton>
        </View>
      ) : (
        <PrimaryButton testId="face-start" busy={busy} onClick={() => void begin()}>
          {error ? '重新核验' : '开始人脸核验'}
        </PrimaryButton>
      )}
    </ClaimLayout>
  );
}

function FacePage() {
  const load = useClaim();
  return (
    <ClaimGate load={load} step="face" title="人脸核验">
      {(claim) => <FaceStep claim={claim} />}
    </ClaimGate>
  );
}

export default withLargeText(FacePage);
