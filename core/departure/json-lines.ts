/**
 * A small JSON reader that also remembers on which line each value starts, so an import error
 * can name the line at fault. Accepts exactly RFC 8259 JSON (what JSON.parse accepts).
 */

export type JsonPath = readonly (string | number)[];

export type JsonWithLines = { ok: true; value: unknown; lineOf(path: JsonPath): number } | { ok: false; line: number; column: number };

class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super('json syntax');
  }
}

const pathKey = (path: JsonPath) => path.map(String).join('\u0000');

export function parseJsonWithLines(text: string): JsonWithLines {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const fail = (): never => {
    throw new JsonSyntaxError(pos);
  };
  const skipWs = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 10) line += 1;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos += 1;
    }
  };
  const readString = (): string => {
    // pos at the opening quote
    let out = '';
    pos += 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c) || c < 0x20) fail();
      if (c === 34) {
        pos += 1;
        return out;
      }
      if (c === 92) {
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else fail();
      } else {
        out += text[pos];
        pos += 1;
      }
    }
  };
  const readValue = (path: (string | number)[]): unknown => {
    skipWs();
    if (path.length > 64) fail();
    lines.set(pathKey(path), line);
    const c = text[pos];
    if (c === '{') {
      pos += 1;
      const obj: Record<string, unknown> = {};
      skipWs();
      if (text[pos] === '}') {
        pos += 1;
        return obj;
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail();
        const keyLine = line;
        const key = readString();
        skipWs();
        if (text[pos] !== ':') fail();
        pos += 1;
        const child = [...path, key];
        const value = readValue(child);
        lines.set(pathKey(child), keyLine);
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skipWs();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return obj;
        }
        fail();
      }
    }
    if (c === '[') {
      pos += 1;
      const arr: unknown[] = [];
      skipWs();
      if (text[pos] === ']') {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(readValue([...path, arr.length]));
        skipWs();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return arr;
        }
        fail();
      }
    }
    if (c === '"') return readString();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 400));
    if (!m) fail();
    const token = m![0];
    pos += token.length;
    return token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) pos = 1;
    const value = readValue([]);
    skipWs();
    if (pos !== text.length) fail();
    return {
      ok: true,
      value,
      lineOf(path) {
        for (let n = path.length; n >= 0; n -= 1) {
          const found = lines.get(pathKey(path.slice(0, n)));
          if (found !== undefined) return found;
        }
        return 1;
      },
    };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const before = text.slice(0, error.offset);
    const lastNl = before.lastIndexOf('\n');
    return { ok: false, line: before.split('\n').length, column: error.offset - lastNl };
  }
}
