// The schema migration chain: each step turns version N into N+1. A newer file is refused.
import { EngineError } from './errors.js';
import { SCHEMA_VERSION, type World } from './types.js';

type Step = (w: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] upgrades a version-n world to n+1. Version 1 is the first; none exist yet. */
const MIGRATIONS: Record<number, Step> = {};

export function migrate(raw: Record<string, unknown>): World {
  let v = raw.schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new EngineError('EINVAL', 'no schemaVersion');
  if (v > SCHEMA_VERSION) throw new EngineError('EINVAL', `schemaVersion ${v} is newer than this ip6kit (${SCHEMA_VERSION})`);
  let w = raw;
  while ((v as number) < SCHEMA_VERSION) {
    const step = MIGRATIONS[v as number];
    if (!step) throw new EngineError('EINVAL', `no migration from schemaVersion ${v}`);
    w = { ...step(w), schemaVersion: (v as number) + 1 };
    v = w.schemaVersion;
  }
  return w as unknown as World;
}
