// Shell completion, computed here for bash, zsh and fish alike: the shells' scripts (completion
// --shell) only pass the words typed and show what comes back. One table per tool says what may
// follow where, from the same tables the tools parse with (ifconfig's KEYWORDS, route's
// MODIFIERS, the flag tables of src/flags.ts). Names of nodes, links and interfaces come from the state file read
// without its lock and without writing anything.
import * as fs from 'node:fs';
import type { GlobalOptions } from '../backend/types.js';
import type { World } from '../engine/index.js';
import { splitWords } from './batch.js';
import { SHIM_NAMES, takeGlobals } from './dispatch.js';
import type { Io } from './common.js';
import { keyed } from '../table.js';
import { RTADVD_OPTIONS } from './rtadvd.js';

/** What the shell should offer instead of words: its own file or directory completion. */
export const FILES = '__ip6kit_files__';
export const DIRS = '__ip6kit_dirs__';

type Source =
  | readonly string[]
  | 'ifname'
  | 'node'
  | 'link'
  | 'sysctl'
  | typeof FILES
  | typeof DIRS
  | { union: Source[] }
  | null;

const TOOLS = [...SHIM_NAMES, 'addrsel', 'sim'];
const TOP = [...TOOLS, '-batch', 'shims', 'completion', '--help', '--version'];
const GLOBAL_FLAGS = ['--json', '--no-color'];
/** Global options that take a value, and what that value is. */
const GLOBAL_VALUED: Record<string, Source> = keyed({
  '--state': FILES,
  '-N': 'node',
  '--node': 'node',
  '--backend': ['sim', 'linux'],
  '--libxo': ['json', 'text'],
  '--profile': ['freebsd13', 'freebsd14', 'freebsd15', 'netbsd'],
});

interface Env {
  globals: GlobalOptions;
  /** The saved world (or the default one a listing would show); null where there is none to read. */
  world: () => Promise<World | null>;
}

/** The candidates for the last word of `words` (words[0] is the command: ip6kit or a tool). */
export async function candidates(words: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(1, -1);
  // A global option's value is completed wherever the option stands.
  const prev = before[before.length - 1];
  if (prev !== undefined && prev in GLOBAL_VALUED && !((before[before.length - 2] ?? '') in GLOBAL_VALUED)) {
    const { globals } = takeGlobals(before.slice(0, -1), env);
    return offer(GLOBAL_VALUED[prev] as Source, cur, context(globals));
  }
  const { globals, rest } = takeGlobals(before, env);
  const ctx = context(globals);
  const tool = (words[0] ?? '').split('/').pop() as string;
  let name = tool;
  let args = rest;
  if (!TOOLS.includes(tool)) {
    if (!rest.length)
      return filter([...TOP, ...(cur.startsWith('-') ? [...GLOBAL_FLAGS, ...Object.keys(GLOBAL_VALUED)] : [])], cur);
    name = rest[0] as string;
    args = rest.slice(1);
  }
  const spec = SPECS[name];
  if (name === 'shims') return offer(cur.startsWith('-') ? ['--force', '--help'] : DIRS, cur, ctx);
  if (name === 'completion') return args.length ? [] : filter(['bash', 'zsh', 'fish'], cur);
  if (name === '-batch' || name === '--batch') return offer(cur.startsWith('-') ? ['-force'] : FILES, cur, ctx);
  if (!spec) return [];
  const globalsOffered = cur.startsWith('--')
    ? [...GLOBAL_FLAGS, ...Object.keys(GLOBAL_VALUED).filter((o) => o.startsWith('--'))]
    : [];
  return [...(await offer(await spec(args, cur), cur, ctx)), ...filter(globalsOffered, cur)];
}

function context(globals: GlobalOptions): Env {
  let cached: Promise<World | null> | undefined;
  return { globals, world: () => (cached ??= readWorld(globals)) };
}

/** The saved world, read without the lock (saves are atomic renames) and without writing. */
async function readWorld(globals: GlobalOptions): Promise<World | null> {
  if (globals.backend !== 'sim') return null;
  try {
    // Loaded only here: most completions need neither the store nor the engine.
    const store = await import('../store/index.js');
    const { resolveTarget } = await import('../store/fsx.js');
    const { defaultWorld } = await import('../backend/sim.js');
    return store.load(resolveTarget(store.statePath(globals.state)))?.world ?? defaultWorld(Date.now());
  } catch {
    return null;
  }
}

