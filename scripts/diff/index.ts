// app-chart diff: every app × env whose inputs differ between a base revision and the working tree, rendered
// at both exactly as `app-chart render` does (lint's discovery, config and platform values, shared renders
// and cache), compared object by object, with the changes that will not apply or lose data found first.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { defaultCacheDir } from '../lint/cache.ts';
import { ConfigError, defaultConfig, type LintConfig } from '../lint/config.ts';
import { discover, UsageError, type Target } from '../lint/discover.ts';
import { limited, platformFile, pool } from '../lint/index.ts';
import { RULE_IDS } from '../lint/rules/index.ts';
import type { RenderFn } from '../lint/target.ts';
import { HelmError } from '../helm.ts';
import { cachedRender, renderKey, rendersIn } from '../render-cache.ts';
import { chartDir, renderApp, RenderError, type RenderRequest } from '../render.ts';
import { chartFromOption, chartOf, type Chart } from './chart.ts';
import { linkOutOfChart, outside } from './confine.ts';
import { findingsOf, type DiffFinding } from './findings.ts';
import { extractTree, GitError, resolveCommit, topLevel } from './git.ts';
import { compareObjects, objectsOf, type ManifestObject, type ObjectChange } from './objects.ts';

/** A render that takes longer than this is stopped and reported as an error of its app × env. */
export const RENDER_TIMEOUT_MS = 120_000;

export interface DiffOptions {
  /** what to compare, as lint takes it: the repo, an apps folder, an app, an env folder or values files */
  paths: string[];
  /** the git revision to compare the working tree with; without it both sides are the working tree */
  base?: string;
  /** chart folder or .tgz for the working tree, instead of the one the repo deploys */
  chart?: string;
  /** chart folder or .tgz for the base, instead of the one the base revision deploys */
  baseChart?: string;
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

export interface SideInfo {
  /** "main (1a2b3c4)", "working tree" */
  label: string;
  revision?: string;
  commit?: string;
  chart: string;
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
}

interface Side {
  info: SideInfo;
  /** the top of the files: the git work tree, or the folder the base revision was read into */
  top: string;
  /** whether the files rendered must lie inside `top` (always, but outside a git repository) */
  confined: boolean;
  chart?: Chart;
  /** turns paths in messages into what a person can find: "main:apps/x/..." for a base revision */
  display: (text: string) => string;
}

interface SideTarget {
  target: Target;
  request: RenderRequest;
  key?: string;
  keyError?: string;
  filesDigest: string;
}

function replaceAll(text: string, from: string, to: string): string {
  return from ? text.split(from).join(to) : text;
}

/** The app × envs of the given paths on one side; a path that holds no app on this side gives none. */
function discoverSide(paths: string[], configFile: string | undefined): { targets: Target[]; errors: Error[] } {
  const targets = new Map<string, Target>();
  const errors: Error[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      errors.push(new UsageError(`${path}: no such file or folder`));
      continue;
    }
    try {
      for (const t of discover([path], { configFile, ruleIds: RULE_IDS }).targets) targets.set(`${t.appDir}\0${t.env}`, t);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      errors.push(error);
    }
  }
  return { targets: [...targets.values()], errors };
}

const digest = (files: string[]) => {
  const h = createHash('sha256');
  for (const file of files) h.update(readFileSync(file)).update('\0');
  return h.digest('hex');
};

