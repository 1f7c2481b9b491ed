// Where a values path is written among an app's values files, for lint's findings and for render's errors alike.
//
// Keys are followed as Helm reads them (see nodeAt in ./yaml.ts): `on:` is the key "true" under YAML 1.1, a key
// set through a `<<` merge is found where it is written, a quoted key is its text; and the last file that sets a
// path wins, as in Helm. Every line and column here, in a file and inside a string's text, counts from 1, as
// Helm, editors and lint's reports count them; a caller that counts from 0 converts where it calls.
import { readFileSync } from 'node:fs';
import { isScalar, LineCounter, type Node as YamlNode } from 'yaml';
import type { ValuesPath } from '../values-path.ts';
import type { Location } from './types.ts';
import { nodeAt, parseWithinLimits, type YamlText } from './yaml.ts';

const rangeStart = (node: unknown): number | undefined => (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];

/**
 * Files as texts to look paths up in, for a process that did not parse them itself (render's errors): a file that
 * cannot be read, or is beyond lint's bounds (size, depth), is left out, so nothing in it is located.
 */
export function readYamlTexts(files: string[]): YamlText[] {
  return files.flatMap((file) => {
    try {
      const lines = new LineCounter();
      const text = readFileSync(file, 'utf8');
      const doc = parseWithinLimits(text, lines);
      return doc ? [{ file, text, doc, lines, ok: true }] : [];
    } catch {
      return [];
    }
  });
}

/** The file that sets a path last, and the nodes there. */
export function writtenAt(files: YamlText[], path: ValuesPath): { parsed: YamlText; key?: YamlNode; value: unknown } | undefined {
  for (const parsed of [...files].reverse()) {
    if (!parsed.ok) continue;
    const found = nodeAt(parsed, path);
    if (found) return { parsed, ...found };
  }
  return undefined;
}

/**
 * The position of a path: its key when it ends at a map key, else its value; falls back to the nearest
 * written ancestor. The returned path is the one asked for.
 */
export function locatePath(files: YamlText[], path: ValuesPath): Location {
  for (let depth = path.length; depth >= 1; depth--) {
    const found = writtenAt(files, path.slice(0, depth));
    const offset = rangeStart(found?.key) ?? rangeStart(found?.value);
    if (found && offset !== undefined) {
      const { line, col } = found.parsed.lines.linePos(offset);
      return { file: found.parsed.file, line, col, path };
    }
  }
  return { path };
}

/**
 * The position of line `line`, column `col` of the string at `path` (a custom resource's text). For a block
 * scalar (key: |) the text starts on the line after the key, indented; for other strings, at the value, where a
 * double-quoted one breaks lines with \n escapes (a line that does not map onto the file is the value's start).
 * A path that holds no string falls back to locatePath.
 */
export function locateInText(files: YamlText[], path: ValuesPath, line: number, col = 1): Location {
  const found = writtenAt(files, path);
  const node = found?.value;
  if (!found || !isScalar(node) || !node.range) return locatePath(files, path);
  const { file, text, lines } = found.parsed;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (!block) {
    const offset = flowScalarOffset(text.slice(node.range[0], node.range[1]), node.type, line, col);
    return { file, ...lines.linePos(node.range[0] + (offset ?? 0)), path };
  }
  const header = lines.linePos(node.range[0]).line;
  const fileLine = header + line;
  const lineText = text.split('\n')[fileLine - 1] ?? '';
  return { file, line: fileLine, col: Math.min(blockIndent(text, header) + col, lineText.length + 1), path };
}

/** The indentation of a block scalar's content: that of its first non-blank line after the header. */
function blockIndent(text: string, headerLine: number): number {
  const lines = text.split('\n');
  for (let i = headerLine; i < lines.length; i++) {
    if (lines[i].trim() !== '') return /^ */.exec(lines[i])?.[0].length ?? 0;
  }
  return 0;
}

/**
 * Where line `line`, column `column` of the text of a flow (not block) scalar lies in its source `raw` (the
 * scalar as written, quotes included), as an offset into `raw`. On one line of the file, a double-quoted scalar
 * breaks its text into lines with \n escapes, and any other holds one line; a column past the end of its line is
 * taken as that end. Undefined where the text does not map onto the source: a line the scalar does not have, or
 * a line after the first of a scalar folded over several lines of the file.
 */
export function flowScalarOffset(raw: string, type: string | undefined, line: number, column: number): number | undefined {
  const double = type === 'QUOTE_DOUBLE';
  const single = type === 'QUOTE_SINGLE';
  const quoted = double || single;
  let i = quoted ? 1 : 0;
  let atLine = 1;
  let atCol = 1;
  for (;;) {
    const end = i >= raw.length || raw[i] === '\n' || (quoted && raw[i] === raw[0] && !(single && raw[i + 1] === "'"));
    if (atLine === line && (atCol === column || end || (double && raw[i] === '\\' && raw[i + 1] === 'n'))) return i;
    if (end) return undefined;
    if (double && raw[i] === '\\') {
      if (raw[i + 1] === 'n') {
        atLine++;
        atCol = 1;
      } else atCol++;
      i += ({ x: 4, u: 6, U: 10 } as Record<string, number>)[raw[i + 1]] ?? 2;
    } else {
      atCol++;
      i += single && raw[i] === "'" ? 2 : 1;
    }
  }
}

/**
 * A path Helm 3 prints with dots ("deployment.nodeSelector.kubernetes.io/os"), split where the files split it:
 * a key may hold dots itself, so at each level the longest run of parts that is a key written there is one key.
 */
export function splitDotted(dotted: string, files: YamlText[]): ValuesPath {
  const parts = dotted.split('.');
  const path: ValuesPath = [];
  const written = (key: string) => files.some((file) => file.ok && nodeAt(file, [...path, key]) !== undefined);
  for (let i = 0; i < parts.length; ) {
    let end = parts.length;
    while (end > i + 1 && !written(parts.slice(i, end).join('.'))) end--;
    const key = parts.slice(i, end).join('.');
    path.push(/^\d+$/.test(key) ? Number(key) : key);
    i = end;
  }
  return path;
}
