// ArgoCD Applications and ApplicationSets in a deployment repo: lint and render take the chart, its version,
// the value files and the namespace from them, and say what they do not apply.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArgoApps } from '../scripts/argocd.ts';
import { lint } from '../scripts/lint/index.ts';
import { render } from '../scripts/render-deployed.ts';
import { bundledChart, packageChart, serveChartRepo, vendorChart, writeDeployRepo, type ChartRepo } from './deploy-repo.ts';
import { APP_CHART } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-argocd-'));
let served: ChartRepo;
beforeAll(async () => {
  vendorChart(join(tmp, 'src', 'app'), '2.0.0');
  await packageChart(join(tmp, 'src', 'app'), join(tmp, 'archives'));
  served = await serveChartRepo(join(tmp, 'archives'));
});
afterAll(async () => {
  await served.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The GlueOps layout: one ApplicationSet renders every apps/<app>/envs/<env> with common, base and env values. */
const appSet = (source: string, options: { goTemplate?: boolean; extra?: string } = {}) => {
  const p = options.goTemplate
    ? { path: '{{.path.path}}', app: '{{index .path.segments 1}}', env: '{{.path.basename}}' }
    : { path: '{{path}}', app: '{{path[1]}}', env: '{{path.basename}}' };
  return `# the platform's ApplicationSet for this repo
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: apps
spec:
  goTemplate: ${options.goTemplate === true}
  generators:
    - git:
        repoURL: https://github.com/example/deploy.git
        revision: HEAD
        directories:
          - path: apps/*/envs/*
          - path: apps/api/envs/dev
            exclude: true
  template:
    metadata:
      name: '${p.app}-${p.env}'
    spec:
      project: default
      sources:
${source}
          helm:
            valueFiles:
              - $values/common/common-values.yaml
              - '$values/apps/${p.app}/base/base-values.yaml'
              - '$values/${p.path}/values.yaml'${options.extra ?? ''}
        - repoURL: https://github.com/example/deploy.git
          targetRevision: HEAD
          ref: values
      destination:
        server: https://kubernetes.default.svc
        namespace: '${p.app}-${p.env}'
`;
};

let repos = 0;
function repo(files: Record<string, string>): string {
  const root = join(tmp, `repo-${++repos}`);
  writeDeployRepo(root, ['api', 'web'], ['dev', 'prod'], { 'common/common-values.yaml': 'commonLabels:\n  team: payments\n', ...files });
  return root;
}

const byTarget = (result: Awaited<ReturnType<typeof lint>>) => Object.fromEntries(result.targets.map((t) => [`${t.app}/${t.env}`, t]));

describe('an ApplicationSet with a git directory generator', () => {
  it('gives the chart in the repo, the value files in its order and the namespace', async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(
        '        - repoURL: https://github.com/example/deploy.git\n          path: charts/app\n          targetRevision: HEAD',
      ),
    });
    vendorChart(join(root, 'charts', 'app'), '3.1.0');
    // a mistake in the common values file, which only the ApplicationSet brings in
    writeFileSync(join(root, 'common', 'common-values.yaml'), 'commonLabels:\n  team: payments\ndeployment:\n  replicsa: 2\n');
    const result = await lint({ paths: [root], cache: false });
    const targets = byTarget(result);
    const from = `${relative(process.cwd(), join(root, 'argocd', 'apps.yaml'))}:2`;
    expect(targets['web/prod']).toMatchObject({
      namespace: 'web-prod',
      chart: { name: 'app', version: '3.1.0', source: `${relative(process.cwd(), join(root, 'charts', 'app'))} (named by ${from})` },
    });
    expect(targets['api/prod'].namespace).toBe('api-prod');
    // excluded from the generator: the default chart and namespace
    expect(targets['api/dev']).toMatchObject({
      namespace: 'dev',
      chart: { name: bundledChart.name, version: bundledChart.version, source: 'the chart bundled with app-chart' },
    });
    const common = result.findings.filter((f) => f.repoFile === 'common/common-values.yaml');
    expect(common.map((f) => [f.rule, f.line, f.path])).toContainEqual(['values-schema', 4, 'deployment.replicsa']);
    expect(common.find((f) => f.path === 'deployment.replicsa')?.targets.sort()).toEqual(['api/prod', 'web/dev', 'web/prod']);
  });

  it('with goTemplate, names a chart in a Helm repository, pulled and checked', async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`, {
        goTemplate: true,
      }),
    });
    const result = await lint({ paths: [root], cache: false });
    expect(result.findings).toEqual([]);
    expect(byTarget(result)['web/dev']).toMatchObject({
      namespace: 'web-dev',
      chart: {
        name: 'app',
        version: '2.0.0',
        source: expect.stringMatching(/^app 2\.0\.0 from http:\/\/127\.0\.0\.1:\d+\/\w+ \(named by .*argocd\/apps\.yaml:2\)$/),
      },
    });
  });

  it('is followed by render too: a mistake planted in the chart ArgoCD deploys fails the render', async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(
        '        - repoURL: https://github.com/example/deploy.git\n          path: charts/app\n          targetRevision: HEAD',
      ),
    });
    vendorChart(join(root, 'charts', 'app'), '3.1.1', { file: 'planted.yaml', text: '{{ fail "planted in the deployed chart" }}\n' });
    const rendered = await execa('node', [APP_CHART, 'render', 'apps/web', '--env', 'prod'], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
    });
    expect(rendered.exitCode).toBe(1);
    expect(rendered.stderr).toMatch(/planted in the deployed chart/);
    const linted = await lint({ paths: [root], cache: false });
    expect(linted.findings.filter((f) => f.rule === 'render-failed')).toHaveLength(3);
  });

  it('says which settings of the Application lint and render do not apply; render says it on stderr, not among the manifests', async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`, {
        extra: '\n            valuesObject:\n              replicas: 5\n            releaseName: other',
      }),
    });
    const result = await lint({ paths: [root], cache: false });
    const note = 'app-chart does not apply helm.valuesObject, helm.releaseName';
    expect(result.notes).toEqual([`${relative(process.cwd(), join(root, 'argocd', 'apps.yaml'))}:2: ${note}`]);
    // `app-chart render … | kubectl apply -f -` reads stdout: nothing but the manifests may be there
    const rendered = await execa('node', [APP_CHART, 'render', 'apps/web', '--env', 'prod'], { cwd: root, reject: false, stdin: 'ignore' });
    expect(rendered.exitCode).toBe(0);
    expect(rendered.stderr).toContain(`app-chart render: note: argocd/apps.yaml:2: ${note}`);
    expect(rendered.stdout).not.toContain('note');
    expect(rendered.stdout).toMatch(/^---\n# Source: /);
    // lint's report may be piped to a file or a tool as well: the note goes to stderr
    const linted = await execa('node', [APP_CHART, 'lint', '--format', 'json', '--no-cache'], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
    });
    expect(linted.stderr).toContain(`app-chart lint: note: argocd/apps.yaml:2: ${note}`);
    expect(JSON.parse(linted.stdout)).toMatchObject({ summary: { errors: 0 } });
  });
});

