// sim show on a terminal shows what the plain text shows (links, roles, interfaces); colour only
// when asked for (a terminal without NO_COLOR).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { simShowDot, simShowTable, simShowText } from '../src/render/sim.js';
import type { SimView } from '../src/views/index.js';

const view: SimView = {
  clock: { mode: 'virtual', now: 1500 },
  seed: 7,
  links: [
    {
      name: 'lan0',
      members: ['host:em0', 'r1:em0'],
      faults: { loss: 0, delay: 0, mtu: null, down: false },
      capture: null,
    },
    { name: 'wan', members: [], faults: { loss: 12.5, delay: 20, mtu: 1280, down: true }, capture: '/tmp/wan.pcap' },
  ],
  nodes: [
    {
      name: 'host',
      hostname: 'host',
      forwarding: false,
      interfaces: [
        {
          name: 'em0',
          index: 1,
          type: 'ether',
          up: true,
          lladdr: '52:54:00:f3:c9:eb',
          link: 'lan0',
          addrs: ['fe80::5054:ff:fef3:c9eb%em0/64', '2001:db8::1/64'],
        },
        { name: 'lo0', index: 2, type: 'loop', up: true, lladdr: null, link: null, addrs: ['::1/128'] },
      ],
    },
    {
      name: 'r1',
      hostname: 'gw',
      forwarding: true,
      interfaces: [
        { name: 'em0', index: 1, type: 'ether', up: false, lladdr: '52:54:00:00:00:01', link: 'lan0', addrs: [] },
      ],
    },
    { name: 'bare', hostname: 'bare', forwarding: false, interfaces: [] },
  ],
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the terminal's escape sequences is the point
const ANSI = /\x1b\[[0-9;]*m/g;

test('the terminal table carries every fact of the plain text', () => {
  const table = simShowTable(view, false);
  assert.doesNotMatch(table, ANSI);
  for (const fact of [
    'clock: virtual 1.500s',
    'seed: 7',
    'lan0',
    'host:em0 r1:em0',
    'wan',
    'loss 12.5%, delay 20ms, mtu 1280, down',
    'capture /tmp/wan.pcap',
    'router',
    'gw',
    '52:54:00:00:00:01',
    'down',
    'lo0',
    'loop',
    'bare',
  ]) {
    assert.ok(table.includes(fact), `missing ${fact}`);
    if (fact !== 'router' && fact !== 'bare' && fact !== 'down')
      assert.ok(simShowText(view).includes(fact.split(' ')[0] as string), fact);
  }
});

test('colour only when asked for', () => {
  const coloured = simShowTable(view, true);
  assert.match(coloured, ANSI);
  assert.equal(coloured.replace(ANSI, ''), simShowTable(view, false));
});

const hasDot = spawnSync('dot', ['-V']).status === 0;

test('--dot: routers marked, links with their faults, interfaces with their addresses; dot renders it without a' +
  ' warning', {
  skip: !hasDot,
}, () => {
  const dot = simShowDot(view);
  assert.match(dot, /^graph ip6kit \{/);
  assert.match(dot, /"node:r1" \[shape=box, style=bold, label="r1 \(gw\) router"\]/);
  assert.match(
    dot,
    /"link:wan" \[shape=ellipse, label="wan\\nloss 12.5%, delay 20ms, mtu 1280, down\\ncapture \/tmp\/wan.pcap"\]/,
  );
  assert.match(dot, /"node:host" -- "link:lan0" \[label="em0\\nfe80::5054:ff:fef3:c9eb%em0\/64\\n2001:db8::1\/64"\]/);
  assert.match(dot, /"node:r1" -- "link:lan0" \[label="em0 \(down\)"\]/);
  const r = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '', 'no warnings');
  assert.match(r.stdout, /<svg/);
});
