// `app-chart diff` on a deployment repo built as a git repository, one commit per kind of change: what is
// rendered and skipped, what each output format says, and the findings for changes that will not apply or
// lose data. The history runs under Helm 4 only: diff compares renders, and that Helm 3 and Helm 4 render alike is
// what the golden files and the property tests prove. The charts each app × env deploys are pulled, which the two
// Helms do differently, so those run under both.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff, type DiffOptions, type DiffResult } from '../scripts/diff/index.ts';
import { diffReportSchema, toJson } from '../scripts/diff/json.ts';
import { GITHUB_COMMENT_LIMIT, MARKDOWN_MARKER, toMarkdown } from '../scripts/diff/markdown.ts';
import { toText } from '../scripts/diff/report.ts';
import type { CheckedChart } from '../scripts/deployment.ts';
import type { HelmMajor } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { lint } from '../scripts/lint/index.ts';
import { renderApp, type RenderRequest } from '../scripts/render.ts';
import { packageChart, serveChartRepo, vendorChart, writeDeployRepo, type ChartRepo } from './deploy-repo.ts';
import { HELMS, APP_CHART } from './helpers.ts';

const validate = new Ajv({ strict: false }).compile(diffReportSchema);
const tmp = mkdtempSync(join(tmpdir(), 'app-chart-diff-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const { name: chartName, version: chartVersion } = parse(readFileSync(join(packageRoot, 'chart', 'Chart.yaml'), 'utf8')) as {
  name: string;
  version: string;
};
const FIRST_PASSWORD = 'first-password-s3cr3t';
const SECOND_PASSWORD = 'second-password-0th3r';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function write(file: string, value: unknown) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : stringify(value));
}

function edit(file: string, change: (values: Record<string, any>) => void) {
  const values = parse(readFileSync(file, 'utf8')) ?? {};
  change(values);
  writeFileSync(file, stringify(values));
}

const web = {
  image: { repository: 'nginx', tag: '1.27', port: 8080 },
  deployment: { enabled: true, replicas: 2 },
  service: { enabled: true },
  ingress: {
    enabled: true,
    entries: [{ name: 'public', hosts: [{ hostname: '{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}' }] }],
  },
};

const db = {
  image: { repository: 'postgres', tag: '18.1', port: 5432 },
  statefulSet: {
    enabled: true,
    replicas: 1,
    volumeClaimTemplates: { data: { accessModes: 'ReadWriteOnce', requestsStorage: '10Gi', mountPath: '/var/lib/postgresql/data' } },
  },
  service: { enabled: true, headless: true },
  secret: { enabled: true, secrets: { auth: { data: { password: FIRST_PASSWORD } } } },
  persistentVolumeClaim: { enabled: true, mountPath: '/backup', storageSize: '5Gi' },
  customResourcesMap: {
    worker: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: '{{ include "app.name" . }}-worker' },
      spec: {
        selector: { matchLabels: { app: 'worker' } },
        template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image: 'busybox:1.37' }] } },
      },
    },
  },
};

const cache = { image: { repository: 'redis', tag: '8.0', port: 6379 }, deployment: { enabled: true }, service: { enabled: true } };

/** A deployment repo with a vendored chart, named in its config, and three apps, committed once. */
function buildRepo(dir: string, helm: HelmMajor) {
  write(join(dir, 'app-chart.config.yaml'), { helm, chart: './chart', platformValues: { captain_domain: 'example.com' } });
  cpSync(join(packageRoot, 'chart'), join(dir, 'chart'), { recursive: true });
  write(join(dir, 'apps', 'web', 'base', 'base-values.yaml'), web);
  write(join(dir, 'apps', 'web', 'envs', 'prod', 'values.yaml'), { deployment: { replicas: 3 } });
  write(join(dir, 'apps', 'web', 'envs', 'dev', 'values.yaml'), { deployment: { replicas: 1 } });
  write(join(dir, 'apps', 'db', 'base', 'base-values.yaml'), db);
  write(join(dir, 'apps', 'db', 'envs', 'prod', 'values.yaml'), '# prod as the base says\n');
  write(join(dir, 'apps', 'cache', 'base', 'base-values.yaml'), cache);
  write(join(dir, 'apps', 'cache', 'envs', 'prod', 'values.yaml'), '{}\n');
  initGit(dir, 'three apps');
}

/** Makes a folder a git repository with one commit of everything in it. */
function initGit(dir: string, message: string) {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  commit(dir, message);
}

