// app-chart lint and render as a hostile contributor and a faulty environment meet them: files built to exhaust
// the parser, templates that loop, a Helm that hangs, prints garbage or is missing, configs and values files that
// are folders, links out of the repo, a cache that cannot be written or holds forged entries. Every run ends with
// its documented exit status, and under --format json with a document that matches docs/lint-report.schema.json.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/helm.ts';
import { CACHE_VERSION } from '../../scripts/lint/cache.ts';
import { lint } from '../../scripts/lint/index.ts';
import { reportSchema } from '../../scripts/lint/report.ts';

const bin = join(repoRoot, 'bin', 'app-chart.js');
const work = mkdtempSync(join(tmpdir(), 'app-chart-hostile-faults-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const validReport = new Ajv({ strict: false }).compile(reportSchema);

const WEB = 'image: {repository: nginx, tag: "1.27", port: 80}\ndeployment: {enabled: true}\n';

/** A deployment repo in a folder of its own: { 'apps/web/envs/dev/values.yaml': text, ... }. */
function repo(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A stand-in for Helm: a shell script. */
function fakeHelm(name: string, script: string): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = await execa('node', [bin, ...args], { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', ...env } });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `lint --format json`: the exit status and the parsed document, which must match the published schema. */
async function lintJson(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = await cli(cwd, ['lint', '--format', 'json', '--no-cache', ...args], env);
  const report = JSON.parse(result.stdout);
  expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
  return { ...result, report };
}

const aliasBomb = (levels: number) =>
  [`a0: &a0 [x, x, x, x, x, x, x, x, x]`, ...Array.from({ length: levels - 1 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');

describe.concurrent('files built to exhaust the parser', () => {
  it('an alias bomb (9 levels × 9 aliases) is refused at once, as Helm refuses it', async () => {
    const root = repo('bomb', { 'apps/web/envs/dev/values.yaml': `${WEB}${aliasBomb(9)}\n` });
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'yaml-syntax', severity: 'error', message: expect.stringContaining('document contains excessive aliasing') }),
    ]);
  });

  it('an alias bomb in the config file stops lint with a config error', async () => {
    const root = repo('config-bomb', { 'app-chart.config.yaml': `${aliasBomb(9)}\n`, 'apps/web/envs/dev/values.yaml': WEB });
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(2);
    expect(report.error).toMatchObject({ kind: 'config', message: expect.stringContaining('excessive aliasing') });
  });

  it('4000 levels of nesting are a finding at the line, not a stack overflow', async () => {
    const root = repo('deep', { 'apps/web/envs/dev/values.yaml': `${WEB}x: ${'['.repeat(4000)}${']'.repeat(4000)}\n` });
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'input-limit', line: 3, message: expect.stringContaining('nested more than 256 levels deep here') }),
    ]);
  });

  it('a values file beyond the size limit is not read', async () => {
    const root = repo('large', { 'apps/web/envs/dev/values.yaml': `${WEB}pad: "${'x'.repeat(2 * 2 ** 20)}"\n` });
    const { exitCode, report } = await lintJson(root, [], { APP_CHART_YAML_MAX_SIZE: '1' });
    expect(exitCode).toBe(1);
    expect(report.findings[0]).toMatchObject({ rule: 'input-limit', message: expect.stringContaining('larger than the 1.0 MB lint reads') });
  });

  it('a rendered object nested deeper than lint reads is a finding, never passed over', async () => {
    const nested = `${'['.repeat(300)}${']'.repeat(300)}`;
    const root = repo('deep-render', {
      'apps/web/envs/dev/values.yaml': `customResourcesMap:\n  deep: |\n    apiVersion: example.com/v1\n    kind: Deep\n    metadata: {name: deep}\n    spec: {x: {{ print "${nested}" }}}\n`,
    });
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'input-limit', path: 'customResourcesMap.deep', message: expect.stringContaining('lint cannot check what it rendered') }));
  });

  it('a limit set to something lint cannot use stops it as an environment error', async () => {
    const root = repo('bad-limit', { 'apps/web/envs/dev/values.yaml': WEB });
    for (const env of [{ APP_CHART_YAML_MAX_DEPTH: '5000' }, { APP_CHART_HELM_TIMEOUT: 'soon' }] as Record<string, string>[]) {
      const { exitCode, report } = await lintJson(root, [], env);
      expect(exitCode).toBe(2);
      expect(report.error.kind).toBe('environment');
      expect(report.error.message).toMatch(/^APP_CHART_(YAML_MAX_DEPTH|HELM_TIMEOUT) must be/);
    }
  });
});

