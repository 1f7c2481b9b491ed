// Renders an app of a deployment repo the way ArgoCD does: `helm template <app>-<env> chart/` with the
// platform's values, then base/base-values.yaml, then envs/<env>/values.yaml, in the env's namespace.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HelmError, helmFor, HelmLimitError, runHelm, type HelmBounds, type HelmMajor, type HelmResult } from './helm.ts';
import { explainHelmError } from './errors.ts';
import { bundledChartDir } from './install.ts';

/** The chart bundled with the package. */
export const chartDir = bundledChartDir;

export interface RenderRequest {
  /** the app's folder: holds base/base-values.yaml and envs/<env>/values.yaml */
  appDir: string;
  env: string;
  /** defaults to the env's name */
  namespace?: string;
  /** platform values files, applied before the app's own files */
  values?: string[];
  /** --set key=value pairs, applied last */
  set?: string[];
  helm?: HelmMajor;
  /** the chart folder (or .tgz) to render; default: the chart bundled with the package */
  chart?: string;
  /** how messages name the chart when `chart` is a copy in the cache (of an archive, or a pulled chart) */
  chartLabel?: string;
  /**
   * the app's values files in Helm's order, instead of base/base-values.yaml then envs/<env>/values.yaml
   * (the value files an ArgoCD Application lists)
   */
  valueFiles?: string[];
  /** bounds of the Helm run (default: helmBounds(), from the environment) */
  bounds?: HelmBounds;
}

export interface RenderPlan {
  release: string;
  namespace: string;
  valueFiles: string[];
  args: string[];
}

export class RenderError extends Error {}
/** Helm was stopped at one of its bounds (time, memory, output) while rendering: the values asked too much. */
export class RenderLimitError extends RenderError {}
/** The release name or namespace derived from folders is not one Helm or Kubernetes accepts. */
export class NameError extends RenderError {}

// Helm's own rule for release names (pkg/chartutil ValidateReleaseName), checked here so a name made
// from a folder never reaches Helm as anything Helm would read differently.
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RELEASE_NAME_MAX = 53;
// A Kubernetes namespace is a DNS-1123 label.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAMESPACE_MAX = 63;

/**
 * The release name ArgoCD gives an app × env, checked as Helm checks it, and its namespace, checked as a DNS
 * label; throws NameError naming the folder to rename.
 */
export function checkNames(app: string, env: string, namespace: string): string {
  const release = `${app}-${env}`;
  if (release.length > RELEASE_NAME_MAX || !RELEASE_NAME.test(release)) {
    const why =
      release.length > RELEASE_NAME_MAX ? `it is ${release.length} characters long` : 'it holds characters Helm does not allow there';
    throw new NameError(
      `the release name "${release}" (the app folder "${app}", "-", the env "${env}") is not a valid Helm ` +
        `release name: ${why}. Helm takes at most ${RELEASE_NAME_MAX} characters: lowercase letters, digits, "-" and ".", ` +
        'starting and ending with a letter or digit. Rename the app or env folder to such a name.',
    );
  }
  if (namespace.length > NAMESPACE_MAX || !NAMESPACE.test(namespace)) {
    throw new NameError(
      `the namespace "${namespace}" is not a valid Kubernetes namespace: use at most ${NAMESPACE_MAX} lowercase letters, ` +
        'digits and "-", starting and ending with a letter or digit (set it with --namespace, or in the config\'s namespaces).',
    );
  }
  return release;
}

