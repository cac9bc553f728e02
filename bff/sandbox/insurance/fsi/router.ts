// 两定 interface (PROTOCOL.md §1) at PATHS.fsi (issue 3).
import { Router } from '@koa/router';

import type { SandboxContext } from '../context';

export function createFsiRouter(_context: SandboxContext): Router {
  return new Router();
}
