// Helm's errors, explained the same way under both Helms: file:line:col, values path, and the fix.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HelmError, helmBounds, helmFor, helmVersion, runHelm } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { didYouMean, explainHelmError } from '../scripts/errors.ts';
import { pointerKeys, pointerPath } from '../scripts/json-pointer.ts';
import { render } from '../scripts/render-deployed.ts';
import { chartDir, checkNames, isTemplateOutput, planRender, RenderError, renderApp } from '../scripts/render.ts';
import { formatPath } from '../scripts/values-path.ts';
import { find, HELMS, manifests } from './helpers.ts';

const app = (name: string) => join(packageRoot, 'test', 'fixtures', 'bad-apps', name);
const failure = (name: string, helm: 3 | 4) =>
  renderApp({ appDir: name.startsWith('/') ? name : app(name), env: 'prod', helm }).then(
    () => {
      throw new Error('the render should have failed');
    },
    (error: Error) => error.message.replaceAll(`${packageRoot}/`, ''),
  );

const apps = mkdtempSync(join(tmpdir(), 'app-chart-errors-'));
afterAll(() => rmSync(apps, { recursive: true, force: true }));
/** An app of a deployment repo with these values files; its path relative to the repo root, as messages show it. */
function appWith(name: string, files: { base?: string; env: string }): string {
  const dir = join(apps, name);
  mkdirSync(join(dir, 'envs', 'prod'), { recursive: true });
  if (files.base !== undefined) {
    mkdirSync(join(dir, 'base'), { recursive: true });
    writeFileSync(join(dir, 'base', 'base-values.yaml'), files.base);
  }
  writeFileSync(join(dir, 'envs', 'prod', 'values.yaml'), files.env);
  return dir;
}
const shown = (dir: string) => `${relative(process.cwd(), dir)}/`;

