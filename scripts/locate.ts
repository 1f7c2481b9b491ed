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
  doc: Document;
  lines: LineCounter;
}

const cache = new Map<string, Parsed | null>();

function parse(file: string): Parsed | null {
  if (!cache.has(file)) {
    try {
      const lines = new LineCounter();
      // within lint's bounds (size, depth): a file beyond them is only not located
      const doc = parseWithinLimits(readFileSync(file, 'utf8'), lines);
      cache.set(file, doc ? { doc, lines } : null);
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

/** The line in the file where line `n` (1-based) of a block scalar string at `path` is written. */
export function locateInString(files: string[], path: ValuesPath, n: number): Position | undefined {
  for (const file of [...files].reverse()) {
    const parsed = parse(file);
    const node = parsed?.doc.getIn(path, true);
    if (!parsed || !isScalar(node) || !node.range) continue;
    const start = parsed.lines.linePos(node.range[0]);
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    return { file: relative(process.cwd(), file) || file, line: start.line + (block ? n : n - 1), col: 1 };
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
