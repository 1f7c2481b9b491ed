// app-chart lint: every app × env under the given paths, linted in parallel (Helm renders dominate, so
// as many run at once as there are cores), cached by content, then checked across apps, with each
// finding's severity taken from the rule and the repo's config.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { findGitRoot } from '../argocd.ts';
import type { Chart } from '../chart-source.ts';
import { argoAppsOf, loadDeployment, planDeployment, type CheckedChart, type Deployed } from '../deployment.ts';
import { helmBounds, helmFor, helmIdentity, type Helm, type HelmBounds } from '../helm.ts';
import { formatPath, type ValuesPath } from '../values-path.ts';
import { renderApp } from '../render.ts';
import { cachedRender, rendersIn } from '../render-cache.ts';
import { cacheKey, defaultCacheDir, fileDigests, hash, readCache, readIndex, writeCache, writeIndex } from './cache.ts';
import { CONFIG_FILE, severityFor, type LintConfig } from './config.ts';
import { locatePath } from './positions.ts';
import type { RepoConfig } from './rules/rule.ts';
import { inShard, shardRecord, type Shard, type ShardRecord } from './shard.ts';
import { appsIn, discover, type PathProblems, type Target } from './discover.ts';
import { RULE_IDS, RULES, ruleById } from './rules/index.ts';
import { lintTarget, targetResultShape, type RenderFn, type TargetResult } from './target.ts';
import type { Severity, TargetFinding } from './types.ts';
import { parseValuesFile, unreadFile, yamlLimits, type ParsedFile, type YamlLimits } from './yaml.ts';

export { ConfigError } from './config.ts';
export { UsageError } from './discover.ts';

export interface LintOptions {
  paths: string[];
  /** one config for every path (else each path's nearest app-chart.config.yaml) */
  configFile?: string;
  /** false: neither read nor write the cache */
  cache?: boolean;
  cacheDir?: string;
  /** renders an app; defaults to the real `helm template` of render.ts (tests wrap it to count renders) */
  render?: RenderFn;
  concurrency?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /** something lint could do without, such as a cache it cannot write */
  onWarning?: (message: string) => void;
  /**
   * lint only this share of the repo's app × envs (a CI job of a matrix): the result carries what
   * mergeShards needs, and the checks across apps wait for the merge
   */
  shard?: Shard;
}

export interface ReportedFinding {
  rule: string;
  severity: Severity;
  message: string;
  /** relative to the working directory */
  file?: string;
  /** relative to the root of the repo it belongs to (its git toplevel, else its config's folder): what CI annotates */
  repoFile?: string;
  line?: number;
  col?: number;
  /** the values path, e.g. customResourcesMap.tcp-route */
  path?: string;
  object?: string;
  /** "app/env" of every app × env it was found in */
  targets: string[];
}

export type { CheckedChart } from '../deployment.ts';

export interface LintResult {
  findings: ReportedFinding[];
  targets: { app: string; env: string; namespace: string; cached: boolean; rendered: boolean; chart: CheckedChart }[];
  errors: number;
  warnings: number;
  cached: number;
  /** the Helm binaries that render (a note is due for one that is not the pinned one) */
  helms: Helm[];
  /** what lint could not apply (settings of ArgoCD Applications), one line each */
  notes: string[];
  /** with LintOptions.shard: what this shard found, for mergeShards to give the report of a full run */
  shard?: ShardRecord;
}