describe.each(HELMS)('under Helm %i', (helm) => {
  it('lists every schema problem at its file, line and column, base file first', async () => {
    const lines = (await failure('three-problems', helm)).split('\n');
    expect(lines[0]).toBe("values do not match the chart's schema (values.schema.json of the chart bundled with app-chart):");
    expect(lines.slice(1).map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      '  test/fixtures/bad-apps/three-problems/base/base-values.yaml:3:3: image.prot',
      '  test/fixtures/bad-apps/three-problems/envs/prod/values.yaml:5:7: deployment.containerPorts[0].port',
      '  test/fixtures/bad-apps/three-problems/envs/prod/values.yaml:8:3: service.tpye',
    ]);
    expect(lines[1]).toMatch(/unknown key; did you mean "port"\?$/);
    expect(lines[2]).toMatch(/65535|65,535/);
    expect(lines[3]).toMatch(/unknown key; did you mean "type"\?$/);
  });

  it("lists the base file's problems before the env file's, whatever their lines", async () => {
    const dir = appWith(`order-${helm}`, { base: '# base\n\n\n\ndeployment:\n  replicsa: 1\n', env: 'service:\n  prot: 80\n' });
    const lines = (await failure(dir, helm)).split('\n').slice(1);
    expect(lines.map((line) => line.replace(/: unknown key.*/, ''))).toEqual([
      `  ${shown(dir)}base/base-values.yaml:6:3: deployment.replicsa`,
      `  ${shown(dir)}envs/prod/values.yaml:2:3: service.prot`,
    ]);
  });

  it('points at the file whose value Helm keeps: the env file over the base file', async () => {
    const dir = appWith(`last-file-${helm}`, {
      base: 'deployment:\n  replicsa: 1\n',
      env: '# the env\ndeployment:\n  enabled: true\n  replicsa: 2\n',
    });
    const message = await failure(dir, helm);
    expect(message.split('\n').slice(1)).toEqual([
      `  ${shown(dir)}envs/prod/values.yaml:4:3: deployment.replicsa: unknown key; did you mean "replicas"?`,
    ]);
  });

  it('names a key holding dots and a slash whole, at its line, as Helm 3 and Helm 4 print it', async () => {
    const dir = appWith(`label-key-${helm}`, { env: 'deployment:\n  enabled: true\n  nodeSelector:\n    kubernetes.io/os: [linux]\n' });
    const [, problem] = (await failure(dir, helm)).split('\n');
    expect(problem).toMatch(
      new RegExp(`^  ${escapeRegExp(shown(dir))}envs/prod/values\\.yaml:4:5: deployment\\.nodeSelector\\["kubernetes\\.io/os"\\]: .*array`),
    );
  });

  it('points at a key Helm reads as a boolean (on: is the key "true"), and at a key a << merge sets', async () => {
    const dir = appWith(`helm-keys-${helm}`, {
      env: '# env\ndefaults: &defaults\n  replicsa: 2\ndeployment:\n  enabled: true\n  on: 1\n  <<: *defaults\n',
    });
    const lines = (await failure(dir, helm)).split('\n').slice(1);
    expect(lines.map((line) => line.replace(/: unknown key.*/, ''))).toEqual([
      `  ${shown(dir)}envs/prod/values.yaml:3:3: deployment.replicsa`,
      `  ${shown(dir)}envs/prod/values.yaml:6:3: deployment.true`,
    ]);
  });

  it('leaves out the summaries Helm prints at the root ("Must validate ..."), keeping what they sum up', async () => {
    const dir = appWith(`root-${helm}`, {
      env: 'horizontalPodAutoscaler:\n  enabled: true\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 80\n',
    });
    const problems = (await failure(dir, helm)).split('\n').slice(1);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^ {2}(deployment|statefulSet)\.enabled: /);
  });

  it('locates a check of the chart whose values path holds an index', async () => {
    const dir = appWith(`indexed-${helm}`, {
      env: 'deployment:\n  enabled: true\nservice:\n  enabled: true\n  ports:\n    - name: metrics\n      port: 9090\n    - name: metrics\n      port: 9091\n',
    });
    expect(await failure(dir, helm)).toBe(
      `${shown(dir)}envs/prod/values.yaml:8:7: service.ports[1].name: "metrics" is already the name of service.ports[0]; give each port of the Service its own name.`,
    );
  });

  it('follows the alternative a value takes: a misspelt key in labels written as a list, a wrong type in a map', async () => {
    const dir = appWith(`alternatives-${helm}`, {
      env:
        'deployment:\n  enabled: true\n  labels:\n    - key: team\n      vlaue: db\n  annotations:\n    a.example.com/x: {deep: 1}\n' +
        // a key of an entry of a map of named items
        'cronJob:\n  jobs:\n    nightly:\n      schedule: "0 3 * * *"\n      comand: [backup]\n',
    });
    const lines = (await failure(dir, helm)).split('\n');
    expect(lines.slice(1).map((line) => line.replace(/: (wrong type|got).*/, ': (wrong type)'))).toEqual([
      `  ${shown(dir)}envs/prod/values.yaml:5:7: deployment.labels[0].vlaue: unknown key; did you mean "value"?`,
      `  ${shown(dir)}envs/prod/values.yaml:7:5: deployment.annotations["a.example.com/x"]: (wrong type)`,
      `  ${shown(dir)}envs/prod/values.yaml:12:7: cronJob.jobs.nightly.comand: unknown key; did you mean "command"?`,
    ]);
  });

  it('points a template error in a custom resource written as one quoted line at that line', async () => {
    const dir = appWith(`quoted-${helm}`, {
      env: 'deployment:\n  enabled: true\ncustomResourcesMap:\n  cm: "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: {{ include \\"app.nmae\\" . }}\\n"\n',
    });
    expect(await failure(dir, helm)).toMatch(
      new RegExp(
        `^${escapeRegExp(shown(dir))}envs/prod/values\\.yaml:4:1: customResourcesMap\\.cm \\(line 4 of the entry\\): \\{\\{ include "app\\.nmae" \\. \\}\\} failed`,
      ),
    );
  });

  it('names an entry whose key holds quotes and a space as written, at its line', async () => {
    const dir = appWith(`quoted-key-${helm}`, {
      env: 'deployment:\n  enabled: true\ncustomResourcesMap:\n  say "hi": |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ include "app.nmae" . }}\n',
    });
    expect(await failure(dir, helm)).toMatch(
      new RegExp(
        `^${escapeRegExp(shown(dir))}envs/prod/values\\.yaml:8:1: customResourcesMap\\.say "hi" \\(line 4 of the entry\\): \\{\\{ include "app\\.nmae" \\. \\}\\} failed`,
      ),
    );
  });

  it('points a template syntax error in a custom resource at its line', async () => {
    const dir = appWith(`syntax-${helm}`, {
      env: 'deployment:\n  enabled: true\ncustomResourcesMap:\n  cm: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ .Values.appName }\n',
    });
    expect(await failure(dir, helm)).toMatch(
      new RegExp(
        `^${escapeRegExp(shown(dir))}envs/prod/values\\.yaml:8:1: customResourcesMap\\.cm \\(line 4 of the entry\\): template syntax error: `,
      ),
    );
  });

  it("offers only the helpers a values file may call (templates/_public.tpl), never the chart's own", async () => {
    const dir = appWith(`private-helper-${helm}`, {
      env: 'deployment:\n  enabled: true\ncustomResourcesMap:\n  cm: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ include "app-chart.stringMapp" . }}\n',
    });
    const message = await failure(dir, helm);
    expect(message).toContain('no template named "app-chart.stringMapp" (a typo, or a helper this chart does not define)');
  });

  it('points broken YAML in a custom resource at the line of the entry it is on', async () => {
    const dir = appWith(`broken-yaml-${helm}`, {
      base: 'deployment:\n  enabled: true\n',
      env: 'customResourcesMap:\n  tcp-route: |\n    apiVersion: traefik.io/v1alpha1\n    kind: IngressRouteTCP\n    metadata:\n     name: postgres\n       namespace: prod\n',
    });
    expect(await failure(dir, helm)).toMatch(
      new RegExp(`^${escapeRegExp(shown(dir))}envs/prod/values\\.yaml:7:1: customResourcesMap\\.tcp-route: is not valid YAML: line 5: `),
    );
  });

  it('points a template error inside a custom resource at its line', async () => {
    expect(await failure('helper-typo', helm)).toBe(
      'test/fixtures/bad-apps/helper-typo/envs/prod/values.yaml:9:1: customResourcesMap.tcp-route (line 5 of the entry): ' +
        '{{ include "app.nmae" . }} failed: no template named "app.nmae" (did you mean "app.name"?)',
    );
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the schema an error is explained with', () => {
  it('is the schema of the chart that rendered, two charts in one run kept apart', () => {
    const other = join(apps, 'other-chart');
    mkdirSync(other, { recursive: true });
    const deployment = { type: 'object', additionalProperties: false, properties: { replicaz: { type: 'integer' } } };
    writeFileSync(join(other, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { deployment } }));
    // what Helm 3 prints for a misspelt key
    const stderr =
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\napp-chart:\n- deployment: Additional property replicsa is not allowed\n";
    expect(explainHelmError(stderr, [])).toContain('deployment.replicsa: unknown key; did you mean "replicas"?');
    expect(explainHelmError(stderr, [], other)).toContain('deployment.replicsa: unknown key; did you mean "replicaz"?');
    expect(explainHelmError(stderr, [], other)).toContain(`(${relative(process.cwd(), join(other, 'values.schema.json'))})`);
  });

  /** A chart of the repo's own, named `name`, whose schema knows deployment.replicaz only. */
  const ownChart = (name: string) => {
    const dir = join(apps, `${name}-chart`);
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
    const deployment = { type: 'object', additionalProperties: false, properties: { replicaz: { type: 'integer' } } };
    writeFileSync(join(dir, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { deployment } }));
    return dir;
  };
  const messageOf = (rendering: Promise<unknown>) =>
    rendering.then(
      () => 'rendered',
      (error: Error) => error.message,
    );

  it("of a repo's own chart, when rendering with it fails its schema", async () => {
    const own = ownChart('own');
    const dir = appWith('own-chart-app', { env: 'deployment:\n  replicsa: 1\n' });
    const message = await messageOf(renderApp({ appDir: dir, env: 'prod', chart: own }));
    expect(message.split('\n')).toEqual([
      `values do not match the chart's schema (${relative(process.cwd(), join(own, 'values.schema.json'))}):`,
      `  ${shown(dir)}envs/prod/values.yaml:2:3: deployment.replicsa: unknown key; did you mean "replicaz"?`,
    ]);
  });

  it('of a chart given as an archive, named by the archive and not by its unpacked copy in the cache', async () => {
    await runHelm(helmFor(4), ['package', ownChart('packed'), '--destination', apps]);
    const archive = join(apps, 'packed-0.1.0.tgz');
    const dir = appWith('packed-chart-app', { env: 'deployment:\n  replicsa: 1\n' });
    const message = await messageOf(render({ appDir: dir, env: 'prod', chart: archive }));
    expect(message.split('\n')).toEqual([
      `values do not match the chart's schema (values.schema.json of ${relative(process.cwd(), archive)}):`,
      `  ${shown(dir)}envs/prod/values.yaml:2:3: deployment.replicsa: unknown key; did you mean "replicaz"?`,
    ]);
  });
});

