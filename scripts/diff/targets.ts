// The app × envs of one side, found as lint finds them and planned as lint plans them (the chart, value files
// and namespace each deploys: its ArgoCD Application, else the config's chart:, else the bundled chart), each
// with the `helm template` request that renders it as `app-chart render` does and a key of everything that
// render is made of.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArgoApps } from '../argocd.ts';
import { copyLabel, type Chart } from '../chart-source.ts';
import { argoAppsOf, loadDeployment, planDeployment, type CheckedChart, type DeploymentPlan } from '../deployment.ts';
import { helmFor, type Helm } from '../helm.ts';
import { ConfigError, type LintConfig } from '../lint/config.ts';
import { discover, UsageError, type Target } from '../lint/discover.ts';
import { platformFile, platformValuesOrigin, writtenPlatformValues } from '../lint/index.ts';
import { RULE_IDS } from '../lint/rules/ids.ts';
import { renderKey } from '../render-cache.ts';
import { RenderError, type RenderRequest } from '../render.ts';
import { linkOutOfChart, outside } from './confine.ts';
import type { Side } from './sides.ts';

export interface SideTarget {
  /** the app × env as it is deployed: the value files and namespace of its ArgoCD Application, if one covers it */
  target: Target;
  request: RenderRequest;
  /** what the render is made of; undefined when it cannot be rendered (then `problem` says why) */
  key?: string;
  problem?: string;
  /** the values files' contents, to recognise an app folder renamed */
  filesDigest: string;
  /** the chart it renders with, named as a person finds it at this side */
  chart?: CheckedChart;
  /** the file the config's platformValues are written to for Helm (in the cache), and the config they come from */
  platformValues?: { file: string; config: LintConfig };
}

/** A render error names the file the config's platformValues are written to by where they come from instead. */
export function withPlatformValuesNamed(text: string, entry: SideTarget): string {
  if (!entry.platformValues) return text;
  const { file, config } = entry.platformValues;
  // the longer first: the path relative to the working folder may end the absolute one
  const forms = [file, relative(process.cwd(), file)].sort((a, b) => b.length - a.length);
  if (!forms.some((form) => text.includes(form))) return text;
  // read from the config only for an error that names the file, not for every app × env
  const origin = platformValuesOrigin(config);
  return forms.reduce(
    (shown, form) =>
      shown
        .split(form)
        .map((piece, i) => (i === 0 ? piece : piece.replace(/^:\d+:\d+/, '')))
        .join(origin),
    text,
  );
}

/** What one side of a comparison found: its app × envs, and what of their ArgoCD Applications is not applied. */
export interface PreparedSide {
  targets: Map<string, SideTarget>;
  notes: string[];
  helms: Helm[];
}

/** A config error of the base revision says so, and names its files as <revision>:<path>. */
function onSide<T>(side: Side, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ConfigError && side.info.revision) throw new ConfigError(`at ${side.info.label}: ${side.display(error.message)}`);
    throw error;
  }
}