describe.concurrent('Helm bounded', () => {
  const loop = `customResourcesMap:\n  loop: |\n    {{ range until 100000000 }}{{ end }}apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: x}\n`;

  it.each([
    {
      what: 'a template that takes gigabytes is stopped at the memory bound',
      values: loop,
      env: () => ({ APP_CHART_HELM_MEMORY: '200' }),
      message: 'Helm used more than 200 MB of memory (APP_CHART_HELM_MEMORY, in megabytes)',
    },
    {
      // the shell's child keeps the pipes open after the shell is killed: the timeout still ends the run
      what: 'a Helm that never ends is stopped at the timeout',
      values: WEB,
      env: () => ({ HELM_BIN: fakeHelm('hanging-helm', 'sleep 1000; echo late'), APP_CHART_HELM_TIMEOUT: '1' }),
      message: 'Helm did not finish within 1 s (APP_CHART_HELM_TIMEOUT, in seconds)',
    },
  ])('$what: render fails, lint reports it', async ({ what, values, env, message }) => {
    const root = repo(what.replace(/\W+/g, '-'), { 'apps/web/envs/dev/values.yaml': values });
    const render = await cli(root, ['render', 'apps/web', '--env', 'dev'], env());
    expect(render.exitCode).toBe(1);
    expect(render.stdout).toBe('');
    expect(render.stderr).toContain(`rendering web-dev stopped: ${message}`);
    const { exitCode, report } = await lintJson(root, [], env());
    expect(exitCode).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'render-failed', message: expect.stringContaining(message) })]);
  });

  it('a Helm that prints garbage and exits 0 is no Helm: lint stops with exit 2, never "0 errors"', async () => {
    const root = repo('garbage', { 'apps/web/envs/dev/values.yaml': WEB });
    const env = { HELM_BIN: fakeHelm('garbage-helm', 'echo garbage') };
    const { exitCode, report } = await lintJson(root, [], env);
    expect(exitCode).toBe(2);
    expect(report.error).toMatchObject({ kind: 'environment', message: expect.stringContaining('printed no rendered manifests (it began: "garbage\\n")') });
    const render = await cli(root, ['render', 'apps/web', '--env', 'dev'], env);
    expect(render.exitCode).toBe(1);
    expect(render.stdout).toBe('');
  });

  it('a Helm that fails without a word, or is missing, stops lint with exit 2, not the 1 of findings', async () => {
    const root = repo('broken-helm', { 'apps/web/envs/dev/values.yaml': WEB });
    for (const helm of [fakeHelm('silent-helm', 'exit 3'), join(work, 'no-such-helm')]) {
      const { exitCode, report } = await lintJson(root, [], { HELM_BIN: helm });
      expect(exitCode).toBe(2);
      expect(report.error.kind).toBe('environment');
      expect(report.error.message).toMatch(/exited with code 3 and no message|which does not exist/);
    }
  });

  it('renders without the caller\'s HELM_* variables: HELM_DRIVER=sql would make Helm dial a database', async () => {
    const root = repo('helm-driver', { 'apps/web/envs/dev/values.yaml': WEB });
    const { exitCode, report } = await lintJson(root, [], { HELM_DRIVER: 'sql', HELM_DRIVER_SQL_CONNECTION_STRING: 'postgres://127.0.0.1:1/x' });
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
  });
});

