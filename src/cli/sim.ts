// ip6kit sim: build and drive simulated worlds. Uses yargs (loaded only here) for its grammar.
import yargs, { type Argv } from 'yargs';
import { SimBackend } from '../backend/sim.js';
import { SimControl } from '../backend/simctl.js';
import { json, simLogText, simShowText, seconds } from '../render/sim.js';
import { ToolError, UsageError, type Context } from './common.js';

const EX_USAGE = 64;

export async function sim(argv: string[], ctx: Context): Promise<number> {
  const ctl = new SimControl(new SimBackend({ state: ctx.globals.state, node: ctx.globals.node }));
  const out = ctx.io.out;
  const parser: Argv = yargs(argv)
    .scriptName('ip6kit sim')
    .usage('usage: ip6kit sim COMMAND [ARGS...]')
    .command('init', 'create a fresh default world', (y) =>
      y
        .option('clock', { choices: ['virtual', 'real'] as const, default: 'virtual' as const, describe: 'clock mode' })
        .option('seed', { type: 'number', default: 1, describe: 'random seed (MACs, DAD delays)' })
        .option('bare', { type: 'boolean', default: false, describe: 'kernel-only state: no rc.d reject routes, no policy table' })
        .option('force', { type: 'boolean', default: false, describe: 'replace an existing state file' }),
      (a) => {
        if (!Number.isInteger(a.seed) || a.seed < 0 || a.seed > 0xffffffff) throw new ToolError(`bad seed ${a.seed}`);
        ctl.init({ clock: a.clock, seed: a.seed, bare: a.bare, force: a.force });
      })
    .command('show', 'print nodes, interfaces, links and the clock', {}, async () => {
      const v = ctl.show();
      if (ctx.globals.json) out(json(v));
      else out(await showTable(v, process.stdout.isTTY === true && ctx.globals.color));
    })
    .command('node <action> <name>', 'add or delete a node', (y) =>
      y
        .positional('action', { choices: ['add', 'del'] as const })
        .positional('name', { type: 'string', demandOption: true })
        .option('hostname', { type: 'string', describe: 'hostname (default: the node name)' })
        .option('router', { type: 'boolean', default: false, describe: 'forwarding on, accept_rtadv off' }),
      (a) => (a.action === 'add' ? ctl.nodeAdd(a.name, a.hostname, a.router) : ctl.nodeDel(a.name)))
    .command('link <action> <name>', 'add a link (a broadcast segment)', (y) =>
      y.positional('action', { choices: ['add'] as const }).positional('name', { type: 'string', demandOption: true }),
      (a) => ctl.linkAdd(a.name))
    .command('attach <node> <ifname> <link>', 'plug an interface into a link (an Ethernet interface is created, up, if missing)', (y) =>
      y
        .positional('node', { type: 'string', demandOption: true })
        .positional('ifname', { type: 'string', demandOption: true })
        .positional('link', { type: 'string', demandOption: true })
        .option('lladdr', { type: 'string', describe: 'MAC address (default: from the seed)' }),
      (a) => void ctl.attach(a.node, a.ifname, a.link, a.lladdr ?? null))
    .command('detach <node> <ifname>', 'unplug an interface (it loses carrier)', (y) =>
      y.positional('node', { type: 'string', demandOption: true }).positional('ifname', { type: 'string', demandOption: true }),
      (a) => ctl.detach(a.node, a.ifname))
    .command('sysctl <node> [settings..]', 'read or set net.inet6.ip6 knobs: forwarding, accept_rtadv, auto_linklocal, dad_count, use_tempaddr, prefer_tempaddr', (y) =>
      y.positional('node', { type: 'string', demandOption: true }).positional('settings', { type: 'string', array: true, describe: 'NAME or NAME=VALUE' }),
      (a) => out(ctl.sysctl(a.node, (a.settings ?? []) as string[]).map((l) => `${l}\n`).join('')))
    .command('advance <duration>', 'move the clock on (500ms, 30s, 2h, 1m30s)', (y) => y.positional('duration', { type: 'string', demandOption: true }),
      (a) => out(`clock: ${seconds(ctl.advance(a.duration))}\n`))
    .command('log', "print the node's kernel log (dmesg)", (y) => y.option('N', { alias: 'node', type: 'string' }),
      (a) => {
        const v = ctl.log(a.N as string | undefined);
        out(ctx.globals.json ? json(v) : simLogText(v));
      })
    .command('reset', 'replace the world with a fresh default one (same seed and clock mode)', {}, () => ctl.reset())
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
  return 0;
}

async function showTable(v: ReturnType<SimControl['show']>, tty: boolean): Promise<string> {
  if (!tty) return simShowText(v);
  const { default: Table } = await import('cli-table3');
  const t = new Table({ head: ['node', 'interface', 'index', 'type', 'state', 'lladdr', 'link'] });
  for (const n of v.nodes) for (const i of n.interfaces) t.push([n.name, i.name, i.index, i.type, i.up ? 'up' : 'down', i.lladdr ?? '-', i.link ?? '-']);
  return `clock: ${v.clock.mode} ${seconds(v.clock.now)}  seed: ${v.seed}\n${t.toString()}\n`;
}