describe('render, given platform values as objects', () => {
  it('writes them as a file Helm reads back as written: the string "on" stays a string, applied before the app\'s files', async () => {
    const dir = appWith('values-object-app', { env: 'deployment:\n  enabled: true\n  annotations:\n    example.com/owner: app\n' });
    const platform = { deployment: { annotations: { 'example.com/switch': 'on', 'example.com/owner': 'platform' } } };
    const { manifests } = await render({ appDir: dir, env: 'prod', values: [platform], helm: 4 });
    expect(manifests).toContain('example.com/switch: "on"');
    expect(manifests).toContain('example.com/owner: "app"');
    expect(manifests).not.toContain('example.com/owner: "platform"');
  });
});

describe('didYouMean', () => {
  it('suggests only close keys', () => {
    expect(didYouMean('replicsa', ['replicas', 'resources'])).toBe('replicas');
    expect(didYouMean('enviroment', ['envVariables', 'envMap'])).toBeUndefined();
    expect(didYouMean('Port', ['port'])).toBe('port');
    // letters compared whatever their case: REPLICSA is two steps from replicas, not eight
    expect(didYouMean('REPLICSA', ['replicas', 'resources'])).toBe('replicas');
  });
});

describe('the values files of an app × env', () => {
  it('are the ones its ArgoCD Application names, when it names them: no envs/<env>/values.yaml needed', async () => {
    const dir = join(apps, 'argo-named');
    mkdirSync(join(dir, 'values'), { recursive: true });
    writeFileSync(join(dir, 'values', 'prod.yaml'), 'appName: named\ndeployment:\n  enabled: true\n');
    const output = await renderApp({ appDir: dir, env: 'prod', valueFiles: [join(dir, 'values', 'prod.yaml')] });
    expect(output).toContain('name: named');
    await expect(renderApp({ appDir: dir, env: 'prod' })).rejects.toThrow(
      /envs\/prod\/values\.yaml: no values file for env "prod"\. The app has no envs\/ folder\./,
    );
  });
  it("come after the platform's values files, so the app's own win: platform, base, env, then --set", async () => {
    const dir = appWith('layered', { base: 'deployment:\n  replicas: 2\n', env: 'appName: mine\ncommonLabels:\n  tier: env\n' });
    const platform = join(apps, 'platform-values.yaml');
    writeFileSync(
      platform,
      'appName: platform\ndeployment:\n  enabled: true\n  replicas: 5\ncommonLabels:\n  tier: platform\n  team: ops\n',
    );
    /** the Deployment's name, replicas and the labels tier and team */
    const deployment = async (set?: string[]) => {
      const found = find(manifests(await renderApp({ appDir: dir, env: 'prod', values: [platform], set })), 'Deployment');
      const { name, labels } = found?.metadata ?? { name: undefined, labels: undefined };
      return [name, (found?.spec as { replicas?: number } | undefined)?.replicas, labels?.tier, labels?.team];
    };
    expect(await deployment()).toEqual(['mine', 2, 'env', 'ops']);
    expect(await deployment(['deployment.replicas=4'])).toEqual(['mine', 4, 'env', 'ops']);
  });
});

describe("Helm's output", () => {
  it('is taken only when every document is one Helm rendered: a broken or foreign Helm is not mistaken for a render', async () => {
    const rendered = await renderApp({ appDir: join(packageRoot, 'examples', 'minimal'), env: 'dev' });
    expect(isTemplateOutput(rendered)).toBe(true);
    expect(isTemplateOutput('')).toBe(true);
    expect(isTemplateOutput(`${rendered}---\nWARNING: plugin failed\n`)).toBe(false);
    expect(isTemplateOutput(`Error: something\n${rendered}`)).toBe(false);
  });
});

describe('the names of an app × env', () => {
  // a release name is <app>-<env>: Helm takes 53 characters; a namespace is a DNS label of at most 63 (RFC 1123)
  const app = 'a'.repeat(48);

  it.each(HELMS)('takes the longest release name Helm %i takes, and refuses one character more, as Helm does', async (helm) => {
    expect(checkNames(app, 'prod', 'prod')).toBe(`${app}-prod`);
    expect(() => checkNames(`${app}x`, 'prod', 'prod')).toThrow(/the release name "a+x-prod" .* it is 54 characters long/);
    const take = (release: string) =>
      runHelm(helmFor(helm), ['template', release, chartDir, '--namespace', 'prod']).then((r) => r.exitCode);
    expect([await take(`${app}-prod`), await take(`${app}x-prod`)]).toEqual([0, 1]);
  });

  it('takes a namespace of 63 characters and refuses 64', () => {
    expect(checkNames(app, 'prod', 'n'.repeat(63))).toBe(`${app}-prod`);
    expect(() => checkNames(app, 'prod', 'n'.repeat(64))).toThrow(
      /the namespace "n{64}" is not a valid Kubernetes namespace: use at most 63/,
    );
  });
});

