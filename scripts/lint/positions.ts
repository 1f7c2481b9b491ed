// Where a values path is written among an app's files: the last file that sets it wins, as in Helm.
import { isScalar, type Node as YamlNode } from 'yaml';
import { flowScalarOffset, type ValuesPath } from '../locate.ts';
import type { Location } from './types.ts';
import { nodeAt, type ParsedFile } from './yaml.ts';

const rangeStart = (node: unknown): number | undefined => (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];

/** The file that sets a path last, and the node there. */
export function writtenAt(files: ParsedFile[], path: ValuesPath): { parsed: ParsedFile; key?: YamlNode; value: unknown } | undefined {
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
export function locatePath(files: ParsedFile[], path: ValuesPath): Location {
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
 * The position of line `n` (0-based) of the string at `path` (a custom resource's text). For a block scalar
 * (key: |) the text starts on the line after the key, indented; for other strings, at the value, where a
 * double-quoted one breaks lines with \n escapes (a line that does not map onto the file is the value's start).
 * `column` is the 0-based column inside that line of the text.
 */
export function locateInText(files: ParsedFile[], path: ValuesPath, n: number, column = 0): Location {
  const found = writtenAt(files, path);
  const node = found?.value;
  if (!found || !isScalar(node) || !node.range) return locatePath(files, path);
  const start = found.parsed.lines.linePos(node.range[0]);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (!block) {
    const offset = flowScalarOffset(found.parsed.text.slice(node.range[0], node.range[1]), node.type, n, column);
    return { file: found.parsed.file, ...found.parsed.lines.linePos(node.range[0] + (offset ?? 0)), path };
  }
  const line = start.line + 1 + n;
  const lineText = found.parsed.text.split('\n')[line - 1] ?? '';
  const indent = blockIndent(found.parsed.text, start.line);
  return { file: found.parsed.file, line, col: Math.min(indent + column, Math.max(lineText.length, 0)) + 1, path };
}

/** The indentation of a block scalar's content: that of its first non-blank line. */
function blockIndent(text: string, headerLine: number): number {
  const lines = text.split('\n');
  for (let i = headerLine; i < lines.length; i++) {
    if (lines[i].trim() !== '') return /^ */.exec(lines[i])?.[0].length ?? 0;
  }
  return 0;
}
