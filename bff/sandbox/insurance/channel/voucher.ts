// activation.*, password.*, code.* channel operations (issue 3).
import type { SandboxContext } from '../context';
import type { Operations } from './operation';

export function voucherOperations(_context: SandboxContext): Operations {
  return {};
}
