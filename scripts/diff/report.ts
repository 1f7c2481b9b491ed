// The text of app-chart diff for a terminal, and what every format says alike: the summary, each app × env's
// status, the order of the sections. Markdown is in markdown.ts, JSON in json.ts.
import { targetLines, visible, type Line } from './body.ts';
import type { Impact } from './findings.ts';
import type { CheckedChart } from '../deployment.ts';
import type { DiffResult, TargetDiff, TargetStatus } from './index.ts';
import type { ObjectChange } from './objects.ts';

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
export const IMPACT: Record<Impact, string> = { fails: 'will not apply', 'data-loss': 'loses data', disruption: 'disrupts traffic' };

export const counts = (changes: ObjectChange[]) => ({
  added: changes.filter((c) => c.change === 'added').length,
  removed: changes.filter((c) => c.change === 'removed').length,
  changed: changes.filter((c) => c.change === 'changed').length,
});

export const differs = (result: DiffResult) => result.targets.some((t) => t.changes.length > 0);

function objectCounts(t: TargetDiff): string {
  const c = counts(t.changes);
  return (
    [c.added && `${c.added} added`, c.removed && `${c.removed} removed`, c.changed && `${c.changed} changed`].filter(Boolean).join(', ') ||
    'no object changes'
  );
}

/** "chart app-chart 0.1.0 → app-chart 0.2.0" when an app × env renders another chart at each side, else undefined. */
export function chartChange(t: TargetDiff): string | undefined {
  const { base, head } = t.chart ?? {};
  if (!base || !head || base.digest === head.digest) return undefined;
  const before = `${base.name} ${base.version}`;
  const after = `${head.name} ${head.version}`;
  return before === after ? `chart ${after} changed (other files, same version)` : `chart ${before} → ${after}`;
}

/**
 * An app × env with a section: it changes or could not be compared. Never an unchanged one: diff marks an app × env
 * unchanged only when it was not rendered or its renders compared equal, so it has no changes and no error.
 */
export type Section = TargetDiff & { status: Exclude<TargetStatus, 'unchanged'> };

/** What happened to an app × env (and to its chart), and its object counts unless it could not be compared. */
export function statusNote(t: Section): string {
  const chart = chartChange(t);
  if (t.status === 'error')
    return `cannot compare: the ${t.error?.side === 'base' ? 'base revision' : 'working tree'} does not render${chart ? `; ${chart}` : ''}`;
  return [targetStatus(t), chart, objectCounts(t)].filter(Boolean).join('; ');
}

function targetStatus(t: Section): string {
  if (t.status === 'added') return `new app × env${t.renamedFrom ? `, renamed from ${t.renamedFrom} (same values files)` : ''}`;
  if (t.status === 'removed')
    return (
      'app × env removed' +
      (t.renamedTo ? `, renamed to ${t.renamedTo} (same values files): its objects are deleted and created anew under new names` : '')
    );
  return 'changed';
}

export function summaryLine(result: DiffResult): string {
  const shown = result.targets.filter((t) => t.changes.length > 0);
  const all = result.targets.flatMap((t) => t.changes);
  const c = counts(all);
  const parts = [
    `${plural(shown.length, 'app × env')} of ${result.targets.length} change${shown.length === 1 ? 's' : ''}` +
      (all.length ? `: ${c.added} object${c.added === 1 ? '' : 's'} added, ${c.removed} removed, ${c.changed} changed` : ''),
  ];
  const same = result.targets.filter((t) => t.status === 'unchanged' && t.rendered).length;
  if (same) parts.push(`${plural(same, 'app × env')} rendered the same objects`);
  if (result.skipped)
    parts.push(
      `${plural(result.skipped, 'app × env')} not rendered: ` +
        `nothing ${result.skipped === 1 ? 'it is' : 'they are'} made of changed (--all renders them)`,
    );
  if (result.errors) parts.push(`${plural(result.errors, 'app × env')} could not be compared`);
  return `${parts.join('; ')}.`;
}

/** A chart as the output names it: "app-chart 0.2.0 (oci://…:0.2.0 (named by app-chart.config.yaml))". */
export const chartLabel = (chart: CheckedChart) => `${chart.name} ${chart.version} (${chart.source})`;

/** Whether any app × env renders another chart in the working tree than at the base. */
export const chartsChange = (result: DiffResult) => result.targets.some((t) => chartChange(t) !== undefined);

/** The charts rendered: the working tree's, or each chart change ("base's → working tree's") where there are any. */
export function chartsLine(result: DiffResult): string {
  if (!chartsChange(result)) return result.head.chart;
  const moves = result.targets.flatMap((t) => (chartChange(t) ? [`${chartLabel(t.chart!.base!)} → ${chartLabel(t.chart!.head!)}`] : []));
  return [...new Set(moves)].join('; ');
}

export const sidesLine = (result: DiffResult) => `${result.base.label} → ${result.head.label}, chart: ${chartsLine(result)}`;

/** Targets worth a section: those with changes or an error, findings first. */
export function sections(result: DiffResult): Section[] {
  const flagged = new Set(result.findings.map((f) => f.target));
  const name = (t: TargetDiff) => `${t.app}/${t.env}`;
  const shown = result.targets
    .filter((t) => t.changes.length > 0 || t.status === 'error')
    .sort((a, b) => Number(flagged.has(name(b))) - Number(flagged.has(name(a))));
  return shown as Section[];
}

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
    for (const f of result.findings)
      out.push(`  ${paint('red', IMPACT[f.impact])}  ${paint('bold', f.target)}  ${visible(f.message)}  ${paint('dim', f.id)}`);
    out.push('');
  }
  for (const t of sections(result)) {
    out.push(
      `${paint('bold', visible(`${t.app}/${t.env}`)) + paint('dim', visible(` (namespace ${t.namespace})`))}: ${visible(statusNote(t))}`,
    );
    if (t.error) out.push(...t.error.message.split('\n').map((l) => `  ${paint('red', visible(l))}`));
    out.push(...targetLines(t.changes, t.namespace).map((l) => `  ${line(l)}`), '');
  }
  const summary = summaryLine(result);
  out.push(
    result.errors ? paint('red', `✖ ${summary}`) : differs(result) ? paint('yellow', `~ ${summary}`) : paint('green', `✔ ${summary}`),
  );
  return `${out.join('\n')}\n`;
}
