// app-chart diff: every app × env whose inputs differ between a base revision and the working tree, rendered
// at both exactly as `app-chart render` does (lint's discovery, config and platform values, shared renders
// and cache), compared object by object, with the changes that will not apply or lose data found first.
import { availableParallelism } from 'node:os';
import { relative, sep } from 'node:path';
import { defaultCacheDir } from '../lint/cache.ts';
import { UsageError } from '../lint/discover.ts';
import { limited, pool } from '../lint/index.ts';
import type { RenderFn } from '../lint/target.ts';
import { HelmError, type Helm } from '../helm.ts';
import { givenChart, type ChartSource } from '../chart-source.ts';
import type { CheckedChart } from '../deployment.ts';
import { cachedRender, rendersIn } from '../render-cache.ts';
import { renderApp, RenderError } from '../render.ts';
import { findingsOf, type DiffFinding } from './findings.ts';
import { GitError } from './git.ts';
import { compareObjects, objectsOf, type ManifestObject, type ObjectChange } from './objects.ts';
import { chartLabel } from './report.ts';
import { openSides, type Side, type SideInfo } from './sides.ts';
import { discoverBoth, prepareTargets, withPlatformValuesNamed, type SideTarget } from './targets.ts';

export type { SideInfo };

export interface DiffOptions {
  /** what to compare, as lint takes it: the repo, an apps folder, an app, an env folder or values files */
  paths: string[];
  /** the git revision to compare the working tree with; without it both sides are the working tree */
  base?: string;
  /**
   * the chart for the working tree, instead of the one each app × env deploys: a folder or .tgz path, or a
   * source (an OCI reference or a repository chart, with its version), as `render` takes it
   */
  chart?: string | ChartSource;
  /** the chart for the base, instead of the one each app × env deploys there */
  baseChart?: string | ChartSource;
  configFile?: string;
  /** render every app × env, even those whose inputs are the same at both revisions */
  all?: boolean;
  /** false: neither read nor write cached renders */
  cache?: boolean;
  cacheDir?: string;
  /** renders an app; defaults to `helm template` as render.ts runs it (tests wrap it to count renders) */
  render?: RenderFn;
  concurrency?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export type TargetStatus = 'added' | 'removed' | 'changed' | 'unchanged' | 'error';

export interface TargetDiff {
  app: string;
  env: string;
  namespace: string;
  status: TargetStatus;
  /** false when its inputs are the same at both revisions, so it was not rendered */
  rendered: boolean;
  changes: ObjectChange[];
  /** an added app × env whose values files are those of a removed one: "app/env" of that one */
  renamedFrom?: string;
  renamedTo?: string;
  /** the chart it renders with at each side where it could be planned (the version and digest tell a chart change) */
  chart?: { base?: CheckedChart; head?: CheckedChart };
  error?: { side: 'base' | 'head'; message: string };
}

export interface DiffResult {
  base: SideInfo;
  head: SideInfo;
  targets: TargetDiff[];
  findings: DiffFinding[];
  /** app × envs not rendered because nothing they are made of changed */
  skipped: number;
  errors: number;
  /** settings of ArgoCD Applications that are not applied, one line each */
  notes: string[];
  /** the Helm binaries that render */
  helms: Helm[];
}

interface Pair {
  base?: SideTarget;
  head?: SideTarget;
  result: TargetDiff;
  baseObjects?: Map<string, ManifestObject>;
}

/** Every app × env of either side, paired with itself at the other, in the order of app and env. */
function pairs(base: Map<string, SideTarget>, head: Map<string, SideTarget>): Pair[] {
  return [...new Set([...base.keys(), ...head.keys()])]
    .map((key) => {
      const b = base.get(key);
      const h = head.get(key);
      const t = (h ?? b)!.target;
      const result: TargetDiff = {
        app: t.app,
        env: t.env,
        namespace: t.namespace,
        status: !b ? 'added' : !h ? 'removed' : 'changed',
        rendered: false,
        changes: [],
      };
      if (b?.chart || h?.chart) result.chart = { ...(b?.chart ? { base: b.chart } : {}), ...(h?.chart ? { head: h.chart } : {}) };
      return { key, pair: { base: b, head: h, result } };
    })
    .sort(
      (a, b) =>
        a.pair.result.app.localeCompare(b.pair.result.app) ||
        a.pair.result.env.localeCompare(b.pair.result.env) ||
        a.key.localeCompare(b.key),
    )
    .map(({ pair }) => pair);
}

/** The same inputs render the same objects; the same problem at both revisions is no change either. */
const unchanged = (p: Pair) =>
  p.base !== undefined &&
  p.head !== undefined &&
  (p.base.key !== undefined ? p.base.key === p.head.key : p.base.problem === p.head.problem && p.base.filesDigest === p.head.filesDigest);

/** An app × env removed and one added with the very same values files, in the same env, one to one: a rename. */
function findRenames(all: Pair[]) {
  const byContent = new Map<string, { removed: Pair[]; added: Pair[] }>();
  for (const p of all) {
    const only = !p.head ? p.base : !p.base ? p.head : undefined;
    // one refused before its files were read has no digest: its files are unknown, never the same as another's
    if (!only?.filesDigest) continue;
    const key = `${p.result.env}\0${only.filesDigest}`;
    const group = byContent.get(key) ?? { removed: [], added: [] };
    (p.head ? group.added : group.removed).push(p);
    byContent.set(key, group);
  }
  for (const { removed, added } of byContent.values()) {
    if (removed.length !== 1 || added.length !== 1) continue;
    added[0].result.renamedFrom = `${removed[0].result.app}/${removed[0].result.env}`;
    removed[0].result.renamedTo = `${added[0].result.app}/${added[0].result.env}`;
  }
}

/** Each side's charts, as its header names them: one label, or several joined by "; ". */
function describeCharts(base: SideInfo, head: SideInfo, all: Pair[]) {
  const labels = (side: 'base' | 'head') => [
    ...new Set(all.flatMap((p) => (p.result.chart?.[side] ? [chartLabel(p.result.chart[side])] : []))),
  ];
  base.chart = labels('base').join('; ') || 'none (nothing to render)';
  head.chart = labels('head').join('; ') || 'none (nothing to render)';
}

/**
 * The working tree's notes, and the base's that say something else than one of them about the same file: the base
 * names a file "<revision>:<path>", the working tree by its path from the working folder (`headTop` is its top).
 */
function notesOf(base: string[], head: string[], revision: string | undefined, headTop: string): string[] {
  const said = new Set(head);
  const top = relative(process.cwd(), headTop);
  const asHead = (note: string) => (revision ? note.split(`${revision}:`).join(top ? `${top}${sep}` : '') : note);
  const others = base.filter((note) => !said.has(asHead(note)));
  return [...new Set([...head, ...others])];
}

export async function diff(options: DiffOptions): Promise<DiffResult> {
  if (!options.base && !options.baseChart && !options.chart) {
    throw new UsageError('say what to compare with: --base <git revision>, or --base-chart <chart> / --chart <chart> to compare charts.');
  }
  const given = options.paths.length ? options.paths : ['.'];
  const cacheDir = options.cacheDir ?? defaultCacheDir;
  let sides: Awaited<ReturnType<typeof openSides>>;
  try {
    sides = await openSides({
      paths: given,
      base: options.base,
      configFile: options.configFile,
      chart: options.chart ? givenChart(options.chart, 'chart') : undefined,
      baseChart: options.baseChart ? givenChart(options.baseChart, 'baseChart') : undefined,
    });
  } catch (error) {
    throw error instanceof GitError ? new UsageError(error.message) : error;
  }
  const { base, head } = sides;
  try {
    const found = discoverBoth(base, head, given);
    const [atBase, atHead] = [await prepareTargets(base, found.base, cacheDir), await prepareTargets(head, found.head, cacheDir)];
    const all = pairs(atBase.targets, atHead.targets);
    describeCharts(base.info, head.info, all);
    const pending = all.filter((p) => !unchanged(p) || options.all);
    for (const p of all) if (!pending.includes(p)) p.result.status = 'unchanged';

    const concurrency = options.concurrency ?? availableParallelism();
    const render = options.render ?? renderApp;
    const renderSome = limited(options.cache !== false ? cachedRender(render, rendersIn(cacheDir)) : render, concurrency);
    const renderSide = async (
      entry: SideTarget | undefined,
      side: Side,
    ): Promise<{ objects?: Map<string, ManifestObject>; error?: string }> => {
      if (!entry) return { objects: new Map() };
      if (entry.problem !== undefined) return { error: entry.problem };
      try {
        return { objects: objectsOf(await renderSome(entry.request), entry.target.namespace) };
      } catch (error) {
        if (error instanceof RenderError || error instanceof HelmError)
          return { error: side.display(withPlatformValuesNamed(error.message, entry)) };
        throw error;
      }
    };
    let done = 0;
    options.onProgress?.(0, pending.length, '');
    // Helm renders `concurrency` at a time; twice as many app × envs are in flight, so while Helm renders some,
    // this thread compares others
    await pool(pending, concurrency * 2, async (p) => {
      const [before, after] = await Promise.all([renderSide(p.base, base), renderSide(p.head, head)]);
      if (before.error !== undefined || after.error !== undefined) {
        p.result.status = 'error';
        p.result.error = before.error !== undefined ? { side: 'base', message: before.error } : { side: 'head', message: after.error! };
      } else {
        p.result.rendered = true;
        p.result.changes = compareObjects(before.objects!, after.objects!);
        p.baseObjects = before.objects;
        if (p.result.status === 'changed' && p.result.changes.length === 0) p.result.status = 'unchanged';
      }
      options.onProgress?.(++done, pending.length, `${p.result.app}/${p.result.env}`);
    });
    findRenames(all);

    const targets = all.map((p) => p.result);
    const byName = new Map(targets.map((t) => [`${t.app}/${t.env}`, t]));
    const findings = findingsOf(
      all
        .filter((p) => p.result.rendered)
        .map((p) => ({
          target: `${p.result.app}/${p.result.env}`,
          namespace: p.result.namespace,
          removed: !p.head,
          changes: p.result.changes,
          renamedTo: p.result.renamedTo ? byName.get(p.result.renamedTo)?.changes : undefined,
        })),
      all.flatMap((p) => [...(p.baseObjects?.values() ?? [])]),
    );
    return {
      base: base.info,
      head: head.info,
      targets,
      findings,
      skipped: all.length - pending.length,
      errors: targets.filter((t) => t.status === 'error').length,
      notes: notesOf(atBase.notes, atHead.notes, base.info.revision, head.top),
      // each side finds its own Helm: one binary asked for one major version is told of once
      helms: [...new Map([...atBase.helms, ...atHead.helms].map((h) => [`${h.requested}\0${h.bin}`, h])).values()],
    };
  } finally {
    sides.close();
  }
}
