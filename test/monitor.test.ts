// route monitor follows the state file: a spawned monitor reports what other commands change.
// It is a long-running process that polls, so this test waits for its output (bounded), the one
// place a test looks at wall time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');

test('route monitor prints route, address and neighbour messages as other commands change the state', async () => {
  const env = {
    ...process.env,
    IP6KIT_STATE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-mon-')), 'state.json'),
  };
  execFileSync(bin, ['sim', 'init', '--seed', '1'], { env });
  const mon = spawn(bin, ['route', '-n', 'monitor'], { env });
  let out = '';
  mon.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const run = promisify(execFile);
  const route = async (...a: string[]): Promise<void> => void (await run(bin, ['route', '-q', ...a], { env }));
  const want = [
    / PID {4}0 add\/repl route 2001:db8:7::\/64 unreach\(reject\) gw ::1 iface lo0 mtu 16384 table inet6\.0\n/,
    / PID {4}0 delete route 2001:db8:7::\/64 unreach\(reject\) gw ::1 iface lo0 mtu 16384 table inet6\.0\n/,
  ];
  try {
    // The monitor reports changes after its first look; repeat until it has had one.
    for (let i = 0; i < 100 && !want.every((w) => w.test(out)); i++) {
      await route('add', '-inet6', '2001:db8:7::/64', '::1', '-reject');
      await route('delete', '-inet6', '2001:db8:7::/64');
    }
    assert.ok(
      want.every((w) => w.test(out)),
      out,
    );
    await run(bin, ['ifconfig', 'em0', 'inet6', '2001:db8:1::10/64'], { env });
    const routeLine = / add\/repl route 2001:db8:1::\/64 iface em0 mtu 1500 table inet6\.0\n/;
    for (let i = 0; i < 200 && !routeLine.test(out); i++) await new Promise((r) => setTimeout(r, 25));
    assert.match(out, /^\d\d:\d\d:\d\d\.\d\d\d PID {4}0 add\/repl addr 2001:db8:1::10\/64 iface em0 \n/m);
    assert.match(out, routeLine);
    await run(bin, ['ndp', '-s', '2001:db8:1::99', '52:54:00:00:00:99'], { env });
    const neigh = / add\/repl neigh 2001:db8:1::99 state REACHABLE lladdr 52:54:00:00:00:99 iface em0 \n/;
    for (let i = 0; i < 200 && !neigh.test(out); i++) await new Promise((r) => setTimeout(r, 25));
    assert.match(out, neigh);
  } finally {
    mon.kill('SIGINT');
  }
  const code = await new Promise((r) => mon.on('exit', r));
  assert.equal(code, 0);
});
