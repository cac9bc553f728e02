// Signing in: a platform login code becomes an opaque session bound to the platform user
// (WeChat openid for weapp and the H5 dev login, Alipay user_id for alipay).
import type { CreateSession, Me, Platform, Session } from '@ybm/shared';

import { AppError } from '../errors';

import type { Channel, SessionRecord } from '../store/records';
import type { BindingStore, PreferenceStore, SessionStore } from '../store/ports';
import { platformErrorCode, type AlipayIdentity, type WechatIdentity } from './platforms';
import { voucherSummaryOf } from './voucher-summary';

export function channelOf(platform: Platform): Channel {
  return platform === 'alipay' ? 'alipay' : 'wechat';
}

const LOGIN_CODE_REFUSALS = new Set(['40029', '40163', 'isv.code-invalid', '40002']);

export interface SessionServiceDeps {
  sessions: SessionStore;
  bindings: BindingStore;
  /** 大字模式 and the like, returned with /me (absent in tests that do not care). */
  preferences?: Pick<PreferenceStore, 'get'>;
  wechat: WechatIdentity;
  alipay?: AlipayIdentity;
  devLogin: boolean;
}

export function createSessionService(deps: SessionServiceDeps) {
  async function platformUserId(platform: Platform, code: string): Promise<string> {
    try {
      if (platform === 'alipay') {
        if (!deps.alipay) throw new AppError('PLATFORM_LOGIN_FAILED');
        const user = await deps.alipay.authCodeToUser(code);
        const id = user.openId ?? user.userId;
        if (!id) throw new AppError('PLATFORM_LOGIN_FAILED');
        return id;
      }
      return (await deps.wechat.codeToSession(code)).openid;
    } catch (error) {
      const code = platformErrorCode(error);
      if (code === '40226') throw new AppError('PLATFORM_RISKY_USER', { cause: error });
      if (code === '45011') throw new AppError('RATE_LIMITED', { cause: error });
      if (code && LOGIN_CODE_REFUSALS.has(code))
        throw new AppError('PLATFORM_LOGIN_FAILED', { cause: error });
      throw error;
    }
  }

  async function me(session: Pick<SessionRecord, 'platform' | 'channel' | 'platformUserId'>): Promise<Me> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    const preferences = deps.preferences
      ? await deps.preferences.get(session.channel, session.platformUserId)
      : { largeText: false };
    if (!binding) return { platform: session.platform, activated: false, preferences };
    return { platform: session.platform, activated: true, voucher: voucherSummaryOf(binding), preferences };
  }

  return {
    async signIn({ platform, code }: CreateSession): Promise<Session> {
      // H5 has no platform identity of its own: only the dev login (fake WeChat codes) exists.
      if (platform === 'h5' && !deps.devLogin) throw new AppError('DEV_LOGIN_DISABLED');
      const channel = channelOf(platform);
      const userId = await platformUserId(platform, code);
      const { token, expiresAt } = await deps.sessions.create({ platform, channel, platformUserId: userId });
      return {
        token,
        expiresAt: new Date(expiresAt).toISOString(),
        me: await me({ platform, channel, platformUserId: userId }),
      };
    },
    me,
    /** The person's 医保个人编号 when this platform account holds a voucher (consents bind to it). */
    async boundPsnNo(
      session: Pick<SessionRecord, 'channel' | 'platformUserId'>,
    ): Promise<string | undefined> {
      return (await deps.bindings.find(session.channel, session.platformUserId))?.psnNo;
    },
    /** The live session a token stands for (touching it), or undefined. */
    resolve: (token: string) => deps.sessions.resolve(token),
    async signOut(token: string): Promise<void> {
      await deps.sessions.revoke(token);
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
