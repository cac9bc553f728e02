// remoteCare.* channel operations: 异地就医备案 (file, list, cancel).
import { institutionCode, isoDate, psnNo, regionCode } from '@ybm/shared/src/protocol/channel/schemas';
import { z } from 'zod';

import type { SandboxContext } from '../context';
import {
  cancelRemoteCare,
  fileRemoteCare,
  listRemoteCare,
  REMOTE_CARE_REASONS,
  type RemoteCareReason,
} from '../domain/remote-care';
import { operation, type Operations } from './operation';

const reason = z.enum(Object.keys(REMOTE_CARE_REASONS) as [RemoteCareReason, ...RemoteCareReason[]]);

export function remoteCareOperations(context: SandboxContext): Operations {
  return {
    'remoteCare.file': operation(
      z.object({
        psnNo,
        careRegionCode: regionCode,
        reason,
        beginDate: isoDate,
        endDate: isoDate.optional(),
        hospitalCode: institutionCode.optional(),
      }),
      (input) => fileRemoteCare(context, input),
    ),
    'remoteCare.list': operation(z.object({ psnNo }), (input) => listRemoteCare(context, input.psnNo)),
    'remoteCare.cancel': operation(z.object({ psnNo, filingId: z.string().min(1).max(40) }), (input) =>
      cancelRemoteCare(context, input.psnNo, input.filingId),
    ),
  };
}
