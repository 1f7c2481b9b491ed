// The three outputs of app-chart diff: text for a terminal, markdown for a pull-request comment (kept under
// GitHub's size limit), and JSON for tools (versioned, with a JSON schema in docs/).
import type { JSONSchema7 } from 'json-schema';
import { targetLines, visible, type Line } from './body.ts';
import { FINDINGS, type DiffFinding, type Impact } from './findings.ts';
import type { DiffResult, TargetDiff } from './index.ts';
import { formatSegments, type ObjectChange } from './objects.ts';

export const DIFF_REPORT_VERSION = 1;
/** GitHub refuses an issue or pull-request comment longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The first line of the markdown: a workflow finds its earlier comment by it and edits that one. */
export const MARKDOWN_MARKER = '<!-- app-chart diff -->';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
const IMPACT: Record<Impact, string> = { fails: 'will not apply', 'data-loss': 'loses data', disruption: 'disrupts traffic' };

const counts = (changes: ObjectChange[]) => ({
  added: changes.filter((c) => c.change === 'added').length,
  removed: changes.filter((c) => c.change === 'removed').length,
  changed: changes.filter((c) => c.change === 'changed').length,
});

export const differs = (result: DiffResult) => result.targets.some((t) => t.changes.length > 0);

function objectCounts(t: TargetDiff): string {
  const c = counts(t.changes);
  return [c.added && `${c.added} added`, c.removed && `${c.removed} removed`, c.changed && `${c.changed} changed`].filter(Boolean).join(', ') || 'no object changes';
}

/** What happened to an app × env, and its object counts unless it could not be compared. */
function statusNote(t: TargetDiff): string {
  if (t.status === 'error') return `cannot compare: the ${t.error?.side === 'base' ? 'base revision' : 'working tree'} does not render`;
  return `${targetStatus(t)}; ${objectCounts(t)}`;
}

function targetStatus(t: TargetDiff): string {
  if (t.status === 'added') return `new app × env${t.renamedFrom ? `, renamed from ${t.renamedFrom} (same values files)` : ''}`;
  if (t.status === 'removed') return `app × env removed${t.renamedTo ? `, renamed to ${t.renamedTo} (same values files): its objects are deleted and created anew under new names` : ''}`;
  if (t.status === 'unchanged') return t.rendered ? 'inputs changed, rendered objects the same' : 'unchanged';
  return 'changed';
}

function summaryLine(result: DiffResult): string {
  const shown = result.targets.filter((t) => t.changes.length > 0);
  const all = result.targets.flatMap((t) => t.changes);
  const c = counts(all);
  const parts = [
    `${plural(shown.length, 'app × env')} of ${result.targets.length} change${shown.length === 1 ? 's' : ''}` +
      (all.length ? `: ${c.added} object${c.added === 1 ? '' : 's'} added, ${c.removed} removed, ${c.changed} changed` : ''),
  ];
  const same = result.targets.filter((t) => t.status === 'unchanged' && t.rendered).length;
  if (same) parts.push(`${plural(same, 'app × env')} rendered the same objects`);
  if (result.skipped) parts.push(`${plural(result.skipped, 'app × env')} not rendered: nothing ${result.skipped === 1 ? 'it is' : 'they are'} made of changed (--all renders them)`);
  if (result.errors) parts.push(`${plural(result.errors, 'app × env')} could not be compared`);
  return `${parts.join('; ')}.`;
}

const sidesLine = (result: DiffResult) =>
  `${result.base.label} → ${result.head.label}` + (result.base.chart === result.head.chart ? `, chart: ${result.head.chart}` : `, chart: ${result.base.chart} → ${result.head.chart}`);

/** Targets worth a section: those with changes or an error, findings first. */
function sections(result: DiffResult): TargetDiff[] {
  const flagged = new Set(result.findings.map((f) => f.target));
  const name = (t: TargetDiff) => `${t.app}/${t.env}`;
  return result.targets
    .filter((t) => t.changes.length > 0 || t.status === 'error')
    .sort((a, b) => Number(flagged.has(name(b))) - Number(flagged.has(name(a))));
}

// ---------------------------------------------------------------------------------------------- text

const SGR = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

