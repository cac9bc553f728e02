// code.* channel operations: issue a one-time code for a person, follow its status (issue 3).
import type { SandboxContext } from '../context';
import type { Operations } from './operation';

export function codeOperations(_context: SandboxContext): Operations {
  return {};
}
