// Exit statuses (sysexits(3)), the one table every layer uses: the tools exit as FreeBSD's do, and
// ip6kit's own failures (state files, locks, backends) take the sysexits code that names them.
// Any other failure of an operation is 1, as err(3) with a plain failure gives.
export const EX_FAILURE = 1;
export const EX_USAGE = 64;
export const EX_DATAERR = 65;
export const EX_NOINPUT = 66;
export const EX_NOHOST = 68;
export const EX_UNAVAILABLE = 69;
export const EX_SOFTWARE = 70;
export const EX_OSERR = 71;
export const EX_CANTCREAT = 73;
export const EX_IOERR = 74;
export const EX_TEMPFAIL = 75;
export const EX_NOPERM = 77;