describe('the helm template call of an app × env (planRender)', () => {
  it('passes the platform files, base, env and --set pairs in that order, glued to their flags, and the names after "--"', () => {
    const dir = appWith('planned', { base: 'appName: planned\n', env: 'deployment:\n  enabled: true\n' });
    const platform = join(apps, 'plan-platform.yaml');
    const region = join(apps, 'plan-region.yaml');
    writeFileSync(platform, 'captain_domain: apps.example.com\n');
    writeFileSync(region, 'commonLabels:\n  region: eu\n');
    const plan = planRender({ appDir: dir, env: 'prod', values: [region, platform], set: ['a=1', 'b=2'] });
    const files = [region, platform, join(dir, 'base', 'base-values.yaml'), join(dir, 'envs', 'prod', 'values.yaml')];
    expect(plan).toEqual({
      release: 'planned-prod',
      namespace: 'prod',
      valueFiles: files,
      args: [
        'template',
        '--namespace=prod',
        ...files.map((f) => `--values=${f}`),
        '--set=a=1',
        '--set=b=2',
        '--',
        'planned-prod',
        chartDir,
      ],
    });
    const other = planRender({ appDir: dir, env: 'prod', namespace: 'shop', chart: '/charts/app' });
    expect([other.namespace, other.args[1], other.args.at(-1), other.valueFiles.length]).toEqual([
      'shop',
      '--namespace=shop',
      '/charts/app',
      2,
    ]);
  });

  it('takes the env file alone when there is no base file, and the files an ArgoCD Application names instead of both', () => {
    const dir = appWith('no-base', { env: 'appName: x\n' });
    expect(planRender({ appDir: dir, env: 'prod' }).valueFiles).toEqual([join(dir, 'envs', 'prod', 'values.yaml')]);
    const named = join(apps, 'named.yaml');
    writeFileSync(named, 'appName: y\n');
    expect(planRender({ appDir: dir, env: 'staging', valueFiles: [named] })).toMatchObject({
      release: 'no-base-staging',
      namespace: 'staging',
      valueFiles: [named],
    });
  });

  it('refuses what Helm would misread or cannot find, naming the file and the fix', () => {
    const dir = appWith('refused', { env: 'appName: x\n' });
    expect(() => planRender({ appDir: join(apps, 'absent'), env: 'prod' })).toThrow(
      `${join(apps, 'absent')}: no such app folder. Give the folder that holds base/ and envs/.`,
    );
    expect(() => planRender({ appDir: dir, env: 'dev' })).toThrow(
      `${join(dir, 'envs', 'dev', 'values.yaml')}: no values file for env "dev". Envs of this app are listed in ${join(dir, 'envs')}.`,
    );
    expect(() => planRender({ appDir: dir, env: 'prod', values: [join(apps, 'missing.yaml')] })).toThrow(
      `${join(apps, 'missing.yaml')}: no such values file (given with --values).`,
    );
    expect(() => planRender({ appDir: dir, env: 'prod', valueFiles: [join(apps, 'gone.yaml')] })).toThrow(
      `${join(apps, 'gone.yaml')}: no such values file (named by the app's ArgoCD Application).`,
    );
    // a folder given in place of an app (its parent, a typo) has no envs/ at all
    const bare = join(apps, 'bare');
    mkdirSync(bare, { recursive: true });
    expect(() => planRender({ appDir: bare, env: 'prod' })).toThrow(
      `${join(bare, 'envs', 'prod', 'values.yaml')}: no values file for env "prod". The app has no envs/ folder.`,
    );
    const comma = join(apps, 'a,b.yaml');
    writeFileSync(comma, 'appName: x\n');
    expect(() => planRender({ appDir: dir, env: 'prod', values: [comma] })).toThrow(
      `${comma}: Helm reads a values file path with a comma as several paths; rename the file or folder without the comma.`,
    );
  });

  it('refuses a release name with characters Helm does not allow, and a namespace that is not a DNS label', () => {
    expect(checkNames('web.v2', 'prod', 'prod')).toBe('web.v2-prod');
    expect(() => checkNames('Web', 'prod', 'prod')).toThrow(
      /^the release name "Web-prod" \(the app folder "Web", "-", the env "prod"\) is not a valid Helm release name: it holds characters Helm does not allow there\. Helm takes at most 53 characters/,
    );
    expect(() => checkNames('web', 'prod-', 'prod')).toThrow(/"web-prod-" .* it holds characters/);
    // Helm's rule, part by part: dots between parts, each part a DNS label
    expect(checkNames('shop.eu.web', 'prod', 'prod')).toBe('shop.eu.web-prod');
    for (const app of ['-web', '.web', 'web.', 'web..v2', 'web.-v2', 'web_v2', 'web v2'])
      expect(() => checkNames(app, 'prod', 'prod')).toThrow(`the release name "${app}-prod"`);
    for (const namespace of ['Prod', 'prod.eu', '-prod', 'prod-', ''])
      expect(() => checkNames('web', 'prod', namespace)).toThrow(`the namespace "${namespace}" is not a valid Kubernetes namespace`);
  });
});