function commit(dir: string, message: string) {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** How the header of diff's output names a chart. */
const chartLabelOf = (chart: CheckedChart) => `${chart.name} ${chart.version} (${chart.source})`;

/** A path as diff names a file of the working tree: relative to the working directory. */
const shown = (path: string) => relative(process.cwd(), path) || path;

const target = (result: DiffResult, name: string) => {
  const found = result.targets.find((t) => `${t.app}/${t.env}` === name);
  if (!found) throw new Error(`no ${name} in ${result.targets.map((t) => `${t.app}/${t.env}`).join(', ')}`);
  return found;
};
const fieldsOf = (result: DiffResult, name: string, object: string) =>
  Object.fromEntries(
    target(result, name)
      .changes.find((c) => `${c.id.kind}/${c.id.name}` === object)!
      .fields.map((f) => [f.path.map((s) => (typeof s === 'object' ? `[${s.name}]` : String(s))).join('.'), f]),
  );

/** Every format of a result, checked for what holds for all of them. */
function formats(result: DiffResult) {
  const text = toText(result, false);
  const markdown = toMarkdown(result);
  const json = toJson(result);
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  expect([...markdown].length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(markdown.startsWith(`${MARKDOWN_MARKER}\n`)).toBe(true);
  for (const output of [text, markdown, JSON.stringify(json)]) {
    for (const secret of [FIRST_PASSWORD, SECOND_PASSWORD]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(Buffer.from(secret).toString('base64'));
    }
  }
  return { text, markdown, json };
}

describe.each([4] as const)('app-chart diff of a repo with history, Helm %i', (helm) => {
  const repo = join(tmp, `repo-helm${helm}`);
  const cacheDir = join(tmp, `cache-helm${helm}`);
  const rendered: string[] = [];
  const render = (request: RenderRequest) => {
    rendered.push(`${basename(request.appDir)}/${request.env}`);
    return renderApp(request);
  };
  const run = async (options: Partial<DiffOptions> = {}) => {
    rendered.length = 0;
    return diff({ paths: [repo], base: 'HEAD~1', cacheDir, render, ...options });
  };
  const file = (...parts: string[]) => join(repo, ...parts);
  /** How diff names the vendored chart, in the working tree or at a revision. */
  const chartLabel = (version: string, revision?: string) =>
    revision
      ? `${chartName} ${version} (${revision}:chart (named by ${revision}:app-chart.config.yaml))`
      : `${chartName} ${version} (${shown(file('chart'))} (named by ${shown(file('app-chart.config.yaml'))}))`;

  beforeAll(() => buildRepo(repo, helm));

  it('a values change renders only the app × env it touches, at both revisions', async () => {
    edit(file('apps', 'web', 'envs', 'prod', 'values.yaml'), (v) => (v.deployment.replicas = 4));
    commit(repo, 'web prod: four replicas');
    const result = await run();
    expect(rendered.sort()).toEqual(['web/prod', 'web/prod']);
    expect(result.skipped).toBe(3);
    expect(target(result, 'web/dev').status).toBe('unchanged');
    expect(target(result, 'web/prod')).toMatchObject({ status: 'changed', rendered: true });
    expect(fieldsOf(result, 'web/prod', 'Deployment/web-prod')['spec.replicas']).toMatchObject({ change: 'changed', old: 3, new: 4 });
    expect(result.findings).toEqual([]);
    const { text, markdown, json } = formats(result);
    // the chart is the same at both: the header names the working tree's
    expect(text).toContain(
      `app-chart diff: HEAD~1 (${git(repo, 'rev-parse', 'HEAD~1').slice(0, 7)}) → working tree, chart: ${chartLabel(chartVersion)}\n`,
    );
    expect(target(result, 'web/prod').chart).toEqual({
      base: expect.objectContaining({ source: `HEAD~1:chart (named by HEAD~1:app-chart.config.yaml)` }),
      head: expect.objectContaining({ version: chartVersion }),
    });
    expect(target(result, 'web/prod').chart?.base?.digest).toBe(target(result, 'web/prod').chart?.head?.digest);
    expect(text).toContain('  ~ Deployment/web-prod\n  -     spec.replicas: 3\n  +     spec.replicas: 4\n');
    expect(text).toContain('3 app × envs not rendered: nothing they are made of changed (--all renders them)');
    expect(markdown).toContain('| `web/prod` | prod | changed | 0 | 0 | 1 |  |');
    expect(markdown).toContain('<details><summary><code>web/prod</code>: changed; 1 changed</summary>');
    expect(markdown).toContain('```diff\n~ Deployment/web-prod\n-     spec.replicas: 3\n+     spec.replicas: 4\n');
    expect(json.summary).toMatchObject({
      targets: 4,
      changed: 1,
      unchanged: 3,
      skipped: 3,
      errors: 0,
      differs: true,
      objects: { added: 0, removed: 0, changed: 1 },
    });

    // the unchanged ones render once each: the same inputs at both revisions share one render
    const all = await run({ all: true });
    expect(rendered.sort()).toEqual(['cache/prod', 'db/prod', 'web/dev']);
    expect(all.skipped).toBe(0);
    expect(all.targets.filter((t) => t.status === 'unchanged').every((t) => t.rendered)).toBe(true);
  });

  // lint's checks are the same under either Helm: once is enough
  it('renders are cached by content and shared with lint', async () => {
    const fresh = join(tmp, 'cache-shared');
    await lint({ paths: [repo], cacheDir: fresh });
    const result = await run({ cacheDir: fresh });
    // the working tree's renders are lint's; only web/prod at the base renders
    expect(rendered).toEqual(['web/prod']);
    expect(result.targets.filter((t) => t.rendered)).toHaveLength(1);
    const uncached = await run({ cache: false });
    expect(rendered).toHaveLength(2);
    expect(toJson(uncached)).toEqual(toJson(result));
  });

  it('a platform values change renders every app × env and shows what it moves', async () => {
    edit(file('app-chart.config.yaml'), (v) => (v.platformValues.captain_domain = 'nonprod.example.com'));
    commit(repo, 'platform: nonprod domain');
    const result = await run();
    expect(result.skipped).toBe(0);
    expect(result.targets.every((t) => t.rendered)).toBe(true);
    // the base's renders are those of the previous runs, from the cache
    expect(rendered).toHaveLength(4);
    for (const env of ['web/prod', 'web/dev']) expect(target(result, env).status).toBe('changed');
    expect(target(result, 'cache/prod')).toMatchObject({ status: 'unchanged', rendered: true });
    expect(fieldsOf(result, 'web/dev', 'Ingress/web-dev-public')['spec.rules.0.host']).toMatchObject({
      old: 'web-dev.apps.example.com',
      new: 'web-dev.apps.nonprod.example.com',
    });
    const { text } = formats(result);
    expect(text).toContain(
      '-     spec.rules[0].host: "web-dev.apps.example.com"\n  +     spec.rules[0].host: "web-dev.apps.nonprod.example.com"',
    );
    expect(text).toMatch(/2 app × envs of 4 change: 0 objects added, 0 removed, 2 changed; 2 app × envs rendered the same objects\./);
  });

  it('a change of the vendored chart marks every app × env as changed', async () => {
    edit(file('chart', 'Chart.yaml'), (v) => (v.version = '99.0.0'));
    commit(repo, 'chart 99.0.0');
    const result = await run();
    expect(result.skipped).toBe(0);
    expect(result.targets.map((t) => t.status)).toEqual(['changed', 'changed', 'changed', 'changed']);
    expect(result.targets.map((t) => [t.chart?.base?.version, t.chart?.head?.version])).toEqual(Array(4).fill([chartVersion, '99.0.0']));
    expect(fieldsOf(result, 'cache/prod', 'Service/cache-prod')['metadata.labels.helm.sh/chart']).toMatchObject({
      old: `${chartName}-${chartVersion}`,
      new: `${chartName}-99.0.0`,
    });
    const { json, text, markdown } = formats(result);
    expect(json.summary.objects.changed).toBe(json.targets.reduce((n, t) => n + t.objects.length, 0));
    expect(json.targets[0].chart).toEqual(result.targets[0].chart);
    expect(text.split('\n')[0]).toBe(
      `app-chart diff: HEAD~1 (${git(repo, 'rev-parse', 'HEAD~1').slice(0, 7)}) → working tree, chart: ${chartLabel(chartVersion, 'HEAD~1')} → ${chartLabel('99.0.0')}`,
    );
    expect(text).toContain(`cache/prod (namespace prod): changed; chart ${chartName} ${chartVersion} → ${chartName} 99.0.0; 2 changed\n`);
    expect(markdown).toContain(
      `<code>cache/prod</code>: changed; chart ${chartName} ${chartVersion} → ${chartName} 99.0.0; 2 changed</summary>`,
    );

    // the chart's files change, not its version, nor what it renders
    writeFileSync(file('chart', 'templates', 'note.tpl'), '{{/* a comment */}}\n');
    try {
      const same = await run({ base: 'HEAD' });
      expect(same.targets.map((t) => [t.status, t.rendered])).toEqual(Array(4).fill(['unchanged', true]));
      expect(same.targets.every((t) => t.chart?.base?.digest !== t.chart?.head?.digest)).toBe(true);
      const sameText = toText(same, false);
      expect(sameText.split('\n')[0]).toBe(
        `app-chart diff: HEAD (${git(repo, 'rev-parse', 'HEAD').slice(0, 7)}) → working tree, chart: ${chartLabel('99.0.0', 'HEAD')} → ${chartLabel('99.0.0')}`,
      );
      expect(sameText).toContain('✔ 0 app × envs of 4 change; 4 app × envs rendered the same objects.');
    } finally {
      rmSync(file('chart', 'templates', 'note.tpl'));
    }
  });

  it('an app added and an app removed (a rename when the values files are the same)', async () => {
    cpSync(file('apps', 'cache'), file('apps', 'redis'), { recursive: true });
    rmSync(file('apps', 'cache'), { recursive: true });
    write(file('apps', 'api', 'base', 'base-values.yaml'), { ...cache, image: { repository: 'api', tag: '1.0', port: 8000 } });
    write(file('apps', 'api', 'envs', 'prod', 'values.yaml'), '{}\n');
    commit(repo, 'cache renamed to redis, api added');
    const result = await run();
    expect(target(result, 'cache/prod')).toMatchObject({ status: 'removed', renamedTo: 'redis/prod' });
    expect(target(result, 'redis/prod')).toMatchObject({ status: 'added', renamedFrom: 'cache/prod' });
    expect(target(result, 'api/prod')).toMatchObject({ status: 'added' });
    expect(target(result, 'api/prod').renamedFrom).toBeUndefined();
    expect(target(result, 'api/prod').changes.map((c) => `${c.change} ${c.id.kind}/${c.id.name}`)).toEqual([
      'added Deployment/api-prod',
      'added Service/api-prod',
    ]);
    expect(target(result, 'cache/prod').changes.map((c) => c.change)).toEqual(['removed', 'removed']);
    const { text, markdown } = formats(result);
    expect(text).toContain(
      'cache/prod (namespace prod): app × env removed, renamed to redis/prod (same values files): its objects are deleted and created anew under new names; 2 removed\n  - Deployment/cache-prod\n  - Service/cache-prod',
    );
    expect(markdown).toContain('| `api/prod` | prod | added | 2 | 0 | 0 |  |');
  });

  it('a selector change will not apply, and says so first', async () => {
    edit(file('apps', 'db', 'base', 'base-values.yaml'), (v) => {
      v.customResourcesMap.worker.spec.selector.matchLabels = { app: 'worker', tier: 'jobs' };
      v.customResourcesMap.worker.spec.template.metadata.labels.tier = 'jobs';
      v.statefulSet.volumeClaimTemplates.data.requestsStorage = '20Gi';
    });
    commit(repo, 'db: worker selector, bigger volumes');
    const result = await run();
    expect(result.findings.map((f) => `${f.id} ${f.impact} ${f.target} ${f.object} ${f.path}`)).toEqual([
      'immutable-field fails db/prod Deployment/db-prod-worker spec.selector',
      'immutable-field fails db/prod StatefulSet/db-prod spec.volumeClaimTemplates',
    ]);
    const { text, markdown, json } = formats(result);
    expect(text.split('\n')[2]).toBe('✖ 2 changes will not apply, lose data or disrupt traffic:');
    expect(text).toContain(
      'will not apply  db/prod  Deployment/db-prod-worker spec.selector changes, and Kubernetes does not let an existing Deployment change it',
    );
    expect(markdown).toContain('> [!CAUTION]\n> **2 changes will not apply, lose data or disrupt traffic**');
    expect(markdown).toContain('> - ⛔ **will not apply** `db/prod`: Deployment/db-prod-worker spec.selector changes');
    expect(json.findings[0]).toMatchObject({
      id: 'immutable-field',
      impact: 'fails',
      target: 'db/prod',
      object: 'Deployment/db-prod-worker',
      path: 'spec.selector',
    });
  });

  it('a removed PersistentVolumeClaim loses data', async () => {
    edit(file('apps', 'db', 'envs', 'prod', 'values.yaml'), (v) => (v.persistentVolumeClaim = { enabled: false }));
    commit(repo, 'db prod: no backup volume');
    const result = await run();
    const finding = result.findings.find((f) => f.id === 'volume-removed');
    expect(finding).toMatchObject({ impact: 'data-loss', target: 'db/prod', object: 'PersistentVolumeClaim/db-prod-pvc' });
    expect(finding?.message).toContain('when ArgoCD prunes it, the claim is deleted');
    const { markdown } = formats(result);
    expect(markdown).toContain('🗑️ **loses data** `db/prod`: PersistentVolumeClaim/db-prod-pvc is removed');
  });

  it('a Secret change says which keys changed and never prints a value', async () => {
    edit(file('apps', 'db', 'base', 'base-values.yaml'), (v) => {
      v.secret.secrets.auth.data.password = SECOND_PASSWORD;
      v.secret.secrets.auth.data.user = FIRST_PASSWORD;
    });
    commit(repo, 'db: new password');
    const result = await run();
    const secret = fieldsOf(result, 'db/prod', 'Secret/db-prod-auth');
    expect(secret['data.password']).toEqual({ path: ['data', 'password'], change: 'changed', secret: true });
    expect(secret['data.user']).toEqual({ path: ['data', 'user'], change: 'added', secret: true });
    // the pods restart: the checksum of the chart's Secrets is in the pod template
    expect(Object.keys(fieldsOf(result, 'db/prod', 'StatefulSet/db-prod'))).toEqual(['spec.template.metadata.annotations.checksum/secret']);
    const { text, json } = formats(result);
    expect(text).toContain(
      '  ~ Secret/db-prod-auth\n        data.password: changed (Secret value not shown)\n  +     data.user: added (Secret value not shown)',
    );
    const fields = json.targets.find((t) => t.app === 'db')!.objects.find((o) => o.kind === 'Secret')!.fields;
    expect(fields).toEqual([
      { path: 'data.password', change: 'changed', secret: true },
      { path: 'data.user', change: 'added', secret: true },
    ]);
  });

  it('--chart against --base-chart shows what a chart upgrade does to every app × env, without git', async () => {
    const upgraded = join(tmp, `chart-upgraded-${helm}`);
    cpSync(file('chart'), upgraded, { recursive: true });
    // the upgrade changes a default the chart renders (the version of an app that sets none), not the chart's version
    const defaults = readFileSync(join(upgraded, 'values.yaml'), 'utf8');
    const defaultAppVersion = String(parse(defaults).appVersion);
    writeFileSync(join(upgraded, 'values.yaml'), defaults.replace(/^appVersion: .*$/m, 'appVersion: 9.9.9'));
    const result = await diff({ paths: [file('apps')], baseChart: file('chart'), chart: upgraded, cacheDir, render });
    const version = parse(readFileSync(file('chart', 'Chart.yaml'), 'utf8')).version;
    expect(result.base).toEqual({
      label: 'working tree',
      chart: `${chartName} ${version} (${shown(file('chart'))} (named by the command line))`,
    });
    expect(result.head.chart).toBe(`${chartName} ${version} (${shown(upgraded)} (named by the command line))`);
    expect(result.targets.length).toBeGreaterThan(0);
    expect(result.targets.filter((t) => t.status !== 'changed')).toEqual([]);
    expect(fieldsOf(result, 'web/prod', 'Deployment/web-prod')['metadata.labels.app.kubernetes.io/version']).toMatchObject({
      old: defaultAppVersion,
      new: '9.9.9',
    });
    const { text } = formats(result);
    expect(text.split('\n')[0]).toBe(`app-chart diff: working tree → working tree, chart: ${result.base.chart} → ${result.head.chart}`);
    expect(text).toContain(`web/prod (namespace prod): changed; chart ${chartName} ${version} changed (other files, same version); `);
  });

  it('reads the base revision without touching the working tree or the index', async () => {
    write(file('apps', 'web', 'envs', 'dev', 'values.yaml'), { deployment: { replicas: 5 } });
    git(repo, 'add', 'apps/web/envs/dev/values.yaml');
    write(file('apps', 'web', 'envs', 'prod', 'values.yaml'), { deployment: { replicas: 6 } });
    const status = git(repo, 'status', '--porcelain');
    // (git status itself may rewrite the index, so the index is looked at around diff alone)
    const index = readFileSync(file('.git', 'index'));
    const indexTime = statSync(file('.git', 'index')).mtimeMs;
    const result = await run({ base: 'HEAD' });
    expect(statSync(file('.git', 'index')).mtimeMs).toBe(indexTime);
    expect(readFileSync(file('.git', 'index')).equals(index)).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe(status);
    // staged and unstaged changes alike are the working tree's
    expect(fieldsOf(result, 'web/dev', 'Deployment/web-dev')['spec.replicas']).toMatchObject({ old: 1, new: 5 });
    expect(fieldsOf(result, 'web/prod', 'Deployment/web-prod')['spec.replicas']).toMatchObject({ old: 4, new: 6 });
    git(repo, 'reset', '-q', '--hard');
  });
});

/** A template the chart gains in version 2.0.0: an object added to every app × env. */
const RELEASE_NOTE = {
  file: 'release-note.yaml',
  text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-release-note\ndata:\n  chart: {{ .Chart.Version | quote }}\n',
};
const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

/** An ApplicationSet deploying every env of one app with chart "app" of a Helm repository, as the platform writes it. */
const appSet = (app: string, repoURL: string, version: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${app}
spec:
  generators:
    - git:
        repoURL: https://git.example.com/deploy.git
        revision: HEAD
        directories:
          - path: apps/${app}/envs/*
  template:
    metadata:
      name: '${app}-{{path.basename}}'
    spec:
      project: default
      sources:
        - repoURL: ${repoURL}
          chart: app
          targetRevision: ${version}
          helm:
            valueFiles:
              - $values/platform/values.yaml
              - $values/apps/${app}/base/base-values.yaml
              - '$values/{{path}}/values.yaml'
        - repoURL: https://git.example.com/deploy.git
          targetRevision: HEAD
          ref: values
      destination:
        server: https://kubernetes.default.svc
        namespace: '${app}-{{path.basename}}'
`;

describe.each(HELMS)('app-chart diff of the chart each app × env deploys, Helm %i', (helm) => {
  const dir = join(tmp, `deployed-helm${helm}`);
  const archive = (version: string) => join(dir, 'archives', `app-${version}.tgz`);
  const cacheDir = join(dir, 'cache');
  let served: ChartRepo;
  beforeAll(async () => {
    vendorChart(join(dir, 'src', '1.0.0', 'app'), '1.0.0');
    vendorChart(join(dir, 'src', '2.0.0', 'app'), '2.0.0', RELEASE_NOTE);
    for (const version of ['1.0.0', '2.0.0']) await packageChart(join(dir, 'src', version, 'app'), join(dir, 'archives'), helm);
    served = await serveChartRepo(join(dir, 'archives'));
  });
  afterAll(() => served?.close());

  it('a chart version bump in app-chart.config.yaml (two vendored archives) is a chart change of every app × env', async () => {
    const repo = join(dir, 'config-repo');
    const config = join(repo, 'app-chart.config.yaml');
    writeDeployRepo(repo, ['api', 'web'], ['dev', 'prod'], { 'app-chart.config.yaml': `helm: ${helm}\nchart: vendor/app-1.0.0.tgz\n` });
    for (const version of ['1.0.0', '2.0.0']) cpSync(archive(version), join(repo, 'vendor', `app-${version}.tgz`));
    initGit(repo, 'apps on chart 1.0.0');
    writeFileSync(config, `helm: ${helm}\nchart: vendor/app-2.0.0.tgz\n`);
    commit(repo, 'chart 2.0.0');

    const result = await diff({ paths: [repo], base: 'HEAD~1', cacheDir });
    expect(result.skipped).toBe(0);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.status}`)).toEqual([
      'api/dev changed',
      'api/prod changed',
      'web/dev changed',
      'web/prod changed',
    ]);
    expect(target(result, 'web/dev').chart).toEqual({
      base: {
        name: 'app',
        version: '1.0.0',
        digest: sha256(archive('1.0.0')),
        source: 'HEAD~1:vendor/app-1.0.0.tgz (named by HEAD~1:app-chart.config.yaml)',
      },
      head: {
        name: 'app',
        version: '2.0.0',
        digest: sha256(archive('2.0.0')),
        source: `${shown(join(repo, 'vendor', 'app-2.0.0.tgz'))} (named by ${shown(config)})`,
      },
    });
    expect(
      target(result, 'web/dev')
        .changes.filter((c) => c.change === 'added')
        .map((c) => `${c.id.kind}/${c.id.namespace}/${c.id.name}`),
    ).toEqual(['ConfigMap/dev/web-dev-release-note']);
    expect(fieldsOf(result, 'api/prod', 'Deployment/api-prod')['metadata.labels.helm.sh/chart']).toMatchObject({
      old: 'app-1.0.0',
      new: 'app-2.0.0',
    });
    const { text } = formats(result);
    expect(text.split('\n')[0]).toContain(
      `, chart: ${chartLabelOf(target(result, 'web/dev').chart!.base!)} → ${chartLabelOf(target(result, 'web/dev').chart!.head!)}`,
    );
    expect(text).toContain('web/dev (namespace dev): changed; chart app 1.0.0 → app 2.0.0; 1 added, 2 changed\n');

    // the same archive at both revisions, under another name: nothing to render
    git(repo, 'mv', 'vendor/app-2.0.0.tgz', 'vendor/app.tgz');
    writeFileSync(config, `helm: ${helm}\nchart: vendor/app.tgz\n`);
    const moved = await diff({ paths: [repo], base: 'HEAD', cacheDir });
    expect(moved.skipped).toBe(4);
    // a schema error of the working tree names the archive, not its unpacked copy in the cache
    writeFileSync(join(repo, 'apps', 'web', 'envs', 'dev', 'values.yaml'), 'deployment:\n  replicsa: 2\n');
    const refused = await diff({ paths: [repo], base: 'HEAD', cacheDir });
    expect(target(refused, 'web/dev').error?.message.split('\n')[0]).toBe(
      `values do not match the chart's schema (values.schema.json of ${shown(join(repo, 'vendor', 'app.tgz'))}):`,
    );
    git(repo, 'reset', '-q', '--hard');
  });

  it('a chart version bump in an ArgoCD Application changes the app × envs it deploys, with its value files and namespace', async () => {
    const repo = join(dir, 'argocd-repo');
    writeDeployRepo(repo, ['api', 'web'], ['dev', 'prod'], {
      'app-chart.config.yaml': `helm: ${helm}\n`,
      'platform/values.yaml': 'commonLabels:\n  team: payments\n',
      'argocd/api.yaml': appSet('api', served.url, '1.0.0'),
      'argocd/web.yaml': appSet('web', served.url, '1.0.0'),
    });
    initGit(repo, 'apps on chart 1.0.0, deployed by ApplicationSets');
    writeFileSync(join(repo, 'argocd', 'web.yaml'), appSet('web', served.url, '2.0.0'));
    commit(repo, 'web: chart 2.0.0');

    const pulled = served.requests.length;
    const result = await diff({ paths: [repo], base: 'HEAD~1', cacheDir });
    // both revisions deploy 1.0.0 (web at the base, api at both): one pull serves them all
    const archives = served.requests
      .slice(pulled)
      .filter((path) => path.endsWith('.tgz'))
      .sort();
    expect(archives).toEqual(['/app-1.0.0.tgz', '/app-2.0.0.tgz']);
    expect(result.notes).toEqual([]);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.namespace} ${t.status} ${t.rendered}`)).toEqual([
      'api/dev api-dev unchanged false',
      'api/prod api-prod unchanged false',
      'web/dev web-dev changed true',
      'web/prod web-prod changed true',
    ]);
    expect(result.skipped).toBe(2);
    const web = target(result, 'web/prod');
    expect(web.chart?.base).toMatchObject({
      version: '1.0.0',
      digest: sha256(archive('1.0.0')),
      source: `app 1.0.0 from ${served.url} (named by HEAD~1:argocd/web.yaml:1)`,
    });
    expect(web.chart?.head).toMatchObject({
      version: '2.0.0',
      digest: sha256(archive('2.0.0')),
      source: `app 2.0.0 from ${served.url} (named by ${shown(join(repo, 'argocd', 'web.yaml'))}:1)`,
    });
    expect(target(result, 'api/prod').chart?.base?.digest).toBe(target(result, 'api/prod').chart?.head?.digest);
    // the Application's namespace, not the env's name: Helm renders in it, and an object without one is placed in it
    expect(web.changes.map((c) => `${c.change} ${c.id.kind}/${c.id.namespace}/${c.id.name}`)).toEqual([
      'added ConfigMap/web-prod/web-prod-release-note',
      'changed Deployment/web-prod/web-prod',
      'changed Service/web-prod/web-prod',
    ]);
    const { text } = formats(result);
    expect(text).toContain('web/prod (namespace web-prod): changed; chart app 1.0.0 → app 2.0.0; 1 added, 2 changed\n');
    expect(text).toContain('2 app × envs not rendered: nothing they are made of changed');

    // a value file only the Application names: every app × env it reaches renders again
    writeFileSync(join(repo, 'platform', 'values.yaml'), 'commonLabels:\n  team: billing\n');
    try {
      const platform = await diff({ paths: [repo], base: 'HEAD', cacheDir });
      expect(platform.skipped).toBe(0);
      expect(fieldsOf(platform, 'api/dev', 'Deployment/api-dev')['metadata.labels.team']).toMatchObject({
        old: 'payments',
        new: 'billing',
      });
      expect(target(platform, 'api/dev').namespace).toBe('api-dev');
    } finally {
      git(repo, 'checkout', '-q', '--', '.');
    }
  });
});

describe('app-chart diff as users run it', () => {
  const repo = join(tmp, 'cli-repo');
  const run = (args: string[], cwd = repo) =>
    execa('node', [APP_CHART, 'diff', ...args], { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '' } });
  beforeAll(() => {
    buildRepo(repo, 4);
    edit(join(repo, 'apps', 'web', 'envs', 'dev', 'values.yaml'), (v) => (v.deployment.replicas = 2));
    commit(repo, 'web dev: two replicas');
  });

  it('exits 0 when something differs, 1 with --exit-code, 0 with --exit-code when nothing does', async () => {
    const plain = await run(['--base', 'HEAD~1']);
    expect(plain.stderr).toBe('');
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain('  ~ Deployment/web-dev\n  -     spec.replicas: 1\n  +     spec.replicas: 2');
    expect((await run(['--base', 'HEAD~1', '--exit-code'])).exitCode).toBe(1);
    const same = await run(['--base', 'HEAD', '--exit-code']);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toMatch(/✔ 0 app × envs of 4 change; 4 app × envs not rendered/);
  });

  it('prints markdown for a comment and JSON that matches its schema', async () => {
    const markdown = await run(['apps/web', '--base', 'HEAD~1', '--format', 'markdown']);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout.split('\n').slice(0, 2)).toEqual([
      MARKDOWN_MARKER,
      `### app-chart diff: HEAD\\~1 (${git(repo, 'rev-parse', '--short=7', 'HEAD~1')}) → working tree`,
    ]);
    const json = await run(['apps/web/envs/dev/values.yaml', '--base', 'HEAD~1', '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.targets.map((t: { app: string; env: string }) => `${t.app}/${t.env}`)).toEqual(['web/dev']);
  });

  it('the GitHub Actions example runs diff as documented and finds its own comment by the marker', async () => {
    const workflow = parse(readFileSync(join(packageRoot, 'docs', 'github-actions', 'diff.yml'), 'utf8'));
    const steps: { id?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }[] = workflow.jobs.diff.steps;
    expect(steps[0].with).toEqual({ 'fetch-depth': 0 });
    const step = steps.find((s) => s.id === 'diff')!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template literal
    expect(step.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(String(steps.find((s) => s.with?.script)?.with?.script)).toContain(`const marker = '${MARKDOWN_MARKER}';`);
    // the step's own script, with this checkout's app-chart for the installed one
    const outputs = join(tmp, 'github-output');
    const summary = join(tmp, 'github-summary');
    const script = step.run!.replace('npx app-chart diff', `node ${JSON.stringify(APP_CHART)} diff`);
    const result = await execa('bash', ['-e', '-c', script], {
      cwd: repo,
      reject: false,
      stdin: 'ignore',
      env: { BASE_SHA: git(repo, 'rev-parse', 'HEAD~1'), GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(outputs, 'utf8')).toBe('status=0\n');
    const markdown = readFileSync(join(repo, 'app-chart-diff.md'), 'utf8');
    expect(markdown.startsWith(`${MARKDOWN_MARKER}\n### app-chart diff: `)).toBe(true);
    expect(markdown).toContain('| `web/dev` | dev | changed | 0 | 0 | 1 |  |');
    expect(readFileSync(summary, 'utf8')).toBe(markdown);
    rmSync(join(repo, 'app-chart-diff.md'));
  });

  it('exits 2 on what it cannot do, and says why', async () => {
    const noBase = await run([]);
    expect(noBase.exitCode).toBe(2);
    expect(noBase.stderr).toMatch(/^app-chart diff: say what to compare with: --base <git revision>/);
    const unknown = await run(['--base', 'no-such-branch']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^app-chart diff: --base "no-such-branch": no such commit in /);
    // a revision is never read as an option of git
    const flag = await run(['--base=--output=/tmp/app-chart-diff-flag']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain('--base "--output=/tmp/app-chart-diff-flag": no such commit');
    const outside = mkdtempSync(join(tmp, 'no-git-'));
    const notGit = await run(['--base', 'main'], outside);
    expect(notGit.exitCode).toBe(2);
    expect(notGit.stderr).toMatch(/is not in a git repository/);
    // the chart options are render's, read the same way, for either side
    const badChart = await run(['--chart', 'apps']);
    expect(badChart.exitCode).toBe(2);
    expect(badChart.stderr).toBe('app-chart diff: --chart: apps: a chart folder holds Chart.yaml; this one does not');
    const noVersion = await run(['--base-chart', 'oci://ghcr.io/org/charts/app']);
    expect(noVersion.exitCode).toBe(2);
    expect(noVersion.stderr).toBe('app-chart diff: an oci:// chart needs --base-chart-version');
    const noChart = await run(['--base', 'HEAD', '--base-chart-repo', 'https://charts.example.com']);
    expect(noChart.exitCode).toBe(2);
    expect(noChart.stderr).toBe(
      'app-chart diff: --base-chart-version and --base-chart-repo need --base-chart (the chart name, or an oci:// reference)',
    );
  });

  it('exits 2 when an app × env does not render, naming the file at its revision, and still prints the rest', async () => {
    write(join(repo, 'apps', 'web', 'envs', 'prod', 'values.yaml'), 'deployment:\n  replicsa: 2\n');
    try {
      const result = await run(['--base', 'HEAD']);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toContain('web/prod (namespace prod): cannot compare: the working tree does not render');
      expect(result.stdout).toContain('apps/web/envs/prod/values.yaml:2:3: deployment.replicsa: unknown key; did you mean "replicas"?');
      expect(result.stderr).toBe('app-chart diff: 1 app × env could not be compared (see above).');
    } finally {
      git(repo, 'checkout', '-q', '--', '.');
    }
  });

  it('renders nothing from outside the repository, whatever a pull request points at', async () => {
    // a file of the machine diff runs on, which a hostile change tries to get printed
    const secretFile = join(tmp, 'runner-credentials.yaml');
    writeFileSync(secretFile, 'leak: runner-token-7f3a9\n');
    const leaky = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  token: '{{ .Values.leak }}'\n";
    edit(join(repo, 'apps', 'web', 'base', 'base-values.yaml'), (v) => (v.customResourcesMap = { leak: leaky }));
    edit(join(repo, 'app-chart.config.yaml'), (v) => (v.platformValuesFiles = [secretFile]));
    try {
      // the config that names it is refused, as lint and render refuse it: nothing is rendered
      const viaConfig = await run(['--base', 'HEAD']);
      expect(viaConfig.exitCode).toBe(2);
      expect(viaConfig.stdout).toBe('');
      expect(viaConfig.stderr).toMatch(/^app-chart diff: \S*app-chart\.config\.yaml:\d+:\d+: /);
      expect(viaConfig.stderr).toContain(
        `${secretFile} is outside the repo (${realpathSync(repo)}): platform values files are read only from inside it`,
      );
      expect(viaConfig.stdout + viaConfig.stderr).not.toContain('runner-token');
      git(repo, 'checkout', '-q', '--', 'app-chart.config.yaml');

      rmSync(join(repo, 'apps', 'cache', 'envs', 'prod', 'values.yaml'));
      symlinkSync(secretFile, join(repo, 'apps', 'cache', 'envs', 'prod', 'values.yaml'));
      writeFileSync(
        join(repo, 'chart', 'templates', 'leak.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  file: {{ .Files.Get "files/creds" | quote }}\n',
      );
      mkdirSync(join(repo, 'chart', 'files'));
      symlinkSync(secretFile, join(repo, 'chart', 'files', 'creds'));
      const viaLinks = await run(['--base', 'HEAD', '--format', 'json']);
      expect(viaLinks.exitCode).toBe(2);
      expect(viaLinks.stdout + viaLinks.stderr).not.toContain('runner-token');
      const report = JSON.parse(viaLinks.stdout);
      expect(report.targets.map((t: { status: string }) => t.status)).toEqual(['error', 'error', 'error', 'error']);
      const messages = Object.fromEntries(
        report.targets.map((t: { app: string; env: string; error: { message: string } }) => [`${t.app}/${t.env}`, t.error.message]),
      );
      expect(messages['cache/prod']).toMatch(/^apps\/cache\/envs\/prod\/values\.yaml leads outside the repository/);
      expect(messages['web/prod']).toMatch(/^chart\/files\/creds leads outside the repository/);
    } finally {
      git(repo, 'checkout', '-q', '--', '.');
      git(repo, 'clean', '-qfd');
    }
  });

  it('names a file of the base revision as <revision>:<path>', async () => {
    const values = join(repo, 'apps', 'web', 'envs', 'prod', 'values.yaml');
    const good = readFileSync(values, 'utf8');
    write(values, 'deployment:\n  replicsa: 2\n');
    commit(repo, 'broken');
    write(values, good);
    try {
      const result = await run(['apps/web', '--base', 'HEAD']);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toContain('web/prod (namespace prod): cannot compare: the base revision does not render\n');
      expect(result.stdout).toContain(
        '    HEAD:apps/web/envs/prod/values.yaml:2:3: deployment.replicsa: unknown key; did you mean "replicas"?',
      );
      expect(result.stdout).not.toContain('app-chart-diff-');
    } finally {
      git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    }
  });
});
