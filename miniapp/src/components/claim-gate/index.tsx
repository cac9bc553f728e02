// A claim step page's states: loading the claim, the claim gone (expired, or the URL lost
// its id) with the way to start again, nobody signed in (with 登录), or the step itself.
import { Text } from '@tarojs/components';
import type { ClaimState, ClaimStep } from '@ybm/shared';
import type { ReactNode } from 'react';

import type { ClaimLoad } from '../../hooks/use-claim';
import { restartClaim } from '../../services/claim';
import { ClaimLayout } from '../claim-layout';
import { PrimaryButton } from '../primary-button';
import { ResultPanel } from '../result-panel';
import { SignInPrompt } from '../sign-in-prompt';

export interface ClaimGateProps {
  load: ClaimLoad;
  step: ClaimStep;
  title: string;
  children: (claim: ClaimState) => ReactNode;
}

export function ClaimGate({ load, step, title, children }: ClaimGateProps) {
  if (load.status === 'ready') return <>{children(load.claim)}</>;
  return (
    <ClaimLayout step={step} title={title}>
      {load.status === 'loading' ? <Text className="claim-note">正在加载…</Text> : null}
      {load.status === 'failed' && load.error.code === 'UNAUTHENTICATED' ? (
        <SignInPrompt message="登录后继续领取医保码" onSignedIn={restartClaim} />
      ) : null}
      {load.status === 'failed' && load.error.code !== 'UNAUTHENTICATED' ? (
        <ResultPanel title="无法继续领取" message={load.error.message} testId="claim-refusal">
          <PrimaryButton testId="claim-restart" onClick={restartClaim}>
            重新开始
          </PrimaryButton>
        </ResultPanel>
      ) : null}
    </ClaimLayout>
  );
}
