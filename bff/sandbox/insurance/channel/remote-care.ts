// remoteCare.* channel operations: 异地就医备案 (file, list, cancel).
import type { SandboxContext } from '../context';
import { cancelRemoteCare, fileRemoteCare, listRemoteCare } from '../domain/remote-care';
import { operations, type Operations } from './operation';

export function remoteCareOperations(context: SandboxContext): Operations {
  return operations({
    'remoteCare.file': (input) => fileRemoteCare(context, input),
    'remoteCare.list': (input) => listRemoteCare(context, input.psnNo),
    'remoteCare.cancel': (input) => cancelRemoteCare(context, input.psnNo, input.filingId),
  });
}