describe.concurrent('every failure path ends with its exit status and a JSON document', () => {
  const root = repo('failures', { 'apps/web/envs/dev/values.yaml': WEB, 'folder/keep': '' });

  it.each([
    ['--config <a folder>', ['--config', 'folder'], 'config', 'folder: is a folder, not a config file'],
    ['a path that does not exist', ['nowhere'], 'usage', 'nowhere: no such file or folder'],
    ['an option lint does not have', ['--bogus'], 'usage', "unknown option '--bogus'"],
  ])('%s: exit 2', async (_name, args, kind, message) => {
    const { exitCode, report } = await lintJson(root, args);
    expect(exitCode).toBe(2);
    expect(report.error).toEqual({ kind, message: expect.stringContaining(message) });
  });

  it('platformValuesFiles naming a folder, or a file outside the repo: exit 2, naming the line', async () => {
    const outside = repo('outside', { 'secret.yaml': 'token: hunter2\n' });
    for (const [entry, message] of [['folder', 'is a folder, not a values file'], [join(outside, 'secret.yaml'), 'is outside the repo']]) {
      const config = repo(`platform-${message.length}`, { 'app-chart.config.yaml': `platformValuesFiles:\n  - ${entry}\n`, 'apps/web/envs/dev/values.yaml': WEB, 'folder/keep': '' });
      const { exitCode, report } = await lintJson(config);
      expect(exitCode).toBe(2);
      expect(report.error).toMatchObject({ kind: 'config', message: expect.stringMatching(new RegExp(`app-chart.config.yaml:2:5: .*${message}`)) });
    }
  });

  it('a values file that is a folder is a finding of its app × env', async () => {
    const folder = repo('values-folder', { 'apps/web/envs/dev/values.yaml/keep': '' });
    const { exitCode, report } = await lintJson(folder);
    expect(exitCode).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'path-unreadable', message: expect.stringContaining('a folder where a values file belongs'), targets: ['web/dev'] })]);
  });

  it('--format github gives a workflow error for an error that stops lint', async () => {
    const result = await cli(root, ['lint', '--format', 'github', 'nowhere']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('::error title=app-chart lint::nowhere: no such file or folder');
  });
});

describe.concurrent('links', () => {
  it('follows a link inside the repo, and reports links out of it, to nothing, or in a loop', async () => {
    const outside = repo('linked-from-outside', { 'app/envs/dev/values.yaml': 'deployment: {replicsa: 2}\n' });
    const root = repo('links', { 'shared/inside/envs/dev/values.yaml': 'deployment: {replicsa: 2}\n', 'apps/web/envs/dev/values.yaml': WEB });
    symlinkSync('../shared/inside', join(root, 'apps', 'inside'));
    symlinkSync(join(outside, 'app'), join(root, 'apps', 'outside'));
    symlinkSync('nowhere', join(root, 'apps', 'dangling'));
    symlinkSync('loop-b', join(root, 'apps', 'loop-a'));
    symlinkSync('loop-a', join(root, 'apps', 'loop-b'));
    mkdirSync(join(root, 'apps', 'web', 'envs', 'secret'));
    symlinkSync('/etc/passwd', join(root, 'apps', 'web', 'envs', 'secret', 'values.yaml'));
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    const found = report.findings.map((f: { rule: string; targets: string[]; message: string }) => `${f.rule} ${f.targets.join(',')} ${f.message.replace(/ \(.*$|: make.*$/, '')}`);
    expect(found.sort()).toEqual([
      'path-unreadable dangling/* apps/dangling is a symbolic link to nothing',
      `path-unreadable loop-a/* apps/loop-a is a symbolic link in a loop of links`,
      `path-unreadable loop-b/* apps/loop-b is a symbolic link in a loop of links`,
      `path-unreadable outside/* apps/outside leads through a symbolic link to ${join(outside, 'app')}, outside the repo`,
      'path-unreadable web/secret apps/web/envs/secret/values.yaml leads through a symbolic link to /etc/passwd, outside the repo',
      'values-schema inside/dev unknown key; did you mean "replicas"?',
    ]);
  });

  it('an apps folder that is a link out of the repo is reported, and nothing in it is read', async () => {
    const outside = repo('apps-elsewhere', { 'web/envs/dev/values.yaml': WEB });
    const root = join(work, 'apps-link');
    mkdirSync(root);
    symlinkSync(outside, join(root, 'apps'));
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    expect(report.targets).toEqual([]);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'path-unreadable', file: 'apps' })]);
  });
});

