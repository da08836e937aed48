// rtsol on the Linux backend: rdisc6 (ndisc6) sends the router solicitations, as many and as far
// apart as rtsold's one-shot mode (MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL), and the
// kernel takes the advertisement that answers them as it takes any other (ip6kit.8, LINUX).
import { spawn } from 'node:child_process';
import { systemTool } from './ping.js';

const SOLICITATIONS = 3;
const INTERVAL_MS = 4000;

/** True when an advertisement came: rdisc6 exits 0 on the first one (-1). */
export async function linuxRtsol(ifname: string): Promise<boolean> {
  const bin = systemTool('rdisc6', 'ndisc6', 'rtsol');
  const child = spawn(bin, ['-1', '-q', '-r', String(SOLICITATIONS), '-w', String(INTERVAL_MS), ifname], {
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return code === 0;
}
