// JSON read with the line of every value, so that a topology file's mistakes (a syntax error, a
// value the schema refuses, a name the engine refuses) are reported at their line.
export class JsonLineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonLineError';
  }
}

export interface Located {
  value: unknown;
  /** The line (1-based) where the value at a JSON pointer-like path ("/nodes/0/name") starts. */
  lineOf(path: string): number;
}

export function parseLocated(text: string): Located {
  // The line of each member, kept by its container (no path is spelled until one is asked for).
  const lines = new Map<object, Map<string, number>>();
  let rootLine = 1;
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new JsonLineError(
      line,
      i >= text.length ? `${what}: the file ends` : `${what}, found ${JSON.stringify(text[i])}`,
    );
  };
  const ws = (): void => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const literal = (word: string, v: unknown): unknown => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return v;
    }
    return fail('a value expected');
  };
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('a string may not span lines');
    }
    if (i >= text.length) fail('an unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('a bad escape in a string');
    }
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      const at = new Map<string, number>();
      lines.set(out, at);
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a quoted key expected');
        const key = string();
        if (Object.hasOwn(out, key)) throw new JsonLineError(line, `the key ${JSON.stringify(key)} appears twice`);
        ws();
        if (text[i] !== ':') fail("':' expected");
        i++;
        ws();
        at.set(key, line);
        out[key] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return out;
        } else fail("',' or '}' expected");
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      const at = new Map<string, number>();
      lines.set(out, at);
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        at.set(String(out.length), line);
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail("',' or ']' expected");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (!m) return fail('a value expected');
    i += m[0].length;
    return Number(m[0]);
  };
  ws();
  rootLine = line;
  const v = value();
  ws();
  if (i < text.length) fail('nothing expected after the document');
  return {
    value: v,
    lineOf: (path) => {
      // Down the path as far as it goes: a missing key is reported at its object.
      let at = rootLine;
      let cur: unknown = v;
      for (const key of path.split('/').slice(1)) {
        const l = cur !== null && typeof cur === 'object' ? lines.get(cur)?.get(key) : undefined;
        if (l === undefined) break;
        at = l;
        cur = (cur as Record<string, unknown>)[key];
      }
      return at;
    },
  };
}
