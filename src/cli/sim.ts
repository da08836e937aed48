// ip6kit sim: build and drive simulated worlds. Uses yargs (loaded only here) for its grammar.
import yargs, { type Argv } from 'yargs';
import { SimBackend } from '../backend/sim.js';
import { SimControl } from '../backend/simctl.js';
import {
  clockJson,
  logJson,
  showJson,
  simLogText,
  simShowDot,
  simShowTable,
  simShowText,
  seconds,
  sysctlJson,
  sysctlText,
} from '../render/sim.js';
import { noJson, readInput, ToolError, UsageError, type Context } from './common.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tcpdumpFile } from '../backend/capture.js';
import { formatIp6, parseDuration, parseIp6, parseScoped } from '../addr/index.js';
import { EX_CANTCREAT, EX_DATAERR, EX_NOINPUT, EX_NOPERM, EX_USAGE } from '../sysexits.js';
import { strerror } from '../errno.js';
import { parseRtadvd, rtadvdUsage } from './rtadvd.js';

export async function sim(argv: string[], ctx: Context): Promise<number> {
  let status = 0;
  // In a batch the open backend is shared (dispatch refuses sim under --backend linux).
  const backend = ctx.globals.backend === 'sim' ? await ctx.backend() : null;
  const ctl = new SimControl(
    backend instanceof SimBackend ? backend : new SimBackend({ state: ctx.globals.state, node: ctx.globals.node }),
  );
  if (!['show', 'log', 'sysctl', 'advance', 'export'].includes(argv[0] ?? '') && !argv.includes('--help'))
    noJson(ctx, `with sim ${argv[0] ?? ''}`.trimEnd());
  // rtadvd's options attach to the --prefix before them, which yargs cannot express.
  if (argv[0] === 'rtadvd' && !argv.includes('--help')) {
    const [node, ifname, ...opts] = argv.slice(1);
    if (node === undefined || ifname === undefined) throw rtadvdUsage('a node and an interface are required');
    ctl.rtadvd(node, ifname, parseRtadvd(opts));
    return 0;
  }
  const out = ctx.io.out;
  const env: SimEnv = {
    ctl,
    ctx,
    out,
    interrupted: () => {
      status = 130;
    },
  };
  const parser: Argv = yargs(argv).scriptName('ip6kit sim').usage('usage: ip6kit sim COMMAND [ARGS...]');
  worldCommands(parser, env);
  topologyCommands(parser, env);
  wireCommands(parser, env);
  attachCommands(parser, env);
  stackCommands(parser, env);
  mcastCommands(parser, env);
  clockCommands(parser, env);
  fileCommands(parser, env);
  parser
    .demandCommand(1, 'a command is required')
    .strict()
    .help()
    .version(false)
    .wrap(100)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError("Run 'ip6kit sim --help' for the commands.\n", EX_USAGE, [`ip6kit sim: ${msg}`]);
    });
  parser.parserConfiguration({ 'camel-case-expansion': false });
  await parser.parseAsync();
  return status;
}

/**
 * sim advance with a terminal's comforts: past about a second of wall time, a one-line progress
 * display on stderr (only when stderr is a terminal); Ctrl-C stops at the virtual time reached
 * and saves it (exit 130).
 */
async function advance(
  ctl: SimControl,
  duration: string,
  ctx: Context,
): Promise<{ now: number; interrupted: boolean }> {
  const ac = new AbortController();
  const onInt = (): void => ac.abort();
  process.on('SIGINT', onInt);
  const began = Date.now();
  const tty = process.stderr.isTTY === true;
  let shown = false;
  let lastDraw = 0;
  try {
    return await ctl.advance(duration, {
      signal: ac.signal,
      progress: (p) => {
        const t = Date.now();
        if (!tty || t - began < 1000 || t - lastDraw < 100) return;
        lastDraw = t;
        shown = true;
        const pct = Math.floor(((p.now - p.start) / Math.max(1, p.target - p.start)) * 100);
        ctx.io.err(
          `\r\x1b[Kip6kit sim: advance: ${seconds(p.now)} of ${seconds(p.target)} (${pct}%), ${p.events} events`,
        );
      },
    });
  } finally {
    process.off('SIGINT', onInt);
    if (shown) ctx.io.err('\r\x1b[K');
  }
}

