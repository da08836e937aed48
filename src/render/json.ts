// The JSON text of a document (docs/json.md): pretty-printed for a listing, one line for each
// event a monitor reports (NDJSON).
export const jsonText = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;
export const jsonLine = (doc: unknown): string => `${JSON.stringify(doc)}\n`;

/** ND6_INFINITE_LIFETIME: what FreeBSD's JSON says for an infinite lifetime. */
export const INFINITE_LIFETIME = 0xffffffff;

/** Leaves out what is absent: ip6kit's documents never carry null. */
export function present<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
