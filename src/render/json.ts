// The JSON text of a document (docs/json.md): pretty-printed for a listing, one line for each
// event a monitor reports (NDJSON).
export const jsonText = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;
export const jsonLine = (doc: unknown): string => `${JSON.stringify(doc)}\n`;

/** ND6_INFINITE_LIFETIME is what FreeBSD's JSON says for an infinite lifetime. */
export { INFINITE_LIFETIME } from '../proto.js';

/** Leaves out what is absent: ip6kit's documents never carry null. */
export function present<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

const HOLE = '\u0000ip6kit-stream\u0000';

/**
 * jsonText of a document one of whose arrays is given as an iterable, produced piece by piece
 * with the same bytes: `shape` builds the document around the array it is handed.
 */
export function* jsonTextStream<T>(
  shape: (items: unknown[]) => unknown,
  items: Iterable<T>,
  map: (x: T) => unknown,
): Generator<string> {
  const it = items[Symbol.iterator]();
  let next = it.next();
  if (next.done) {
    yield jsonText(shape([]));
    return;
  }
  const whole = jsonText(shape([HOLE]));
  const at = whole.indexOf(JSON.stringify(HOLE));
  const lineStart = whole.lastIndexOf('\n', at) + 1;
  const indent = whole.slice(lineStart, at);
  yield whole.slice(0, at);
  let first = true;
  while (!next.done) {
    const text = JSON.stringify(map(next.value), null, 2).replaceAll('\n', `\n${indent}`);
    yield first ? text : `,\n${indent}${text}`;
    first = false;
    next = it.next();
  }
  yield whole.slice(at + JSON.stringify(HOLE).length);
}
