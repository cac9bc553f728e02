// A page about using the voucher (records, messages, a bill), opened by someone signed in who
// has not claimed it yet: says so, with 领取医保码 — not 重试, which could never help.
import { startClaim } from '../../services/claim';
import { PrimaryButton } from '../primary-button';
import { ResultPanel } from '../result-panel';

export function ClaimFirst({ message, testId = 'claim-first' }: { message: string; testId?: string }) {
  return (
    <ResultPanel tone="warning" title="您尚未领取医保码" message={message} testId={testId}>
      <PrimaryButton testId={`${testId}-button`} onClick={() => void startClaim()}>
        领取医保码
      </PrimaryButton>
    </ResultPanel>
  );
}
