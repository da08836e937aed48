// Engine failures as a closed set of errno-like codes with the data the CLI needs for its message.
export type Errno =
  | 'ENXIO'
  | 'EINVAL'
  | 'EEXIST'
  | 'ESRCH'
  | 'EADDRNOTAVAIL'
  | 'ENOENT'
  | 'EBUSY'
  | 'EPERM'
  | 'ENETUNREACH';

export class EngineError extends Error {
  constructor(
    readonly code: Errno,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'EngineError';
  }
}
