// What a page shows when nobody is signed in: that this is so, what signing in gives, and
// 登录 — never a dead end. (On WeChat and Alipay sign-in is silent, so this shows only
// when it failed; on H5 until a persona is chosen on the dev login page.)
import { useSignIn } from '../../hooks/use-sign-in';
import { PrimaryButton } from '../primary-button';
import { ResultPanel } from '../result-panel';

export interface SignInPromptProps {
  /** What signing in lets the person do here, e.g. 登录后查看您的消息. */
  message: string;
  onSignedIn: () => void;
  testId?: string;
}

export function SignInPrompt({ message, onSignedIn, testId = 'sign-in' }: SignInPromptProps) {
  const { busy, signIn } = useSignIn(onSignedIn);
  return (
    <ResultPanel tone="warning" title="您还没有登录" message={message} testId={testId}>
      <PrimaryButton testId={`${testId}-button`} busy={busy} onClick={() => void signIn()}>
        登录
      </PrimaryButton>
    </ResultPanel>
  );
}
