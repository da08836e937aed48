// ip6kit's own level: help, version, shell completion, and the multicall shims.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './common.js';
import { GLOBAL_OPTIONS, TOP_USAGE } from './help.js';
import { SHIM_NAMES } from './dispatch.js';

const VERSION = '0.1.0';

/** The bin script the shims point at (dist/ip6kit.js sits next to bin/). */
function binPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ip6kit');
}

export async function top(args: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = args;
  if (cmd === '--version') {
    io.out(`ip6kit ${VERSION}\n`);
    return 0;
  }
  if (cmd === 'shims') {
    const dir = rest[0];
    if (!dir || rest.length > 1) {
      io.err('usage: ip6kit shims DIR\n');
      return 64;
    }
    // One level only: mkdir -p loops forever under /proc, where mkdir(2) says ENOENT.
    try {
      if (!fs.existsSync(dir)) fs.mkdirSync(dir);
      for (const name of SHIM_NAMES) {
        const link = path.join(dir, name);
        fs.rmSync(link, { force: true });
        fs.symlinkSync(binPath(), link);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      io.err(`ip6kit shims: cannot make links in ${dir}: ${code || (e as Error).message}\n`);
      return code === 'EACCES' || code === 'EPERM' ? 77 : 73;
    }
    io.out(`${SHIM_NAMES.map((n) => path.join(dir, n)).join('\n')}\n`);
    return 0;
  }
  if (cmd === 'completion') {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'completions', 'ip6kit.bash');
    io.out(fs.readFileSync(file, 'utf8'));
    return 0;
  }
  const help = `${TOP_USAGE}\n${GLOBAL_OPTIONS}\nip6kit TOOL --help, and the man pages in man/, describe each tool.\n`;
  if (cmd === undefined) {
    io.err(help);
    return 64;
  }
  io.out(help);
  return 0;
}
