// Runs before any schema is built: mini-program runtimes forbid `Function(...)`,
// which zod's JIT uses, so every schema module imports this first.
import { config } from 'zod';

config({ jitless: true });