/** An Application of web in prod from the served chart, its value files from the repo (a second source). */
const webProd = (helmExtra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web-prod
spec:
  sources:
    - repoURL: ${served.url}
      chart: app
      targetRevision: 2.0.0
      helm:
${helmExtra}        valueFiles:
          - $values/apps/web/base/base-values.yaml
          - $values/apps/web/envs/prod/values.yaml
    - repoURL: https://github.com/example/deploy.git
      ref: values
  destination:
    namespace: web
`;

describe('a plain Application', () => {
  it('is used for the app × env whose values file it lists, and only for it', async () => {
    const root = repo({
      'argocd/web-prod.yaml': webProd(),
    });
    const targets = byTarget(await lint({ paths: [root], cache: false }));
    expect(targets['web/prod']).toMatchObject({ namespace: 'web', chart: { version: '2.0.0' } });
    expect(targets['web/dev']).toMatchObject({
      namespace: 'dev',
      chart: { version: bundledChart.version, source: 'the chart bundled with app-chart' },
    });
  });
});

describe('the render API (render) of an app × env an Application deploys', () => {
  it("renders with its chart and namespace unless a namespace is given, the config's Helm, and its notes; an env missing is named", async () => {
    const root = repo({
      'app-chart.config.yaml': 'helm: 3\n',
      'argocd/web-prod.yaml': webProd('        releaseName: other\n'),
    });
    const appDir = join(root, 'apps', 'web');
    const namespaces = (manifests: string) => [...new Set(manifests.match(/^ {2}namespace: .*$/gm))];
    const deployed = await render({ appDir, env: 'prod' });
    expect([deployed.chart.version, deployed.helm.major, namespaces(deployed.manifests)]).toEqual(['2.0.0', 3, ['  namespace: web']]);
    expect(deployed.notes).toEqual([
      `${relative(process.cwd(), join(root, 'argocd', 'web-prod.yaml'))}:1: app-chart does not apply helm.releaseName`,
    ]);
    const given = await render({ appDir, env: 'prod', namespace: 'shop', helm: 4 });
    expect([given.helm.major, namespaces(given.manifests)]).toEqual([4, ['  namespace: shop']]);
    await expect(render({ appDir, env: 'staging' })).rejects.toThrow(
      `${join(appDir, 'envs', 'staging', 'values.yaml')}: no values file for env "staging". Envs of this app are listed in ${join(appDir, 'envs')}.`,
    );
  });

  it("renders the app's values files where an ApplicationSet lists none, and says ArgoCD would not", async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`).replace(
        /\n {10}helm:\n {12}valueFiles:\n(?: {14}- .*\n)+/,
        '\n',
      ),
    });
    const deployed = await render({ appDir: join(root, 'apps', 'web'), env: 'prod' });
    expect(deployed.notes).toEqual([
      `${relative(process.cwd(), join(root, 'argocd', 'apps.yaml'))}:2: lists no helm.valueFiles, so ArgoCD renders the chart ` +
        "without the app's values files; app-chart renders each app × env with base/base-values.yaml and envs/<env>/values.yaml",
    ]);
    expect(deployed.manifests).toContain('kind: Deployment');
  });
});

