#!/usr/bin/env node
// The checks Biome does not make (docs/contributing.md): no line past 120 columns, and no export
// that no other module uses (an export is a promise to other layers; one nobody takes is dead
// code or a name that should be local). Exits 1 listing every finding.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MAX_COLUMNS = 120;
const DIRS = ['src', 'test', 'bench'];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = DIRS.flatMap((d) => walk(path.join(root, d)));
const text = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const findings = [];

for (const [f, src] of text)
  src.split('\n').forEach((line, i) => {
    if (line.length > MAX_COLUMNS)
      findings.push(`${path.relative(root, f)}:${i + 1}: ${line.length} columns (at most ${MAX_COLUMNS})`);
  });

// Exported names of src/: declarations and export lists (re-exports count as uses of the origin).
const DECL = /^export (?:declare )?(?:async )?(?:function\*?|const|let|class|enum|abstract class) (\w+)/gm;
const words = (s) => new Set(s.match(/[A-Za-z_$][\w$]*/g));
const wordsOf = new Map([...text].map(([f, s]) => [f, words(s)]));
for (const [f, src] of text) {
  if (!f.startsWith(path.join(root, 'src') + path.sep)) continue;
  for (const m of src.matchAll(DECL)) {
    const name = m[1];
    const used = [...wordsOf].some(([g, w]) => g !== f && w.has(name));
    if (!used) {
      const line = src.slice(0, m.index).split('\n').length;
      findings.push(`${path.relative(root, f)}:${line}: export ${name} is used by no other module`);
    }
  }
}

for (const x of findings) console.error(x);
if (findings.length > 0) {
  console.error(`tools/lint.mjs: ${findings.length} finding(s)`);
  process.exit(1);
}
