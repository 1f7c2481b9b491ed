// examples/argocd/: the ApplicationSet and the Application that deploy apps with the chart from its OCI registry.
// Both validate against the Argo CD models; the ApplicationSet is expanded over the example apps laid out as a
// deployment repo, as its git generator would, and every Application it gives is rendered the way ArgoCD's repo
// server renders it (helm template with its release, namespace, value files and values object) from the chart
// pushed to a registry on 127.0.0.1. Each render must be the example's golden file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { examplesDir, exampleEnvs, goldenFile } from '../scripts/examples.ts';
import { helmFor, runHelm } from '../scripts/helm.ts';
import { CLUSTER_KINDS } from '../scripts/lint/rules/placement.ts';
import { validateWithModel, type ModelClass } from '../scripts/models.ts';
import { packageChart, PUBLISHED, pushChart } from '../scripts/publish.ts';
import { chartDir, renderApp } from '../scripts/render.ts';
import { startRegistry, type Registry } from './registry.ts';

/** ArgoCD 3 renders charts with Helm 3. */
const ARGO_HELM = 3;

const argocdDir = join(examplesDir, 'argocd');
const read = (file: string) => parse(readFileSync(join(argocdDir, file), 'utf8')) as ArgoObject;
const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };

interface Source {
  repoURL: string;
  chart?: string;
  targetRevision?: string;
  ref?: string;
  helm?: { releaseName?: string; valueFiles?: string[]; ignoreMissingValueFiles?: boolean; valuesObject?: unknown };
}
interface AppSpec {
  project: string;
  sources: Source[];
  destination: { server?: string; namespace: string };
}
interface ArgoObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: {
    generators?: { git: { repoURL: string; revision: string; directories: { path: string }[] } }[];
    template?: { metadata: ArgoObject['metadata']; spec: AppSpec };
  } & Partial<AppSpec>;
}

const applicationSet = read('applicationset.yaml');
const application = read('application.yaml');
const project = parse(readFileSync(join(argocdDir, 'appproject.yaml'), 'utf8')) as {
  metadata: { name: string };
  spec: {
    sourceRepos: string[];
    destinations: { server: string; namespace: string }[];
    clusterResourceWhitelist: { group: string; kind: string }[];
  };
};

/** Why the project refuses an Application, or nothing when it permits it. */
function refusals(app: ArgoObject): string[] {
  const spec = app.spec as AppSpec;
  const { server, namespace } = spec.destination;
  return [
    ...(spec.project === project.metadata.name ? [] : [`project ${spec.project}`]),
    ...spec.sources.filter((s) => !project.spec.sourceRepos.includes(s.repoURL)).map((s) => `source ${s.repoURL}`),
    ...(project.spec.destinations.some((d) => d.server === server && d.namespace === namespace)
      ? []
      : [`destination ${server} ${namespace}`]),
  ];
}

const validate = (Model: unknown, object: unknown) =>
  validateWithModel(Model as ModelClass, structuredClone(object) as Record<string, unknown>).map((f) => `${f.object}: ${f.message}`);

/** What the git generator gives a template for a directory, under goTemplate. */
interface PathParams {
  path: string;
  basename: string;
  segments: string[];
}

/** Expands the Go template expressions the examples use; any other is an error, so the test cannot miss one. */
function expand(text: string, params: PathParams): string {
  return text.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const field = /^\.path\.(path|basename)$/.exec(expression);
    if (field) return params[field[1] as 'path' | 'basename'];
    const segment = /^index \.path\.segments (\d+)$/.exec(expression);
    if (segment && params.segments[Number(segment[1])] !== undefined) return params.segments[Number(segment[1])];
    throw new Error(
      `{{ ${expression} }} in the ApplicationSet: this test expands only .path.path, .path.basename and index .path.segments <n>`,
    );
  });
}

function expandAll<T>(value: T, params: PathParams): T {
  if (typeof value === 'string') return expand(value, params) as T;
  if (Array.isArray(value)) return value.map((item) => expandAll(item, params)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandAll(item, params)])) as T;
  }
  return value;
}

/** The folders a git generator's directory pattern matches (each * one folder name), as ArgoCD lists them. */
function matchDirectories(repo: string, pattern: string): string[] {
  return pattern.split('/').reduce<string[]>(
    (paths, part) =>
      paths.flatMap((path) => {
        const dir = join(repo, path);
        if (part !== '*') return existsSync(join(dir, part)) ? [path ? `${path}/${part}` : part] : [];
        return readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
          .map((entry) => (path ? `${path}/${entry.name}` : entry.name));
      }),
    [''],
  );
}

