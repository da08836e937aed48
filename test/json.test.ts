// Every JSON document the tools print validates against its schema (schemas/, JSON Schema 2020-12),
// every schema is exercised, and every form that has no document refuses --json with a usage
// error instead of printing text (docs/json.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ip6kitIn } from './helpers.js';
import { SCHEMAS, schemaFile, type SchemaName } from '../src/schema/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-json-'));
const state = path.join(dir, 'state.json');

const ip6kit = ip6kitIn(state);

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = new Map(Object.keys(SCHEMAS).map((n) => [n, ajv.compile(JSON.parse(schemaFile(n as SchemaName)))]));

/** The schemas some document was checked against (the last test wants them all). */
const used = new Set<string>();

function validate(name: SchemaName, doc: unknown, what: string): void {
  used.add(name);
  const v = validators.get(name);
  assert.ok(v);
  assert.ok(
    v(doc),
    `${what}: not a valid ${name} document: ${ajv.errorsText(v.errors)}\n${JSON.stringify(doc, null, 2)}`,
  );
}

const SETUP = `
sim node add r1 --router
sim node add peer
sim link add wan
sim attach r1 em0 lan0
sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
sim attach r1 em1 wan
sim sysctl host net.inet6.ip6.accept_rtadv=1
ifconfig em0 inet6 accept_rtadv
sim rtadvd r1 em0 --prefix 2001:db8:1::/64 --managed
-N peer ifconfig em0 inet6 2001:db8:1::2 prefixlen 64
sim advance 5s
rtsol em0
ping6 -c 2 2001:db8:1::2
ifconfig em0 inet6 2001:db8:9::1 prefixlen 64 pltime 100 vltime 200
ndp -s 2001:db8:1::99 00:11:22:33:44:55
route add -inet6 2001:db8:5::/48 2001:db8:1::2
route add -inet6 2001:db8:6::/48 -blackhole ::1
sim mcast join em0 ff05::101 --include 2001:db8:1::2
`;

/** [args, schema, NDJSON?] */
const CASES: [string[], SchemaName, boolean?][] = [
  [['ndp', '-an'], 'ndp-neighbors'],
  [['ndp', '-n', '2001:db8:1::2'], 'ndp-neighbors'],
  [['ndp', '-p'], 'ndp-prefixes'],
  [['ndp', '-rn'], 'ndp-routers'],
  [['ndp', '-r'], 'ndp-routers'],
  [['ndp', '-i', 'em0'], 'ndp-ifinfo'],
  [['ndp', '-I'], 'ndp-other'],
  [['ndp', '-I', 'em0'], 'ndp-other'],
  [['ndp', '-s', '2001:db8:1::98', '00:11:22:33:44:56'], 'ndp-other'],
  [['ndp', '-d', '2001:db8:1::98'], 'ndp-deletions'],
  [['netstat', '-s', '-p', 'ip6'], 'netstat-stats'],
  [['netstat', '-ss'], 'netstat-stats'],
  [['netstat', '-s'], 'netstat-stats'],
  [['netstat', '-rn'], 'netstat-routes'],
  [['ifconfig', '-a'], 'ifconfig-list'],
  [['ifconfig', '-L', 'em0', 'inet6'], 'ifconfig-list'],
  [['ifconfig', 'em0', 'ether'], 'ifconfig-list'],
  [['ifconfig', '-l'], 'ifconfig-names'],
  [['ifconfig', '-C'], 'ifconfig-names'],
  [['ifconfig', '-g', 'lo'], 'ifconfig-names'],
  [['ifconfig', 'tap', 'create'], 'ifconfig-names'],
  [['ifmcstat'], 'ifmcstat'],
  [['ifmcstat', '-i', 'em0', '-f', 'inet6'], 'ifmcstat'],
  [['ip6addrctl'], 'ip6addrctl'],
  [['ip6addrctl', 'show'], 'ip6addrctl'],
  [['addrsel', '2001:db8:1::2', 'fe80::1%em0', '2001:db8:5::1'], 'addrsel'],
  [['route', '-n', 'get', '-inet6', '2001:db8:5::1'], 'route-get'],
  [['route', '-n', 'get', '-inet6', 'default'], 'route-get'],
  [['ping6', '-c', '2', '2001:db8:1::2'], 'ping-event', true],
  [['ping', '-6', '-c', '1', '-v', '2001:db8:7::1'], 'ping-event', true],
  [['sim', 'show'], 'sim-show'],
  [['sim', 'log', '-N', 'r1'], 'sim-log'],
  [['sim', 'sysctl', 'host'], 'sim-sysctl'],
  [['sim', 'sysctl', 'host', 'net.inet6.ip6.use_tempaddr=1'], 'sim-sysctl'],
  [['sim', 'advance', '1s'], 'sim-clock'],
  [['sim', 'export'], 'topology'],
  [['ndp', '-c'], 'ndp-deletions'],
];

