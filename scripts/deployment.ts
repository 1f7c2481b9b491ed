// What a deployment repo deploys for an app × env: the chart (the one its ArgoCD Application names, else
// the one app-chart.config.yaml names, else the chart bundled with the package), and the value files and
// namespace ArgoCD uses. Render and lint both start from here, so both check the same thing.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { ArgoError, readArgoApps, type ArgoApps } from './argocd.ts';
import { ChartError, describeChart, loadChart, type Chart, type ChartSource } from './chart-source.ts';
import type { Helm } from './helm.ts';
import { ConfigError, type LintConfig } from './lint/config.ts';
import type { Target } from './lint/discover.ts';

export interface CheckedChart {
  name: string;
  version: string;
  /** sha256:<hex> of the archive, or of the chart folder's files */
  digest: string;
  /** where it came from (a path, an OCI reference or a repository) and what named it */
  source: string;
}

export interface Deployed {
  /** the app × env with ArgoCD's value files and namespace, when an Application covers it */
  target: Target;
  chart: Chart;
  checked: CheckedChart;
  helm: Helm;
  /** files besides the app's own that the result depends on (the ArgoCD Applications read) */
  argoFiles: string[];
}

const shown = (path: string) => relative(process.cwd(), path) || path;

/** Wraps the errors of a repo's ArgoCD files and charts as config errors (exit status 2). */
function asConfigError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ArgoError || error instanceof ChartError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The ArgoCD Applications a config lets lint read; `repoRoot` is where their paths start (default: the git
 * repository root above the config).
 */
export const argoAppsOf = (config: LintConfig, repoRoot?: string): ArgoApps | undefined =>
  config.argocd === false ? undefined : asConfigError(() => readArgoApps(config.root, config.argocd as true | string[], repoRoot));

export interface DeploymentOptions {
  apps: ArgoApps | undefined;
  helm: Helm;
  /** what lint cannot apply is added here, one line each */
  notes: string[];
  /** a chart given on the command line, over everything else */
  chart?: ChartSource;
}

export interface DeploymentPlan {
  target: Target;
  source: ChartSource;
  checkedSource: string;
  argoFiles: string[];
}

/**
 * What an app × env deploys, before any chart is loaded: so that a repo whose config and ArgoCD disagree
 * fails before anything is pulled.
 */
export function planDeployment(target: Target, options: Omit<DeploymentOptions, 'helm'>): DeploymentPlan {
  const { config } = target;
  const found = asConfigError(() => options.apps?.forTarget(target.appDir, target.env));
  const where = config.file ? shown(config.file) : 'app-chart.config.yaml';
  if (found && config.chart && !options.chart && JSON.stringify(found.chart) !== JSON.stringify(config.chart)) {
    throw new ConfigError(
      `${where}: chart: names ${describeChart(config.chart)}, but ${shown(found.from)} deploys ${describeChart(found.chart)} ` +
        `for ${target.app}/${target.env}. Remove chart: to lint what ArgoCD deploys, or set argocd: false.`,
    );
  }
  for (const file of found?.valueFiles ?? []) {
    if (!existsSync(file)) {
      throw new ConfigError(
        `${shown(found!.from)}: helm.valueFiles names ${shown(file)}, which does not exist, so ArgoCD cannot render ` +
          `${target.app}/${target.env}: create it, or set ignoreMissingValueFiles: true in the Application.`,
      );
    }
  }
  const note = (text: string) => {
    if (!options.notes.includes(text)) options.notes.push(text);
  };
  if (found?.ignored.length) note(`${shown(found.from)}: app-chart does not apply ${found.ignored.join(', ')}`);
  // ArgoCD would render the chart's defaults alone: what the repo's layout holds is rendered instead, and said
  if (found && !found.valueFiles.length) {
    note(
      `${shown(found.from)}: lists no helm.valueFiles, so ArgoCD renders the chart without the app's values files; ` +
        'app-chart renders each app × env with base/base-values.yaml and envs/<env>/values.yaml',
    );
  }
  const source = options.chart ?? found?.chart ?? config.chart ?? { kind: 'bundled' as const };
  const namedBy = options.chart ? 'the command line' : found ? shown(found.from) : config.chart ? where : undefined;
  return {
    target: found
      ? { ...target, files: found.valueFiles.length ? found.valueFiles : target.files, namespace: found.namespace ?? target.namespace }
      : target,
    source,
    checkedSource: `${describeChart(source)}${namedBy ? ` (named by ${namedBy})` : ''}`,
    argoFiles: options.apps?.files ?? [],
  };
}

/**
 * The planned app × env with its chart on disk (pulled and unpacked as needed). `charts` holds the charts a run
 * loaded already, by source: a run of hundreds of app × envs on one chart reads and digests it once.
 */
export async function loadDeployment(plan: DeploymentPlan, helm: Helm, charts?: Map<string, Promise<Chart>>): Promise<Deployed> {
  let chart: Chart;
  try {
    const key = JSON.stringify(plan.source);
    let loading = charts?.get(key);
    if (!loading) {
      loading = loadChart(plan.source, helm);
      charts?.set(key, loading);
    }
    chart = await loading;
  } catch (error) {
    if (error instanceof ChartError) throw new ConfigError(error.message);
    throw error;
  }
  const checked = { name: chart.name, version: chart.version, digest: chart.digest, source: plan.checkedSource };
  return { target: plan.target, chart, checked, helm, argoFiles: plan.argoFiles };
}

export const deploymentOf = (target: Target, options: DeploymentOptions): Promise<Deployed> =>
  loadDeployment(planDeployment(target, options), options.helm);
