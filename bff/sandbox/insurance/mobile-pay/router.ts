// Mobile payment 62xx (PROTOCOL.md §3) at the PATHS.* of each transaction (issue 3).
import { Router } from '@koa/router';

import type { SandboxContext } from '../context';

export function createMobilePayRouter(_context: SandboxContext): Router {
  return new Router();
}
