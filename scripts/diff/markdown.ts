// Markdown of app-chart diff for a pull-request comment: the findings, a table of the app × envs that change and
// one collapsed section each, kept under GitHub's comment limit with a note of what was cut. Every name and
// value from the repo is escaped, so none can break out of its code block, table cell or summary, or mention
// anyone.
import { targetLines, visible, type Line } from './body.ts';
import type { DiffFinding, Impact } from './findings.ts';
import type { DiffResult, TargetDiff } from './index.ts';
import { chartsChange, chartsLine, counts, IMPACT, plural, sections, statusNote, summaryLine, type Section } from './report.ts';

/**
 * GitHub's limit on a comment, in characters as its error gives it ("maximum is 65536 characters"), counted as
 * Unicode code points, not UTF-16 units or bytes: a pull-request description takes 65,536 code points, a comment
 * 262,144 bytes of UTF-8, and 65,536 code points fit in either.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The first line of the markdown: a workflow finds its earlier comment by it and edits that one. */
export const MARKDOWN_MARKER = '<!-- app-chart diff -->';

/** Code points, counted without splitting the text into an array of them (a comment's whole text is counted). */
const characters = (text: string) => text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/**
 * Text that markdown shows as written: HTML and markdown punctuation escaped, kept on one line, and no "@name"
 * that would notify someone (names in a repo are anyone's to choose).
 */
const escapeMd = (text: string) =>
  escapeHtml(visible(text))
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/\r?\n/g, ' ')
    .replace(/@(?=\w)/g, '@\u200b');
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
  const cells = [code(`${t.app}/${t.env}`).replace(/\|/g, '\\|'), escapeMd(t.namespace), escapeMd(t.status), c.added, c.removed, c.changed];
  return `| ${cells.join(' | ')} | ${findings || ''} |`;
}

function sectionOf(t: Section, lines: Line[], note?: string): string {
  const summary = `<code>${escapeHtml(visible(`${t.app}/${t.env}`))}</code>: ${escapeHtml(visible(statusNote(t)))}`;
  const body: string[] = [];
  if (t.error) body.push(fenced(t.error.message.split('\n').map(visible), 'text'));
  if (lines.length)
    body.push(
      fenced(
        lines.map((l) => `${l.mark} ${l.text}`),
        'diff',
      ),
    );
  if (note) body.push(`_${escapeMd(note)}_`);
  return `<details><summary>${summary}</summary>\n\n${body.join('\n\n')}\n\n</details>`;
}

/** The closing note of a comment that had to be cut: what was left out, and the command that shows all of it. */
function cutNote(cut: string[], result: DiffResult, command: string): string {
  return (
    `_Cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: ${escapeMd(cut.join(', '))}. ` +
    `Run ${code(`${command}${result.base.revision ? ` --base ${result.base.revision}` : ''}`)} for everything._`
  );
}

/**
 * Markdown for a pull-request comment: the findings, a table of the app × envs that change, and one collapsed
 * section each. When all of it does not fit in GitHub's comment limit, what does not fit is cut, and the comment
 * says so.
 */
export function toMarkdown(result: DiffResult, limit = GITHUB_COMMENT_LIMIT, command = 'npx app-chart diff'): string {
  const findingsOf = (t: TargetDiff) => result.findings.filter((f) => f.target === `${t.app}/${t.env}`).length;
  const shown = sections(result).map((t) => ({ t, lines: targetLines(t.changes, t.namespace) }));
  const head = [
    MARKDOWN_MARKER,
    `### app-chart diff: ${escapeMd(result.base.label)} → ${escapeMd(result.head.label)}`,
    '',
    escapeMd(summaryLine(result)) + (chartsChange(result) ? ` Chart: ${escapeMd(chartsLine(result))}.` : ''),
  ].join('\n');
  const title = `> [!CAUTION]\n> **${plural(result.findings.length, 'change')} will not apply, lose data or disrupt traffic**\n>`;
  const tableHead = [
    '| app × env | namespace | status | added | removed | changed | findings |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ];
  const whole = [
    head,
    ...(result.findings.length ? [[title, ...result.findings.map((f) => `> ${findingItem(f)}`)].join('\n')] : []),
    ...(shown.length ? [[...tableHead, ...shown.map(({ t }) => tableRow(t, findingsOf(t)))].join('\n')] : []),
    ...shown.map(({ t, lines }) => sectionOf(t, lines)),
  ].join('\n\n');
  // the final newline counts too
  if (characters(whole) + 1 <= limit) return `${whole}\n`;

  // Room is kept for the note of what was cut, as long as that note can ever be: every finding, every table
  // row, all but one line of the section with the longest name, and every section.
  const longest = shown.reduce((most, { t, lines }) => {
    const item = `${lines.length} lines of ${t.app}/${t.env}`;
    return characters(item) > characters(most) ? item : most;
  }, '');
  const widest = [plural(result.findings.length, 'finding'), plural(shown.length, 'table row'), longest];
  const reserve = characters(cutNote([...widest, `the sections of ${plural(shown.length, 'app × env')}`], result, command)) + 3;
  const parts: string[] = [head];
  let used = characters(head) + reserve;
  const cut: string[] = [];
  const take = (text: string) => {
    if (used + characters(text) + 2 > limit) return false;
    parts.push(text);
    used += characters(text) + 2;
    return true;
  };

  if (result.findings.length) {
    const items: string[] = [];
    let left = 0;
    for (const f of result.findings) {
      const candidate = [title, ...items, `> ${findingItem(f)}`].join('\n');
      if (left === 0 && used + characters(candidate) + 2 <= limit - 2000) items.push(`> ${findingItem(f)}`);
      else left++;
    }
    if (left) {
      items.push(`> - … and ${plural(left, 'more finding')}`);
      cut.push(plural(left, 'finding'));
    }
    take([title, ...items].join('\n'));
  }

  if (shown.length) {
    const rows = [...tableHead];
    let left = 0;
    for (const { t } of shown) {
      const row = tableRow(t, findingsOf(t));
      if (left === 0 && used + characters(rows.join('\n')) + characters(row) + 4 <= limit - 1000) rows.push(row);
      else left++;
    }
    if (left) cut.push(`${plural(left, 'table row')}`);
    take(rows.join('\n'));
  }

  let included = 0;
  for (const { t, lines } of shown) {
    if (take(sectionOf(t, lines))) {
      included++;
      continue;
    }
    // as much of this section as fits, then no more sections
    const note = (keep: number) => `${lines.length - keep} more lines cut to fit GitHub's comment limit`;
    const room = limit - used - 2;
    let keep = lines.length;
    let size = characters(sectionOf(t, lines));
    while (keep > 0 && size > room) {
      keep = Math.floor(keep * Math.min(0.9, room / size));
      size = characters(sectionOf(t, lines.slice(0, keep), note(keep)));
    }
    if (keep > 0 && take(sectionOf(t, lines.slice(0, keep), note(keep)))) {
      included++;
      cut.push(`${lines.length - keep} lines of ${t.app}/${t.env}`);
    }
    break;
  }
  if (shown.length > included) cut.push(`the sections of ${plural(shown.length - included, 'app × env')}`);
  if (cut.length) parts.push(cutNote(cut, result, command));
  return `${parts.join('\n\n')}\n`;
}