describe("Helm's error text, explained (explainHelmError)", () => {
  const base = join(apps, 'explain', 'base.yaml');
  const env = join(apps, 'explain', 'env.yaml');
  mkdirSync(join(apps, 'explain'), { recursive: true });
  writeFileSync(base, 'image:\n  prot: 80\ndeployment:\n  enabled: true\n');
  writeFileSync(env, 'deployment:\n  replicas: "3"\n  xyzzy: 1\ningress:\n  entries:\n    - hosts: []\n');
  const at = (file: string, line: number, col: number) => `${relative(process.cwd(), file)}:${line}:${col}`;
  const header = "values do not match the chart's schema (values.schema.json of the chart bundled with app-chart):";
  const schemaError = "Error: values don't meet the specifications of the schema(s) in the following chart(s):\napp-chart:\n";
  const deploymentKeys = /^unknown key; the keys here are: enabled, replicas, revisionHistoryLimit, .*, restartPolicy$/;

  it("reads Helm 3's problems: unknown keys with a guess or the keys there, wrong types, summaries left out; in file order", () => {
    const stderr =
      schemaError +
      '- deployment.replicas: Invalid type. Expected: [integer,null], given: string\n' +
      '- deployment: Additional property xyzzy is not allowed\n' +
      '- image: Additional property prot is not allowed\n' +
      '- ingress.entries.0: Must validate at least one schema (anyOf)\n' +
      '- ingress.entries.0.hosts: Array must have at least 1 items\n';
    const lines = explainHelmError(stderr, [base, env]).split('\n');
    expect(lines.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      header.split(': ')[0],
      `  ${at(base, 2, 3)}: image.prot`,
      `  ${at(env, 2, 3)}: deployment.replicas`,
      `  ${at(env, 3, 3)}: deployment.xyzzy`,
      `  ${at(env, 6, 7)}: ingress.entries[0].hosts`,
    ]);
    expect(lines[0]).toBe(header);
    expect(lines[1]).toMatch(/: unknown key; did you mean "port"\?$/);
    expect(lines[2]).toMatch(/: wrong type: Expected: \[integer,null\], given: string$/);
    expect(lines[3].split(': ').slice(2).join(': ')).toMatch(deploymentKeys);
    expect(lines[4]).toMatch(/: Array must have at least 1 items$/);
  });

  it("reads Helm 4's problems: several unknown keys on one line, each its own; the root's 'validation failed' left out", () => {
    const stderr =
      schemaError +
      "- at '': validation failed\n" +
      "  - at '/deployment': additional properties 'xyzzy', 'replicsa' not allowed\n" +
      "  - at '/deployment/replicas': got string, want integer\n" +
      "  - at '/image': additional property 'prot' not allowed\n" +
      "  - at '/ingress/entries/0': 'anyOf' failed\n" +
      "    - at '/ingress/entries/0/hosts': minItems: got 0, want 1\n";
    const lines = explainHelmError(stderr, [base, env]).split('\n');
    expect(lines[0]).toBe(header);
    expect(lines.slice(1).map((l) => l.replace(/ the keys here are: .*/, ' the keys here are: …'))).toEqual([
      `  ${at(base, 2, 3)}: image.prot: unknown key; did you mean "port"?`,
      // a key no file holds: the last file that sets its parent
      `  ${at(env, 1, 1)}: deployment.replicsa: unknown key; did you mean "replicas"?`,
      `  ${at(env, 2, 3)}: deployment.replicas: got string, want integer`,
      `  ${at(env, 3, 3)}: deployment.xyzzy: unknown key; the keys here are: …`,
      `  ${at(env, 6, 7)}: ingress.entries[0].hosts: minItems: got 0, want 1`,
    ]);
  });

  it('lists the problems no values file places (values given with --set) after those it places, in the order Helm gave them', () => {
    const stderr =
      schemaError +
      '- service.type: service.type must be one of the following: "ClusterIP", "NodePort", "LoadBalancer", null\n' +
      '- deployment.replicas: Invalid type. Expected: [integer,null], given: string\n' +
      '- service.nodePort: Invalid type. Expected: [integer,null], given: string\n' +
      '- image: Additional property prot is not allowed\n';
    expect(
      explainHelmError(stderr, [base, env])
        .split('\n')
        .map((l) => l.split(': ').slice(0, 2).join(': ')),
    ).toEqual([
      header.split(': ')[0],
      `  ${at(base, 2, 3)}: image.prot`,
      `  ${at(env, 2, 3)}: deployment.replicas`,
      '  service.type: service.type must be one of the following',
      '  service.nodePort: wrong type',
    ]);
  });

  it("names the schema of another chart by its path, and places a chart's fail message at the values path it names", () => {
    const other = join(apps, 'explain', 'chart');
    mkdirSync(other, { recursive: true });
    // Helm checks values.schema.json; the guesses come from the fuller editor schema beside it
    writeFileSync(join(other, 'values.editor.schema.json'), JSON.stringify({ properties: { image: { properties: { proto: {} } } } }));
    const explained = explainHelmError(`${schemaError}- image: Additional property prot is not allowed\n`, [base], other);
    expect(explained.split('\n')).toEqual([
      `values do not match the chart's schema (${relative(process.cwd(), join(other, 'values.schema.json'))}):`,
      `  ${at(base, 2, 3)}: image.prot: unknown key; did you mean "proto"?`,
    ]);
    const fail =
      'Error: execution error at (app-chart/templates/ingress.yaml:8:4): ingress.entries[0]: has no name. Each entry needs a name.\n\n' +
      'Use --debug flag to render out invalid YAML\n';
    expect(explainHelmError(fail, [base, env])).toBe(`${at(env, 6, 7)}: ingress.entries[0]: has no name. Each entry needs a name.`);
    expect(explainHelmError('Error: execution error at (app-chart/templates/x.yaml:1:2): nothing: here\n', [base, env])).toBe(
      'nothing: here',
    );
    expect(explainHelmError('Error: something odd happened\nUse --debug flag to render out invalid YAML\n', [base])).toBe(
      'something odd happened',
    );
  });

  it("points a failing helper in a customResources list entry at the entry's line, and guesses from every helper of a chart without _public.tpl", () => {
    const values = join(apps, 'explain', 'list.yaml');
    writeFileSync(
      values,
      'customResources:\n  - |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: ok\n' +
        '  - |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ include "app.nmae" . }}\n',
    );
    const chart = join(apps, 'explain', 'own-chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(
      join(chart, 'templates', '_helpers.tpl'),
      '{{- define "app.name" -}}x{{- end }}\n{{- define "app.fullname" -}}y{{- end }}\n',
    );
    // Helm 3.18.0's and 4.1.4's text for these values (the same in both), rendered with the bundled chart
    const stderr =
      'Error: template: app-chart/templates/custom-resources.yaml:9:4: executing "app-chart/templates/custom-resources.yaml" at ' +
      '<include "app-chart.customResources.entry" (dict "entry" $entry "label" (printf "customResources[%d]" $index) "state" $state)>: ' +
      'error calling include: template: app-chart/templates/_custom-resources.tpl:88:16: executing "app-chart.customResources.entry" at ' +
      '<tpl $named $state.root>: error calling tpl: error during tpl function execution for "{{/* customResources[1] */}}apiVersion: v1\\n' +
      'kind: ConfigMap\\nmetadata:\\n  name: {{ include \\"app.nmae\\" . }}\\n": template: gotpl:4:11: executing "gotpl" at ' +
      '<include "app.nmae" .>: error calling include: template: no template "app.nmae" associated with template "gotpl"\n\n' +
      'Use --debug flag to render out invalid YAML\n';
    expect(explainHelmError(stderr, [values], chart)).toBe(
      `${relative(process.cwd(), values)}:11:1: customResources[1] (line 4 of the entry): {{ include "app.nmae" . }} failed: ` +
        'no template named "app.nmae" (did you mean "app.name"?)',
    );
    // a chart whose templates cannot be read gives no guess, and the explanation stands
    expect(explainHelmError(stderr, [values], join(apps, 'explain', 'no-such-chart'))).toMatch(
      /: no template named "app\.nmae" \(a typo, or a helper this chart does not define\)$/,
    );
  });

  it('reads indexes and lines of two digits, and helpers defined with or without a dash and spaces', () => {
    const values = join(apps, 'explain', 'many.yaml');
    const simple = '  - |\n    apiVersion: v1\n    kind: ConfigMap\n';
    const long = `  - |\n${Array.from({ length: 11 }, (_, i) => `    # line ${i + 1}\n`).join('')}    name: {{ include "app.nmae" . }}\n`;
    writeFileSync(values, `customResources:\n${simple.repeat(10)}${long}ingress:\n  entries:\n${'    - name: a\n'.repeat(11)}`);
    const chart = join(apps, 'explain', 'spaced-chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'templates', '_helpers.tpl'), '{{define "app.name"}}x{{end}}\n{{ define "app.fullname" }}y{{ end }}\n');
    const stderr =
      'Error: template: app-chart/templates/custom-resources.yaml:9:4: executing "app-chart/templates/custom-resources.yaml" at ' +
      '<include "app-chart.customResources.entry" (dict)>: error calling include: template: app-chart/templates/_custom-resources.tpl:88:16: ' +
      'executing "app-chart.customResources.entry" at <tpl $named $state.root>: error calling tpl: error during tpl function execution ' +
      'for "{{/* customResources[10] */}}# line 1\\n": template: gotpl:12:11: executing "gotpl" at <include "app.nmae" .>: error calling ' +
      'include: template: no template "app.nmae" associated with template "gotpl"\n';
    expect(explainHelmError(stderr, [values], chart)).toBe(
      `${relative(process.cwd(), values)}:44:1: customResources[10] (line 12 of the entry): {{ include "app.nmae" . }} failed: ` +
        'no template named "app.nmae" (did you mean "app.name"?)',
    );
    const fail = 'Error: execution error at (app-chart/templates/ingress.yaml:8:4): ingress.entries[10]: has no host.\n';
    expect(explainHelmError(fail, [values])).toBe(`${relative(process.cwd(), values)}:57:7: ingress.entries[10]: has no host.`);
    // an entry's own failures: at the entry, or at the line of its text that is not valid YAML
    const entryFail = (message: string) =>
      explainHelmError(`Error: execution error at (app-chart/templates/x.yaml:1:2): ${message}\n`, [values]);
    expect(entryFail('customResources[10]: is an empty manifest (---).')).toBe(
      `${relative(process.cwd(), values)}:32:5: customResources[10]: is an empty manifest (---).`,
    );
    expect(entryFail('customResources[10]: is not valid YAML: line 11: mapping values are not allowed')).toBe(
      `${relative(process.cwd(), values)}:43:1: customResources[10]: is not valid YAML: line 11: mapping values are not allowed`,
    );
  });
});

