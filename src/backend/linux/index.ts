// The Linux backend (rtnetlink through the netlink package). Loaded only with --backend linux.
import { BackendError, type Backend } from '../types.js';

export async function openLinux(): Promise<Backend> {
  throw new BackendError('the Linux backend is not built yet', true);
}