test('every JSON document validates against its schema', async () => {
  fs.writeFileSync(path.join(dir, 'setup.batch'), SETUP);
  const setup = await ip6kit(['-batch', path.join(dir, 'setup.batch')]);
  assert.equal(setup.status, 0, setup.err);
  for (const [args, name, lines] of CASES) {
    const r = await ip6kit([...args, '--json']);
    const what = args.join(' ');
    assert.ok(
      r.status === 0 || ((args[0] ?? '').startsWith('ping') && r.status === 2),
      `${what}: exit ${r.status}: ${r.err}`,
    );
    const docs = lines ? r.out.trimEnd().split('\n') : [r.out];
    assert.ok(docs.length > 0 && docs[0] !== '', `${what}: no output`);
    for (const d of docs) validate(name, JSON.parse(d), what);
  }
});

test('route monitor and ndp -A print one document a line (NDJSON)', async () => {
  const { monitorJson } = await import('../src/render/route.js');
  const { neighborsJson, ndjson } = await import('../src/render/ndp.js');
  const route = {
    dst: '2001:db8::',
    plen: 64,
    dstZone: null,
    gateway: { kind: 'addr' as const, addr: 'fe80::1', zone: 'em0' },
    flags: 0x803,
    ifname: 'em0',
    expire: null,
    mtu: 1500,
    weight: 1,
  };
  const events = [
    monitorJson({ at: 1500, op: 'add', kind: 'route', route }),
    monitorJson({ at: 1500, op: 'delete', kind: 'addr', addr: '2001:db8::1', plen: 64, ifname: 'em0' }),
    monitorJson({ at: 2000, op: 'add', kind: 'iface', index: 1, ifname: 'em0', up: true, running: true, mtu: 1500 }),
    monitorJson({
      at: 2500,
      op: 'add',
      kind: 'neigh',
      addr: 'fe80::2',
      zone: 'em0',
      state: 'REACHABLE',
      lladdr: '52:54:00:00:00:02',
      ifname: 'em0',
    }),
  ];
  for (const e of events) {
    assert.equal(e.split('\n').length, 2, 'one line');
    validate('route-message', JSON.parse(e), 'route monitor');
  }
  const round = ndjson(neighborsJson([]));
  assert.equal(round, '{"__version":"1","ndp":{"neighbor-cache":[]}}\n');
});

test('forms without a document refuse --json (usage, exit 64) and change nothing', async () => {
  const before = fs.readFileSync(state, 'utf8');
  for (const args of [
    ['ifconfig', 'em0', 'inet6', '2001:db8:2::1'],
    ['ifconfig', '-w', '1'],
    ['route', 'add', '-inet6', '2001:db8:7::/48', '::1'],
    ['route', 'flush', '-inet6'],
    ['ip6addrctl', 'flush'],
    ['rtsol', 'em0'],
    ['sim', 'node', 'add', 'x'],
    ['sim', 'rtadvd', 'r1', 'em0', '--off'],
  ]) {
    const r = await ip6kit([...args, '--json']);
    assert.equal(r.status, 64, args.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, /--json is not supported .*; it applies to listings\n$/, args.join(' '));
  }
  assert.equal(fs.readFileSync(state, 'utf8'), before);
});

/** The JSON documents in a golden output: pretty ones from a "{" line to its "}" line, NDJSON lines. */
function documents(text: string): string[] {
  const docs: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.startsWith('{"')) docs.push(l);
    else if (l === '{') {
      const end = lines.indexOf('}', i);
      assert.ok(end > i, 'a JSON document that does not end');
      docs.push(lines.slice(i, end + 1).join('\n'));
      i = end;
    }
  }
  return docs;
}

test('every JSON document in the goldens validates against a schema', () => {
  const goldens = path.join(root, 'test', 'golden');
  let count = 0;
  for (const f of fs.readdirSync(goldens).filter((x) => x.endsWith('.out'))) {
    for (const text of documents(fs.readFileSync(path.join(goldens, f), 'utf8'))) {
      const doc = JSON.parse(text) as unknown;
      const fits = [...validators.entries()].filter(([, v]) => v(doc)).map(([n]) => n);
      assert.ok(fits.length > 0, `${f}: a document no schema accepts:\n${text}`);
      count++;
    }
  }
  assert.ok(count >= 10, `only ${count} JSON documents in the goldens`);
});

test('every schema is exercised above', () => {
  assert.deepEqual(
    Object.keys(SCHEMAS).filter((n) => !used.has(n)),
    [],
  );
});

test('the schemas in schemas/ are the ones the build writes', () => {
  for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
    assert.equal(fs.readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8'), schemaFile(name), name);
  }
});