describe("Helm's error text, explained: each branch", () => {
  const schemaError = "Error: values don't meet the specifications of the schema(s) in the following chart(s):\napp-chart:\n";
  const dir = join(apps, 'branches');
  mkdirSync(dir, { recursive: true });
  const flow = join(dir, 'flow.yaml');
  writeFileSync(flow, 'deployment: { xyzzy: 1, replicas: "3" }\n');
  const lines = (stderr: string, files: string[] = [flow], chart?: string) => explainHelmError(stderr, files, chart).split('\n').slice(1);

  it('names a problem at the root as (root), and guesses a misspelt key at the root against the keys there', () => {
    expect(lines(`${schemaError}- (root): Additional property imagee is not allowed\n`)).toEqual([
      '  imagee: unknown key; did you mean "image"?',
    ]);
    expect(lines(`${schemaError}- at '': got string, want object\n`)).toEqual(['  (root): got string, want object']);
  });

  it('sorts two problems on one line by column, whatever order Helm gives them in', () => {
    const at = (col: number) => `${relative(process.cwd(), flow)}:1:${col}`;
    const explained = lines(
      `${schemaError}- at '/deployment/replicas': got string, want integer\n- at '/deployment': additional property 'xyzzy' not allowed\n`,
    );
    expect(explained.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      `  ${at(15)}: deployment.xyzzy`,
      `  ${at(25)}: deployment.replicas`,
    ]);
  });

  it('leaves out "null was the other choice", and keeps a wrong type beside another problem at the same path', () => {
    expect(
      lines(
        `${schemaError}- at '/service/type': got string, want null\n- at '/service/type': value must be one of 'ClusterIP', 'NodePort'\n`,
      ),
    ).toEqual(["  service.type: value must be one of 'ClusterIP', 'NodePort'"]);
    expect(
      lines(`${schemaError}- at '/deployment/replicas': got string, want integer\n- at '/deployment/replicas': minimum: got -1, want 0\n`),
    ).toEqual([
      `  ${relative(process.cwd(), flow)}:1:25: deployment.replicas: got string, want integer`,
      `  ${relative(process.cwd(), flow)}:1:25: deployment.replicas: minimum: got -1, want 0`,
    ]);
    // a summary with nothing more specific at or below its path is all there is to say: it stays
    expect(lines(`${schemaError}- deployment: Must validate one and only one schema (oneOf)\n`)).toEqual([
      `  ${relative(process.cwd(), flow)}:1:1: deployment: Must validate one and only one schema (oneOf)`,
    ]);
  });

  it('says only "unknown key" where the schema lists no keys, or cannot be read', () => {
    const open = join(dir, 'open-chart');
    mkdirSync(open, { recursive: true });
    writeFileSync(join(open, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { image: { type: 'object' } } }));
    const stderr = `${schemaError}- image: Additional property prot is not allowed\n`;
    expect(lines(stderr, [], open)).toEqual(['  image.prot: unknown key']);
    // one key there, far from the misspelt one: it is listed, not guessed
    expect(lines(`${schemaError}- (root): Additional property zzzzzz is not allowed\n`, [], open)).toEqual([
      '  zzzzzz: unknown key; the keys here are: image',
    ]);
    const broken = join(dir, 'broken-chart');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'values.schema.json'), '{ not json');
    expect(lines(stderr, [], broken)).toEqual(['  image.prot: unknown key']);
  });

  it("guesses through a chart's own schema: keys behind a $ref, in a list item or a map of an anyOf; none under a key it does not describe", () => {
    const own = join(dir, 'ref-chart');
    mkdirSync(own, { recursive: true });
    const schema = {
      definitions: {
        image: { type: 'object', properties: { repository: {}, tag: {} } },
        labels: {
          anyOf: [
            { type: 'null' },
            { type: 'array', items: { type: 'object', properties: { key: {}, value: {} } } },
            { type: 'object', properties: { team: {}, tier: {} } },
          ],
        },
      },
      properties: { image: { $ref: '#/definitions/image' }, labels: { $ref: '#/definitions/labels' }, extra: {} },
    };
    writeFileSync(join(own, 'values.schema.json'), JSON.stringify(schema));
    const unknown = (pointer: string, key: string) =>
      lines(`${schemaError}- at '${pointer}': additional property '${key}' not allowed\n`, [], own);
    expect(unknown('/image', 'tga')).toEqual(['  image.tga: unknown key; did you mean "tag"?']);
    expect(unknown('/labels/0', 'vlaue')).toEqual(['  labels[0].vlaue: unknown key; did you mean "value"?']);
    expect(unknown('/labels', 'teem')).toEqual(['  labels.teem: unknown key; did you mean "team"?']);
    expect(unknown('/extra/a/b', 'x')).toEqual(['  extra.a.b.x: unknown key']);
  });

  it("suggests a key at most a third of the misspelt one's length away (two at least), never further", () => {
    expect(didYouMean('abcdefg', ['abcdxyz'])).toBeUndefined();
    expect(didYouMean('abcdefg', ['abcdeyz'])).toBe('abcdeyz');
    expect(didYouMean('abcdefghi', ['abcdefxyz'])).toBe('abcdefxyz');
    expect(didYouMean('abcdefghi', ['abcdewxyz'])).toBeUndefined();
  });

  it('compares keys whatever their case, and takes the closest of several', () => {
    expect(didYouMean('REPLICAS', ['replicas'])).toBe('replicas');
    expect(didYouMean('replicas', ['REPLICAS'])).toBe('REPLICAS');
    expect(didYouMean('replicass', ['replicasxyz', 'replicas', 'replica'])).toBe('replicas');
  });
});