/** The Applications the ApplicationSet generates from a deployment repo checked out at `repo`. */
function generate(repo: string): ArgoObject[] {
  const { generators, template } = applicationSet.spec;
  return generators!.flatMap(({ git }) =>
    git.directories.flatMap(({ path: pattern }) =>
      matchDirectories(repo, pattern)
        .sort()
        .map((path) => {
          const params = { path, basename: path.split('/').at(-1)!, segments: path.split('/') };
          const { metadata, spec } = expandAll(template!, params);
          return {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { ...metadata, namespace: applicationSet.metadata.namespace },
            spec,
          };
        }),
    ),
  );
}

/**
 * `helm template` as ArgoCD's repo server runs it for a multi-source Application: the chart pulled from its
 * registry, `$<ref>/...` value files read from the source with that ref, missing ones skipped when
 * ignoreMissingValueFiles is set, then valuesObject.
 */
async function renderAsArgo(app: ArgoObject, repo: string, pulledChart: string, workDir: string): Promise<string> {
  const sources = app.spec.sources!;
  const chartSource = sources.find((s) => s.chart)!;
  const refs = new Map(sources.filter((s) => s.ref).map((s) => [`$${s.ref}/`, repo]));
  const helmSpec = chartSource.helm ?? {};
  const files: string[] = [];
  for (const file of helmSpec.valueFiles ?? []) {
    const prefix = [...refs.keys()].find((p) => file.startsWith(p));
    const path = prefix ? join(refs.get(prefix)!, file.slice(prefix.length)) : join(pulledChart, file);
    if (existsSync(path)) files.push(path);
    else if (!helmSpec.ignoreMissingValueFiles) throw new Error(`${app.metadata.name}: value file ${file} does not exist`);
  }
  if (helmSpec.valuesObject !== undefined) {
    const file = join(workDir, `${app.metadata.name}-values-object.yaml`);
    writeFileSync(file, stringify(helmSpec.valuesObject));
    files.push(file);
  }
  const args = ['template', `--namespace=${app.spec.destination!.namespace}`, ...files.map((f) => `--values=${f}`)];
  const result = await runHelm(helmFor(ARGO_HELM), [...args, '--', helmSpec.releaseName ?? app.metadata.name, pulledChart]);
  if (result.exitCode !== 0) throw new Error(`${app.metadata.name}: helm template failed:\n${result.stderr}`);
  return result.stdout;
}