describe('the render API (render), given a chart', () => {
  it("renders with it where the config's chart: and what ArgoCD deploys disagree, naming the command line", async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`),
      'app-chart.config.yaml': `chart: {repo: "${served.url}", name: app, version: 1.0.0}\n`,
    });
    const given = join(tmp, 'src', 'app');
    const rendered = await render({ appDir: join(root, 'apps', 'web'), env: 'prod', chart: given });
    expect(rendered.chart).toMatchObject({ version: '2.0.0', source: `${relative(process.cwd(), given)} (named by the command line)` });
  });
});

describe('what lint cannot follow is an error naming the file and line', () => {
  const refused = async (files: Record<string, string>) => {
    const root = repo(files);
    try {
      await lint({ paths: [root], cache: false });
    } catch (error) {
      return (error as Error).message.replaceAll(`${relative(process.cwd(), root)}/`, '').replaceAll(`${root}/`, '');
    }
    return 'linted';
  };

  it('a parameter lint does not know', async () => {
    expect(
      await refused({
        'argocd/apps.yaml': appSet(
          `        - repoURL: ${served.url}\n          chart: '{{path.filename}}'\n          targetRevision: 2.0.0`,
        ),
      }),
    ).toBe(
      "argocd/apps.yaml:2: chart: cannot evaluate {{path.filename}}: lint knows the git directory generator's path, path[N], path.basename and " +
        'path.basenameNormalized (or .path.path, index .path.segments N, .path.basename with goTemplate). Name the chart in ' +
        'app-chart.config.yaml (chart:) and set argocd: false to lint without this file.',
    );
  });

  it('a chart version that is a range', async () => {
    expect(
      await refused({
        'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.*`),
      }),
    ).toBe(
      'argocd/apps.yaml:2: chart version "2.*" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it',
    );
  });

  it('a value file that does not exist', async () => {
    const message = await refused({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`, {
        extra: '\n              - $values/missing.yaml',
      }),
    });
    expect(message).toMatch(
      /^argocd\/apps\.yaml:2: helm\.valueFiles names .*missing\.yaml, which does not exist, so ArgoCD cannot render api\/prod: create it, or set ignoreMissingValueFiles: true in the Application\.$/,
    );
  });

  it('a config whose chart: is not the one ArgoCD deploys', async () => {
    const message = await refused({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.0.0`),
      'app-chart.config.yaml': `chart: {repo: "${served.url}", name: app, version: 1.0.0}\n`,
    });
    expect(message).toMatch(
      /^app-chart\.config\.yaml: chart: names app 1\.0\.0 from .*, but argocd\/apps\.yaml:2 deploys app 2\.0\.0 from .* for api\/prod\. Remove chart: to lint what ArgoCD deploys, or set argocd: false\.$/,
    );
  });

  it('unless the config says argocd: false', async () => {
    const root = repo({
      'argocd/apps.yaml': appSet(`        - repoURL: ${served.url}\n          chart: app\n          targetRevision: 2.*`),
      'app-chart.config.yaml': 'argocd: false\n',
    });
    const result = await lint({ paths: [root], cache: false });
    expect(new Set(result.targets.map((t) => t.chart.source))).toEqual(new Set(['the chart bundled with app-chart']));
  });
});

