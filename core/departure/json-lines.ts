/**
 * JSON read with jsonc-parser's event API, remembering on which line each value starts, so an
 * import error can name the line at fault. Strict RFC 8259 (no comments, no trailing commas), like
 * JSON.parse. Values under a path the caller detaches (each PV of a large file) are handed over one
 * by one as they end and never kept in the tree, so a large file is not held twice in memory.
 */
import { visit } from 'jsonc-parser';

export type JsonPath = readonly (string | number)[];

export type JsonWithLines = { ok: true; value: unknown; lineOf(path: JsonPath): number } | { ok: false; line: number; column: number };

/** Deeper nesting is refused as a syntax error (no PV goes near it). */
const MAX_DEPTH = 64;

const pathKey = (path: JsonPath) => path.map(String).join('\u0000');

type LineMap = Map<string, number>;

function lineFinder(...maps: LineMap[]) {
  return (path: JsonPath): number => {
    for (let n = path.length; n >= 0; n -= 1) {
      const key = pathKey(path.slice(0, n));
      for (const map of maps) {
        const found = map.get(key);
        if (found !== undefined) return found;
      }
    }
    return 1;
  };
}

interface Frame {
  value: Record<string, unknown> | unknown[];
  path: (string | number)[];
  /** Next array index (detached elements are counted but not kept). */
  index: number;
  key?: string;
  keyLine?: number;
  detached: boolean;
}

export interface JsonVisitOptions {
  /** True for the paths whose values go to `onDetached` instead of the tree. */
  detach?: (path: JsonPath) => boolean;
  /** A detached value, complete, with the line of any path inside it. */
  onDetached?: (value: unknown, path: JsonPath, lineOf: (path: JsonPath) => number) => void;
}

export function parseJsonWithLines(text: string, options: JsonVisitOptions = {}): JsonWithLines {
  const rootLines: LineMap = new Map();
  let lines = rootLines;
  const stack: Frame[] = [];
  /** Stack depths of the frames that started a detached value. */
  const detachedRoots = new Set<number>();
  let root: unknown;
  let error: { line: number; column: number } | null = null;
  const fail = (line: number, column: number) => {
    error ??= { line, column };
  };

  /** Places a value that starts on `line` into its parent; returns its path and whether it is detached. */
  const place = (value: unknown, line: number): { path: (string | number)[]; detached: boolean } => {
    const parent = stack.at(-1);
    if (!parent) {
      root = value;
      rootLines.set(pathKey([]), line);
      return { path: [], detached: false };
    }
    let path: (string | number)[];
    let at = line;
    if (Array.isArray(parent.value)) {
      path = [...parent.path, parent.index];
      parent.index += 1;
    } else {
      const key = parent.key ?? '';
      path = [...parent.path, key];
      at = parent.keyLine ?? line;
    }
    const detached = !parent.detached && options.detach?.(path) === true;
    if (detached) lines = new Map();
    lines.set(pathKey(path), at);
    if (!detached) {
      if (Array.isArray(parent.value)) parent.value.push(value);
      else Object.defineProperty(parent.value, path.at(-1) as string, { value, enumerable: true, writable: true, configurable: true });
    }
    return { path, detached };
  };

  const hand = (value: unknown, path: JsonPath) => {
    if (error === null) options.onDetached?.(value, path, lineFinder(lines, rootLines));
    lines = rootLines;
  };

  const open = (value: Record<string, unknown> | unknown[], line: number, column: number) => {
    if (stack.length >= MAX_DEPTH) fail(line, column);
    const { path, detached } = place(value, line);
    stack.push({ value, path, index: 0, detached: detached || (stack.at(-1)?.detached ?? false) });
    if (detached) detachedRoots.add(stack.length - 1);
  };
  const close = () => {
    const depth = stack.length - 1;
    const frame = stack.pop();
    if (frame && detachedRoots.delete(depth)) hand(frame.value, frame.path);
  };

  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  visit(
    body,
    {
      onObjectBegin: (_o, _l, line, character) => open({}, line + 1, character + 1),
      onArrayBegin: (_o, _l, line, character) => open([], line + 1, character + 1),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: (property, _o, _l, line) => {
        const frame = stack.at(-1);
        if (frame) {
          frame.key = property;
          frame.keyLine = line + 1;
        }
      },
      onLiteralValue: (value: unknown, _o, _l, line) => {
        const { path, detached } = place(value, line + 1);
        if (detached) hand(value, path);
      },
      onError: (_code, _o, _l, line, character) => fail(line + 1, character + 1),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (error) return { ok: false, ...(error as { line: number; column: number }) };
  return { ok: true, value: root, lineOf: lineFinder(rootLines) };
}
