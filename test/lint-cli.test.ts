// `app-chart lint` as users run it (exit statuses, formats), and its cache: an unchanged app × env is not
// rendered again, a changed file or config renders again.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { helmFor } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { lint } from '../scripts/lint/index.ts';
import { reportSchema } from '../scripts/lint/report.ts';
import { renderApp, type RenderRequest } from '../scripts/render.ts';
import { APP_CHART } from './helpers.ts';

const apps = join('test', 'fixtures', 'lint-repo', 'apps');
const run = (args: string[]) =>
  execa('node', [APP_CHART, 'lint', ...args], { cwd: packageRoot, reject: false, stdin: 'ignore', env: { NO_COLOR: '' } });

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-lint-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent('app-chart lint exit statuses and formats', () => {
  it('exits 0 on a clean app and says so', async () => {
    const result = await run([join(apps, 'good-web')]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✔ 0 errors, 0 warnings in 1 app × env/);
  });

  it('exits 1 on errors and prints JSON that matches its schema', async () => {
    const result = await run([join(apps, 'bad-schema'), '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    const validate = new Ajv({ strict: false }).compile(reportSchema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary).toMatchObject({ errors: 3, warnings: 0, targets: 1 });
    expect(report.findings[0]).toMatchObject({
      rule: 'values-schema',
      file: join(apps, 'bad-schema', 'envs', 'prod', 'values.yaml'),
      line: 2,
      col: 3,
      path: 'deployment.replicsa',
      message: 'unknown key; did you mean "replicas"?',
    });
  });

  it('exits 0 on warnings only and prints GitHub annotations', async () => {
    const result = await run([join(apps, 'bad-db-exposed', 'envs', 'prod', 'values.yaml'), '--format', 'github']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning file=test\/fixtures\/lint-repo\/apps\/bad-db-exposed\/envs\/prod\/values\.yaml,line=3,col=3,title=app-chart lint%3A database-port-unrestricted::service\.type: Service\/bad-db-exposed-prod publishes database port 3306 /,
    );
  });

  it('exits 2 on a path that does not exist or holds no app', async () => {
    const missing = await run(['no/such/repo']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe('app-chart lint: no/such/repo: no such file or folder');
    const empty = await run(['docs']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/^app-chart lint: docs: no app with an env found/);
  });

  it('exits 2 on an invalid config, naming file, line and setting', async () => {
    const config = join(tmp, 'bad.config.yaml');
    writeFileSync(config, 'entryPoints: [web]\nrulez:\n  yaml-tab: off\n');
    const result = await run([join(apps, 'good-web'), '--config', config]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${config}:2:1: rulez: unknown setting; did you mean "rules"?`);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a file system error it did not foresee, as an error of the machine, not of app-chart', async () => {
    // the cache folder under a file: making it fails with ENOTDIR
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    const result = await execa('node', [APP_CHART, 'lint', join(apps, 'good-web'), '--format', 'json'], {
      cwd: packageRoot,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '', APP_CHART_CACHE_DIR: join(file, 'cache') },
    });
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error).toEqual({
      kind: 'environment',
      message: expect.stringMatching(/^ENOTDIR: not a directory, mkdir /),
    });
  });

  it('exits 2 on an unknown format', async () => {
    const result = await run(['--format', 'xml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/argument 'xml' is invalid. Allowed choices are text, json, github/);
  });
});

/** A repo of one app (good-postgres, two envs) and a cache folder; `again` lints it and `rendered` says which envs rendered. */
function cachedRepo(name: string, cache: string) {
  const repo = join(tmp, name);
  cpSync(join(packageRoot, 'test', 'fixtures', 'lint-repo', 'app-chart.config.yaml'), join(repo, 'app-chart.config.yaml'));
  cpSync(join(packageRoot, apps, 'good-postgres'), join(repo, 'apps', 'good-postgres'), { recursive: true });
  const cacheDir = join(tmp, cache);
  const rendered: string[] = [];
  const render = (request: RenderRequest) => {
    rendered.push(request.env);
    return renderApp(request);
  };
  const again = async () => {
    rendered.length = 0;
    return lint({ paths: [repo], cacheDir, render });
  };
  return { repo, cacheDir, rendered, render, again };
}

describe('the lint cache', () => {
  it('renders an unchanged app × env once, and again only what changed', async () => {
    const { repo, cacheDir, rendered, render, again } = cachedRepo('repo', 'cache');

    const first = await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    expect(first.cached).toBe(0);

    const second = await again();
    expect(rendered).toEqual([]);
    expect(second.cached).toBe(2);
    expect(second.findings).toEqual(first.findings);

    appendFileSync(join(repo, 'apps', 'good-postgres', 'envs', 'prod', 'values.yaml'), 'deployment:\n  replicas: 2\n');
    await again();
    expect(rendered).toEqual(['prod']);

    // an edit that keeps the file's size and time of day still counts
    const prod = join(repo, 'apps', 'good-postgres', 'envs', 'prod', 'values.yaml');
    writeFileSync(prod, readFileSync(prod, 'utf8').replace('replicas: 2', 'replicas: 3'));
    await again();
    expect(rendered).toEqual(['prod']);

    const config = join(repo, 'app-chart.config.yaml');
    appendFileSync(config, 'rootKeys: [owner]\n');
    await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);

    // a platform values file the config names, and the chart the repo deploys: a change to either renders everything
    writeFileSync(join(repo, 'platform.yaml'), 'owner: data\n');
    cpSync(join(packageRoot, 'chart'), join(repo, 'chart'), { recursive: true });
    appendFileSync(config, 'platformValuesFiles: [platform.yaml]\nchart: ./chart\n');
    await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    writeFileSync(join(repo, 'platform.yaml'), 'owner: team\n');
    await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    appendFileSync(join(repo, 'chart', 'templates', 'service.yaml'), '{{- /* a comment */}}\n');
    await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    await again();
    expect(rendered).toEqual([]);

    // --no-cache neither reads nor writes the cache: not even an unchanged app × env's stored result is read
    const stored = readdirSync(cacheDir).sort();
    rendered.length = 0;
    const unchanged = await lint({ paths: [repo], cacheDir, render, cache: false });
    expect({ rendered: rendered.sort(), cached: unchanged.cached }).toEqual({ rendered: ['nonprod', 'prod'], cached: 0 });
    rendered.length = 0;
    writeFileSync(join(repo, 'platform.yaml'), 'owner: ops\n');
    const uncached = await lint({ paths: [repo], cacheDir, render, cache: false });
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    expect(uncached.cached).toBe(0);
    expect(readdirSync(cacheDir).sort()).toEqual(stored);
  });
});

describe("the lint cache's index of a run", () => {
  it('answers a warm run in one read, and only with results of the same inputs', async () => {
    const { repo, cacheDir, rendered, render, again } = cachedRepo('repo-index', 'cache-index');
    const perTarget = () => readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
    const indexes = () => readdirSync(join(cacheDir, 'index'));

    const first = await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    expect(indexes()).toHaveLength(1);
    // without the files of each app × env, the index alone answers
    for (const file of perTarget()) rmSync(join(cacheDir, file));
    const second = await again();
    expect({ rendered, cached: second.cached, findings: second.findings }).toEqual({ rendered: [], cached: 2, findings: first.findings });

    // an edit is seen though the index holds the app × env: its key no longer matches
    appendFileSync(join(repo, 'apps', 'good-postgres', 'envs', 'nonprod', 'values.yaml'), 'commonLabels:\n  tier: db\n');
    await again();
    expect({ rendered, stored: perTarget().length }).toEqual({ rendered: ['nonprod'], stored: 1 });
    // and the run that saw it wrote the index again: alone, it answers the next run
    const aside = join(tmp, 'cache-index-aside');
    cpSync(cacheDir, aside, { recursive: true });
    for (const file of perTarget()) rmSync(join(cacheDir, file));
    const third = await again();
    expect({ rendered, cached: third.cached }).toEqual({ rendered: [], cached: 2 });
    for (const file of readdirSync(aside).filter((f) => f.endsWith('.json'))) cpSync(join(aside, file), join(cacheDir, file));

    // a damaged or foreign index is passed over: what the files of each app × env do not hold is linted again
    const [index] = indexes();
    writeFileSync(join(cacheDir, 'index', index), '{"version": 2, "name": "another", "entries": {}}');
    await again();
    expect(rendered).toEqual(['prod']);
    writeFileSync(join(cacheDir, 'index', index), '{ not json');
    for (const file of perTarget()) rmSync(join(cacheDir, file));
    await again();
    expect(rendered.sort()).toEqual(['nonprod', 'prod']);
    await again();
    expect(rendered).toEqual([]);

    // a run of other app × envs has an index of its own
    rendered.length = 0;
    await lint({ paths: [join(repo, 'apps', 'good-postgres', 'envs', 'prod')], cacheDir, render });
    expect(rendered).toEqual([]);
    expect(indexes()).toHaveLength(2);
  });
});

describe('findings of several app × envs', () => {
  it("are not taken from the cache when lint's input limits changed", async () => {
    const repo = join(tmp, 'repo-limits');
    cpSync(join(packageRoot, apps, 'good-web'), join(repo, 'apps', 'good-web'), { recursive: true });
    // a config of two levels, within the limit below
    writeFileSync(
      join(repo, 'app-chart.config.yaml'),
      'platformValues:\n  captain_domain: nonprod.example.com\nentryPoints: [web, websecure]\n',
    );
    const cacheDir = join(tmp, 'cache-limits');
    expect((await lint({ paths: [repo], cacheDir })).findings.map((f) => f.rule)).not.toContain('input-limit');
    process.env.APP_CHART_YAML_MAX_DEPTH = '2';
    try {
      const strict = await lint({ paths: [repo], cacheDir });
      expect(strict.cached).toBe(0);
      expect(strict.findings.map((f) => f.rule)).toContain('input-limit');
    } finally {
      delete process.env.APP_CHART_YAML_MAX_DEPTH;
    }
    // the bounds of a Helm run too: a render stopped at the time limit must be tried again under another limit
    expect((await lint({ paths: [repo], cacheDir })).cached).toBe(1);
    process.env.APP_CHART_HELM_TIMEOUT = '119';
    try {
      expect((await lint({ paths: [repo], cacheDir })).cached).toBe(0);
    } finally {
      delete process.env.APP_CHART_HELM_TIMEOUT;
    }
    // and the Helm that renders: the same version from a binary of the user's is another Helm to the cache
    process.env.HELM_BIN = helmFor(4).bin;
    try {
      expect((await lint({ paths: [repo], cacheDir })).cached).toBe(0);
    } finally {
      delete process.env.HELM_BIN;
    }
  });

  it('reports a null after an earlier null of the same key: nothing is left to remove', async () => {
    const repo = join(tmp, 'repo-nulls');
    const config = readFileSync(join(packageRoot, 'test', 'fixtures', 'lint-repo', 'app-chart.config.yaml'), 'utf8');
    cpSync(join(packageRoot, apps, 'good-postgres'), join(repo, 'apps', 'good-postgres'), { recursive: true });
    // the platform values clear a label; the app clears it again
    writeFileSync(
      join(repo, 'app-chart.config.yaml'),
      config.replace('platformValues:\n', 'platformValues:\n  commonLabels: {team: null}\n'),
    );
    appendFileSync(join(repo, 'apps', 'good-postgres', 'envs', 'prod', 'values.yaml'), 'commonLabels:\n  team: null\n');
    const result = await lint({ paths: [repo], cacheDir: join(tmp, 'cache-nulls') });
    expect(result.findings.map((f) => `${f.rule} ${f.path} ${f.targets.join(' ')}`)).toEqual([
      'null-removes-nothing commonLabels.team good-postgres/prod',
    ]);
  });

  it('reports a finding two app × envs share once, as an error when either makes its rule an error, and two on one line apart', async () => {
    for (const strict of ['prod', 'nonprod']) {
      const repo = join(tmp, `repo-severity-${strict}`);
      cpSync(join(packageRoot, 'test', 'fixtures', 'lint-repo', 'app-chart.config.yaml'), join(repo, 'app-chart.config.yaml'));
      cpSync(join(packageRoot, apps, 'good-postgres'), join(repo, 'apps', 'good-postgres'), { recursive: true });
      // two findings of one rule on one line, told apart by their columns
      appendFileSync(join(repo, 'apps', 'good-postgres', 'base', 'base-values.yaml'), 'commonLabels: {canary: yes, stable: yes}\n');
      appendFileSync(join(repo, 'app-chart.config.yaml'), `overrides:\n  - envs: [${strict}]\n    rules: {yaml-boolean-value: error}\n`);
      const result = await lint({ paths: [repo], cacheDir: join(tmp, `cache-severity-${strict}`) });
      expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.col} ${[...f.targets].sort().join(' ')}`)).toEqual([
        'yaml-boolean-value error 24 good-postgres/nonprod good-postgres/prod',
        'yaml-boolean-value error 37 good-postgres/nonprod good-postgres/prod',
      ]);
    }
  });
});