describe('values paths and JSON pointers', () => {
  it('writes a values path as a user reads it: dots for plain keys, [n] for indexes, quoted brackets for any other key', () => {
    expect(formatPath(['deployment', 'containerPorts', 0, 'port'])).toBe('deployment.containerPorts[0].port');
    expect(formatPath(['commonLabels', 'app.kubernetes.io/name'])).toBe('commonLabels["app.kubernetes.io/name"]');
    expect(formatPath(['customResourcesMap', 'tcp-route', '$x', '_y'])).toBe('customResourcesMap.tcp-route.$x._y');
    expect(formatPath(['a b', '9lives', 'x'])).toBe('["a b"]["9lives"].x');
    expect(formatPath([])).toBe('');
  });

  it('reads a pointer as keys, an index only where the data holds a list', () => {
    expect(pointerKeys('')).toEqual([]);
    expect(pointerKeys('#')).toEqual([]);
    expect(pointerKeys('#/a~1b/~0')).toEqual(['a/b', '~']);
    expect(pointerPath('/ports/0/name')).toEqual(['ports', 0, 'name']);
    const data = { envMap: { '0': 'zero' }, ports: [{ name: 'http' }] };
    expect(pointerPath('/envMap/0', data)).toEqual(['envMap', '0']);
    expect(pointerPath('/ports/0/name', data)).toEqual(['ports', 0, 'name']);
    expect(pointerPath('/missing/1/x', data)).toEqual(['missing', '1', 'x']);
    // without the data, only a key of digits alone is an index; a null in the data holds nothing below it
    expect(pointerPath('/http2/2xx/12')).toEqual(['http2', '2xx', 12]);
    expect(pointerPath('/envMap/a/b', { envMap: null })).toEqual(['envMap', 'a', 'b']);
  });
});