function canonicalMulticast(text: string): string {
  let a;
  try {
    a = parseScoped(text).addr;
  } catch {
    throw new ToolError(`${text}: not an IPv6 address`);
  }
  if (a[0] !== 0xff) throw new ToolError(`${text}: not a multicast group`);
  return formatIp6(a);
}

function sourceList(text: string): string[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((s) => {
      try {
        const a = parseIp6(s);
        if (a[0] === 0xff) throw new Error('multicast');
        return formatIp6(a);
      } catch {
        throw new ToolError(`${s}: not a unicast source address`);
      }
    });
}

/** sim link set's words: loss PERCENT, delay DURATION, mtu N|none, down, up. */
function parseFaults(words: string[]): Partial<{ loss: number; delay: number; mtu: number | null; down: boolean }> {
  const change: Partial<{ loss: number; delay: number; mtu: number | null; down: boolean }> = {};
  const bad = (why: string): ToolError => new ToolError(`link set: ${why}`, EX_USAGE);
  if (!words.length) throw bad('nothing to set (loss PERCENT, delay DURATION, mtu N|none, down, up)');
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === 'down' || word === 'up') {
      change.down = word === 'down';
      continue;
    }
    const v = words[++i];
    if (v === undefined) throw bad(`${word} needs a value`);
    if (word === 'loss') {
      if (!/^\d+(\.\d+)?%?$/.test(v)) throw bad(`loss ${v}: a percentage`);
      change.loss = Number(v.replace(/%$/, ''));
    } else if (word === 'delay') {
      const ms = parseDuration(v);
      if (!Number.isFinite(ms)) throw bad(`delay ${v}: a duration such as 5ms or 1s`);
      change.delay = ms;
    } else if (word === 'mtu') {
      if (v === 'none') change.mtu = null;
      else if (/^\d+$/.test(v)) change.mtu = Number(v);
      else throw bad(`mtu ${v}: a number or none`);
    } else throw bad(`unknown setting ${word}`);
  }
  return change;
}

function readIn(file: string): string {
  try {
    return readInput(file);
  } catch (e) {
    if (e instanceof ToolError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new ToolError(`cannot read ${file}: ${strerror(code)}`, code === 'EACCES' ? EX_NOPERM : EX_NOINPUT);
  }
}

function writeOut(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new ToolError(
      `cannot write ${file}: ${strerror(code)}`,
      code === 'EACCES' || code === 'EPERM' ? EX_NOPERM : EX_CANTCREAT,
    );
  }
}

/** What the sim commands' handlers use. */
interface SimEnv {
  ctl: SimControl;
  ctx: Context;
  out: (s: string) => void;
  /** sim advance was stopped by Ctrl-C: the command exits 130. */
  interrupted: () => void;
}

/** Init and show: a fresh world, and what is in it. */
function worldCommands(parser: Argv, env: SimEnv): void {
  const { ctl, ctx, out } = env;
  parser
    .command(
      'init',
      'create a fresh default world',
      (y) =>
        y
          .option('clock', {
            choices: ['virtual', 'real'] as const,
            default: 'virtual' as const,
            describe: 'clock mode',
          })
          .option('seed', { type: 'number', default: 1, describe: 'random seed (MACs, DAD delays)' })
          .option('bare', {
            type: 'boolean',
            default: false,
            describe: 'kernel-only state: no rc.d reject routes, no policy table',
          })
          .option('force', { type: 'boolean', default: false, describe: 'replace an existing state file' }),
      (a) => {
        if (!Number.isInteger(a.seed) || a.seed < 0 || a.seed > 0xffffffff) throw new ToolError(`bad seed ${a.seed}`);
        ctl.init({ clock: a.clock, seed: a.seed, bare: a.bare, force: a.force });
      },
    )
    .command(
      'show',
      'print nodes, interfaces, links and the clock',
      (y) => y.option('dot', { type: 'boolean', describe: 'a Graphviz graph of the world (dot -Tsvg)' }),
      (a) => {
        const v = ctl.show();
        if (a.dot && ctx.globals.json)
          throw new UsageError("Run 'ip6kit sim --help' for the commands.\n", EX_USAGE, [
            'ip6kit sim: show takes --dot or --json, not both',
          ]);
        if (a.dot) out(simShowDot(v));
        else if (ctx.globals.json) out(showJson(v));
        else out(process.stdout.isTTY === true ? simShowTable(v, ctx.globals.color) : simShowText(v));
      },
    );
}