/** The `helm template` call for an app and env; fails when the app's files are not where ArgoCD expects them. */
export function planRender(request: RenderRequest): RenderPlan {
  const appDir = resolve(request.appDir);
  if (!existsSync(appDir) || !statSync(appDir).isDirectory()) {
    throw new RenderError(`${request.appDir}: no such app folder. Give the folder that holds base/ and envs/.`);
  }
  const envFile = join(appDir, 'envs', request.env, 'values.yaml');
  if (!request.valueFiles && !existsSync(envFile)) {
    const envsDir = join(appDir, 'envs');
    throw new RenderError(
      `${envFile}: no values file for env "${request.env}".` +
        (existsSync(envsDir) ? ` Envs of this app are listed in ${envsDir}.` : ' The app has no envs/ folder.'),
    );
  }
  for (const file of request.values ?? []) {
    if (!existsSync(file)) throw new RenderError(`${file}: no such values file (given with --values).`);
  }
  for (const file of request.valueFiles ?? []) {
    if (!existsSync(file)) throw new RenderError(`${file}: no such values file (named by the app's ArgoCD Application).`);
  }
  const baseFile = join(appDir, 'base', 'base-values.yaml');
  const appFiles = request.valueFiles ?? [...(existsSync(baseFile) ? [baseFile] : []), envFile];
  const valueFiles = [...(request.values ?? []).map((f) => resolve(f)), ...appFiles.map((f) => resolve(f))];
  // Helm splits the value of --values at commas: such a path would be read as other files than the one meant
  const split = valueFiles.find((file) => file.includes(','));
  if (split)
    throw new RenderError(
      `${split}: Helm reads a values file path with a comma as several paths; rename the file or folder without the comma.`,
    );
  const namespace = request.namespace ?? request.env;
  const release = checkNames(basename(appDir), request.env, namespace);
  // Every value is glued to its flag and the positional arguments follow "--": nothing taken from a repo
  // (folder names, paths, config) can be read by Helm as a flag of its own.
  const args = ['template', `--namespace=${namespace}`];
  for (const file of valueFiles) args.push(`--values=${file}`);
  for (const pair of request.set ?? []) args.push(`--set=${pair}`);
  args.push('--', release, request.chart ?? chartDir);
  return { release, namespace, valueFiles, args };
}

/**
 * The output of `helm template`: empty, or documents that each start with Helm's "# Source:" line. Anything
 * else came from a program that is not a working Helm.
 */
export function isTemplateOutput(stdout: string): boolean {
  if (stdout.trim() === '') return true;
  const [before, ...documents] = stdout.split(/^---[ \t]*\n/m);
  return before === '' && documents.length > 0 && documents.every((d) => d.startsWith('# Source: '));
}

/**
 * The rendered manifests; throws RenderError with a readable message (and prints nothing) when the values do not
 * render (RenderLimitError when they make Helm exceed its bounds), and HelmError when Helm itself does not work.
 */
export async function renderApp(request: RenderRequest): Promise<string> {
  const plan = planRender(request);
  const helm = helmFor(request.helm);
  let result: HelmResult;
  try {
    result = await runHelm(helm, plan.args, { bounds: request.bounds, isolated: true });
  } catch (error) {
    if (!(error instanceof HelmLimitError)) throw error;
    throw new RenderLimitError(
      `rendering ${plan.release} stopped: ${error.message}. A template in the values that loops or builds large text ` +
        '(such as {{ range until 100000000 }}) does this; remove it. To allow more, raise the bound named.',
    );
  }
  const origin = {
    HELM_BIN: ' It was chosen by HELM_BIN; unset HELM_BIN to use the pinned Helm.',
    PATH: ' It was found on PATH; set HELM_BIN to another Helm.',
    pinned: '',
  }[helm.source];
  if (result.exitCode === 0) {
    if (isTemplateOutput(result.stdout)) return result.stdout;
    throw new HelmError(
      `Helm at ${helm.bin} exited with code 0 but printed no rendered manifests (it began: ` +
        `${JSON.stringify(result.stdout.slice(0, 80))}); is it a working Helm?${origin}`,
    );
  }
  if (!result.stderr.trim()) {
    throw new HelmError(`Helm at ${helm.bin} exited with code ${result.exitCode} and no message; is it a working Helm?${origin}`);
  }
  throw new RenderError(explainHelmError(result.stderr, plan.valueFiles, request.chart, request.chartLabel));
}