describe('readArgoApps, on the files alone (no render)', () => {
  let made = 0;
  /** a repo root (with .git, so ArgoCD's paths start there) holding these files, and a chart folder at chart/ */
  function argoRepo(files: Record<string, string>): string {
    const root = join(tmp, `argo-${++made}`);
    const all = { '.git/HEAD': 'ref: refs/heads/main\n', 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n', ...files };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }
  const application = (spec: string, name = 'one') =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
  const localSet = (directories: string, valueFiles: string, extra = '') =>
    `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: apps
spec:${extra}
  generators:
${directories}
  template:
    spec:
      source:
        path: chart
        helm:
          valueFiles:
${valueFiles}
      destination:
        namespace: '{{path[1]}}-{{path.basenameNormalized}}'
`;

  it("matches directories as Go's path.Match does: * and ? within one segment, classes, exclusions, matrix and merge", () => {
    const generators = `    - matrix:
        generators:
          - git:
              directories:
                - path: 'apps/[a-c]*/envs/?rod'
                - path: apps/api/envs/prod
                  exclude: true
    - merge:
        generators:
          - git:
              directories:
                - path: 'apps/[^a-c]*/envs/dev'
`;
    const root = argoRepo({
      'argocd/set.yaml': localSet(generators, "            - '../apps/{{path[1]}}/envs/{{path.basename}}/values.yaml'"),
    });
    const apps = readArgoApps(root, true);
    expect(apps.files).toEqual([join(root, 'argocd', 'set.yaml')]);
    const at = (app: string, env: string) => apps.forTarget(join(root, 'apps', app), env);
    expect([at('billing', 'prod') !== undefined, at('api', 'prod'), at('billing', 'dev'), at('web', 'dev') !== undefined]).toEqual([
      true,
      undefined,
      undefined,
      true,
    ]);
    expect(at('billing', 'prod')?.namespace).toBe('billing-prod');
    expect(at('billing', 'prod')?.valueFiles).toEqual([join(root, 'apps', 'billing', 'envs', 'prod', 'values.yaml')]);
    // * and ? never cross a "/"
    expect(readArgoApps(root, true).forTarget(join(root, 'apps', 'b', 'x'), 'prod')).toBeUndefined();
    const across = argoRepo({
      'argocd/set.yaml': localSet(
        "    - git:\n        directories:\n          - path: 'apps/billing?envs/prod'\n",
        "            - '../apps/{{path[1]}}/envs/{{path.basename}}/values.yaml'",
      ),
    });
    expect(readArgoApps(across, true).forTarget(join(across, 'apps', 'billing'), 'prod')).toBeUndefined();
    // a dot in a path is a dot, not any character; a class left open matches nothing, as in Go
    const literal = argoRepo({
      'argocd/set.yaml': localSet(
        "    - git:\n        directories:\n          - path: 'apps/my.shop/envs/*'\n          - path: 'apps/[a-c/envs/*'\n",
        "            - '../apps/{{path[1]}}/envs/{{path.basename}}/values.yaml'",
      ),
    });
    const literalAt = (app: string) => readArgoApps(literal, true).forTarget(join(literal, 'apps', app), 'prod') !== undefined;
    expect(['my.shop', 'myxshop', '[a-c', 'a'].map(literalAt)).toEqual([true, false, false, false]);
  });

  it('gives the parameters of a path in both template syntaxes, a normalized basename lowercased with "-" for other characters', () => {
    const dirs = '    - git:\n        directories:\n          - path: apps/*/envs/*\n';
    const legacy = argoRepo({
      'set.yaml': localSet(dirs, "            - '../{{path}}/values.yaml'"),
    });
    const at = readArgoApps(legacy, true).forTarget(join(legacy, 'apps', 'shop'), 'EU_West');
    expect(at?.namespace).toBe('shop-eu-west');
    // dots and dashes are kept, as ArgoCD keeps them
    expect(readArgoApps(legacy, true).forTarget(join(legacy, 'apps', 'shop'), 'Eu.West-1_b')?.namespace).toBe('shop-eu.west-1-b');
    // a directory marked exclude: false is one to include
    const included = argoRepo({
      'set.yaml': localSet(
        '    - git:\n        directories:\n          - path: apps/*/envs/*\n            exclude: false\n',
        "            - '../{{path}}/values.yaml'",
      ),
    });
    expect(readArgoApps(included, true).forTarget(join(included, 'apps', 'shop'), 'prod')?.namespace).toBe('shop-prod');
    expect(at?.from).toBe(`${join(legacy, 'set.yaml')}:1`);
    const go = argoRepo({
      'set.yaml': localSet(dirs, "            - '../{{ .path.path }}/values.yaml'", '\n  goTemplate: true').replace(
        "'{{path[1]}}-{{path.basenameNormalized}}'",
        "'{{index .path.segments 1}}-{{.path.basename}}'",
      ),
    });
    expect(readArgoApps(go, true).forTarget(join(go, 'apps', 'shop'), 'prod')).toMatchObject({
      namespace: 'shop-prod',
      valueFiles: [join(go, 'apps', 'shop', 'envs', 'prod', 'values.yaml')],
      chart: { kind: 'local', path: join(go, 'chart') },
    });
    const goNormalized = argoRepo({
      'set.yaml': localSet(dirs, "            - '../{{ .path.path }}/values.yaml'", '\n  goTemplate: true').replace(
        "'{{path[1]}}-{{path.basenameNormalized}}'",
        "'{{ .path.basenameNormalized }}'",
      ),
    });
    expect(readArgoApps(goNormalized, true).forTarget(join(goNormalized, 'apps', 'shop'), 'EU_West')?.namespace).toBe('eu-west');
  });

  it('takes a chart from OCI (with or without oci://) or an https repository, value files from a ref, and notes what it does not apply', () => {
    const sources = (repoURL: string) => `  sources:
    - repoURL: ${repoURL}
      chart: app
      targetRevision: 1.2.3
      helm:
        ignoreMissingValueFiles: true
        releaseName: other
        values: 'a: 1'
        valueFiles:
          - $values/apps/shop/envs/prod/values.yaml
          - $values/apps/shop/envs/prod/missing.yaml
          - values-prod.yaml
    - repoURL: https://github.com/example/deploy.git
      ref: values
  destination:
    namespace: '{{path.basename}}'
`;
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'a.yaml': application(sources('ghcr.io/example/charts')),
      'b.yaml': application(sources('oci://ghcr.io/example/charts')),
      'c.yaml': application(sources('https://charts.example.com')),
    });
    const target = (file: string) => readArgoApps(root, [join(root, file)]).forTarget(join(root, 'apps', 'shop'), 'prod');
    const expected = {
      valueFiles: [join(root, 'apps', 'shop', 'envs', 'prod', 'values.yaml')],
      ignored: [
        'helm.valueFiles values-prod.yaml (a file inside the chart)',
        'helm.values',
        'helm.releaseName',
        'destination.namespace (it uses parameters lint does not know)',
      ],
    };
    expect(target('a.yaml')).toEqual({
      from: `${join(root, 'a.yaml')}:1`,
      chart: { kind: 'oci', ref: 'oci://ghcr.io/example/charts/app', version: '1.2.3' },
      ...expected,
    });
    expect(target('b.yaml')?.chart).toEqual({ kind: 'oci', ref: 'oci://ghcr.io/example/charts/app', version: '1.2.3' });
    expect(target('c.yaml')?.chart).toEqual({ kind: 'repo', repo: 'https://charts.example.com', name: 'app', version: '1.2.3' });
  });

  it("notes each Helm setting it does not apply, in either form of values and parameters, and an ApplicationSet's templatePatch", () => {
    const helm = `    helm:
      valueFiles: [../apps/shop/envs/prod/values.yaml]
      valuesObject: {replicas: 2}
      parameters: [{name: image.tag, value: v2}]
      fileParameters: [{name: config, path: config.json}]
`;
    const set = localSet(
      '    - git:\n        directories:\n          - path: apps/*/envs/*\n',
      "            - '../{{path}}/values.yaml'",
      '\n  templatePatch: |\n    spec:\n      project: other',
    );
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'app.yaml': application(`  source:\n    path: chart\n${helm}`),
      'set.yaml': set,
    });
    expect(readArgoApps(root, [join(root, 'app.yaml')]).forTarget(join(root, 'apps', 'shop'), 'prod')?.ignored).toEqual([
      'helm.valuesObject',
      'helm.parameters',
      'helm.fileParameters',
    ]);
    expect(readArgoApps(root, [join(root, 'set.yaml')]).forTarget(join(root, 'apps', 'shop'), 'prod')?.ignored).toEqual(['templatePatch']);
  });

  it('finds Applications anywhere in the repo but in dot folders, node_modules and charts, and tells the line of the document', () => {
    const spec = `  source:\n    path: chart\n    helm:\n      valueFiles: [../apps/shop/envs/prod/values.yaml]\n  destination:\n    namespace: shop\n`;
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'deploy/all.yaml': `# first a ConfigMap\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${application(spec)}`,
      '.github/app.yaml': application(spec, 'hidden'),
      'node_modules/x/app.yaml': application(spec, 'module'),
      'chart/templates/app.yaml': application(spec, 'template'),
    });
    const apps = readArgoApps(root, true);
    expect(apps.files).toEqual([join(root, 'deploy', 'all.yaml')]);
    expect(apps.forTarget(join(root, 'apps', 'shop'), 'prod')).toMatchObject({
      from: `${join(root, 'deploy', 'all.yaml')}:7`,
      namespace: 'shop',
    });
    expect(apps.forTarget(join(root, 'apps', 'shop'), 'dev')).toBeUndefined();
  });

  it('reads the files it finds in name order (a before B), folder by folder, the first Application for a target winning; one that is no YAML is passed over', () => {
    const spec = (namespace: string) =>
      `  source:\n    path: chart\n    helm:\n      valueFiles: [../apps/shop/envs/prod/values.yaml]\n  destination:\n    namespace: ${namespace}\n`;
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'B.yaml': application(spec('from-b')),
      'a.yaml': application(spec('from-a')),
      'a/z.yaml': application(spec('from-a-z')),
      // another tool's template that names ArgoCD: found by the search, not valid YAML, not this tool's to judge
      'a/broken.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec: {{ .Values.spec }\n`,
    });
    const apps = readArgoApps(root, true);
    expect(apps.files).toEqual([join(root, 'a', 'broken.yaml'), join(root, 'a', 'z.yaml'), join(root, 'a.yaml'), join(root, 'B.yaml')]);
    expect(apps.forTarget(join(root, 'apps', 'shop'), 'prod')).toMatchObject({
      from: `${join(root, 'a', 'z.yaml')}:1`,
      namespace: 'from-a-z',
    });
  });

  it('finds .yml files as well as .yaml, in name order within a folder, and passes over other names and files over 1 MiB', () => {
    const spec = (namespace: string) =>
      `  source:\n    path: chart\n    helm:\n      valueFiles: [../apps/shop/envs/prod/values.yaml]\n  destination:\n    namespace: ${namespace}\n`;
    const big = (size: number) => {
      const text = application(spec('big'));
      return `${text}#${'x'.repeat(size - text.length - 2)}\n`;
    };
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'deploy/d.yaml': application(spec('d')),
      'deploy/C.yaml': application(spec('c')),
      'deploy/b.yml': application(spec('b')),
      'deploy/a.yaml.orig': application(spec('orig')),
      'deploy/e.yaml': big(1024 * 1024),
      'deploy/f.yaml': big(1024 * 1024 + 1),
    });
    const apps = readArgoApps(root, true);
    expect(apps.files.map((f) => relative(root, f))).toEqual(['deploy/b.yml', 'deploy/C.yaml', 'deploy/d.yaml', 'deploy/e.yaml']);
    expect(apps.forTarget(join(root, 'apps', 'shop'), 'prod')?.namespace).toBe('b');
  });

  it('starts paths at the git repository above the folder it reads, and at the folder itself outside a repository', () => {
    const dirs = '    - git:\n        directories:\n          - path: apps/*/envs/*\n';
    const root = argoRepo({ 'argocd/set.yaml': localSet(dirs, "            - '../apps/{{path[1]}}/envs/{{path.basename}}/values.yaml'") });
    expect(readArgoApps(join(root, 'argocd'), true).forTarget(join(root, 'apps', 'shop'), 'prod')?.namespace).toBe('shop-prod');
    rmSync(join(root, '.git'), { recursive: true });
    const inside = join(root, 'argocd');
    mkdirSync(join(inside, 'chart'));
    writeFileSync(join(inside, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
    expect(readArgoApps(inside, true).forTarget(join(root, 'apps', 'shop'), 'prod')).toBeUndefined();
    expect(readArgoApps(inside, true).forTarget(join(inside, 'apps', 'shop'), 'prod')?.namespace).toBe('shop-prod');
  });

  it("passes over another app × env's Application whose chart cannot be one, and refuses it for its own", () => {
    const app = (values: string, version: string) =>
      application(
        `  sources:\n    - repoURL: https://charts.example.com\n      chart: app\n      targetRevision: ${version}\n      helm:\n        valueFiles: [$values/${values}]\n    - repoURL: https://github.com/example/deploy.git\n      ref: values\n`,
      );
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'apps/web/envs/prod/values.yaml': 'appName: web\n',
      'a.yaml': app('apps/web/envs/prod/values.yaml', '1.*'),
      'b.yaml': app('apps/shop/envs/prod/values.yaml', '1.2.3'),
    });
    const apps = readArgoApps(root, true);
    expect(apps.forTarget(join(root, 'apps', 'shop'), 'prod')?.from).toBe(`${join(root, 'b.yaml')}:1`);
    expect(() => apps.forTarget(join(root, 'apps', 'web'), 'prod')).toThrow(
      `${join(root, 'a.yaml')}:1: chart version "1.*" is not an exact version`,
    );
  });

  it('refuses a named file that is not YAML even after a search passed over the same text', () => {
    const broken = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec: {{ .Values.spec }\n`;
    const root = argoRepo({ 'deploy/broken.yaml': broken });
    expect(readArgoApps(root, true).files).toEqual([join(root, 'deploy', 'broken.yaml')]);
    expect(() => readArgoApps(root, [join(root, 'deploy', 'broken.yaml')])).toThrow(/: not valid YAML: /);
  });

  it('looks six folders deep for Applications, not deeper', () => {
    const spec = `  source:\n    path: chart\n    helm:\n      valueFiles: [../apps/shop/envs/prod/values.yaml]\n`;
    const root = argoRepo({
      'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
      'a/b/c/d/e/f/six.yaml': application(spec, 'six'),
      'a/b/c/d/e/f/g/seven.yaml': application(spec, 'seven'),
    });
    expect(readArgoApps(root, true).files).toEqual([join(root, 'a', 'b', 'c', 'd', 'e', 'f', 'six.yaml')]);
  });

  it('refuses a value file outside the repository, and a file named in the config that is not YAML', () => {
    const spec = `  source:\n    path: chart\n    helm:\n      valueFiles: [../../outside.yaml, ../apps/shop/envs/prod/values.yaml]\n`;
    const root = argoRepo({ 'apps/shop/envs/prod/values.yaml': 'appName: shop\n', 'app.yaml': application(spec), 'bad.yaml': 'a: [\n' });
    expect(() => readArgoApps(root, true).forTarget(join(root, 'apps', 'shop'), 'prod')).toThrow(
      `${join(root, 'app.yaml')}:1: helm.valueFiles: ../../outside.yaml is outside the repository`,
    );
    expect(() => readArgoApps(root, [join(root, 'bad.yaml')])).toThrow(new RegExp(`^${join(root, 'bad.yaml')}: not valid YAML: `));
  });
});
