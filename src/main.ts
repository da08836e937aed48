// Entry point: everything else loads lazily from the dispatcher.
import { run } from './cli/dispatch.js';
import { EX_SOFTWARE } from './sysexits.js';

const self = process.argv[1] ?? 'ip6kit';
run(self, process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ip6kit: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EX_SOFTWARE;
  },
);