/** The app × envs under one path on one side, or the reason there are none. */
function discoverPath(path: string, configFile: string | undefined): Target[] | UsageError {
  if (!existsSync(path)) return new UsageError(`${path}: no such file or folder`);
  try {
    return discover([path], { configFile, ruleIds: RULE_IDS }).targets;
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

/**
 * The app × envs of the given paths at both sides. A path may hold apps at one side only (an app added or
 * removed); a path that holds none at either is a usage error.
 */
export function discoverBoth(base: Side, head: Side, given: string[]): { base: Target[]; head: Target[] } {
  const found = { base: new Map<string, Target>(), head: new Map<string, Target>() };
  given.forEach((name, i) => {
    const atHead = discoverPath(head.paths[i], head.configFile);
    const atBase = onSide(base, () => discoverPath(base.paths[i], base.configFile));
    const headHits = Array.isArray(atHead) ? atHead : [];
    const baseHits = Array.isArray(atBase) ? atBase : [];
    if (headHits.length === 0 && baseHits.length === 0) {
      const why = atHead instanceof UsageError ? atHead : atBase instanceof UsageError ? atBase : undefined;
      throw new UsageError(
        why
          ? why.message.replace(head.paths[i], name).replace(base.paths[i], name)
          : `${name}: no app with an env found at either revision.`,
      );
    }
    for (const t of headHits) found.head.set(`${t.appDir}\0${t.env}`, t);
    for (const t of baseHits) found.base.set(`${t.appDir}\0${t.env}`, t);
  });
  return { base: [...found.base.values()], head: [...found.head.values()] };
}

const digest = (files: string[]) => {
  const h = createHash('sha256');
  for (const file of files) h.update(readFileSync(file)).update('\0');
  return h.digest('hex');
};

const OUTSIDE =
  'diff renders only what lies inside the repository, so that no other file of this machine reaches its output. ' +
  'Keep values files, platform values files and the chart in the repository, as files rather than links out of it.';

/**
 * Each target of a side, planned as lint plans it and with its chart loaded, with its render request and key,
 * by "<app folder in the repository>\0<env>" (the same at both sides for the same app × env, also under a config
 * from outside the repository). Platform values from a config are written once into `cacheDir`. What keeps one
 * app × env from being rendered (its Application names a file that is missing, its chart cannot be loaded, it
 * reaches outside the repository) is that app × env's problem; a repo whose ArgoCD files cannot be read stops the
 * comparison.
 */
export async function prepareTargets(side: Side, targets: Target[], cacheDir: string): Promise<PreparedSide> {
  const platform = new Map<LintConfig, string[]>();
  const platformFiles = (config: LintConfig) => {
    let files = platform.get(config);
    if (!files) {
      const generated = platformFile(config, [() => join(cacheDir, 'platform')]);
      platform.set(config, (files = [...(generated ? [generated] : []), ...config.platformValuesFiles]));
    }
    return files;
  };
  const argo = new Map<LintConfig, ArgoApps | undefined>();
  const appsOf = (config: LintConfig) => {
    if (!argo.has(config))
      argo.set(
        config,
        onSide(side, () => argoAppsOf(config, side.repoRoot)),
      );
    return argo.get(config);
  };
  const helms = new Map<number, Helm>();
  const helmOf = (config: LintConfig) => helms.get(config.helm) ?? helms.set(config.helm, helmFor(config.helm)).get(config.helm)!;

  const chartEscapes = new Map<string, string | undefined>();
  /** Why an app × env would render something from outside the repository, if it would. */
  const escapes = (plan: DeploymentPlan): string | undefined => {
    if (!side.confined) return undefined;
    const file = [...plan.target.files, ...plan.target.config.platformValuesFiles].map((f) => outside(side.top, f)).find(Boolean);
    // a chart named on the command line is the caller's own; a pulled chart is unpacked without links
    if (file || side.chart || plan.source.kind !== 'local') return file;
    const chart = plan.source.path;
    if (!chartEscapes.has(chart))
      chartEscapes.set(chart, outside(side.top, chart) ?? (statSync(chart).isDirectory() ? linkOutOfChart(chart) : undefined));
    return chartEscapes.get(chart);
  };

  const notes: string[] = [];
  const prepared = new Map<string, SideTarget>();
  // every app × env planned first, as lint does: what the repo names is checked before any chart is pulled
  const planned = targets.map((target) => {
    const apps = appsOf(target.config);
    const entry: SideTarget = { target, request: { appDir: target.appDir, env: target.env }, filesDigest: '' };
    prepared.set(`${relative(side.top, target.appDir)}\0${target.env}`, entry);
    try {
      const plan = planDeployment(target, { apps, notes, chart: side.chart });
      const leaving = escapes(plan);
      if (leaving) entry.problem = `${leaving}: ${OUTSIDE}`;
      else entry.target = plan.target;
      return { entry, plan: leaving ? undefined : plan };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      entry.problem = side.display(error.message);
      return { entry, plan: undefined };
    }
  });
  const charts = new Map<string, Promise<Chart>>();
  await Promise.all(
    planned.map(async ({ entry, plan }) => {
      if (!plan) return;
      const { target } = plan;
      try {
        const deployed = await loadDeployment(plan, helmOf(target.config), charts);
        entry.chart = { ...deployed.checked, source: side.display(deployed.checked.source) };
        entry.request = {
          appDir: target.appDir,
          env: target.env,
          namespace: target.namespace,
          values: platformFiles(target.config),
          valueFiles: target.files,
          helm: target.config.helm,
          chart: deployed.chart.dir,
          chartLabel: copyLabel(deployed.chart),
        };
        const written = writtenPlatformValues(platformFiles(target.config), target.config);
        if (written) entry.platformValues = { file: written, config: target.config };
        entry.filesDigest = digest(target.files);
        entry.key = renderKey(entry.request, () => deployed.chart.digest);
      } catch (error) {
        // a values file that cannot be read (a folder named values.yaml) is a problem of its app × env too
        const unreadable = typeof (error as NodeJS.ErrnoException).code === 'string';
        if (!(error instanceof ConfigError || error instanceof RenderError || unreadable)) throw error;
        entry.problem = side.display((error as Error).message);
      }
    }),
  );
  return { targets: prepared, notes: notes.map(side.display), helms: [...helms.values()] };
}
