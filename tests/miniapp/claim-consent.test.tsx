import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CONSENT_VERSION, ERRORS } from '@ybm/shared';

import ConsentPage from '../../miniapp/src/pages/claim/consent';
import { claimState, errorBody, signedIn } from './fixtures';
import { redirectTo, reLaunch, resetTaro, serve } from './stubs/taro';

const CLAIM_START = 'POST /api/v1/claim';

function setup() {
  resetTaro();
  signedIn();
  render(<ConsentPage />);
  const next = () => screen.getByTestId('consent-next');
  const tick = (testId: 'consent-terms' | 'consent-sensitive') => fireEvent.click(screen.getByTestId(testId));
  return { next, tick };
}

describe('claim consent page', () => {
  it('asks for the service agreement and the sensitive-information consent separately', () => {
    setup();
    expect(screen.getByTestId('consent-terms').textContent).toContain('用户服务协议');
    expect(screen.getByTestId('consent-sensitive').textContent).toContain('敏感个人信息');
    expect(screen.getByTestId('consent-terms').getAttribute('aria-checked')).toBe('false');
  });

  it('enables 同意并继续 only when both are ticked', () => {
    const { next, tick } = setup();
    const seen = serve({});
    expect(next().getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(next());
    expect(seen).toHaveLength(0);

    tick('consent-terms');
    expect(next().getAttribute('aria-disabled')).toBe('true');
    tick('consent-sensitive');
    expect(next().getAttribute('aria-disabled')).toBe('false');

    tick('consent-terms');
    expect(next().getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('consent-terms').getAttribute('aria-checked')).toBe('false');
  });

  it('starts a claim with both consents and the text version, then goes to the identity step', async () => {
    const { next, tick } = setup();
    serve({ [CLAIM_START]: { status: 201, body: claimState({ claimId: 'c 9', step: 'identity' }) } });

    tick('consent-terms');
    tick('consent-sensitive');
    fireEvent.click(next());

    await waitFor(() => expect(redirectTo).toHaveBeenCalled());
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/identity/index?claimId=c%209' });
  });

  it('sends exactly the consent body of the contract', async () => {
    const { next, tick } = setup();
    const seen = serve({ [CLAIM_START]: { status: 201, body: claimState() } });

    tick('consent-terms');
    tick('consent-sensitive');
    fireEvent.click(next());

    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.data).toEqual({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION });
  });

  it('says so, with the way to the code, when the voucher is already claimed', async () => {
    const { next, tick } = setup();
    serve({ [CLAIM_START]: { status: 409, body: errorBody('ALREADY_ACTIVATED') } });

    tick('consent-terms');
    tick('consent-sensitive');
    fireEvent.click(next());

    const refusal = await screen.findByTestId('claim-refusal');
    expect(refusal.textContent).toContain(ERRORS.ALREADY_ACTIVATED.message);
    fireEvent.click(screen.getByTestId('go-code'));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/code/index' });
  });

  it('shows other failures in place', async () => {
    const { next, tick } = setup();
    serve({ [CLAIM_START]: { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') } });

    tick('consent-terms');
    tick('consent-sensitive');
    fireEvent.click(next());

    expect((await screen.findByTestId('consent-error')).textContent).toBe(
      ERRORS.UPSTREAM_UNAVAILABLE.message,
    );
  });
});
