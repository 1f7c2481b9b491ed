// Renders an app of a deployment repo the way ArgoCD does: `helm template <app>-<env> chart/` with the
// platform's values, then base/base-values.yaml, then envs/<env>/values.yaml, in the env's namespace.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { helmFor, repoRoot, runHelm, type HelmMajor } from './helm.ts';
import { explainHelmError } from './errors.ts';

export const chartDir = join(repoRoot, 'chart');

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
  chart?: string;
}

export interface RenderPlan {
  release: string;
  namespace: string;
  valueFiles: string[];
  args: string[];
}

export class RenderError extends Error {}

/** The `helm template` call for an app and env; fails when the app's files are not where ArgoCD expects them. */
export function planRender(request: RenderRequest): RenderPlan {
  const appDir = resolve(request.appDir);
  if (!existsSync(appDir) || !statSync(appDir).isDirectory()) {
    throw new RenderError(`${request.appDir}: no such app folder. Give the folder that holds base/ and envs/.`);
  }
  const envFile = join(appDir, 'envs', request.env, 'values.yaml');
  if (!existsSync(envFile)) {
    const envsDir = join(appDir, 'envs');
    throw new RenderError(
      `${envFile}: no values file for env "${request.env}".` +
        (existsSync(envsDir) ? ` Envs of this app are listed in ${envsDir}.` : ' The app has no envs/ folder.'),
    );
  }
  for (const file of request.values ?? []) {
    if (!existsSync(file)) throw new RenderError(`${file}: no such values file (given with --values).`);
  }
  const baseFile = join(appDir, 'base', 'base-values.yaml');
  const valueFiles = [...(request.values ?? []).map((f) => resolve(f)), ...(existsSync(baseFile) ? [baseFile] : []), envFile];
  const release = `${basename(appDir)}-${request.env}`;
  const namespace = request.namespace ?? request.env;
  const args = ['template', release, request.chart ?? chartDir, '--namespace', namespace];
  for (const file of valueFiles) args.push('--values', file);
  for (const pair of request.set ?? []) args.push('--set', pair);
  return { release, namespace, valueFiles, args };
}

/** The rendered manifests; throws RenderError with a readable message (and prints nothing) on failure. */
export async function renderApp(request: RenderRequest): Promise<string> {
  const plan = planRender(request);
  const helm = helmFor(request.helm);
  const result = await runHelm(helm, plan.args);
  if (result.exitCode === 0) return result.stdout;
  if (!result.stderr.trim()) {
    throw new RenderError(
      `Helm at ${helm.bin} exited with code ${result.exitCode} and no message; is it a working Helm?` +
        (helm.external ? ' It was chosen by HELM_BIN; unset HELM_BIN to use the pinned Helm.' : ''),
    );
  }
  throw new RenderError(explainHelmError(result.stderr, plan.valueFiles));
}
