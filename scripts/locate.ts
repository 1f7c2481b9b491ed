// Where a values path is written: file, line and column, found with the yaml library's source ranges.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, LineCounter, type Document } from 'yaml';
import { parseWithinLimits } from './lint/yaml.ts';

export type ValuesPath = (string | number)[];

export interface Position {
  file: string;
  line: number;
  col: number;
}

interface Parsed {
  text: string;
  doc: Document;
  lines: LineCounter;
}

const cache = new Map<string, Parsed | null>();

function parse(file: string): Parsed | null {
  if (!cache.has(file)) {
    try {
      const lines = new LineCounter();
      const text = readFileSync(file, 'utf8');
      // within lint's bounds (size, depth): a file beyond them is only not located
      const doc = parseWithinLimits(text, lines);
      cache.set(file, doc ? { text, doc, lines } : null);
    } catch {
      cache.set(file, null);
    }
  }
  return cache.get(file) ?? null;
}

/** "deployment.containerPorts[0].port" */
export function formatPath(path: ValuesPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const plain = /^[A-Za-z_$][\w$-]*$/.test(segment);
    return plain ? (text ? `${text}.${segment}` : segment) : `${text}[${JSON.stringify(segment)}]`;
  }, '');
}

/**
 * The position of a path in the last of the files that sets it (the one whose value Helm keeps): the key
 * when the path ends at a map key, else the value. Falls back to the nearest ancestor that is written.
 */
export function locate(files: string[], path: ValuesPath): Position | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    for (const file of [...files].reverse()) {
      const parsed = parse(file);
      if (!parsed) continue;
      const offset = offsetOf(parsed.doc, path.slice(0, depth));
      if (offset === undefined) continue;
      const { line, col } = parsed.lines.linePos(offset);
      return { file: relative(process.cwd(), file) || file, line, col };
    }
  }
  return undefined;
}

function offsetOf(doc: Document, path: ValuesPath): number | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    const key = pair?.key;
    return isScalar(key) && key.range ? key.range[0] : undefined;
  }
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range?.[0];
}

/**
 * A path Helm 3 prints with dots ("deployment.nodeSelector.kubernetes.io/os"), split where the files split it:
 * a key may hold dots itself, so at each level the longest run of parts that is a key written there is one key.
 */
export function splitDotted(dotted: string, files: string[]): ValuesPath {
  const parts = dotted.split('.');
  const path: ValuesPath = [];
  const written = (key: string) =>
    files.some((file) => {
      const doc = parse(file)?.doc;
      const node = path.length ? doc?.getIn(path, true) : doc?.contents;
      return isMap(node) && node.items.some((item) => isScalar(item.key) && String(item.key.value) === key);
    });
  for (let i = 0; i < parts.length; ) {
    let end = parts.length;
    while (end > i + 1 && !written(parts.slice(i, end).join('.'))) end--;
    const key = parts.slice(i, end).join('.');
    path.push(/^\d+$/.test(key) ? Number(key) : key);
    i = end;
  }
  return path;
}

/**
 * Where line `n`, column `column` (both 0-based) of the text of a flow (not block) scalar lies in its source `raw`
 * (the scalar as written, quotes included), as an offset into `raw`. On one line of the file, a double-quoted
 * scalar breaks its text into lines with \n escapes, and any other holds one line; a column past the end of its
 * line is taken as that end. Undefined where the text does not map onto the source: a line the scalar does not
 * have, or a line after the first of a scalar folded over several lines of the file.
 */
export function flowScalarOffset(raw: string, type: string | undefined, n: number, column: number): number | undefined {
  const double = type === 'QUOTE_DOUBLE';
  const single = type === 'QUOTE_SINGLE';
  const quoted = double || single;
  let i = quoted ? 1 : 0;
  let line = 0;
  let col = 0;
  for (;;) {
    const end = i >= raw.length || raw[i] === '\n' || (quoted && raw[i] === raw[0] && !(single && raw[i + 1] === "'"));
    if (line === n && (col === column || end || (double && raw[i] === '\\' && raw[i + 1] === 'n'))) return i;
    if (end) return undefined;
    if (double && raw[i] === '\\') {
      if (raw[i + 1] === 'n') {
        line++;
        col = 0;
      } else col++;
      i += ({ x: 4, u: 6, U: 10 } as Record<string, number>)[raw[i + 1]] ?? 2;
    } else {
      col++;
      i += single && raw[i] === "'" ? 2 : 1;
    }
  }
}

/** The line in the file where line `n` (1-based) of a string at `path` is written. */
export function locateInString(files: string[], path: ValuesPath, n: number): Position | undefined {
  for (const file of [...files].reverse()) {
    const parsed = parse(file);
    const node = parsed?.doc.getIn(path, true);
    if (!parsed || !isScalar(node) || !node.range) continue;
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    // a block scalar's text starts on the line after its header; a flow scalar's at the value
    const offset = block ? undefined : flowScalarOffset(parsed.text.slice(node.range[0], node.range[1]), node.type, n - 1, 0);
    const line = block ? parsed.lines.linePos(node.range[0]).line + n : parsed.lines.linePos(node.range[0] + (offset ?? 0)).line;
    return { file: relative(process.cwd(), file) || file, line, col: 1 };
  }
  return undefined;
}

export function formatPosition(position: Position | undefined): string {
  return position ? `${position.file}:${position.line}:${position.col}` : '';
}

/** Forget parsed files (they may have changed between two renders of a long-running process). */
export function clearLocateCache(): void {
  cache.clear();
}
