// Renders an app × env as it is deployed (the chart and value files its ArgoCD Application names, else the
// config's chart, else the bundled one): what `app-chart render` runs, and the API's render().
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { AppChartValues } from '../schema/values.types.ts';
import { copyLabel, givenChart, type ChartSource } from './chart-source.ts';
import { argoAppsOf, deploymentOf, type CheckedChart } from './deployment.ts';
import { helmFor, type Helm, type HelmMajor } from './helm.ts';
import { cacheDir } from './install.ts';
import { discover } from './lint/discover.ts';
import { RULE_IDS } from './lint/rules/ids.ts';
import { planRender, renderApp } from './render.ts';
import { writeFileAtomic } from './write-file.ts';

export interface RenderOptions {
  /** the app's folder: holds base/base-values.yaml and envs/<env>/values.yaml */
  appDir: string;
  env: string;
  /** default: the namespace ArgoCD deploys to, else the config's for the env, else the env's name */
  namespace?: string;
  /** platform values, applied before the app's files: values files, or values objects */
  values?: (string | AppChartValues)[];
  /** key=value pairs applied last, as helm --set */
  set?: string[];
  /** default: the config's helm, else 4 */
  helm?: HelmMajor;
  /**
   * the chart: a folder or .tgz path, or a source (an OCI reference or a repository chart, with its version);
   * default: the chart the app's ArgoCD Application names, else the config's chart:, else the bundled chart
   */
  chart?: string | ChartSource;
  /** app-chart.config.yaml to use; default: the nearest one above the app */
  config?: string;
}

export interface RenderResult {
  /** the manifests, as `helm template` prints them */
  manifests: string;
  /** the chart that rendered them */
  chart: CheckedChart;
  /** the Helm that rendered them */
  helm: Helm;
  /** settings of the app's ArgoCD Application that the render does not apply */
  notes: string[];
}

/** A values object as a file Helm reads back as written (YAML 1.1 quoting), kept in the cache by content. */
function valuesFile(values: AppChartValues): string {
  const text = stringify(values, { version: '1.1' });
  const file = join(cacheDir, 'values', `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.yaml`);
  if (!existsSync(file)) writeFileAtomic(file, text);
  return file;
}

/**
 * Renders an app × env as it is deployed: the chart and value files of its ArgoCD Application when the repo
 * holds one (else the config's chart, else the bundled one), release <app>-<env>. Throws RenderError (the
 * values or templates), ConfigError or UsageError (the repo or options), ChartError or HelmError.
 */
export async function render(options: RenderOptions): Promise<RenderResult> {
  const values = (options.values ?? []).map((v) => (typeof v === 'string' ? v : valuesFile(v)));
  const appDir = resolve(options.appDir);
  const envDir = join(appDir, 'envs', options.env);
  const chartOption = options.chart ? givenChart(options.chart, 'chart') : undefined;
  const request = { appDir, env: options.env, namespace: options.namespace, values, set: options.set };
  // without the env's values file, planRender says precisely what is missing
  if (!existsSync(join(envDir, 'values.yaml'))) planRender(request);
  const [target] = discover([envDir], { configFile: options.config, ruleIds: RULE_IDS }).targets;
  const helm = helmFor(options.helm ?? target.config.helm);
  const notes: string[] = [];
  const deployed = await deploymentOf(target, { apps: argoAppsOf(target.config), helm, notes, chart: chartOption });
  const manifests = await renderApp({
    ...request,
    namespace: options.namespace ?? deployed.target.namespace,
    valueFiles: deployed.target.files,
    chart: deployed.chart.dir,
    chartLabel: copyLabel(deployed.chart),
    helm: helm.requested,
  });
  return { manifests, chart: deployed.checked, helm, notes };
}
