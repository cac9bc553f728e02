// E-voucher centre (PROTOCOL.md §2) at PATHS.ecGateway (issue 3).
import { Router } from '@koa/router';

import type { SandboxContext } from '../context';

export function createEcRouter(_context: SandboxContext): Router {
  return new Router();
}