/** Config platformValues as a values file Helm reads back as written (YAML 1.1 quoting); undefined when there are none. */
export function platformFile(config: LintConfig, dirs: (() => string)[]): string | undefined {
  if (Object.keys(config.platformValues).length === 0) return undefined;
  const text = stringify(config.platformValues, { version: '1.1' });
  const name = `platform-${hash(text).slice(0, 16)}.yaml`;
  const errors: string[] = [];
  // the cache folder first; a temporary folder when the cache cannot be written
  for (const dirOf of dirs) {
    const dir = dirOf();
    const file = join(dir, name);
    try {
      if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, text);
      }
      return file;
    } catch (error) {
      errors.push(`${dir}: ${(error as Error).message}`);
    }
  }
  throw new Error(`cannot write the platform values for Helm (${errors.join('; ')})`);
}
/** The render function, with at most `size` renders running at once and the rest waiting their turn. */
export function limited(render: RenderFn, size: number): RenderFn {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (request) => {
    if (running >= size) await new Promise<void>((start) => waiting.push(start));
    else running++;
    try {
      return await render(request);
    } finally {
      // the slot passes straight to the next render waiting, if any
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

export async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

/**
 * Each app × env with what it deploys (see deployment.ts), for those `wanted`; one ArgoCD reading and one Helm
 * per config. Also the planned app × env of every target, wanted or not.
 */
async function deployments(targets: Target[], configs: LintConfig[], notes: string[], wanted: (index: number) => boolean) {
  const argo = new Map(configs.map((config) => [config, argoAppsOf(config)]));
  // every app × env planned first: a repo whose config and ArgoCD disagree fails before a chart is pulled
  const plans = targets.map((target) => planDeployment(target, { apps: argo.get(target.config), notes }));
  const helms = new Map<number, Helm>();
  const charts = new Map<string, Promise<Chart>>();
  const out = new Map<Target, Deployed>();
  for (const [i, target] of targets.entries()) {
    if (!wanted(i)) continue;
    const major = target.config.helm;
    if (!helms.has(major)) helms.set(major, helmFor(major));
    out.set(target, await loadDeployment(plans[i], helms.get(major)!, charts));
  }
  return { deployed: out, planned: plans.map((plan) => plan.target) };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  // bounds from the environment are checked before any work, so a wrong one stops lint at once
  const bounds = helmBounds();
  const limits = yamlLimits();
  const discovered = discover(options.paths, { configFile: options.configFile, ruleIds: RULE_IDS });
  const { configs, problems } = discovered;
  const notes: string[] = [];
  const { shard } = options;
  const { deployed, planned } = await deployments(discovered.targets, configs, notes, (i) => !shard || inShard(i, shard));
  // from here on, a target is the app × env as ArgoCD deploys it (its value files and namespace)
  const of = new Map([...deployed.values()].map((d) => [d.target, d]));
  const targets = [...of.keys()];
  const cacheDir = options.cacheDir ?? defaultCacheDir;
  const useCache = options.cache !== false;
  let temporary: string | undefined;
  // a temporary folder is made only when the cache's cannot be written
  const platformDirs = [() => join(cacheDir, 'platform'), () => (temporary ??= mkdtempSync(join(tmpdir(), 'app-chart-lint-')))];
  try {
    const platform = platformFilesOf(configs, platformDirs);
    const digestOf = fileDigests(limits.maxBytes);
    const keys = new Map(targets.map((target) => [target, targetKey(of.get(target)!, platform, digestOf, { limits, bounds })]));
    const store = resultStore(cacheDir, useCache, runName(targets), (message) => options.onWarning?.(message));
    const results = new Map<Target, { result: TargetResult; cached: boolean }>();
    for (const target of targets) {
      const hit = store.read(keys.get(target)!);
      if (hit) results.set(target, { result: hit, cached: true });
    }
    const pending = targets.filter((target) => !results.has(target));
    const bounded: RenderFn = (request) => renderApp({ ...request, bounds });
    const render = options.render ?? (useCache ? cachedRender(bounded, rendersIn(cacheDir)) : bounded);
    await lintPending(
      pending,
      { options, of, platform, limits, problems, render, done: results.size, total: targets.length },
      (target, result) => {
        store.write(keys.get(target)!, result);
        results.set(target, { result, cached: false });
      },
    );
    store.keep(new Map(targets.map((target) => [keys.get(target)!, results.get(target)!.result])));
    const input = reportInput(targets, results, { of, configs, problems, notes });
    if (!shard) return report({ ...input, acrossApps: true });
    // a shard leaves the checks across apps to the merge, which has the facts of every shard
    return { ...report({ ...input, acrossApps: false }), shard: shardRecord(shard, planned, input) };
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

/** Of the platform values files Helm gets, the one written from the config's platformValues, if any. */
export const writtenPlatformValues = (files: string[], config: LintConfig) =>
  files.find((file) => !config.platformValuesFiles.includes(file));

/** Where a config's platformValues are written: their key in the config file, unless the config leaves them out. */
function platformValuesKey(config: LintConfig, path: ValuesPath = []) {
  const at = config.file ? locatePath([parseValuesFile(config.file)], ['platformValues', ...path]) : undefined;
  return at?.line !== undefined ? { file: config.file!, line: at.line, col: at.col } : undefined;
}

/** The config's platformValues, as a person finds them: in the config file, or app-chart's default and how to change it. */
export function platformValuesOrigin(config: LintConfig): string {
  const key = platformValuesKey(config);
  if (key) return `platformValues of ${relative(process.cwd(), key.file) || key.file}`;
  const shown = stringify(config.platformValues, { flow: true }).trim();
  return (
    `app-chart's default platformValues (${shown}; set platformValues in ${CONFIG_FILE} to the values your platform ` +
    'injects, or to {} for none)'
  );
}

/**
 * A finding in the file lint writes the config's platformValues to (in the cache, no place to mend anything), moved
 * to where they come from: their line in the config, or, when the config leaves them out, said to be the default.
 */
function atPlatformValues(finding: TargetFinding, config: LintConfig): TargetFinding {
  const key = platformValuesKey(config, finding.path);
  if (key) return { ...finding, ...key };
  const { file: _file, line: _line, col: _col, ...rest } = finding;
  return { ...rest, message: `${finding.message}, in ${platformValuesOrigin(config)}` };
}

/** The platform values files of each config, as Helm gets them: the config's values written to a file, then its files. */
function platformFilesOf(configs: LintConfig[], dirs: (() => string)[]): Map<LintConfig, string[]> {
  const platform = new Map<LintConfig, string[]>();
  for (const config of configs) {
    const generated = platformFile(config, dirs);
    platform.set(config, [...(generated ? [generated] : []), ...config.platformValuesFiles]);
  }
  return platform;
}

/** The cache key of an app × env: everything its result depends on, files by their content. */
function targetKey(
  { target, chart, helm, argoFiles }: Deployed,
  platform: Map<LintConfig, string[]>,
  digestOf: (file: string) => string,
  { limits, bounds }: { limits: YamlLimits; bounds: HelmBounds },
): string {
  const platformFiles = platform.get(target.config) ?? [];
  return cacheKey(
    [
      target.app,
      target.env,
      target.namespace,
      target.appDir,
      target.config.file ?? 'defaults',
      target.config,
      helmIdentity(helm),
      chart.digest,
      chart.dir,
      limits,
      bounds,
    ],
    [...platformFiles, ...target.files, ...(target.config.file ? [target.config.file] : []), ...argoFiles],
    digestOf,
  );
}

/** The name of a run's index: the app × envs it lints (a shard, another path, another repo: another index). */
const runName = (targets: Target[]) => hash(JSON.stringify(targets.map((t) => [t.config.root, t.appDir, t.env]))).slice(0, 32);

/** The share of a run's results the index may miss, and of stale entries it may hold, before it is written again. */
const INDEX_SLACK = 0.05;

/**
 * Where results are kept between runs: the run's index first (one read for the whole run), then a file per key
 * (results another run stored); neither is read nor written without the cache. A cache that cannot be written
 * is warned about once, and lint goes on without it.
 */
function resultStore(dir: string, enabled: boolean, name: string, warn: (message: string) => void) {
  const index = enabled ? readIndex(dir, name) : new Map<string, unknown>();
  let writable = enabled;
  let fromIndex = 0;
  const unwritable = () => {
    writable = false;
    warn(`cannot write the lint cache in ${dir}; going on without it (the cache only saves renders)`);
  };
  return {
    read(key: string): TargetResult | undefined {
      if (!enabled) return undefined;
      const indexed = index.get(key);
      if (indexed !== undefined && targetResultShape(indexed)) {
        fromIndex++;
        return indexed as TargetResult;
      }
      return readCache<TargetResult>(dir, key, targetResultShape);
    },
    write(key: string, result: TargetResult) {
      if (writable && !writeCache(dir, key, result)) unwritable();
    },
    /**
     * The run's results become its index, unless the index answers nearly all of them already: rewriting the
     * whole index to spare the next run a few entries' own files (one app changed) costs more than it saves.
     */
    keep(results: Map<string, TargetResult>) {
      const missed = results.size - fromIndex;
      const stale = index.size - fromIndex;
      if (!writable || (missed <= results.size * INDEX_SLACK && stale <= results.size * INDEX_SLACK)) return;
      if (!writeIndex(dir, name, results)) unwritable();
    },
  };
}

interface PendingContext {
  options: LintOptions;
  of: Map<Target, Deployed>;
  platform: Map<LintConfig, string[]>;
  limits: YamlLimits;
  problems: PathProblems;
  render: RenderFn;
  /** app × envs answered by the cache, and all of them: for the progress shown */
  done: number;
  total: number;
}

/**
 * Lints the app × envs the cache did not answer. Helm renders `concurrency` at a time; twice as many app × envs
 * are in flight, so while Helm renders some, this thread checks the values and output of others.
 */
async function lintPending(pending: Target[], context: PendingContext, linted: (target: Target, result: TargetResult) => void) {
  const { options, of, platform, limits, problems } = context;
  const parsed = new Map<string, ParsedFile>();
  // each values file is parsed once, however many app × envs read it
  const parse = (file: string) => {
    let p = parsed.get(file);
    if (!p) {
      const blocked = problems.blocked.get(file);
      p = blocked ? unreadFile(file, [blocked]) : parseValuesFile(file, undefined, limits);
      parsed.set(file, p);
    }
    return p;
  };
  let done = context.done;
  options.onProgress?.(done, context.total, '');
  const concurrency = options.concurrency ?? availableParallelism();
  const renderSome = limited(context.render, concurrency);
  await pool(pending, concurrency * 2, async (target) => {
    const platformFiles = platform.get(target.config) ?? [];
    const result = await lintTarget({
      target,
      files: target.files.map(parse),
      platformFiles,
      platformParsed: platformFiles.map(parse),
      render: renderSome,
      chartDir: of.get(target)!.chart.dir,
    });
    const written = writtenPlatformValues(platformFiles, target.config);
    const moved = (f: TargetFinding) => (written !== undefined && f.file === written ? atPlatformValues(f, target.config) : f);
    linted(target, { ...result, findings: result.findings.map(moved) });
    options.onProgress?.(++done, context.total, `${target.app}/${target.env}`);
  });
}

/** What the report is made of: each app × env's row, in lint's order, and what the run knows of the repo. */
function reportInput(
  targets: Target[],
  results: Map<Target, { result: TargetResult; cached: boolean }>,
  { of, configs, problems, notes }: { of: Map<Target, Deployed>; configs: LintConfig[]; problems: PathProblems; notes: string[] },
): Omit<ReportInput, 'acrossApps'> {
  const repoConfigs = new Map(configs.map((c) => [c, repoConfigOf(c)]));
  const rows = targets.map((t) => ({
    target: { app: t.app, env: t.env, namespace: t.namespace, config: repoConfigs.get(t.config)! },
    checked: of.get(t)!.checked,
    ...results.get(t)!,
  }));
  return {
    rows,
    configs: [...repoConfigs.values()],
    pathFindings: problems.findings,
    notes,
    helms: [...new Set([...of.values()].map((d) => d.helm))],
  };
}

/** What the report and the checks across apps need of a repo's config. */
const repoConfigOf = (config: LintConfig): RepoConfig => ({
  root: config.root,
  services: config.services,
  tlsOptions: config.tlsOptions,
  rules: config.rules,
  overrides: config.overrides,
  apps: appsIn(config.appsDir),
});

/** An app × env linted, with the chart it was checked against and its result. */
export interface ReportRow {
  target: Pick<Target, 'app' | 'env' | 'namespace'> & { config: RepoConfig };
  checked: CheckedChart;
  result: TargetResult;
  cached: boolean;
}

export interface ReportInput {
  rows: ReportRow[];
  configs: RepoConfig[];
  /** findings about the paths given (of the repo, not of one app × env) */
  pathFindings: TargetFinding[];
  notes: string[];
  helms: Helm[];
  /** run the checks across apps (false for a shard: the merge runs them) */
  acrossApps: boolean;
}

/** Findings of every target and of the repo, with severities from the config, merged across targets. */
export function report({ rows, configs, pathFindings, notes, helms, acrossApps }: ReportInput): LintResult {
  const targets = rows.map((r) => r.target);
  const all: TargetFinding[] = [...pathFindings, ...rows.flatMap((r) => r.result.findings)];
  const facts = rows.flatMap((r) => r.result.facts ?? []);
  if (acrossApps) {
    const repoApps = new Map(configs.map((c) => [c.root, c.apps]));
    for (const rule of RULES) if (rule.repo) all.push(...rule.repo({ facts, configs, repoApps }));
  }

  const configOf = new Map(targets.map((t) => [`${t.config.root}\0${t.app}/${t.env}`, t.config]));
  const merged = new Map<string, ReportedFinding>();
  for (const finding of all) {
    const targetName = `${finding.app}/${finding.env}`;
    // a finding of a path (app or env "*") takes the config of its repo
    const config = configOf.get(`${finding.root}\0${targetName}`) ?? configs.find((c) => c.root === finding.root) ?? configs[0];
    const setting = severityFor(config, finding.rule, ruleById(finding.rule).severity, finding.app, finding.env);
    if (setting === 'off') continue;
    const file = finding.file ? relative(process.cwd(), finding.file) || finding.file : undefined;
    const repoFile = finding.file ? relative(repoRootOf(finding.file, config), finding.file) : undefined;
    const key = [finding.rule, file, finding.line, finding.col, finding.message].join('\0');
    const existing = merged.get(key);
    if (existing) {
      if (!existing.targets.includes(targetName)) existing.targets.push(targetName);
      if (setting === 'error') existing.severity = 'error';
      continue;
    }
    const path = finding.path?.length ? formatPath(finding.path) : undefined;
    merged.set(key, {
      rule: finding.rule,
      severity: setting,
      // the path is a field of its own: a message that starts with it does not repeat it
      message: path && finding.message.startsWith(`${path}: `) ? finding.message.slice(path.length + 2) : finding.message,
      ...(file ? { file } : {}),
      ...(repoFile ? { repoFile } : {}),
      ...(finding.line ? { line: finding.line, col: finding.col ?? 1 } : {}),
      ...(path ? { path } : {}),
      ...(finding.object ? { object: finding.object } : {}),
      targets: [targetName],
    });
  }
  const findings = [...merged.values()].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
  return {
    findings,
    targets: rows.map((r) => ({
      app: r.target.app,
      env: r.target.env,
      namespace: r.target.namespace,
      cached: r.cached,
      rendered: r.result.rendered,
      chart: r.checked,
    })),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warn').length,
    cached: rows.filter((r) => r.cached).length,
    helms,
    notes,
  };
}

/** The root paths in CI annotations are relative to: the git toplevel of the repo, else its config's folder. */
const repoRootOf = (file: string, config: RepoConfig | undefined) => findGitRoot(config?.root ?? file) ?? config?.root ?? process.cwd();