describe('the cache', () => {
  const root = repo('cache', { 'apps/web/envs/dev/values.yaml': 'deployment: {replicsa: 2}\n' });
  const cacheDir = join(work, 'cache-dir');
  const entries = () => readdirSync(cacheDir).filter((f) => f.endsWith('.json'));

  it('ignores an entry of the wrong shape, version or key, renders again and rewrites it', async () => {
    const first = await lint({ paths: [root], cacheDir });
    expect(first.errors).toBe(1);
    const [entry] = entries();
    const good = JSON.parse(readFileSync(join(cacheDir, entry), 'utf8'));
    expect(good).toMatchObject({ version: CACHE_VERSION, key: entry.slice(0, -'.json'.length) });
    const forged = [
      '{}', '[]', '"x"', '{"findings":[null]}', 'not json',
      JSON.stringify({ ...good, version: CACHE_VERSION - 1 }),
      JSON.stringify({ ...good, key: 'another' }),
      JSON.stringify({ ...good, result: { ...good.result, findings: [null] } }),
      JSON.stringify({ ...good, result: { ...good.result, findings: [{ rule: 'no-such-rule', message: 'x' }] } }),
      JSON.stringify({ ...good, result: { ...good.result, facts: { services: 'none' } } }),
    ];
    for (const text of forged) {
      writeFileSync(join(cacheDir, entry), text);
      const again = await lint({ paths: [root], cacheDir });
      expect(again.cached, text).toBe(0);
      expect(again.errors, text).toBe(1);
      expect(JSON.parse(readFileSync(join(cacheDir, entry), 'utf8')), text).toEqual(good);
    }
    expect((await lint({ paths: [root], cacheDir })).cached).toBe(1);
  });

  it('a cache that cannot be written is only a speed-up: lint warns once and goes on', async () => {
    // a file where the cache folder should be: not writable, whoever runs the test
    const blocked = join(work, 'cache-is-a-file');
    writeFileSync(blocked, '');
    const warnings: string[] = [];
    const result = await lint({ paths: [root], cacheDir: blocked, onWarning: (m) => warnings.push(m) });
    expect(result.errors).toBe(1);
    expect(result.findings[0].rule).toBe('values-schema');
    expect(warnings).toEqual([`cannot write the lint cache in ${blocked}; going on without it (the cache only saves renders)`]);
  });
});

describe.concurrent('merge keys and nulled sections', () => {
  it('a "<<" merge that Helm applies lints clean', async () => {
    const root = repo('merge', { 'apps/web/envs/dev/values.yaml': 'image: {repository: nginx, tag: "1.27", port: 80}\ndefaults: &defaults\n  replicas: 2\ndeployment:\n  <<: *defaults\n  enabled: true\n' });
    const config = join(repo('merge-config', { 'app-chart.config.yaml': 'rootKeys: [defaults]\n' }), 'app-chart.config.yaml');
    const { exitCode, report } = await lintJson(root, ['--config', config, 'apps']);
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('an env file that nulls the Deployment with a mis-indented line is an error naming both lines', async () => {
    const root = repo('nulled', {
      'apps/web/base/base-values.yaml': `${WEB}service: {enabled: true}\n`,
      'apps/web/envs/dev/values.yaml': 'deployment:\nreplicas: 3\n',
    });
    const { exitCode, report } = await lintJson(root);
    expect(exitCode).toBe(1);
    expect(report.findings.map((f: { rule: string; line: number; path: string }) => [f.rule, f.line, f.path])).toEqual([
      ['section-nulled', 1, 'deployment'],
      ['root-key-unused', 2, 'replicas'],
    ]);
    expect(report.findings[1].message).toContain('did you mean deployment.replicas?');
  });
});