function nodeOf(w: World, globals: GlobalOptions): World['nodes'][number] | undefined {
  const name = globals.node ?? process.env.IP6KIT_NODE;
  return name ? w.nodes.find((n) => n.name === name) : w.nodes[0];
}

async function offer(source: Source, cur: string, ctx: Env): Promise<string[]> {
  if (source === null) return [];
  if (source === FILES || source === DIRS) return [source];
  if (Array.isArray(source)) return filter(source as string[], cur);
  if (typeof source === 'object')
    return (await Promise.all((source as { union: Source[] }).union.map((x) => offer(x, cur, ctx)))).flat();
  if (source === 'sysctl') {
    const { SYSCTLS } = await import('../engine/index.js');
    return filter(Object.keys(SYSCTLS), cur);
  }
  if (ctx.globals.backend === 'linux') {
    if (source !== 'ifname') return [];
    try {
      return filter(fs.readdirSync('/sys/class/net'), cur);
    } catch {
      return [];
    }
  }
  const w = await ctx.world();
  if (!w) return [];
  if (source === 'node')
    return filter(
      w.nodes.map((n) => n.name),
      cur,
    );
  if (source === 'link')
    return filter(
      w.links.map((l) => l.name),
      cur,
    );
  return filter(nodeOf(w, ctx.globals)?.ifaces.map((i) => i.name) ?? [], cur);
}

const filter = (words: readonly string[], cur: string): string[] =>
  [...new Set(words)].filter((w) => w.startsWith(cur));

/** Splits BSD getopt words: options seen so far, and the words after them. */
function getoptWords(args: string[], valued: string): { opts: string[]; rest: string[]; pending: string | null } {
  const opts: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return { opts, rest: args.slice(i + 1), pending: null };
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k] as string;
      opts.push(c);
      if (valued.includes(c)) {
        if (k === a.length - 1) {
          if (i + 1 >= args.length) return { opts, rest: [], pending: c };
          i++;
        }
        break;
      }
    }
  }
  return { opts, rest: args.slice(i), pending: null };
}

const letters = (s: string): string[] => [...s.replace(/:/g, '')].map((c) => `-${c}`);

type Spec = (args: string[], cur: string) => Source | Promise<Source>;

/** What each sim command takes next, given the words after it and whether an option is being typed. */
const SIM_ARGS: Record<string, (rest: string[], opt: boolean) => Source> = keyed({
  init: (rest) =>
    rest[rest.length - 1] === '--clock' ? ['virtual', 'real'] : ['--clock', '--seed', '--bare', '--force'],
  show: () => ['--dot'],
  node: (rest, opt) =>
    rest.length === 0
      ? ['add', 'del']
      : rest.length === 1 && rest[0] === 'del'
        ? 'node'
        : opt
          ? ['--hostname', '--router']
          : null,
  link: (rest) => {
    const n = rest.length;
    if (n === 0) return ['add', 'set', 'del'];
    if (n === 1) return rest[0] === 'add' ? null : 'link';
    if (rest[0] !== 'set') return null;
    return ['loss', 'delay', 'mtu'].includes(rest[n - 1] as string) ? null : ['loss', 'delay', 'mtu', 'down', 'up'];
  },
  attach: (rest, opt) => (opt ? ['--lladdr'] : rest.length === 0 ? 'node' : rest.length === 2 ? 'link' : null),
  detach: (rest) => (rest.length === 0 ? 'node' : null),
  sysctl: (rest) => (rest.length === 0 ? 'node' : 'sysctl'),
  rtadvd: (rest, opt) => (opt ? Object.keys(RTADVD_OPTIONS) : rest.length === 0 ? 'node' : null),
  mcast: (rest, opt) =>
    opt
      ? ['-N', '--include', '--exclude', '--socket']
      : rest.length === 0
        ? ['join', 'leave']
        : rest.length === 1
          ? 'ifname'
          : null,
  capture: (rest) => {
    const n = rest.length;
    if (n === 0) return ['start', 'stop', 'list'];
    if (rest[n - 1] === '-w') return FILES;
    return n === 1 && rest[0] !== 'list' ? 'link' : rest[0] === 'start' ? ['-w'] : null;
  },
  tcpdump: (rest) => (rest.length === 0 ? 'link' : rest[rest.length - 1] === '-c' ? null : ['-n', '-v', '-c']),
  export: (rest) => (rest.length === 0 ? FILES : null),
  import: (rest, opt) => (opt ? ['--force'] : rest.length === 0 ? FILES : null),
  advance: () => null,
  log: (rest) => (rest[rest.length - 1] === '-N' ? 'node' : ['-N']),
  reset: () => null,
});

