// Tables looked up by what a user typed (tool names, keywords, oids) are built without a
// prototype, so 'constructor' or '__proto__' is an unknown word like any other, not a method of
// Object that `in` finds and a lookup returns.
export function keyed<T>(rows: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, rows);
}
