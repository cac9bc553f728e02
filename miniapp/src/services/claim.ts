// The claim flow's navigation: which page serves which step, the last state seen for a
// claim (so a page need not ask again), and which refusals end the flow for good.
import Taro from '@tarojs/taro';
import type { ClaimState, ClaimStep } from '@ybm/shared';

import { call, showApiError } from './api';
import { canSignInSilently, H5_NEEDS_DEV_LOGIN, hasSession, renewSession } from './session';

const CLAIM_ROOT = '/pages/claim';
export const CODE_TAB = '/pages/code/index';

const STEP_PAGES: Record<Exclude<ClaimStep, 'done'>, string> = {
  consent: `${CLAIM_ROOT}/consent/index`,
  identity: `${CLAIM_ROOT}/identity/index`,
  sms: `${CLAIM_ROOT}/sms/index`,
  face: `${CLAIM_ROOT}/face/index`,
  password: `${CLAIM_ROOT}/password/index`,
  // 一键同步 asks for the existing password on the password page.
  sync: `${CLAIM_ROOT}/password/index`,
};

export const CONSENT_PAGE = STEP_PAGES.consent;
/** H5 only: pick a seeded persona to act as. */
export const DEV_LOGIN_PAGE = '/pages/dev-login/index';

export interface VisibleStep {
  step: ClaimStep;
  title: string;
}

/** The progress bar's steps, as the user sees them. */
export const VISIBLE_STEPS: readonly VisibleStep[] = [
  { step: 'consent', title: '授权' },
  { step: 'identity', title: '身份' },
  { step: 'sms', title: '验证码' },
  { step: 'face', title: '人脸' },
  { step: 'password', title: '密码' },
];

/** 一键同步 (claimed on the other platform already): no SMS code and no face check apply. */
export const SYNC_VISIBLE_STEPS: readonly VisibleStep[] = [
  { step: 'consent', title: '授权' },
  { step: 'identity', title: '身份' },
  { step: 'sync', title: '同步' },
];

/** The steps this claim goes through: a sync is known once the identity step has said so. */
export function visibleSteps(step: ClaimStep): readonly VisibleStep[] {
  return step === 'sync' ? SYNC_VISIBLE_STEPS : VISIBLE_STEPS;
}

/** The page title of every claim step (index.config.ts), repeated in the H5 header. */
export const CLAIM_TITLE = '领取医保码';

/**
 * The two refusals about the reserved phone, each with what is true as its heading (the shared
 * message under it says what to do): never registered, or registered and no longer working.
 */
export const PHONE_REFUSAL_HEADINGS: Readonly<Record<string, string>> = {
  NO_PHONE_ON_RECORD: '医保系统中没有您的手机号',
  RESERVED_PHONE_OUT_OF_SERVICE: '预留手机号已停用',
};

/**
 * Refusals after which this person cannot go on today: the identity page shows them as a
 * result instead of the form. Others (a typo in the name or number) let them correct it.
 */
export const FINAL_REFUSALS: ReadonlySet<string> = new Set([
  'NOT_INSURED',
  'INSURED_TOO_RECENTLY',
  'INSURANCE_SUSPENDED',
  'MULTIPLE_PERSON_RECORDS',
  'NO_PHONE_ON_RECORD',
  'RESERVED_PHONE_OUT_OF_SERVICE',
  'ALREADY_ACTIVATED',
]);

let lastState: ClaimState | undefined;

export function rememberClaim(state: ClaimState): void {
  lastState = state;
}

export function forgetClaim(): void {
  lastState = undefined;
}

/** The claim's state: the one just seen, or the BFF's (after a reload on H5). */
export async function loadClaim(claimId: string): Promise<ClaimState> {
  if (lastState?.claimId === claimId) return lastState;
  const state = await call('claimGet', { params: { claimId } });
  rememberClaim(state);
  return state;
}

export function stepUrl(state: ClaimState): string {
  if (state.step === 'done') return CODE_TAB;
  return `${STEP_PAGES[state.step]}?claimId=${encodeURIComponent(state.claimId)}`;
}

/** Moves to the page of the claim's current step; a finished claim lands on the code tab. */
export function goToStep(state: ClaimState): void {
  rememberClaim(state);
  if (state.step === 'done') {
    void finishClaim();
    return;
  }
  // redirectTo: a finished step is not on the back stack, so 返回 leaves the flow.
  void Taro.redirectTo({ url: stepUrl(state) });
}

/** Activated: the code tab, fresh (reLaunch), so it loads the new state. */
export function finishClaim(): Promise<unknown> {
  forgetClaim();
  return Taro.reLaunch({ url: CODE_TAB });
}

/** After CLAIM_STEP_OUT_OF_ORDER: back to wherever the BFF says this claim is. */
export async function resumeClaim(claimId: string): Promise<void> {
  forgetClaim();
  goToStep(await loadClaim(claimId));
}

export function restartClaim(): void {
  forgetClaim();
  void Taro.redirectTo({ url: CONSENT_PAGE });
}

/**
 * 领取医保码: signs in first when needed (silently on WeChat and Alipay; on H5 through the
 * dev login page, which comes back to the flow), then opens the consent page.
 */
export async function startClaim(options: { devLogin?: boolean } = {}): Promise<void> {
  if (!hasSession() && !canSignInSilently()) {
    if (options.devLogin === false) {
      void Taro.showModal({ title: '暂不能领取', content: H5_NEEDS_DEV_LOGIN, showCancel: false });
      return;
    }
    await Taro.navigateTo({ url: `${DEV_LOGIN_PAGE}?next=claim` });
    return;
  }
  try {
    if (!hasSession()) await renewSession();
    forgetClaim();
    await Taro.navigateTo({ url: CONSENT_PAGE });
  } catch (error) {
    showApiError(error);
  }
}
