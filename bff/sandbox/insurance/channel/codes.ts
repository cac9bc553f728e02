// code.* channel operations: issue a one-time code for a person, follow its status
// (issued → scanned → verified → settled, or expired) with the settlement's amounts.
import type { SandboxContext } from '../context';
import { CodeRefusal, codeStatus, issueCode } from '../domain/codes';
import { requireLiveLink } from '../domain/family';
import { operations, PlatformRefusal, type Operations } from './operation';

export function codeOperations(context: SandboxContext): Operations {
  return operations({
    'code.issue': (input, call) => {
      try {
        // appId is the calling channel: a WeChat code is shown in WeChat and reported back there.
        // The answer does not wait for the turn's commit (see issueCode): waiting would hold
        // every answer of the turn back until the last is done, and then the BFF and this
        // server take turns idling (npm run bench: 12–25 % of the machine idle in a saturated
        // closed loop, 2–8 % when each code is answered at once).
        // A member's code on a guardian's phone (family activation): the link must be live and
        // the guardian's voucher active on this channel; the code is the member's own.
        if (input.guardianPsnNo) {
          requireLiveLink(context, input.guardianPsnNo, input.psnNo);
          return issueCode(context, {
            psnNo: input.psnNo,
            appId: call.appId,
            voucherOf: input.guardianPsnNo,
          });
        }
        return issueCode(context, { psnNo: input.psnNo, appId: call.appId });
      } catch (error) {
        // The only refusal of issueCode: a scan's refusals belong to the e-voucher centre.
        if (error instanceof CodeRefusal && error.code === 'VOUCHER_NOT_ACTIVE') {
          throw new PlatformRefusal(error.code, error.message);
        }
        throw error;
      }
    },

    'code.status': (input, call) => {
      const view = codeStatus(context, input.code);
      // Another channel's code is as unknown as a code never issued.
      if (!view || view.appId !== call.appId) {
        throw new PlatformRefusal('CODE_NOT_FOUND', '医保电子凭证码不存在');
      }
      return {
        status: view.status,
        issuedAt: view.issuedAt,
        expiresAt: view.expiresAt,
        ...(view.institutionName ? { institutionName: view.institutionName } : {}),
        ...(view.scannedAt ? { scannedAt: view.scannedAt } : {}),
        ...(view.verifiedAt ? { verifiedAt: view.verifiedAt } : {}),
        ...(view.settlement ? { settlement: view.settlement } : {}),
      };
    },
  });
}