export async function diff(options: DiffOptions): Promise<DiffResult> {
  const cwd = process.cwd();
  const given = options.paths.length ? options.paths : ['.'];
  const absolute = given.map((p) => resolve(p));
  const cacheDir = options.cacheDir ?? defaultCacheDir;
  const useCache = options.cache !== false;
  if (!options.base && !options.baseChart && !options.chart) {
    throw new UsageError('say what to compare with: --base <git revision>, or --base-chart <chart> / --chart <chart> to compare charts.');
  }
  const headChart = options.chart ? chartFromOption(options.chart, '--chart') : undefined;
  const baseChart = options.baseChart ? chartFromOption(options.baseChart, '--base-chart') : undefined;
  const start = absolute.find(existsSync) ?? cwd;
  const startDir = statSync(start).isDirectory() ? start : dirname(start);

  let tree: string | undefined;
  let temp: string | undefined;
  try {
    let headTop: string;
    let baseSide: Side;
    if (options.base) {
      headTop = await topLevel(startDir);
      const commit = await resolveCommit(headTop, options.base);
      temp = mkdtempSync(join(tmpdir(), 'app-chart-diff-'));
      tree = join(temp, 'tree');
      await extractTree(headTop, commit, tree);
      const label = `${options.base} (${commit.slice(0, 7)})`;
      const treeDir = tree;
      const relTree = relative(cwd, tree);
      baseSide = {
        info: { label, revision: options.base, commit, chart: '' },
        top: tree,
        confined: true,
        chart: baseChart,
        display: (text) => replaceAll(replaceAll(text, `${treeDir}${sep}`, `${options.base}:`), `${relTree}${sep}`, `${options.base}:`),
      };
    } else {
      const top = await topLevel(startDir).catch(() => undefined);
      headTop = top ?? startDir;
      baseSide = { info: { label: 'working tree', chart: '' }, top: headTop, confined: top !== undefined, chart: baseChart, display: (t) => t };
    }
    const headSide: Side = { info: { label: 'working tree', chart: '' }, top: headTop, confined: baseSide.confined, chart: headChart, display: (t) => t };

    for (const path of options.base ? absolute : []) {
      if (path !== headTop && !path.startsWith(headTop + sep)) {
        throw new UsageError(`${relative(cwd, path) || path}: not inside the git repository at ${headTop}; give paths of one repo.`);
      }
    }
    const basePaths = options.base ? absolute.map((p) => join(baseSide.top, relative(headTop, p))) : absolute;
    const configFor = (top: string) => {
      if (!options.configFile) return undefined;
      const file = resolve(options.configFile);
      if (!options.base || !file.startsWith(headTop + sep)) return file;
      const mapped = join(top, relative(headTop, file));
      return existsSync(mapped) ? mapped : undefined;
    };

    const head = discoverSide(absolute, options.configFile ? resolve(options.configFile) : undefined);
    let base: { targets: Target[]; errors: Error[] };
    try {
      base = discoverSide(basePaths, configFor(baseSide.top));
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`at ${baseSide.info.label}: ${baseSide.display(error.message)}`);
      throw error;
    }
    given.forEach((path, i) => {
      const headFound = head.targets.some((t) => inPath(t, absolute[i]));
      const baseFound = base.targets.some((t) => inPath(t, basePaths[i]));
      if (!headFound && !baseFound) {
        const error = head.errors.find((e) => e.message.includes(absolute[i])) ?? head.errors[0] ?? base.errors[0];
        throw new UsageError(error ? error.message.replace(absolute[i], path) : `${path}: no app with an env found at either revision.`);
      }
    });

    const platformOf = new Map<LintConfig, string[]>();
    const platform = (config: LintConfig) => {
      let files = platformOf.get(config);
      if (!files) {
        const generated = platformFile(config, join(cacheDir, 'platform'));
        platformOf.set(config, (files = [...(generated ? [generated] : []), ...config.platformValuesFiles]));
      }
      return files;
    };
    const chartEscapes = new Map<string, string | undefined>();
    /** Why a revision's app × env would render something from outside the repository, if it would. */
    const escapes = (side: Side, target: Target, chart: Chart) => {
      if (!side.confined) return undefined;
      const file = [...target.files, ...target.config.platformValuesFiles].map((f) => outside(side.top, f)).find(Boolean);
      if (file || side.chart || chart.path === chartDir) return file;
      if (!chartEscapes.has(chart.path)) chartEscapes.set(chart.path, outside(side.top, chart.path) ?? linkOutOfChart(chart.path));
      return chartEscapes.get(chart.path);
    };
    const sideTargets = (side: Side, targets: Target[]) => {
      const byKey = new Map<string, SideTarget>();
      for (const target of targets) {
        const chart = side.chart ?? chartOf({ top: side.top, config: target.config });
        side.info.chart ||= chart.label;
        const escape = escapes(side, target, chart);
        const request: RenderRequest = {
          appDir: target.appDir,
          env: target.env,
          namespace: target.namespace,
          values: platform(target.config),
          helm: target.config.helm,
          chart: chart.path,
          timeoutMs: RENDER_TIMEOUT_MS,
        };
        const entry: SideTarget = { target, request, filesDigest: escape ? '' : digest(target.files) };
        try {
          if (escape) {
            throw new RenderError(
              `${escape}: diff renders only what lies inside the repository, so that no other file of this machine reaches its output. ` +
                'Keep values files, platform values files and the chart in the repository, as files rather than links out of it.',
            );
          }
          entry.key = renderKey(request);
        } catch (error) {
          if (!(error instanceof RenderError)) throw error;
          entry.keyError = side.display(error.message);
        }
        byKey.set(`${relative(side.top, target.config.root)}\0${target.app}\0${target.env}`, entry);
      }
      side.info.chart ||= (side.chart ?? chartOf({ top: side.top, config: defaultConfig(side.top) })).label;
      return byKey;
    };
    const baseTargets = sideTargets(baseSide, base.targets);
    const headTargets = sideTargets(headSide, head.targets);

    interface Work {
      key: string;
      base?: SideTarget;
      head?: SideTarget;
      result: TargetDiff;
      baseObjects?: Map<string, ManifestObject>;
    }
    const work: Work[] = [];
    for (const key of new Set([...baseTargets.keys(), ...headTargets.keys()])) {
      const b = baseTargets.get(key);
      const h = headTargets.get(key);
      const t = (h ?? b)!.target;
      const result: TargetDiff = {
        app: t.app,
        env: t.env,
        namespace: t.namespace,
        status: !b ? 'added' : !h ? 'removed' : 'changed',
        rendered: false,
        changes: [],
      };
      work.push({ key, base: b, head: h, result });
    }
    work.sort((a, b) => a.result.app.localeCompare(b.result.app) || a.result.env.localeCompare(b.result.env) || a.key.localeCompare(b.key));

    let skipped = 0;
    const pending = work.filter((w) => {
      // the same inputs render the same objects; the same name problem at both revisions is no change either
      const same = w.base && w.head && (w.base.key !== undefined ? w.base.key === w.head.key : w.base.keyError === w.head.keyError && w.base.filesDigest === w.head.filesDigest);
      if (same && !options.all) {
        w.result.status = 'unchanged';
        skipped++;
        return false;
      }
      return true;
    });

    const concurrency = options.concurrency ?? availableParallelism();
    const baseRender = options.render ?? renderApp;
    const renderSome = limited(useCache ? cachedRender(baseRender, rendersIn(cacheDir)) : baseRender, concurrency);
    const renderSide = async (entry: SideTarget | undefined, side: Side): Promise<{ objects?: Map<string, ManifestObject>; error?: string }> => {
      if (!entry) return { objects: new Map() };
      if (entry.keyError) return { error: entry.keyError };
      try {
        return { objects: objectsOf(await renderSome(entry.request), entry.target.namespace) };
      } catch (error) {
        if (error instanceof RenderError || error instanceof HelmError) return { error: side.display(error.message) };
        throw error;
      }
    };
    let done = 0;
    options.onProgress?.(0, pending.length, '');
    await pool(pending, concurrency * 2, async (w) => {
      const [before, after] = await Promise.all([renderSide(w.base, baseSide), renderSide(w.head, headSide)]);
      const failed = before.error !== undefined ? { side: 'base' as const, message: before.error } : after.error !== undefined ? { side: 'head' as const, message: after.error } : undefined;
      if (failed) {
        w.result.status = 'error';
        w.result.error = failed;
      } else {
        w.result.rendered = true;
        w.result.changes = compareObjects(before.objects!, after.objects!);
        w.baseObjects = before.objects;
        if (w.result.status === 'changed' && w.result.changes.length === 0) w.result.status = 'unchanged';
      }
      options.onProgress?.(++done, pending.length, `${w.result.app}/${w.result.env}`);
    });

    // An app × env removed and one added with the very same values files, in the same env: a rename (only
    // when that pairs them one to one).
    const byContent = new Map<string, { removed: Work[]; added: Work[] }>();
    for (const w of work) {
      const only = !w.head ? w.base : !w.base ? w.head : undefined;
      if (!only) continue;
      const key = `${w.result.env}\0${only.filesDigest}`;
      const group = byContent.get(key) ?? { removed: [], added: [] };
      (w.head ? group.added : group.removed).push(w);
      byContent.set(key, group);
    }
    for (const { removed, added } of byContent.values()) {
      if (removed.length !== 1 || added.length !== 1) continue;
      added[0].result.renamedFrom = `${removed[0].result.app}/${removed[0].result.env}`;
      removed[0].result.renamedTo = `${added[0].result.app}/${added[0].result.env}`;
    }

    const targets = work.map((w) => w.result);
    const byName = new Map(targets.map((t) => [`${t.app}/${t.env}`, t]));
    const findings = findingsOf(
      work.filter((w) => w.result.rendered).map((w) => ({
        target: `${w.result.app}/${w.result.env}`,
        namespace: w.result.namespace,
        removed: !w.head,
        changes: w.result.changes,
        renamedTo: w.result.renamedTo ? byName.get(w.result.renamedTo)?.changes : undefined,
      })),
      work.flatMap((w) => [...(w.baseObjects?.values() ?? [])]),
    );
    return {
      base: baseSide.info,
      head: headSide.info,
      targets,
      findings,
      skipped,
      errors: targets.filter((t) => t.status === 'error').length,
    };
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** Whether a target lies under (or is named by) a path given on the command line. */
function inPath(target: Target, path: string): boolean {
  return target.appDir === path || target.appDir.startsWith(path + sep) || path.startsWith(target.appDir + sep) || target.config.root.startsWith(path + sep) || target.config.file === path;
}
