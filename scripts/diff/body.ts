// The changes of one app × env as diff lines ("+" added, "-" removed, "~" changed object, " " context), which
// the text and markdown reports print: a changed object lists its fields by path with old and new values, or
// a diff of its YAML when that reads better; a Secret's data never shows a value.
import { structuredPatch } from 'diff';
import { stringify } from 'yaml';
import { formatSegments, objectLabel, type FieldChange, type ObjectChange } from './objects.ts';

export type Mark = '+' | '-' | '~' | ' ';

export interface Line {
  mark: Mark;
  text: string;
}

/**
 * Text with its control characters shown as escapes (\u001b): names and values come from a repository, and
 * printed raw they could move a terminal's cursor, recolour it or hide lines.
 */
export const visible = (text: string) =>
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Past this many changed fields an object reads better as a diff of its YAML. */
export const FIELDS_BEFORE_YAML = 12;
const INLINE_WIDTH = 100;
const FIELD = '    ';
const VALUE = '      ';

const yamlLines = (value: unknown) => stringify(value, { lineWidth: 0 }).replace(/\n$/, '').split('\n');

/** A value on one line (strings quoted, small maps and lists as JSON), or undefined when it needs a block. */
function inline(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes('\n') ? undefined : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  const text = JSON.stringify(value);
  return text.length <= INLINE_WIDTH ? text : undefined;
}

function valueLines(mark: '+' | '-', path: string, value: unknown): Line[] {
  const one = inline(value);
  if (one !== undefined) return [{ mark, text: `${FIELD}${path}: ${one}` }];
  const block = typeof value === 'string' ? value.replace(/\n$/, '').split('\n') : yamlLines(value);
  return [{ mark, text: `${FIELD}${path}:` }, ...block.map((text) => ({ mark, text: `${VALUE}${text}` }))];
}

/** Two texts of many lines as the lines that differ, with two lines of context around each change. */
function textDiff(before: string, after: string, indent: string): Line[] {
  const patch = structuredPatch(
    '',
    '',
    before.endsWith('\n') ? before : `${before}\n`,
    after.endsWith('\n') ? after : `${after}\n`,
    '',
    '',
    { context: 2 },
  );
  const lines: Line[] = [];
  patch.hunks.forEach((hunk, i) => {
    if (i > 0) lines.push({ mark: ' ', text: `${indent}…` });
    // both texts end with a newline, so jsdiff never adds its "\ No newline at end of file" line
    for (const line of hunk.lines) {
      lines.push({ mark: line[0] as Mark, text: `${indent}${line.slice(1)}` });
    }
  });
  // both texts end with a newline for the diff, so one gained or lost at the end shows only here
  if (before.endsWith('\n') !== after.endsWith('\n')) {
    lines.push({ mark: after.endsWith('\n') ? '+' : '-', text: `${indent}(newline at the end)` });
  }
  return lines;
}

function fieldLines(field: FieldChange): Line[] {
  const path = formatSegments(field.path) || '(the whole object)';
  if (field.secret) {
    const text = `${FIELD}${path}: ${field.change} (Secret value not shown)`;
    return [{ mark: field.change === 'added' ? '+' : field.change === 'removed' ? '-' : ' ', text }];
  }
  if (field.order) {
    return [{ mark: ' ', text: `${FIELD}${path}: order ${(field.old as string[]).join(', ')} → ${(field.new as string[]).join(', ')}` }];
  }
  if (field.change === 'added') return valueLines('+', path, field.new);
  if (field.change === 'removed') return valueLines('-', path, field.old);
  if (typeof field.old === 'string' && typeof field.new === 'string' && (field.old.includes('\n') || field.new.includes('\n'))) {
    return [{ mark: ' ', text: `${FIELD}${path}:` }, ...textDiff(field.old, field.new, VALUE)];
  }
  return [...valueLines('-', path, field.old), ...valueLines('+', path, field.new)];
}

const isSecret = (change: ObjectChange) => change.id.group === '' && change.id.kind === 'Secret';

/** The lines of one object change. */
export function objectLines(change: ObjectChange, namespace: string): Line[] {
  const label = objectLabel(change.id, namespace);
  if (change.change === 'added') return [{ mark: '+', text: label }];
  if (change.change === 'removed') return [{ mark: '-', text: label }];
  const head: Line = { mark: '~', text: label };
  if (change.fields.length > FIELDS_BEFORE_YAML && !isSecret(change) && change.old && change.new) {
    return [head, ...textDiff(stringify(change.old.obj, { lineWidth: 0 }), stringify(change.new.obj, { lineWidth: 0 }), FIELD)];
  }
  return [head, ...change.fields.flatMap(fieldLines)];
}

/** The lines of every object change of an app × env. */
export const targetLines = (changes: ObjectChange[], namespace: string): Line[] =>
  changes.flatMap((c) => objectLines(c, namespace)).map((l) => ({ mark: l.mark, text: visible(l.text) }));