export function toText(result: DiffResult, colour: boolean): string {
  const paint = (style: keyof typeof SGR, text: string) => (colour ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
  const markColour = { '+': 'green', '-': 'red', '~': 'yellow', ' ': undefined } as const;
  const line = (l: Line) => {
    const style = markColour[l.mark];
    const text = `${l.mark} ${l.text}`;
    return style ? paint(style, text) : text;
  };
  const out: string[] = [paint('bold', visible(`app-chart diff: ${sidesLine(result)}`)), ''];
  if (result.findings.length) {
    out.push(paint('red', `✖ ${plural(result.findings.length, 'change')} will not apply, lose data or disrupt traffic:`));
    for (const f of result.findings) out.push(`  ${paint('red', IMPACT[f.impact])}  ${paint('bold', f.target)}  ${visible(f.message)}  ${paint('dim', f.id)}`);
    out.push('');
  }
  for (const t of sections(result)) {
    out.push(paint('bold', visible(`${t.app}/${t.env}`)) + paint('dim', visible(` (namespace ${t.namespace})`)) + `: ${visible(statusNote(t))}`);
    if (t.error) out.push(...t.error.message.split('\n').map((l) => `  ${paint('red', visible(l))}`));
    out.push(...targetLines(t.changes, t.namespace).map((l) => `  ${line(l)}`), '');
  }
  const summary = summaryLine(result);
  out.push(result.errors ? paint('red', `✖ ${summary}`) : differs(result) ? paint('yellow', `~ ${summary}`) : paint('green', `✔ ${summary}`));
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------ markdown

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/**
 * Text that markdown shows as written: HTML and markdown punctuation escaped, kept on one line, and no "@name"
 * that would notify someone (names in a repo are anyone's to choose).
 */
const escapeMd = (text: string) =>
  escapeHtml(visible(text)).replace(/[\\`*_[\]|~]/g, '\\$&').replace(/\r?\n/g, ' ').replace(/@(?=\w)/g, '@\u200b');
/** A code span that holds any text: the fence is longer than any run of backticks inside. */
function code(text: string): string {
  const one = visible(text).replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}
function fenced(lines: string[], language: string): string {
  const longest = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...lines, fence].join('\n');
}

const IMPACT_ICON: Record<Impact, string> = { fails: '⛔', 'data-loss': '🗑️', disruption: '⚠️' };

function findingItem(f: DiffFinding): string {
  return `- ${IMPACT_ICON[f.impact]} **${IMPACT[f.impact]}** ${code(f.target)}: ${escapeMd(f.message)}`;
}

function tableRow(t: TargetDiff, findings: number): string {
  const c = counts(t.changes);
  // a table cell ends at any unescaped "|", code spans included
  return `| ${code(`${t.app}/${t.env}`).replace(/\|/g, '\\|')} | ${escapeMd(t.namespace)} | ${escapeMd(t.status)} | ${c.added} | ${c.removed} | ${c.changed} | ${findings || ''} |`;
}

function sectionOf(t: TargetDiff, lines: Line[], note?: string): string {
  const summary = `<code>${escapeHtml(visible(`${t.app}/${t.env}`))}</code>: ${escapeHtml(visible(statusNote(t)))}`;
  const body: string[] = [];
  if (t.error) body.push(fenced(t.error.message.split('\n').map(visible), 'text'));
  if (lines.length) body.push(fenced(lines.map((l) => `${l.mark} ${l.text}`), 'diff'));
  if (note) body.push(`_${escapeMd(note)}_`);
  return `<details><summary>${summary}</summary>\n\n${body.join('\n\n')}\n\n</details>`;
}

/**
 * Markdown for a pull-request comment: the findings, a table of the app × envs that change, and one collapsed
 * section each. Sections that do not fit in GitHub's comment limit are cut, and the comment says so.
 */
export function toMarkdown(result: DiffResult, limit = GITHUB_COMMENT_LIMIT, command = 'npx app-chart diff'): string {
  const findingsOf = (t: TargetDiff) => result.findings.filter((f) => f.target === `${t.app}/${t.env}`).length;
  const shown = sections(result);
  const head = [
    MARKDOWN_MARKER,
    `### app-chart diff: ${escapeMd(result.base.label)} → ${escapeMd(result.head.label)}`,
    '',
    escapeMd(summaryLine(result)) + (result.base.chart === result.head.chart ? '' : ` Chart: ${escapeMd(result.base.chart)} → ${escapeMd(result.head.chart)}.`),
  ];
  // the budget leaves room for the note that says what was cut
  const reserve = 400;
  const parts: string[] = [head.join('\n')];
  let used = bytes(parts[0]) + reserve;
  const cut: string[] = [];
  const take = (text: string) => {
    if (used + bytes(text) + 2 > limit) return false;
    parts.push(text);
    used += bytes(text) + 2;
    return true;
  };

  if (result.findings.length) {
    const title = `> [!CAUTION]\n> **${plural(result.findings.length, 'change')} will not apply, lose data or disrupt traffic**\n>`;
    const items: string[] = [];
    let left = 0;
    for (const f of result.findings) {
      const candidate = [title, ...items, `> ${findingItem(f)}`].join('\n');
      if (left === 0 && used + bytes(candidate) + 2 <= limit - 2000) items.push(`> ${findingItem(f)}`);
      else left++;
    }
    if (left) {
      items.push(`> - … and ${plural(left, 'more finding')}`);
      cut.push(plural(left, 'finding'));
    }
    take([title, ...items].join('\n'));
  }

  if (shown.length) {
    const rows: string[] = ['| app × env | namespace | status | added | removed | changed | findings |', '| --- | --- | --- | ---: | ---: | ---: | ---: |'];
    let left = 0;
    for (const t of shown) {
      const row = tableRow(t, findingsOf(t));
      if (left === 0 && used + bytes(rows.join('\n')) + bytes(row) + 4 <= limit - 1000) rows.push(row);
      else left++;
    }
    if (left) cut.push(`${plural(left, 'table row')}`);
    take(rows.join('\n'));
  }

  let included = 0;
  for (const t of shown) {
    const lines = targetLines(t.changes, t.namespace);
    if (take(sectionOf(t, lines))) {
      included++;
      continue;
    }
    // as much of this section as fits, then no more sections
    const note = (keep: number) => `${lines.length - keep} more lines cut to fit GitHub's comment limit`;
    const room = limit - used - 2;
    let keep = lines.length;
    let size = bytes(sectionOf(t, lines));
    while (keep > 0 && size > room) {
      keep = Math.floor(keep * Math.min(0.9, room / size));
      size = bytes(sectionOf(t, lines.slice(0, keep), note(keep)));
    }
    if (keep > 0 && take(sectionOf(t, lines.slice(0, keep), note(keep)))) {
      included++;
      cut.push(`${lines.length - keep} lines of ${t.app}/${t.env}`);
    }
    break;
  }
  if (shown.length > included) cut.push(`the sections of ${plural(shown.length - included, 'app × env')}`);
  if (cut.length) {
    parts.push(
      `_Cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: ${escapeMd(cut.join(', '))}. ` +
        `Run ${code(`${command}${result.base.revision ? ` --base ${result.base.revision}` : ''}`)} for everything._`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------- json

export interface JsonField {
  path: string;
  change: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
  secret?: true;
  order?: true;
}

export interface JsonObject {
  change: 'added' | 'removed' | 'changed';
  apiVersion: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  source?: string;
  fields?: JsonField[];
}

export interface JsonDiffReport {
  version: typeof DIFF_REPORT_VERSION;
  tool: 'app-chart diff';
  base: DiffResult['base'];
  head: DiffResult['head'];
  summary: Record<'targets' | 'added' | 'removed' | 'changed' | 'unchanged' | 'skipped' | 'errors' | 'findings', number> & {
    differs: boolean;
    objects: { added: number; removed: number; changed: number };
  };
  findings: DiffFinding[];
  targets: (Omit<TargetDiff, 'changes'> & { objects: JsonObject[] })[];
}

function jsonObject(c: ObjectChange): JsonObject {
  return {
    change: c.change,
    apiVersion: c.apiVersion,
    ...c.id,
    ...(c.source ? { source: c.source } : {}),
    ...(c.change === 'changed'
      ? {
          fields: c.fields.map((f) => ({
            path: formatSegments(f.path),
            change: f.change,
            ...(f.secret ? { secret: true as const } : { ...('old' in f ? { old: f.old } : {}), ...('new' in f ? { new: f.new } : {}) }),
            ...(f.order ? { order: true as const } : {}),
          })),
        }
      : {}),
  };
}

export function toJson(result: DiffResult): JsonDiffReport {
  const status = (s: TargetDiff['status']) => result.targets.filter((t) => t.status === s).length;
  return {
    version: DIFF_REPORT_VERSION,
    tool: 'app-chart diff',
    base: result.base,
    head: result.head,
    summary: {
      targets: result.targets.length,
      added: status('added'),
      removed: status('removed'),
      changed: status('changed'),
      unchanged: status('unchanged'),
      skipped: result.skipped,
      errors: result.errors,
      findings: result.findings.length,
      differs: differs(result),
      objects: counts(result.targets.flatMap((t) => t.changes)),
    },
    findings: result.findings,
    targets: result.targets.map(({ changes, ...t }) => ({ ...t, objects: changes.map(jsonObject) })),
  };
}

const count: JSONSchema7 = { type: 'integer', minimum: 0 };
const side = (what: string): JSONSchema7 => ({
  type: 'object',
  additionalProperties: false,
  required: ['label', 'chart'],
  description: what,
  properties: {
    label: { type: 'string', description: 'How the output names it: "main (1a2b3c4)", "working tree".' },
    revision: { type: 'string', description: 'The revision as given with --base.' },
    commit: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$', description: 'The commit it resolved to.' },
    chart: {
      type: 'string',
      description:
        'The chart rendered: "chart/ of the repo", "the bundled chart" or the --chart / --base-chart value, with the name and version ' +
        'of a chart folder ("chart/ of the repo (app 0.2.0)"); ", changed" on the working tree\'s when its files differ from the base\'s under the same name.',
    },
  },
});

/** The schema of `app-chart diff --format json`; docs/diff-report.schema.json is generated from it. */
export const diffReportSchema: JSONSchema7 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'app-chart diff report (--format json)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tool', 'base', 'head', 'summary', 'findings', 'targets'],
  properties: {
    version: { const: DIFF_REPORT_VERSION, description: 'Version of this shape; a change that breaks readers bumps it.' },
    tool: { const: 'app-chart diff' },
    base: side('What the working tree is compared with.'),
    head: side('The working tree.'),
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['targets', 'added', 'removed', 'changed', 'unchanged', 'skipped', 'errors', 'findings', 'differs', 'objects'],
      properties: {
        targets: { ...count, description: 'App × envs at either revision under the given paths.' },
        added: { ...count, description: 'App × envs only in the working tree.' },
        removed: { ...count, description: 'App × envs only at the base.' },
        changed: { ...count, description: 'App × envs at both whose objects differ.' },
        unchanged: { ...count, description: 'App × envs whose objects are the same (skipped ones included).' },
        skipped: { ...count, description: 'Unchanged app × envs not rendered: nothing they are made of changed.' },
        errors: { ...count, description: 'App × envs that could not be compared (a render failed).' },
        findings: count,
        differs: { type: 'boolean', description: 'Whether any object is added, removed or changed (what --exit-code reports).' },
        objects: {
          type: 'object',
          additionalProperties: false,
          required: ['added', 'removed', 'changed'],
          properties: { added: count, removed: count, changed: count },
        },
      },
    },
    findings: {
      type: 'array',
      description: 'Changes that will not apply, lose data or disrupt traffic.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'impact', 'target', 'object', 'message'],
        properties: {
          id: { type: 'string', enum: Object.keys(FINDINGS) },
          impact: { type: 'string', enum: ['fails', 'data-loss', 'disruption'], description: 'fails: the sync fails; data-loss: data is deleted; disruption: traffic or addresses change.' },
          target: { type: 'string', description: 'app/env' },
          object: { type: 'string', description: 'Kind/name' },
          path: { type: 'string', description: 'The field, for a changed object.' },
          message: { type: 'string', description: 'What happens and how to avoid it.' },
        },
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['app', 'env', 'namespace', 'status', 'rendered', 'objects'],
        properties: {
          app: { type: 'string' },
          env: { type: 'string' },
          namespace: { type: 'string' },
          status: { type: 'string', enum: ['added', 'removed', 'changed', 'unchanged', 'error'] },
          rendered: { type: 'boolean', description: 'false when it was not rendered (nothing it is made of changed, or a render failed).' },
          renamedFrom: { type: 'string', description: 'For an added app × env: the removed one with the same values files (app/env).' },
          renamedTo: { type: 'string', description: 'For a removed app × env: the added one with the same values files (app/env).' },
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['side', 'message'],
            properties: { side: { type: 'string', enum: ['base', 'head'] }, message: { type: 'string' } },
          },
          objects: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['change', 'apiVersion', 'group', 'kind', 'namespace', 'name'],
              properties: {
                change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                apiVersion: { type: 'string' },
                group: { type: 'string', description: 'API group; "" for the core group.' },
                kind: { type: 'string' },
                namespace: { type: 'string', description: '"" for cluster-scoped kinds.' },
                name: { type: 'string' },
                source: { type: 'string', description: 'The custom resource entry that writes it, e.g. customResourcesMap.tcp-route.' },
                fields: {
                  type: 'array',
                  description: 'For a changed object: each field that differs.',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['path', 'change'],
                    properties: {
                      path: { type: 'string', description: 'e.g. spec.template.spec.containers[name=app].image; list items with names are matched by name.' },
                      change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                      old: { description: 'The value at the base (absent for an added field or a Secret value).' },
                      new: { description: 'The value in the working tree (absent for a removed field or a Secret value).' },
                      secret: { const: true, description: 'A value of a Secret\'s data or stringData: neither value is given.' },
                      order: { const: true, description: 'The items of a named list changed order; old and new are their names.' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};
