// Reading a topology file: JSON with the line of every value, checked against the schema
// (src/schema, through TypeBox's validator) before the engine sees any of it.
import { Value } from '@sinclair/typebox/value';
import { Topology, type Doc } from '../schema/index.js';
import { JsonLineError, parseLocated } from './json.js';

export { JsonLineError };

export interface ParsedTopology {
  doc: Doc<'topology'>;
  /** The line of the value at a path the builder names. */
  lineOf(path: string): number;
}

/** Throws JsonLineError with the line and the reason. */
export function parseTopology(text: string): ParsedTopology {
  const located = parseLocated(text);
  const v = located.value as { 'ip6kit-topology'?: unknown };
  if (typeof v === 'object' && v !== null && typeof v['ip6kit-topology'] === 'number' && v['ip6kit-topology'] > 1) {
    throw new JsonLineError(
      located.lineOf('/ip6kit-topology'),
      `topology version ${v['ip6kit-topology']} is newer than this ip6kit (1)`,
    );
  }
  const first = Value.Errors(Topology, located.value).First();
  if (first) {
    const where = first.path === '' ? 'the document' : first.path;
    throw new JsonLineError(located.lineOf(first.path), `${where}: ${first.message.toLowerCase()}`);
  }
  return { doc: located.value as Doc<'topology'>, lineOf: located.lineOf };
}