/** Node and link: the nodes and the segments between them. */
function topologyCommands(parser: Argv, env: SimEnv): void {
  const { ctl } = env;
  parser
    .command(
      'node <action> <name>',
      'add or delete a node',
      (y) =>
        y
          .positional('action', { choices: ['add', 'del'] as const })
          .positional('name', { type: 'string', demandOption: true })
          .option('hostname', { type: 'string', describe: 'hostname (default: the node name)' })
          .option('router', {
            type: 'boolean',
            default: false,
            describe: 'forwarding on; its NICs do not accept router advertisements',
          }),
      (a) => (a.action === 'add' ? ctl.nodeAdd(a.name, a.hostname, a.router) : ctl.nodeDel(a.name)),
    )
    .command(
      'link <action> <name> [settings..]',
      'add a link (a broadcast segment), set its faults (loss PERCENT, delay DURATION, mtu N|none, down, up), or' +
        ' delete it',
      (y) =>
        y
          .positional('action', { choices: ['add', 'set', 'del'] as const })
          .positional('name', { type: 'string', demandOption: true })
          .positional('settings', { type: 'string', array: true }),
      (a) => {
        const settings = (a.settings ?? []) as string[];
        if (a.action !== 'set' && settings.length)
          throw new UsageError("Run 'ip6kit sim --help' for the commands.\n", EX_USAGE, [
            `ip6kit sim: link ${a.action} takes no settings`,
          ]);
        if (a.action === 'add') ctl.linkAdd(a.name);
        else if (a.action === 'del') ctl.linkDel(a.name);
        else ctl.linkSet(a.name, parseFaults(settings));
      },
    );
}

/** Capture and tcpdump: the frames on a link. */
function wireCommands(parser: Argv, env: SimEnv): void {
  const { ctl, ctx, out } = env;
  parser
    .command(
      'capture <action> [link]',
      "start or stop writing a link's frames to a pcap file, or list the captures",
      (y) =>
        y
          .positional('action', { choices: ['start', 'stop', 'list'] as const })
          .positional('link', { type: 'string' })
          .option('w', { type: 'string', describe: 'the pcap file (default: STATE.LINK.pcap beside the state file)' }),
      (a) => {
        if (a.action === 'list') {
          if (a.link !== undefined)
            throw new UsageError("Run 'ip6kit sim --help' for the commands.\n", EX_USAGE, [
              'ip6kit sim: capture list takes no link',
            ]);
          out(
            ctl
              .captures()
              .map((c) => `${c.link} ${c.file}\n`)
              .join(''),
          );
          return;
        }
        if (a.link === undefined)
          throw new UsageError("Run 'ip6kit sim --help' for the commands.\n", EX_USAGE, [
            `ip6kit sim: capture ${a.action} needs a link`,
          ]);
        if (a.action === 'stop') out(`${ctl.captureStop(a.link)}\n`);
        else {
          const file = path.resolve(a.w ?? `${ctl.sim.file}.${a.link}.pcap`);
          ctl.captureStart(a.link, file);
          out(`${file}\n`);
        }
      },
    )
    .command(
      'tcpdump <link>',
      'print the frames captured on a link as tcpdump -r does',
      (y) =>
        y
          .positional('link', { type: 'string', demandOption: true })
          .option('n', { type: 'boolean', describe: 'numeric (always: the simulation has no names)' })
          .option('v', { type: 'boolean', describe: 'the IPv6 header, checksum and ND options too' })
          .option('c', { type: 'number', describe: 'only the first N frames' }),
      (a) => {
        const file = ctl.captureFile(a.link);
        if (!file) throw new ToolError(`link ${a.link} is not being captured (ip6kit sim capture start ${a.link})`);
        if (a.c !== undefined && !(Number.isInteger(a.c) && a.c > 0)) throw new ToolError(`bad count ${a.c}`);
        ctx.io.err(`reading from file ${file}, link-type EN10MB (Ethernet), snapshot length 262144\n`);
        out(tcpdumpFile(file, { verbose: a.v === true, count: a.c ?? null }));
      },
    );
}

