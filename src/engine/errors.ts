// Engine failures: an errno (the shared type, src/errno.ts) with the detail the CLI needs for its message.
import type { Errno } from '../errno.js';

export type { Errno };

export class EngineError extends Error {
  constructor(
    readonly code: Errno,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'EngineError';
  }
}