const SPECS: Record<string, Spec> = keyed({
  async ifconfig(args, cur) {
    const g = getoptWords(args, 'fgGwWj');
    if (g.pending === 'f') return ['inet6:cidr', 'inet6:default', 'ether:colon', 'ether:dash', 'ether:dotted'];
    if (g.pending === 'g' || g.pending === 'G') return ['all', 'lo', 'epair', 'tap', 'gif', 'tun', 'bridge'];
    if (g.pending) return null;
    if (!g.rest.length && cur.startsWith('-'))
      return [...letters('aClLdumvgGfwWj'), '--no-wait', '--keep-duplicated', '--help'];
    if (!g.rest.length) return g.opts.includes('a') || g.opts.includes('l') ? ['inet6', 'ether', 'link'] : 'ifname';
    const { KEYWORDS } = await import('./ifconfig.js');
    const last = g.rest[g.rest.length - 1] as string;
    if (g.rest.length > 1 && KEYWORDS[last]?.arity === 1) return null;
    return ['inet6', ...Object.keys(KEYWORDS), '--no-wait', '--keep-duplicated'];
  },
  async route(args, cur) {
    const g = getoptWords(args, 'j');
    if (g.pending) return null;
    if (!g.rest.length)
      return cur.startsWith('-')
        ? [...letters('46dnqtvj'), '--help']
        : ['add', 'change', 'delete', 'get', 'show', 'flush', 'monitor'];
    const cmd = g.rest[0];
    const prev = g.rest[g.rest.length - 1] as string;
    if (cmd === 'flush') return prev === '-fib' ? ['0'] : ['-inet6', '-6', '-fib'];
    if (cmd === 'monitor') return ['-inet6', '-6'];
    const { MODIFIERS } = await import('./route.js');
    const mod = MODIFIERS.find((m) => `-${m.word}` === prev);
    if (g.rest.length > 1 && mod?.valued) return prev === '-ifp' ? 'ifname' : null;
    if (prev === '-interface' || prev === '-iface') return 'ifname';
    return cur.startsWith('-') ? MODIFIERS.map((m) => `-${m.word}`) : ['default'];
  },
  netstat(args) {
    const g = getoptWords(args, 'fFp');
    if (g.pending === 'f') return ['inet6'];
    if (g.pending === 'p') return ['ip6', 'icmp6'];
    if (g.pending === 'F') return ['0'];
    return [...letters('rsnWf:F:p:6a'), '--help'];
  },
  async ndp(args) {
    const g = getoptWords(args, 'dfiA');
    if (g.pending === 'i') return 'ifname';
    if (g.pending === 'f') return FILES;
    if (g.pending) return null;
    if (g.opts.includes('i')) {
      const { NDP_IFINFO_WORDS } = await import('../flags.js');
      const words = NDP_IFINFO_WORDS.map(([, w]) => w);
      return [...words.flatMap((w) => [w, `-${w}`]), 'basereachable=', 'retrans=', 'curhlim='];
    }
    if (g.opts.includes('I')) return g.rest.length ? null : { union: ['ifname', ['delete']] };
    if (g.opts.includes('s')) return g.rest.length >= 2 ? ['temp', 'proxy'] : null;
    return [...letters('acd:f:Ii:nprstA:HPR'), '--help'];
  },
  ifmcstat(args) {
    const g = getoptWords(args, 'if');
    if (g.pending === 'i') return 'ifname';
    if (g.pending === 'f') return ['inet6', 'link', 'inet'];
    return [...letters('i:f:v'), '--help'];
  },
  ip6addrctl(args) {
    if (!args.length) return ['show', 'add', 'delete', 'flush', 'install', '--help'];
    if (args[0] === 'install' && args.length === 1) return FILES;
    return null;
  },
  addrsel(args, cur) {
    if (args[args.length - 1] === '--ipv4-src') return null;
    return cur.startsWith('-') ? ['--ipv4-src', '--help'] : null;
  },
  ping(args, cur) {
    const g = getoptWords(args, 'bcCeIiklmpPsStWz');
    if (g.pending === 'I') return 'ifname';
    if (g.pending) return null;
    return cur.startsWith('-') ? [...letters('46c:I:i:m:noqS:s:t:vW:'), '--help'] : null;
  },
  rtsol(args, cur) {
    const g = getoptWords(args, 'MORp');
    if (g.pending) return FILES;
    return cur.startsWith('-') ? [...letters('adDF'), '--help'] : 'ifname';
  },
  sysctl(_args, cur) {
    return cur.startsWith('-') ? [...letters('adeiNnq'), '--help'] : 'sysctl';
  },
  sim(args, cur) {
    const [cmd, ...rest] = args;
    if (cmd === undefined) return [...Object.keys(SIM_ARGS), '--help'];
    return SIM_ARGS[cmd]?.(rest, cur.startsWith('-')) ?? null;
  },
});
SPECS.route6 = SPECS.route as Spec;
SPECS.ping6 = SPECS.ping as Spec;