/** Attach and detach: interfaces on links. */
function attachCommands(parser: Argv, env: SimEnv): void {
  const { ctl } = env;
  parser
    .command(
      'attach <node> <ifname> <link>',
      'plug an interface into a link (an Ethernet interface is created, up, if missing)',
      (y) =>
        y
          .positional('node', { type: 'string', demandOption: true })
          .positional('ifname', { type: 'string', demandOption: true })
          .positional('link', { type: 'string', demandOption: true })
          .option('lladdr', { type: 'string', describe: 'MAC address (default: from the seed)' }),
      (a) => void ctl.attach(a.node, a.ifname, a.link, a.lladdr ?? null),
    )
    .command(
      'detach <node> <ifname>',
      'unplug an interface (it loses carrier)',
      (y) =>
        y
          .positional('node', { type: 'string', demandOption: true })
          .positional('ifname', { type: 'string', demandOption: true }),
      (a) => ctl.detach(a.node, a.ifname),
    );
}

/** Sysctl and rtadvd: settings of a node's stack. */
function stackCommands(parser: Argv, env: SimEnv): void {
  const { ctl, ctx, out } = env;
  parser
    .command(
      'sysctl <node> [settings..]',
      'read or set net.inet6.ip6 knobs: forwarding, accept_rtadv, auto_linklocal, dad_count, use_tempaddr,' +
        ' prefer_tempaddr',
      (y) =>
        y
          .positional('node', { type: 'string', demandOption: true })
          .positional('settings', { type: 'string', array: true, describe: 'NAME or NAME=VALUE' }),
      (a) => {
        const rows = ctl.sysctl(a.node, (a.settings ?? []) as string[]);
        out(ctx.globals.json ? sysctlJson(a.node, rows) : sysctlText(rows));
      },
    )
    .command(
      'rtadvd <node> <ifname>',
      'advertise as a router on an interface (see ip6kit-sim(8) for the options)',
      (y) =>
        y
          .option('prefix', {
            type: 'string',
            describe: 'P/LEN to advertise (repeatable; the options below follow each one)',
          })
          .option('pltime', {
            type: 'string',
            describe: 'preferred lifetime of the prefix before (default 604800; infinity)',
          })
          .option('vltime', {
            type: 'string',
            describe: 'valid lifetime of the prefix before (default 2592000; infinity)',
          })
          .option('no-onlink', { type: 'boolean', describe: 'clear the L flag of the prefix before' })
          .option('no-autonomous', { type: 'boolean', describe: 'clear the A flag of the prefix before' })
          .option('router-lifetime', { type: 'string', describe: 'seconds (default 1800; 0: not a default router)' })
          .option('interval', { type: 'string', describe: 'MIN:MAX seconds between RAs (default 200:600)' })
          .option('mtu', { type: 'number', describe: 'advertise this link MTU' })
          .option('managed', { type: 'boolean', describe: 'the M flag' })
          .option('other', { type: 'boolean', describe: 'the O flag' })
          .option('off', { type: 'boolean', describe: 'stop (a last RA with router lifetime 0)' }),
      () => undefined,
    );
}

