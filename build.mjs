// Bundles src/main.ts into dist/ip6kit.cjs, one CommonJS file (the ES module loader costs more
// at start-up than the whole bundle does from a code cache), and into one such file per tool
// module in dist/tools/, and makes a V8 code cache for each by running it once (docs/startup.md). Then writes the JSON Schemas to schemas/ and the
// completion scripts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // netlink has a native addon; TypeBox (a quarter of the bundle, for sim import only) has a CommonJS
  // build that require finds in node_modules when a topology file is read.
  external: ['netlink', '@sinclair/typebox', '@sinclair/typebox/*'],
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // cli/top.ts finds bin/ from its own location; asked for only where used, so the url module is
  // not loaded at start-up.
  define: { 'import.meta.url': '__ip6kit_meta.url' },
  banner: { js: "var __ip6kit_meta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
};

/**
 * `import * as fs from 'node:fs'` becomes __toESM(require('node:fs')), which copies every export
 * of the builtin into getters, once per importing module, at start-up. A builtin's exports
 * object already has every member the namespace is asked for, so the bundle uses it as it is.
 */
function useBuiltinsAsTheyAre(file) {
  const text = readFileSync(file, 'utf8');
  // Only namespace imports: a default import (chalk's `import process from 'node:process'`)
  // reads .default, which only the copy has.
  const out = text.replace(/(\w+) = __toESM\(require\("(node:[a-z_/]+)"\), 1\)/g, (whole, name, builtin) =>
    text.includes(`${name}.default`) ? whole : `${name} = require("${builtin}")`,
  );
  writeFileSync(file, out);
}

// The whole toolkit, for everything that is not one tool's command (--version, --batch, help).
await build({ ...common, entryPoints: { ip6kit: 'src/main.ts' }, outfile: 'dist/ip6kit.cjs' });
useBuiltinsAsTheyAre('dist/ip6kit.cjs');

// One bundle per tool module: the dispatcher and that module. The others are replaced by a stub
// that hands the command to the whole toolkit (bin/ip6kit), for a command whose tool the
// launcher could not tell from its arguments.
const MODULES = ['ifconfig', 'ndp', 'route', 'netstat', 'ifmcstat', 'ip6addrctl', 'ping6', 'rtsol', 'sysctl', 'sim'];
const STUB = `globalThis.__ip6kitEverything();
const never = () => new Promise(() => {});
${[
  'ifconfig',
  'sim',
  'ndp',
  'route',
  'netstat',
  'ifmcstat',
  'ip6addrctl',
  'addrsel',
  'ping6',
  'ping',
  'rtsol',
  'sysctl',
]
  .map((t) => `export const ${t} = never;`)
  .join('\n')}`;
for (const keep of MODULES) {
  const others = new RegExp(`^\\./(${MODULES.filter((m) => m !== keep).join('|')})\\.js$`);
  await build({
    ...common,
    entryPoints: { [keep]: 'src/main.ts' },
    outfile: `dist/tools/${keep}.cjs`,
    plugins: [
      {
        name: 'one-tool',
        setup(b) {
          b.onResolve({ filter: others }, (a) =>
            a.importer.endsWith(join('cli', 'dispatch.ts')) ? { path: a.path, namespace: 'other-tool' } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'other-tool' }, () => ({ contents: STUB, loader: 'js' }));
        },
      },
    ],
  });
  useBuiltinsAsTheyAre(`dist/tools/${keep}.cjs`);
}

// Each bundle's cache holds what compiling its common command made, on a scratch world; the
// launcher picks the cache by the bundle it runs. Commands that print nothing useful here still
// compile the dispatcher, the store and the engine.
const CACHE_RUNS = {
  ip6kit: ['--version'],
  ifconfig: ['ifconfig', '-a'],
  ndp: ['ndp', '-an'],
  route: ['route', '-n', 'get', '::1'],
  netstat: ['netstat', '-rn'],
  ifmcstat: ['ifmcstat'],
  ip6addrctl: ['ip6addrctl'],
  ping6: ['ping6', '-c', '1', '::1'],
  rtsol: ['rtsol', '-h'],
  sysctl: ['sysctl', 'net.inet6.ip6.forwarding'],
  sim: ['sim', 'show'],
};
mkdirSync('dist/cache');
const scratch = mkdtempSync(join(tmpdir(), 'ip6kit-cache-'));
const env = { ...process.env, IP6KIT_STATE: join(scratch, 'state.json'), NO_COLOR: '1' };
execFileSync('bin/ip6kit', ['sim', 'init', '--seed', '1'], { env, stdio: 'ignore' });
for (const [name, argv] of Object.entries(CACHE_RUNS)) {
  const out = join(process.cwd(), 'dist', 'cache', `${name}.v8`);
  try {
    execFileSync('bin/ip6kit', argv, { env: { ...env, IP6KIT_CODE_CACHE_OUT: out }, stdio: 'ignore' });
  } catch {
    // A command that exits non-zero has still compiled what it ran, and the cache is written.
  }
}
rmSync(scratch, { recursive: true, force: true });

// The JSON Schemas of every document the tools print, from the TypeBox definitions tsc compiled
// (src/schema/index.ts); shipped in schemas/ and checked against the committed copies by a test.
const { SCHEMAS, schemaFile } = await import('./build/src/schema/index.js');
mkdirSync('schemas', { recursive: true });
for (const name of Object.keys(SCHEMAS)) writeFileSync(`schemas/${name}.schema.json`, schemaFile(name));

// The shells' completion scripts, from the same code as `ip6kit completion SHELL`.
const { script } = await import('./build/src/cli/complete.js');
writeFileSync('completions/ip6kit.bash', script('bash'));
writeFileSync('completions/_ip6kit', script('zsh'));
writeFileSync('completions/ip6kit.fish', script('fish'));