/** ip6kit __complete -- WORDS... | --line LINE: one candidate a line (or the FILES/DIRS marker). */
export async function complete(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let words: string[];
  if (args[0] === '--line') {
    const line = args[1] ?? '';
    const split = splitWords(line);
    words = typeof split === 'string' ? [] : split;
    if (/\s$/.test(line) || !line) words.push('');
  } else words = args[0] === '--' ? args.slice(1) : args;
  if (!words.length) return 0;
  const out = await candidates(words, env);
  if (out.length) io.out(`${out.join('\n')}\n`);
  return 0;
}

/** The command names the scripts register: ip6kit and every shim. */
const COMMANDS = ['ip6kit', ...SHIM_NAMES];

export function script(shell: string): string | null {
  const names = COMMANDS.join(' ');
  if (shell === 'bash') {
    return `# bash completion for ip6kit and its shims: source <(ip6kit completion bash)
# ip6kit computes the candidates (ip6kit __complete); this passes the line typed so far.
_ip6kit_complete() {
  local line=\${COMP_LINE:0:COMP_POINT} cur=\${COMP_WORDS[COMP_CWORD]} IFS=$'\\n'
  local -a cands
  cands=($("\${IP6KIT_BIN:-ip6kit}" __complete --line "$line" 2>/dev/null)) || return 0
  case \${cands[0]-} in
    ${FILES}) COMPREPLY=($(compgen -f -- "$cur")) ;;
    ${DIRS}) COMPREPLY=($(compgen -d -- "$cur")) ;;
    *)
      # bash splits words at COMP_WORDBREAKS (':' '='): offer only what follows its split.
      local word=\${line##*[[:space:]]}
      local head=\${word%"$cur"}
      COMPREPLY=("\${cands[@]#"$head"}") ;;
  esac
}
complete -o default -F _ip6kit_complete ${names}
`;
  }
  if (shell === 'zsh') {
    return `#compdef ${names}
# zsh completion for ip6kit and its shims: source <(ip6kit completion zsh) after compinit.
_ip6kit() {
  local -a cands
  cands=("\${(@f)$(\${IP6KIT_BIN:-ip6kit} __complete -- "\${(@)words[1,CURRENT]}" 2>/dev/null)}")
  case \${cands[1]} in
    ${FILES}) _files ;;
    ${DIRS}) _directories ;;
    *) (( \${#cands[@]} )) && [[ -n \${cands[1]} ]] && compadd -Q -- "\${(@)cands}" ;;
  esac
}
if (( \${+functions[compdef]} )); then
  compdef _ip6kit ${names}
fi
`;
  }
  if (shell === 'fish') {
    return `# fish completion for ip6kit and its shims: ip6kit completion fish | source
function __ip6kit_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l bin ip6kit
    set -q IP6KIT_BIN; and set bin $IP6KIT_BIN
    set -l cands ($bin __complete -- $words 2>/dev/null)
    switch "$cands[1]"
        case ${FILES}
            __fish_complete_path (commandline -ct)
        case ${DIRS}
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\\n' $cands
    end
end
for c in ${names}
    complete -c $c -f -a '(__ip6kit_complete)'
end
`;
  }
  return null;
}
