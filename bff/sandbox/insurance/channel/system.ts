// sys.* operations: the round trip the BFF's /readyz relies on.
import { z } from 'zod';

import { operation, type Operations } from './operation';

export function systemOperations(): Operations {
  return {
    // The nonce came through our verification and decryption and goes back signed and encrypted.
    'sys.echo': operation(z.object({ nonce: z.string().min(1).max(128) }), (input, context) => ({
      nonce: input.nonce,
      appId: context.appId,
      serverTime: new Date(context.now()).toISOString(),
    })),
  };
}