/** mcast: an application socket's joins and source filters (ifmcstat shows them). */
function mcastCommands(parser: Argv, env: SimEnv): void {
  const { ctl } = env;
  parser.command(
    'mcast <action> <ifname> <group>',
    'a simulated application joins or leaves a multicast group',
    (y) =>
      y
        .positional('action', { choices: ['join', 'leave'] as const })
        .positional('ifname', { type: 'string', demandOption: true })
        .positional('group', { type: 'string', demandOption: true })
        .option('N', { alias: 'node', type: 'string', describe: 'the node (else the current one)' })
        .option('include', { type: 'string', describe: 'S1,S2: only these sources (MLDv2 INCLUDE)' })
        .option('exclude', { type: 'string', describe: 'S1,S2: all sources but these (MLDv2 EXCLUDE)' })
        .option('socket', {
          type: 'number',
          default: 1,
          describe: 'which application socket (filters of sockets are merged)',
        })
        .conflicts('include', 'exclude'),
    (a) => {
      const group = canonicalMulticast(a.group);
      const filter =
        a.action === 'leave'
          ? null
          : a.include !== undefined
            ? { mode: 'include' as const, sources: sourceList(a.include) }
            : { mode: 'exclude' as const, sources: a.exclude === undefined ? [] : sourceList(a.exclude) };
      ctl.mcast(a.N as string | undefined, a.ifname, group, a.socket, filter);
    },
  );
}

/** Advance and log: virtual time and what happened in it. */
function clockCommands(parser: Argv, env: SimEnv): void {
  const { ctl, ctx, out } = env;
  parser
    .command(
      'advance <duration>',
      'move the clock on (500ms, 30s, 2h, 1m30s; at most 366d); Ctrl-C stops and saves where it got',
      (y) => y.positional('duration', { type: 'string', demandOption: true }),
      async (a) => {
        const r = await advance(ctl, a.duration, ctx);
        out(
          ctx.globals.json
            ? clockJson(r.now, r.interrupted)
            : `clock: ${seconds(r.now)}${r.interrupted ? ' (interrupted)' : ''}\n`,
        );
        if (r.interrupted) env.interrupted();
      },
    )
    .command(
      'log',
      "print the node's kernel log (dmesg)",
      (y) => y.option('N', { alias: 'node', type: 'string' }),
      (a) => {
        const v = ctl.log(a.N as string | undefined);
        out(ctx.globals.json ? logJson(v) : simLogText(v));
      },
    );
}

/** Export, import and reset: the world as a file. */
function fileCommands(parser: Argv, env: SimEnv): void {
  const { ctl, out } = env;
  parser
    .command(
      'export [file]',
      'write the world down as a topology file (JSON; standard output without a file)',
      (y) => y.positional('file', { type: 'string' }),
      (a) => {
        const text = `${JSON.stringify(ctl.exportTopology(), null, 2)}\n`;
        if (a.file === undefined || a.file === '-') out(text);
        else writeOut(a.file, text);
      },
    )
    .command(
      'import <file>',
      'build the world a topology file describes, from scratch (DAD and all)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('force', { type: 'boolean', default: false, describe: 'replace an existing state file' }),
      async (a) => {
        const { parseTopology, JsonLineError } = await import('../topology/read.js');
        const { TopologyError } = await import('../topology/index.js');
        const text = readIn(a.file);
        let parsed;
        try {
          parsed = parseTopology(text);
        } catch (e) {
          if (e instanceof JsonLineError) throw new ToolError(`${a.file}:${e.line}: ${e.message}`, EX_DATAERR);
          throw e;
        }
        try {
          ctl.importTopology(parsed.doc, a.force);
        } catch (e) {
          if (e instanceof TopologyError)
            throw new ToolError(`${a.file}:${parsed.lineOf(e.path)}: ${e.message}`, EX_DATAERR);
          throw e;
        }
      },
    )
    .command('reset', 'replace the world with a fresh default one (same seed and clock mode)', {}, () => ctl.reset());
}
