// The failures every layer shares (docs/failures.md): one errno type with strerror(3) as FreeBSD
// words it, the operations a failure can name, and the base of the failures that carry their own
// exit status. The engine, the store, both backends and the tools use these and no copies.

/** strerror(3) for every errno ip6kit reports, in FreeBSD's words (lib/libc/gen/errlst.c). */
export const STRERROR = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EIO: 'Input/output error',
  ENXIO: 'Device not configured',
  EACCES: 'Permission denied',
  EBUSY: 'Device busy',
  EEXIST: 'File exists',
  EXDEV: 'Cross-device link',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EOPNOTSUPP: 'Operation not supported',
  EADDRNOTAVAIL: "Can't assign requested address",
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  ENOBUFS: 'No buffer space available',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EHOSTUNREACH: 'No route to host',
  EDQUOT: 'Disc quota exceeded',
} as const;

/** An errno; EAI_NONAME is getaddrinfo(3)'s "no such name", which tools word themselves. */
export type Errno = keyof typeof STRERROR | 'EAI_NONAME';

/** The errno of a system error (Node's or the kernel's code), or EIO when it names none we know. */
export function errnoOf(code: string | undefined): Errno {
  return code !== undefined && (Object.hasOwn(STRERROR, code) || code === 'EAI_NONAME') ? (code as Errno) : 'EIO';
}

/** strerror(3); a code outside the table is printed as it is. */
export function strerror(code: string): string {
  return Object.hasOwn(STRERROR, code) ? STRERROR[code as keyof typeof STRERROR] : code;
}

/**
 * What a failed operation was: a kernel request by its ioctl or routing-message name, or a step a
 * tool takes before it (finding an interface, resolving a name, locating a route, binding).
 */
export type Op =
  | `SIOC${string}`
  | `RTM_${string}`
  | 'lookup'
  | 'if_nametoindex'
  | 'getaddrinfo'
  | 'locate'
  | 'bind'
  | 'connect'
  | 'set'
  | 'delete'
  | 'eui64';

/** A failure that knows its exit status (sysexits.ts): the store's, the tools' own refusals. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}
