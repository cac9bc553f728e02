// Data the mini-program tests share: a signed-in session, the voucher summary, claim states
// and the H5 dev persona, all shaped by @ybm/shared's schemas.
import { residentIdCheckChar, type ClaimState, type Me, type Meta, type Session } from '@ybm/shared';

import { storage } from './stubs/taro';

const first17 = '23120219900307123';
/** A valid 居民身份证 number (check digit computed), born 1990-03-07. */
export const RESIDENT_ID = `${first17}${residentIdCheckChar(first17)}`;
/** The same number with its check digit changed. */
export const BAD_CHECKSUM_ID = `${first17}${residentIdCheckChar(first17) === '0' ? '1' : '0'}`;

export const TOKEN = 't'.repeat(40);
export const NEW_TOKEN = 'n'.repeat(40);

export const VOUCHER = {
  maskedName: '刘*',
  maskedIdNumber: '231***********123X',
  insuranceType: '310',
  regionName: '绥化市',
  activatedAt: '2026-11-22T10:00:00+08:00',
};

export function me(activated: boolean): Me {
  return activated
    ? { platform: 'h5', activated: true, voucher: VOUCHER }
    : { platform: 'h5', activated: false };
}

export function session(token = NEW_TOKEN, activated = false): Session {
  return { token, expiresAt: '2026-11-23T10:00:00+08:00', me: me(activated) };
}

export function meta(overrides: Partial<Meta> = {}): Meta {
  return {
    appName: '医保码',
    version: '0.1.0',
    region: { code: '231200', name: '绥化市' },
    devLogin: true,
    services: [{ key: 'code', title: '医保码', available: true }],
    ...overrides,
  };
}

export function claimState(overrides: Partial<ClaimState> = {}): ClaimState {
  return { claimId: 'c-1', step: 'identity', ...overrides };
}

export const PERSONA = {
  key: 'liu-chang',
  label: '职工 · 正常参保',
  name: '刘畅',
  docType: 'resident_id',
  docNumber: RESIDENT_ID,
  note: '可正常领取',
};

/** Signed in already: the token is in storage. */
export function signedIn(token = TOKEN): void {
  storage.set('ybm.session.token', token);
}

/** H5 dev login used before: the persona is remembered. */
export function rememberPersona(persona = PERSONA): void {
  storage.set('ybm.dev.persona', JSON.stringify(persona));
}

export function errorBody(code: string) {
  return { error: { code, message: 'server words are not shown' } };
}
