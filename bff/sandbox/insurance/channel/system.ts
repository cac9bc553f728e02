// sys.* operations: the round trip the BFF's /readyz relies on.
import { operations, type Operations } from './operation';

export function systemOperations(): Operations {
  return operations({
    // The nonce came through our verification and decryption and goes back signed and encrypted.
    'sys.echo': (input, context) => ({
      nonce: input.nonce,
      appId: context.appId,
      serverTime: new Date(context.now()).toISOString(),
    }),
  });
}
