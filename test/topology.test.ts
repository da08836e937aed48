// Topology as code: sim export writes a world down, sim import builds it again through the engine.
// Round trip on the default (demo) world and on a 3-node routed world with a router advertising:
// the built world prints the same ifconfig -a, netstat -rn and ndp -an on every node as the world
// it was written from (both built from the document: import is deterministic), and writing it
// down again gives the same document. Bad files are refused at their line; the world stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { schemaFile } from '../src/schema/index.js';
import { ip6kitIn } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-topology-'));
let n = 0;
const world = (): string => path.join(dir, `w${n++}.json`);
const validate = new Ajv2020({ strict: true }).compile(JSON.parse(schemaFile('topology')));

async function batch(state: string, lines: string): Promise<void> {
  const file = path.join(dir, `b${n++}.batch`);
  fs.writeFileSync(file, lines);
  const r = await ip6kitIn(state)(['-batch', file]);
  assert.equal(r.status, 0, r.err);
}

async function exported(state: string): Promise<string> {
  const r = await ip6kitIn(state)(['sim', 'export']);
  assert.equal(r.status, 0, r.err);
  assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors));
  return r.out;
}

async function imported(text: string): Promise<string> {
  const file = path.join(dir, `t${n++}.json`);
  fs.writeFileSync(file, text);
  const state = world();
  const r = await ip6kitIn(state)(['sim', 'import', file]);
  assert.equal(r.status, 0, r.err);
  return state;
}

async function listings(state: string): Promise<string> {
  const run = ip6kitIn(state);
  const nodes = (
    JSON.parse((await run(['sim', 'show', '--json'])).out) as { sim: { nodes: { name: string }[] } }
  ).sim.nodes.map((x) => x.name);
  let out = '';
  for (const node of nodes) {
    for (const cmd of [['ifconfig', '-a'], ['netstat', '-rn'], ['ndp', '-an'], ['ip6addrctl']]) {
      const r = await run(['-N', node, ...cmd]);
      out += `$ -N ${node} ${cmd.join(' ')}\n${r.out}${r.err}`;
    }
  }
  return out;
}

async function roundTrip(build: string): Promise<void> {
  const source = world();
  await batch(source, build);
  const written = await exported(source);
  const first = await imported(written);
  assert.equal(await exported(first), written, 'the built world is written down as the same document');
  const second = await imported(await exported(first));
  assert.equal(await listings(second), await listings(first));
}

test('round trip: the demo world', async () => {
  await roundTrip(`sim node add peer
sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifconfig em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::2/64
`);
});

test('round trip: three nodes, a router advertising, static routes and neighbours, faults, a policy', async () => {
  await roundTrip(`sim node add r1 --router
sim node add far
sim link add wan
sim attach r1 em0 lan0
sim attach r1 em1 wan
sim attach far em0 wan --lladdr 52:54:00:00:00:0f
sim link set wan loss 5 delay 2ms mtu 1400
ifconfig -N far -w 5
ifconfig em0 inet6 2001:db8::1/64 pltime 3600 vltime 7200
-N r1 ifconfig em1 inet6 2001:db8:ff::1/64
-N far ifconfig em0 inet6 2001:db8:ff::2/64 prefer_source
-N far route add -inet6 default 2001:db8:ff::1
-N r1 route add -inet6 2001:db8:5::/48 -blackhole ::1
ndp -s 2001:db8::99 00:11:22:33:44:55
sim sysctl host net.inet6.ip6.accept_rtadv=1
ifconfig em0 inet6 accept_rtadv
sim rtadvd r1 em0 --prefix 2001:db8:1::/64 --mtu 1500 --managed
ifconfig tap0 create
ip6addrctl add 2001:db8::/32 45 7
`);
});

test('bad files are refused at their line; the world stays as it was', async () => {
  const state = world();
  const run = ip6kitIn(state);
  assert.equal((await run(['ifconfig', 'em0', 'inet6', '2001:db8::7/64'])).status, 0);
  const before = fs.readFileSync(state);
  const good = JSON.parse(await exported(state)) as {
    nodes: { interfaces: { link?: string; addresses: { address: string }[] }[] }[];
  };
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const cases: [string, string, RegExp][] = [
    [
      'syntax.json',
      '{\n  "ip6kit-topology": 1,\n  "seed": 1\n  "clock": "virtual"\n}\n',
      /syntax\.json:4: ',' or '}' expected, found "\\""\n$/,
    ],
    [
      'schema.json',
      JSON.stringify({ ...good, seed: -1 }, null, 2),
      /schema\.json:4: \/seed: expected integer to be greater or equal to 0\n$/,
    ],
    [
      'newer.json',
      JSON.stringify({ ...good, 'ip6kit-topology': 2 }, null, 2),
      /newer\.json:2: topology version 2 is newer than this ip6kit \(1\)\n$/,
    ],
  ];
  const badLink = structuredClone(good);
  (badLink.nodes[0]?.interfaces[0] as { link?: string }).link = 'nowhere';
  const badText = JSON.stringify(badLink, null, 2);
  cases.push([
    'link.json',
    badText,
    new RegExp(`link\\.json:${badText.split('\n').findIndex((l) => l.includes('"nowhere"')) + 1}: .*link nowhere`),
  ]);
  const badAddr = structuredClone(good);
  (badAddr.nodes[0]?.interfaces[0]?.addresses[0] as { address: string }).address = '2001:db8::zz';
  const addrText = JSON.stringify(badAddr, null, 2);
  cases.push([
    'addr.json',
    addrText,
    new RegExp(`addr\\.json:${addrText.split('\n').findIndex((l) => l.includes('2001:db8::zz')) + 1}: `),
  ]);
  for (const [name, text, err] of cases) {
    const r = await run(['sim', 'import', '--force', write(name, text)]);
    assert.equal(r.status, 65, `${name}: ${r.err}`);
    assert.match(r.err, err, name);
    assert.deepEqual(fs.readFileSync(state), before, `${name}: the world is untouched`);
  }
  const exists = await run(['sim', 'import', write('ok.json', JSON.stringify(good))]);
  assert.equal(exists.status, 1);
  assert.match(exists.err, /already exists \(use --force to replace it\)/);
  assert.deepEqual(fs.readFileSync(state), before);
});

test('the line of a value: by its path, down nested objects and arrays; a missing key at its object', async () => {
  const { parseLocated } = await import('../src/topology/json.js');
  const text = '{\n  "a": [\n    1,\n    {\n      "b":\n        true\n    }\n  ],\n  "c": "x"\n}\n';
  const { lineOf } = parseLocated(text);
  assert.deepEqual(
    ['', '/a', '/a/0', '/a/1', '/a/1/b', '/c', '/a/1/missing', '/a/7', '/nothing/deeper'].map(lineOf),
    [1, 2, 3, 4, 6, 9, 4, 2, 1],
  );
});
