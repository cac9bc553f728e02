// What a page about the person's own data shows before it has that data: loading, 登录 when
// nobody is signed in, 领取医保码 before the voucher is claimed, or the error with 重试.
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

import type { Load } from '../../hooks/use-load';
import { ClaimFirst } from '../claim-first';
import { PrimaryButton } from '../primary-button';
import { ResultPanel } from '../result-panel';
import { SignInPrompt } from '../sign-in-prompt';
import './index.scss';

interface LoadGateProps<T> {
  load: Load<T> & { reload: () => void };
  /** Used in the words: 登录后查看{what} / {what}加载失败. */
  what: string;
  claimMessage: string;
  testId: string;
  children: (data: T) => ReactNode;
}

export function LoadGate<T>({ load, what, claimMessage, testId, children }: LoadGateProps<T>) {
  if (load.status === 'ready') return <>{children(load.data)}</>;
  if (load.status === 'loading') {
    return (
      <View className="load-gate" data-testid={`${testId}-loading`}>
        <Text>加载中…</Text>
      </View>
    );
  }
  const { error } = load;
  if (error.code === 'UNAUTHENTICATED')
    return <SignInPrompt message={`登录后查看${what}`} onSignedIn={load.reload} />;
  if (error.code === 'VOUCHER_NOT_ACTIVATED') return <ClaimFirst message={claimMessage} />;
  return (
    <ResultPanel title={`${what}加载失败`} message={error.message} testId={`${testId}-error`}>
      <PrimaryButton testId={`${testId}-retry`} onClick={load.reload}>
        重试
      </PrimaryButton>
    </ResultPanel>
  );
}
