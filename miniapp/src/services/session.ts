// Signing in: the platform's login code is exchanged for the BFF's opaque session token,
// which is kept in the mini-program's storage. WeChat gives a `wx.login` code, Alipay an
// `my.getAuthCode` auth code; H5 has no platform, so it signs in through the dev login as
// the seeded persona chosen on the dev-login page, as a WeChat or an Alipay user (both
// remembered, so it can sign in again).
import Taro from '@tarojs/taro';
import type { DevLoginPlatform, Platform, Session } from '@ybm/shared';

import { localError, requestEndpoint, type ApiError } from './http';

const TOKEN_KEY = 'ybm.session.token';
const DEV_PERSONA_KEY = 'ybm.dev.persona';

/** What the dev login remembers about the persona chosen (H5 only). */
export interface DevPersonaChoice {
  key: string;
  name: string;
  docType: string;
  docNumber: string;
  /** Whose user the demo signs in as: 'h5' through the fake WeChat, 'alipay' through the fake Alipay. */
  platform?: DevLoginPlatform;
}

export const H5_NEEDS_DEV_LOGIN = 'H5 版本仅用于演示，需开启演示登录后使用；请在微信或支付宝中打开医保码';
/** Nobody is signed in on H5 yet: what is true (the way to sign in is offered beside it). */
export const SIGN_IN_FIRST = '您还没有登录，请先登录';

function readString(key: string): string | undefined {
  const value: unknown = Taro.getStorageSync(key);
  return typeof value === 'string' && value ? value : undefined;
}

export function sessionToken(): string | undefined {
  return readString(TOKEN_KEY);
}

export function hasSession(): boolean {
  return sessionToken() !== undefined;
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

function keepSession(session: Session): Session {
  Taro.setStorageSync(TOKEN_KEY, session.token);
  return session;
}

export function devPersona(): DevPersonaChoice | undefined {
  const raw = readString(DEV_PERSONA_KEY);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<DevPersonaChoice>;
    return typeof value.key === 'string' ? (value as DevPersonaChoice) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetDevPersona(): void {
  Taro.removeStorageSync(DEV_PERSONA_KEY);
}

/** True when a session can be had without asking anything of the user. */
export function canSignInSilently(): boolean {
  if (process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay') return true;
  return devPersona() !== undefined;
}

function loginFailure(): ApiError {
  return localError('PLATFORM_LOGIN_FAILED', '登录失败，请重新进入小程序');
}

/** Alipay: a silent `auth_base` auth code (Taro.login maps to the same call and sets `code`). */
function alipayAuthCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    my.getAuthCode({
      scopes: 'auth_base',
      success: (res) => (res.authCode ? resolve(res.authCode) : reject(loginFailure())),
      fail: () => reject(loginFailure()),
    });
  });
}

async function weappLoginCode(): Promise<string> {
  try {
    const { code } = await Taro.login();
    if (code) return code;
  } catch {
    // fall through: the user sees one message whatever wx.login said
  }
  throw loginFailure();
}

async function platformLogin(): Promise<{ platform: Platform; code: string }> {
  if (process.env.TARO_ENV === 'weapp') return { platform: 'weapp', code: await weappLoginCode() };
  if (process.env.TARO_ENV === 'alipay') return { platform: 'alipay', code: await alipayAuthCode() };
  const persona = devPersona();
  if (!persona) throw localError('UNAUTHENTICATED', SIGN_IN_FIRST);
  return devLoginCode(persona);
}

/** A login code minted by the fake platform the persona was chosen for. */
async function devLoginCode(persona: DevPersonaChoice): Promise<{ platform: Platform; code: string }> {
  const platform = persona.platform === 'alipay' ? 'alipay' : 'h5';
  const answer = await requestEndpoint('devLoginCode', { body: { persona: persona.key, platform } });
  return { platform: answer.platform, code: answer.code };
}

/** Gets a fresh session from the platform's login code and keeps its token. */
export async function signIn(): Promise<Session> {
  const body = await platformLogin();
  return keepSession(await requestEndpoint('createSession', { body }));
}

let renewing: Promise<Session> | undefined;

/** signIn, shared by every caller that needs a session at the same moment. */
export function renewSession(): Promise<Session> {
  renewing ??= signIn().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/** H5 dev login: act as a seeded persona on a platform, remembered so the session can be renewed. */
export async function signInAsPersona(persona: DevPersonaChoice): Promise<Session> {
  const session = keepSession(await requestEndpoint('createSession', { body: await devLoginCode(persona) }));
  Taro.setStorageSync(DEV_PERSONA_KEY, JSON.stringify(persona));
  return session;
}
