// sys.echo: the round trip the BFF's /readyz relies on.
import '../../zod-setup';
import { z } from 'zod';

export const SYSTEM_OPERATIONS = {
  // The nonce came through the platform's verification and decryption and goes back signed and encrypted.
  'sys.echo': {
    input: z.object({ nonce: z.string().min(1).max(128) }),
    answer: z.object({ nonce: z.string(), appId: z.string(), serverTime: z.string() }),
  },
} as const;