describe('examples/argocd', () => {
  it.each([
    ['applicationset.yaml', ApplicationSet, applicationSet],
    ['application.yaml', Application, application],
    ['appproject.yaml', AppProject, project],
  ])('%s validates against the Argo CD model, unknown fields included', (_, Model, object) => {
    expect(validate(Model, object)).toEqual([]);
  });

  it('would have its typos reported by that validation', () => {
    const typo = structuredClone(application);
    const helm = typo.spec.sources![0].helm as Record<string, unknown>;
    helm.ignoreMissingValueFile = helm.ignoreMissingValueFiles;
    delete helm.ignoreMissingValueFiles;
    expect(validate(Application, typo)).toEqual([
      'Application/postgres-tcp-prod: spec.sources[0].helm.ignoreMissingValueFile: unknown field "ignoreMissingValueFile"',
    ]);
  });

  it.each([
    ['applicationset.yaml', applicationSet.spec.template!.spec],
    ['application.yaml', application.spec as AppSpec],
  ])('%s takes the chart from the registry it is published to, at this version, and values from the deployment repo', (_, spec) => {
    const [chartSource, valuesSource] = spec.sources;
    expect(chartSource).toMatchObject({
      repoURL: PUBLISHED.oci.replace(/^oci:\/\//, ''),
      chart: chart.name,
      targetRevision: chart.version,
      helm: { ignoreMissingValueFiles: true, valuesObject: { captain_domain: expect.any(String) } },
    });
    const git = applicationSet.spec.generators![0].git;
    expect(valuesSource).toEqual({ repoURL: git.repoURL, targetRevision: git.revision, ref: 'values' });
    expect(spec.destination.server).toBe('https://kubernetes.default.svc');
  });

  describe('deployed from a registry on 127.0.0.1', () => {
    let registry: Registry;
    let workDir: string;
    let repo: string;
    let pulledChart: string;

    beforeAll(async () => {
      registry = await startRegistry();
      workDir = mkdtempSync(join(tmpdir(), 'app-chart-argocd-'));
      const packaged = await packageChart({ out: join(workDir, 'packages') });
      await pushChart({ archive: packaged.archive, ref: `oci://${registry.host}/charts`, plainHttp: true });
      // what the repo server pulls for repoURL <registry>/charts, chart app-chart, targetRevision <version>
      const pulled = await runHelm(helmFor(ARGO_HELM), [
        'pull',
        `oci://${registry.host}/charts/${chart.name}`,
        `--version=${chart.version}`,
        '--plain-http',
        '--untar',
        `--untardir=${join(workDir, 'pulled')}`,
      ]);
      expect(pulled.exitCode, pulled.stderr).toBe(0);
      pulledChart = join(workDir, 'pulled', chart.name);
      // the example apps as a deployment repo: apps/<app>/base/base-values.yaml, apps/<app>/envs/<env>/values.yaml
      repo = join(workDir, 'deployment');
      for (const app of new Set(exampleEnvs().map((e) => e.app)))
        cpSync(join(examplesDir, app), join(repo, 'apps', app), { recursive: true });
    });

    afterAll(async () => {
      await registry?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('the ApplicationSet generates one valid Application <app>-<env> per app × env, in namespace <env>, that the project permits', () => {
      const apps = generate(repo);
      expect(apps.map((a) => [a.metadata.name, a.spec.destination!.namespace, a.spec.sources![0].helm!.releaseName])).toEqual(
        exampleEnvs().map(({ app, env }) => [`${app}-${env}`, env, `${app}-${env}`]),
      );
      for (const app of [...apps, application]) {
        expect(validate(Application, app)).toEqual([]);
        expect(refusals(app), app.metadata.name).toEqual([]);
      }
    });

    it('the project refuses an Application for an env folder named after a namespace it does not list', () => {
      const env = join(repo, 'apps', 'minimal', 'envs', 'kube-system');
      mkdirSync(env, { recursive: true });
      writeFileSync(join(env, 'values.yaml'), 'deployment:\n  replicas: 1\n');
      try {
        const app = generate(repo).find((a) => a.metadata.name === 'minimal-kube-system')!;
        expect(refusals(app)).toEqual(['destination https://kubernetes.default.svc kube-system']);
      } finally {
        rmSync(env, { recursive: true, force: true });
      }
    });

    it('every object the example apps render is one the project permits: namespaced, in a namespace it lists', () => {
      const namespaces = new Set(project.spec.destinations.map((d) => d.namespace));
      const clusterKinds = new Set(
        [...CLUSTER_KINDS].filter((kind) => !project.spec.clusterResourceWhitelist.some((w) => w.kind === kind)),
      );
      const refused = exampleEnvs().flatMap((example) =>
        parseAllDocuments(readFileSync(goldenFile(example), 'utf8'))
          .map((doc) => doc.toJS() as { kind: string; metadata: { name: string; namespace?: string } } | null)
          .filter((object) => object !== null)
          .filter((object) => clusterKinds.has(object.kind) || !namespaces.has(object.metadata.namespace ?? example.env))
          .map(
            (object) =>
              `${example.app}/${example.env}: ${object.kind}/${object.metadata.name} in ${object.metadata.namespace ?? example.env}`,
          ),
      );
      expect(refused).toEqual([]);
    });

    it('each of them renders, as ArgoCD renders it, the golden file of its example', async () => {
      const apps = generate(repo);
      const renders: string[] = [];
      // two at a time: this machine has two cores
      for (let i = 0; i < apps.length; i += 2)
        renders.push(...(await Promise.all(apps.slice(i, i + 2).map((a) => renderAsArgo(a, repo, pulledChart, workDir)))));
      exampleEnvs().forEach((example, i) => {
        expect(renders[i], `${example.app}/${example.env}`).toBe(readFileSync(goldenFile(example), 'utf8'));
      });
    });

    it('an app without a base file renders from its env file alone (ignoreMissingValueFiles)', async () => {
      const solo = join(repo, 'apps', 'solo', 'envs', 'dev');
      mkdirSync(solo, { recursive: true });
      writeFileSync(join(solo, 'values.yaml'), 'image:\n  repository: traefik/whoami\n  tag: v1.10.4\ndeployment:\n  enabled: true\n');
      try {
        const app = generate(repo).find((a) => a.metadata.name === 'solo-dev')!;
        expect(await renderAsArgo(app, repo, pulledChart, workDir)).toContain('image: "docker.io/traefik/whoami:v1.10.4"');
      } finally {
        rmSync(join(repo, 'apps', 'solo'), { recursive: true, force: true });
      }
    });

    it('application.yaml is what the ApplicationSet generates for apps/postgres-tcp/envs/prod', () => {
      const generated = generate(repo).find((a) => a.metadata.name === application.metadata.name);
      expect(generated).toEqual(application);
    });

    it('app-chart render with --set captain_domain gives what ArgoCD applies', async () => {
      const captainDomain = (application.spec.sources![0].helm!.valuesObject as { captain_domain: string }).captain_domain;
      const rendered = await renderApp({
        appDir: join(repo, 'apps', 'postgres-tcp'),
        env: 'prod',
        set: [`captain_domain=${captainDomain}`],
        helm: ARGO_HELM,
      });
      expect(rendered).toBe(await renderAsArgo(application, repo, pulledChart, workDir));
    });
  });
});
