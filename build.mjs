// Bundles src/main.ts into dist/ as one entry with lazy chunks: each tool's module,
// yargs, cli-table3 and the Linux backend load only when a command needs them. Then writes the
// JSON Schemas to schemas/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { ip6kit: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['netlink'],
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

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
