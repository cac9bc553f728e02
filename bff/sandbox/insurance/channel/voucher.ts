// activation.*, password.*, person.replacePhone, voucher.* channel operations: the BFF's claim
// flow, the payment password (changed, or reset after the channel's checks), the reserved
// phone, and unbinding. The calling channel (appId) is WeChat or Alipay; passwords only ever
// arrive as SM2 ciphertext (see domain/password.ts).
import type { SandboxContext } from '../context';
import { finishActivation, startActivation } from '../domain/activation';
import {
  assertPasswordFormat,
  decryptPasswordCipher,
  passwordRefusal,
  passwordState,
  setPassword,
  verifyPassword,
  weakPasswordReason,
} from '../domain/password';
import { getPerson } from '../domain/people';
import { replacePhone, resetPassword } from '../domain/person-changes';
import { channelVouchers, requireActiveVoucher, revokeVoucher } from '../domain/vouchers';
import { operations, PlatformRefusal, type Operations } from './operation';

export function voucherOperations(context: SandboxContext): Operations {
  return operations({
    'activation.start': (input, { appId }) => startActivation(context, appId, input),

    'activation.finish': async (input, { appId }) => {
      const password = decryptPasswordCipher(context, input.passwordCipher);
      return finishActivation(context, appId, input.activationId, password);
    },

    'password.change': async (input, { appId }) => {
      requireActiveVoucher(context, input.psnNo, appId);
      const oldPassword = decryptPasswordCipher(context, input.oldCipher);
      const newPassword = decryptPasswordCipher(context, input.newCipher);
      // The new password's rules first: a weak choice should not cost one of the day's tries.
      assertPasswordFormat(newPassword);
      const reason = weakPasswordReason(newPassword, getPerson(context, input.psnNo)?.birthDate);
      if (reason) throw new PlatformRefusal('PASSWORD_WEAK', `密码过于简单：${reason}，请重新设置`);
      const result = await verifyPassword(context, input.psnNo, oldPassword);
      if (!result.ok) throw passwordRefusal(result);
      if (newPassword === oldPassword) {
        throw new PlatformRefusal('PASSWORD_UNCHANGED', '新密码不能与原密码相同');
      }
      await setPassword(context, input.psnNo, newPassword);
      return { psnNo: input.psnNo, changedAt: new Date(context.now()).toISOString() };
    },

    // A wrong password is an answer ({ok: false, remaining}); asking while locked is a refusal.
    'password.verify': async (input, { appId }) => {
      requireActiveVoucher(context, input.psnNo, appId);
      const password = decryptPasswordCipher(context, input.cipher);
      if (passwordState(context, input.psnNo).locked) {
        throw passwordRefusal({ ok: false, remaining: 0, locked: true });
      }
      const result = await verifyPassword(context, input.psnNo, password);
      return result.ok
        ? { ok: true, remaining: passwordState(context, input.psnNo).remaining, locked: false }
        : result;
    },

    'password.reset': async (input, { appId }) => {
      requireActiveVoucher(context, input.psnNo, appId);
      const password = decryptPasswordCipher(context, input.newCipher);
      return resetPassword(context, appId, { psnNo: input.psnNo, password, faceCheck: input.faceCheck });
    },

    'person.replacePhone': (input, { appId }) => replacePhone(context, appId, input),

    'voucher.status': (input, { appId }) => {
      const vouchers = channelVouchers(context, input.psnNo);
      const password = passwordState(context, input.psnNo);
      const own = vouchers.find((voucher) => voucher.appId === appId);
      return {
        psnNo: input.psnNo,
        // Other channels' user ids are theirs: only status and times cross over.
        channels: vouchers.map(({ platformUserId: _id, ...voucher }) => voucher),
        thisChannel: own ?? null,
        activatedOn: vouchers
          .filter((voucher) => voucher.status === 'active')
          .map((voucher) => voucher.appId),
        passwordSet: password.set,
        passwordRemaining: password.remaining,
        passwordLocked: password.locked,
      };
    },

    'voucher.revoke': (input, { appId }) => revokeVoucher(context, input.psnNo, appId),
  });
}