describe('a Helm run that goes wrong (runHelm, renderApp)', () => {
  const dir = join(apps, 'fake-helms');
  mkdirSync(dir, { recursive: true });
  /** a Helm that answers `helm version` as 3.18.0 and runs `script` for anything else */
  const fake = (name: string, script: string) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nif [ "$1" = version ]; then printf v3.18.0; exit 0; fi\n${script}\n`, { mode: 0o755 });
    return file;
  };
  const helmAt = (bin: string, source: 'pinned' | 'HELM_BIN' | 'PATH') =>
    ({ bin, major: 3, version: 'v3.18.0', source, external: source !== 'pinned', requested: 3 }) as const;
  const bounds = { timeoutMs: 60_000, memoryBytes: Infinity, outputBytes: 2 ** 20 };

  it('stops a Helm that prints more than its output bound, naming the bound and its variable', async () => {
    const loud = fake('loud', 'head -c 3000000 /dev/zero');
    await expect(runHelm(helmAt(loud, 'pinned'), ['template'], { bounds })).rejects.toThrow(
      'Helm printed more than 1 MB (APP_CHART_HELM_OUTPUT, in megabytes) and was stopped',
    );
    // up to the bound, all of it
    const quiet = fake('quiet', 'head -c 1048576 /dev/zero; echo oops >&2; exit 3');
    const result = await runHelm(helmAt(quiet, 'pinned'), ['template'], { bounds });
    expect([result.exitCode, result.stdout.length, result.stderr]).toEqual([3, 2 ** 20, 'oops\n']);
  });

  it('stops a Helm that runs past its time bound, naming the bound in seconds', async () => {
    const slow = fake('slow', 'sleep 30');
    await expect(runHelm(helmAt(slow, 'pinned'), ['template'], { bounds: { ...bounds, timeoutMs: 300 } })).rejects.toThrow(
      'Helm did not finish within 0.3 s (APP_CHART_HELM_TIMEOUT, in seconds) and was stopped',
    );
  });

  it('stops a Helm that holds more memory than its bound, naming the bound in megabytes', async () => {
    // about 40 MB held in a shell variable, then waits: the bound is 16 MB
    const hungry = fake('hungry', 'x=$(head -c 40000000 /dev/zero | tr "\\0" a); sleep 30');
    await expect(runHelm(helmAt(hungry, 'pinned'), ['template'], { bounds: { ...bounds, memoryBytes: 16 * 2 ** 20 } })).rejects.toThrow(
      'Helm used more than 16 MB of memory (APP_CHART_HELM_MEMORY, in megabytes) and was stopped',
    );
  });

  it('says how to fix a Helm that cannot run or is killed, by where it came from', async () => {
    const killed = fake('killed', 'kill -9 $$');
    await expect(runHelm(helmAt(killed, 'pinned'), ['template'], { bounds })).rejects.toThrow(
      `cannot run Helm at ${killed}: killed by SIGKILL\nReinstall app-chart.`,
    );
    await expect(runHelm(helmAt(killed, 'HELM_BIN'), ['template'], { bounds })).rejects.toThrow(
      'killed by SIGKILL\nCheck HELM_BIN, or unset it to use the pinned Helm.',
    );
    await expect(runHelm(helmAt(join(dir, 'absent'), 'PATH'), ['template'], { bounds })).rejects.toThrow(
      new RegExp(`^cannot run Helm at ${join(dir, 'absent')}: spawn .*ENOENT\\nCheck the helm found on PATH, or set HELM_BIN\\.$`),
    );
  });

  it('asks a Helm its version, and names a Helm whose answer is not one: a failing exit, or a version that is not major.minor.patch', async () => {
    const answering = (name: string, script: string) => {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
      return helmAt(file, 'HELM_BIN');
    };
    expect(await helmVersion(answering('v-ok', 'printf "v3.18.0\\n"'))).toBe('v3.18.0');
    const failing = answering('v-failing', 'printf v3.18.0; echo "plugin broke" >&2; exit 1');
    await expect(helmVersion(failing)).rejects.toThrow(`Helm at ${failing.bin} does not work ("helm version" said: plugin broke)`);
    await expect(helmVersion(answering('v-short', 'printf v3.18'))).rejects.toThrow('does not work ("helm version" said: v3.18)');
    await expect(helmVersion(answering('v-prefixed', 'printf "version v3.18.0"'))).rejects.toThrow('said: version v3.18.0)');
  });

  it('says which release a bound stopped, and takes a Helm that fails with only blank lines for one that says nothing', async () => {
    const dirApp = appWith('bounded-app', { env: 'appName: x\n' });
    const saved = process.env.HELM_BIN;
    try {
      process.env.HELM_BIN = fake('sleepy', 'sleep 30');
      await expect(renderApp({ appDir: dirApp, env: 'prod', bounds: { ...bounds, timeoutMs: 300 } })).rejects.toThrow(
        'rendering bounded-app-prod stopped: Helm did not finish within 0.3 s (APP_CHART_HELM_TIMEOUT, in seconds) and was stopped. ',
      );
      process.env.HELM_BIN = fake('blank', 'echo; echo >&2; echo "  " >&2; exit 3');
      await expect(renderApp({ appDir: dirApp, env: 'prod' })).rejects.toThrow('exited with code 3 and no message; is it a working Helm?');
    } finally {
      if (saved === undefined) delete process.env.HELM_BIN;
      else process.env.HELM_BIN = saved;
    }
  });

  it('takes a Helm killed while rendering for a broken Helm (HelmError), not for values that ask too much', async () => {
    const dirApp = appWith('killed-helm-app', { env: 'appName: x\n' });
    const saved = process.env.HELM_BIN;
    process.env.HELM_BIN = fake('killed-rendering', 'kill -9 $$');
    try {
      const error = await renderApp({ appDir: dirApp, env: 'prod', bounds }).catch((e: unknown) => e);
      expect([error instanceof HelmError, error instanceof RenderError, (error as Error).message]).toEqual([
        true,
        false,
        `cannot run Helm at ${process.env.HELM_BIN}: killed by SIGKILL\nCheck HELM_BIN, or unset it to use the pinned Helm.`,
      ]);
    } finally {
      if (saved === undefined) delete process.env.HELM_BIN;
      else process.env.HELM_BIN = saved;
    }
  });

  it('a HELM_BIN Helm that prints no manifests is named as chosen by HELM_BIN', async () => {
    const dirApp = appWith('fake-helm-app', { env: 'appName: x\n' });
    const saved = process.env.HELM_BIN;
    process.env.HELM_BIN = fake('garbage', 'echo garbage');
    try {
      await expect(renderApp({ appDir: dirApp, env: 'prod' })).rejects.toThrow(
        'exited with code 0 but printed no rendered manifests (it began: "garbage\\n"); is it a working Helm? It was chosen by ' +
          'HELM_BIN; unset HELM_BIN to use the pinned Helm.',
      );
    } finally {
      if (saved === undefined) delete process.env.HELM_BIN;
      else process.env.HELM_BIN = saved;
    }
  });
});

describe('the bounds of a Helm run (helmBounds)', () => {
  it('are the defaults, changed by APP_CHART_HELM_TIMEOUT (seconds), _MEMORY and _OUTPUT (megabytes); empty is unset', () => {
    expect(helmBounds({})).toEqual({ timeoutMs: 120_000, memoryBytes: 1024 * 2 ** 20, outputBytes: 64 * 2 ** 20 });
    expect(helmBounds({ APP_CHART_HELM_TIMEOUT: '1.5', APP_CHART_HELM_MEMORY: '256', APP_CHART_HELM_OUTPUT: '' })).toEqual({
      timeoutMs: 1500,
      memoryBytes: 256 * 2 ** 20,
      outputBytes: 64 * 2 ** 20,
    });
    expect(helmBounds({ APP_CHART_HELM_OUTPUT: '0.5' }).outputBytes).toBe(2 ** 19);
  });

  it.each([
    ['APP_CHART_HELM_TIMEOUT', '0', 'seconds'],
    ['APP_CHART_HELM_MEMORY', '-1', 'megabytes'],
    ['APP_CHART_HELM_OUTPUT', 'Infinity', 'megabytes'],
    ['APP_CHART_HELM_TIMEOUT', '10s', 'seconds'],
  ])('refuses %s=%s, naming its unit', (name, value, unit) => {
    expect(() => helmBounds({ [name]: value })).toThrow(`${name} must be a positive number of ${unit}, not "${value}"`);
  });
});
