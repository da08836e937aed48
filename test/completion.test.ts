// Shell completion: the candidates ip6kit computes, and what bash, zsh and fish show when asked
// (each shell where it is installed). Completing never writes or locks the state file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { candidates, DIRS, FILES } from '../src/cli/complete.js';
import { run } from '../src/cli/dispatch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-complete-'));
const state = path.join(dir, 'state.json');
const env = { IP6KIT_STATE: state };

async function world(): Promise<void> {
  const quiet = { out: (): void => undefined, err: (): void => undefined };
  for (const line of [
    ['sim', 'node', 'add', 'r1', '--router'],
    ['sim', 'link', 'add', 'wan'],
    ['sim', 'attach', 'r1', 'em7', 'wan'],
  ]) {
    assert.equal(await run('ip6kit', line, quiet, env), 0);
  }
}

const ask = (line: string): Promise<string[]> => candidates(line.split(' '), env);

test('candidates come from the tools own tables and the saved world', async () => {
  await world();
  assert.deepEqual(await ask('ip6kit if'), ['ifconfig', 'ifmcstat']);
  assert.deepEqual(await ask('ifconfig '), ['em0', 'lo0']);
  assert.deepEqual(await ask('ifconfig em0 pre'), ['prefixlen', 'prefer_source']);
  assert.deepEqual(await ask('ifconfig em0 inet6 2001:db8::1 prefixlen '), [], 'a value is free text');
  assert.deepEqual(await ask('ip6kit -N r1 ifconfig '), ['lo0', 'em7'], 'after a global option, for its node');
  assert.deepEqual(await ask(`ifconfig --state ${state} --node r1 em`), ['em7'], 'globals anywhere');
  assert.deepEqual(await ask('ip6kit --node '), ['host', 'r1']);
  assert.deepEqual(await ask('ip6kit sim attach r1 em8 '), ['lan0', 'wan']);
  assert.deepEqual(await ask('ip6kit sim advance '), [], 'a duration is free text');
  assert.deepEqual(await ask('ip6kit sim sysctl host net.inet6.ip6.accept'), ['net.inet6.ip6.accept_rtadv']);
  assert.deepEqual(await ask('route get -inet6 -ifp '), ['em0', 'lo0']);
  assert.ok((await ask('route add -black')).includes('-blackhole'));
  assert.deepEqual(await ask('ndp -I '), ['em0', 'lo0', 'delete']);
  assert.deepEqual(await ask('ndp -i em0 -nu'), ['-nud']);
  assert.deepEqual(await ask('netstat -p '), ['ip6', 'icmp6']);
  assert.deepEqual(await ask('ip6kit --backend '), ['sim', 'linux']);
  assert.deepEqual(await ask('ip6kit --state '), [FILES]);
  assert.deepEqual(await ask('ip6kit shims '), [DIRS]);
  assert.deepEqual(await ask('ip6kit completion '), ['bash', 'zsh', 'fish']);
  assert.ok((await ask('ndp --')).includes('--json'), 'global options are offered to every tool');
});

test('completing writes nothing and does not wait for the lock', async () => {
  const fresh = path.join(dir, 'none', 'state.json');
  assert.deepEqual(await candidates(['ifconfig', ''], { IP6KIT_STATE: fresh }), ['em0', 'lo0'], 'the default world');
  assert.equal(fs.existsSync(path.dirname(fresh)), false);
  const before = fs.readFileSync(state);
  // A live holder of the lock: completion reads past it.
  const { lock } = await import('../src/store/index.js');
  const release = lock(state);
  try {
    const t0 = Date.now();
    assert.deepEqual(await ask('ifconfig '), ['em0', 'lo0']);
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    release();
  }
  assert.deepEqual(fs.readFileSync(state), before);
});

const has = (shell: string): boolean => {
  try {
    execFileSync(shell, ['-c', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const shellEnv = {
  ...process.env,
  IP6KIT_BIN: bin,
  IP6KIT_STATE: state,
  PATH: `${path.dirname(bin)}:${process.env.PATH}`,
};

test('bash offers the candidates, past its word breaks', { skip: !has('bash') }, () => {
  const script = execFileSync(bin, ['completion', 'bash'], { encoding: 'utf8' });
  const probe = (line: string): string[] => {
    // COMP_WORDS as bash makes them: ':' (in COMP_WORDBREAKS) is a word of its own.
    const words = line.split(' ').flatMap((w, i, all) => {
      const parts = w.split(/(:)/).filter((x) => x !== '');
      return i === all.length - 1 && (w === '' || w.endsWith(':')) ? [...parts, ''] : parts;
    });
    const out = execFileSync(
      'bash',
      [
        '-c',
        `${script}
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_ip6kit_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { env: shellEnv, encoding: 'utf8' },
    );
    return out.split('\n').filter(Boolean);
  };
  assert.deepEqual(probe('ifconfig em0 pre'), ['prefixlen', 'prefer_source']);
  assert.deepEqual(probe('ip6kit -N r1 ifconfig e'), ['em7']);
  // bash cuts "net.inet6.ip6.use_tempaddr=1" nowhere, but ':' is a word break: "ifconfig -f inet6:" completes after it.
  assert.deepEqual(probe('ifconfig -f inet6:c'), ['cidr']);
});

test('zsh offers the candidates', { skip: !has('zsh') }, () => {
  const script = execFileSync(bin, ['completion', 'zsh'], { encoding: 'utf8' });
  const probe = (line: string): string[] => {
    const words = line.split(' ');
    const out = execFileSync(
      'zsh',
      [
        '-fc',
        `${script}
compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@" }
_files() { print -- FILES }
_directories() { print -- DIRS }
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}
_ip6kit`,
      ],
      { env: shellEnv, encoding: 'utf8' },
    );
    return out.split('\n').filter(Boolean);
  };
  assert.deepEqual(probe('ndp -i em0 -nu'), ['-nud']);
  assert.deepEqual(probe('ip6kit sim attach r1 em8 w'), ['wan']);
  assert.deepEqual(probe('ip6kit --state '), ['FILES']);
});

test('fish offers the candidates', { skip: !has('fish') }, () => {
  const probe = (line: string): string[] => {
    const out = execFileSync(
      'fish',
      ['--no-config', '-c', `${bin} completion fish | source; complete -C ${JSON.stringify(line)}`],
      { env: shellEnv, encoding: 'utf8' },
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0] as string);
  };
  assert.deepEqual(probe('ifconfig em0 pre'), ['prefixlen', 'prefer_source'].sort());
  assert.deepEqual(probe('route6 get -inet6 -ifp l'), ['lo0']);
});
