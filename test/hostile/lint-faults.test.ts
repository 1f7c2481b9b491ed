// app-chart lint and render as a hostile contributor and a faulty environment meet them: files built to exhaust
// the parser, templates that loop, a Helm that hangs, prints garbage or is missing, configs and values files that
// are folders, links out of the repo, a cache that cannot be written or holds forged entries. Every run ends with
// its documented exit status, and under --format json with a document that matches docs/lint-report.schema.json.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_VERSION } from '../../scripts/lint/cache.ts';
import { runLint, type LintCliOptions } from '../../scripts/lint/cli.ts';
import { lint } from '../../scripts/lint/index.ts';
import { reportSchema } from '../../scripts/lint/report.ts';
import { renderApp, RenderLimitError } from '../../scripts/render.ts';
import { APP_CHART } from '../helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'app-chart-hostile-faults-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const validReport = new Ajv({ strict: false }).compile(reportSchema);

const WEB = 'image: {repository: nginx, tag: "1.27", port: 80}\ndeployment: {enabled: true}\n';

/** A deployment repo in a folder of its own: { 'apps/web/envs/dev/values.yaml': text, ... }. */
function repo(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A stand-in for Helm: a shell script. */
/** A program that answers `helm version` as Helm 4.1.4 does, and runs `script` for every other command. */
function fakeHelm(name: string, script: string): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\nif [ "$1" = version ]; then printf v4.1.4; exit 0; fi\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

const aliasBomb = (levels: number) =>
  [
    `a0: &a0 [x, x, x, x, x, x, x, x, x]`,
    ...Array.from({ length: levels - 1 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
  ].join('\n');

/**
 * `app-chart lint` in this process, as the command runs it: its exit status and what it printed. The
 * environment is set for the run only, so these tests run one after another.
 */
async function runLintWith(paths: string[], options: Partial<LintCliOptions>, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env } };
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write;
  try {
    const exitCode = await runLint(paths, { format: 'json', cache: false, ...options });
    return { exitCode, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const name of Object.keys(env)) delete process.env[name];
    Object.assign(process.env, saved.env);
  }
}

/** The JSON document of a run, checked against the published schema. */
function report(stdout: string) {
  const parsed = JSON.parse(stdout);
  expect(validReport(parsed), JSON.stringify(validReport.errors)).toBe(true);
  return parsed;
}

type Finding = { rule: string; severity: string; message: string; file?: string; line?: number; path?: string; targets: string[] };

describe('a hostile repo, linted once by the command', () => {
  const root = repo('hostile', {
    'app-chart.config.yaml': 'rootKeys: [defaults]\n',
    // parser bombs: Helm refuses the alias bomb too; it reads the deep file, lint stops at its limit
    'apps/bomb/envs/dev/values.yaml': `${WEB}${aliasBomb(9)}\n`,
    'apps/deep/envs/dev/values.yaml': `${WEB}x: ${'['.repeat(4000)}${']'.repeat(4000)}\n`,
    'apps/large/envs/dev/values.yaml': `${WEB}pad: "${'x'.repeat(2 * 2 ** 20)}"\n`,
    'apps/deep-render/envs/dev/values.yaml': `customResourcesMap:\n  deep: |\n    apiVersion: example.com/v1\n    kind: Deep\n    metadata: {name: deep}\n    spec: {x: {{ print "${'['.repeat(300)}${']'.repeat(300)}" }}}\n`,
    // a template that takes gigabytes
    'apps/loop/envs/dev/values.yaml':
      'customResourcesMap:\n  loop: |\n    {{ range until 100000000 }}{{ end }}apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: x}\n',
    'apps/folder/envs/dev/values.yaml/keep': '',
    // links
    'common/inside/envs/dev/values.yaml': 'deployment: {replicsa: 2}\n',
    'apps/web/envs/dev/values.yaml': WEB,
    // Helm's reading of YAML, and what a newcomer writes
    'apps/merge/envs/dev/values.yaml':
      'image: {repository: nginx, tag: "1.27", port: 80}\ndefaults: &defaults\n  replicas: 2\ndeployment:\n  <<: *defaults\n  enabled: true\n',
    'apps/nulled/base/base-values.yaml': `${WEB}service: {enabled: true}\n`,
    'apps/nulled/envs/dev/values.yaml': 'deployment:\nreplicas: 3\n',
  });
  const outside = repo('outside-the-repo', { 'app/envs/dev/values.yaml': 'deployment: {replicsa: 2}\n' });
  symlinkSync('../common/inside', join(root, 'apps', 'inside'));
  symlinkSync(join(outside, 'app'), join(root, 'apps', 'outside'));
  symlinkSync('nowhere', join(root, 'apps', 'dangling'));
  symlinkSync('loop-b', join(root, 'apps', 'loop-a'));
  symlinkSync('loop-a', join(root, 'apps', 'loop-b'));
  mkdirSync(join(root, 'apps', 'web', 'envs', 'secret'));
  symlinkSync('/etc/passwd', join(root, 'apps', 'web', 'envs', 'secret', 'values.yaml'));

  let exitCode: number | undefined;
  let findings: Finding[] = [];
  const of = (app: string) => findings.filter((f) => f.targets.some((t) => t.startsWith(`${app}/`)));
  beforeAll(async () => {
    const result = await execa('node', [APP_CHART, 'lint', '--format', 'json', '--no-cache'], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1', APP_CHART_YAML_MAX_SIZE: '1', APP_CHART_HELM_MEMORY: '200' },
    });
    exitCode = result.exitCode;
    findings = report(String(result.stdout)).findings;
  });

  it('exits 1 with a report of the findings', () => {
    expect(exitCode).toBe(1);
  });

  it('refuses an alias bomb (9 levels × 9 aliases) at once, as Helm refuses it', () => {
    expect(of('bomb')).toEqual([
      expect.objectContaining({
        rule: 'yaml-syntax',
        severity: 'error',
        message: expect.stringContaining('document contains excessive aliasing'),
      }),
    ]);
  });

  it('reports 4000 levels of nesting at the line, not as a stack overflow', () => {
    expect(of('deep')).toEqual([
      expect.objectContaining({ rule: 'input-limit', line: 3, message: expect.stringContaining('nested more than 256 levels deep here') }),
    ]);
  });

  it('does not read a values file beyond the size limit', () => {
    expect(of('large')).toEqual([
      expect.objectContaining({ rule: 'input-limit', message: expect.stringContaining('larger than the 1.0 MB lint reads') }),
    ]);
  });

  it('reports a rendered object nested deeper than it reads, never passing over it', () => {
    expect(of('deep-render')).toContainEqual(
      expect.objectContaining({
        rule: 'input-limit',
        path: 'customResourcesMap.deep',
        message: expect.stringContaining('lint cannot check what it rendered'),
      }),
    );
  });

  it('stops a template that takes gigabytes at the memory bound, and reports it', () => {
    expect(of('loop')).toEqual([
      expect.objectContaining({
        rule: 'render-failed',
        message: expect.stringContaining(
          'rendering loop-dev stopped: Helm used more than 200 MB of memory (APP_CHART_HELM_MEMORY, in megabytes)',
        ),
      }),
    ]);
  });

  it('reports a values file that is a folder as a finding of its app × env', () => {
    expect(of('folder')).toEqual([
      expect.objectContaining({
        rule: 'path-unreadable',
        message: expect.stringContaining('a folder where a values file belongs'),
        targets: ['folder/dev'],
      }),
    ]);
  });

  it('follows a link inside the repo, and reports links out of it, to nothing, or in a loop', () => {
    const lines = (apps: string[]) =>
      apps
        .flatMap(of)
        .map((f) => `${f.rule} ${f.targets.join(',')} ${f.message.replace(/ \(.*$|: make.*$/, '')}`)
        .sort();
    expect(lines(['inside', 'outside', 'dangling', 'loop-a', 'loop-b', 'web'])).toEqual([
      'path-unreadable dangling/* apps/dangling is a symbolic link to nothing',
      'path-unreadable loop-a/* apps/loop-a is a symbolic link in a loop of links',
      'path-unreadable loop-b/* apps/loop-b is a symbolic link in a loop of links',
      `path-unreadable outside/* apps/outside leads through a symbolic link to ${join(outside, 'app')}, outside the repo`,
      'path-unreadable web/secret apps/web/envs/secret/values.yaml leads through a symbolic link to /etc/passwd, outside the repo',
      'values-schema inside/dev unknown key; did you mean "replicas"?',
    ]);
  });

  it('lints clean a "<<" merge that Helm applies', () => {
    expect(of('merge')).toEqual([]);
  });

  it('makes an env file that nulls the Deployment with a mis-indented line an error naming both lines', () => {
    expect(of('nulled').map((f) => [f.rule, f.line, f.path])).toEqual([
      ['section-nulled', 1, 'deployment'],
      ['root-key-unused', 2, 'replicas'],
    ]);
    expect(of('nulled')[1].message).toContain('did you mean deployment.replicas?');
  });
});

describe('lint stops with status 2 and a JSON error report when it cannot run', () => {
  const web = repo('stops', { 'apps/web/envs/dev/values.yaml': WEB, 'folder/keep': '' });
  const apps = join(web, 'apps');

  it.each([
    ['--config <a folder>', { config: join(web, 'folder') }, [apps], 'config', 'is a folder, not a config file'],
    ['a path that does not exist', {}, [join(web, 'nowhere')], 'usage', 'nowhere: no such file or folder'],
  ] as const)('%s', async (_name, options, paths, kind, message) => {
    const { exitCode, stdout } = await runLintWith([...paths], options);
    expect(exitCode).toBe(2);
    expect(report(stdout).error).toEqual({ kind, message: expect.stringContaining(message) });
  });

  it('a config naming a folder or a file outside the repo in platformValuesFiles, naming the line', async () => {
    const outside = repo('outside-config', { 'secret.yaml': 'token: hunter2\n' });
    for (const [entry, message] of [
      ['folder', 'is a folder, not a values file'],
      [join(outside, 'secret.yaml'), 'is outside the repo'],
    ]) {
      const root = repo(`platform-${message.length}`, {
        'app-chart.config.yaml': `platformValuesFiles:\n  - ${entry}\n`,
        'apps/web/envs/dev/values.yaml': WEB,
        'folder/keep': '',
      });
      const { exitCode, stdout } = await runLintWith([root], {});
      expect(exitCode).toBe(2);
      expect(report(stdout).error).toMatchObject({
        kind: 'config',
        message: expect.stringMatching(new RegExp(`app-chart.config.yaml:2:5: .*${message}`)),
      });
    }
  });

  it('an alias bomb in the config file', async () => {
    const root = repo('config-bomb', { 'app-chart.config.yaml': `${aliasBomb(9)}\n`, 'apps/web/envs/dev/values.yaml': WEB });
    const { exitCode, stdout } = await runLintWith([root], {});
    expect(exitCode).toBe(2);
    expect(report(stdout).error).toMatchObject({ kind: 'config', message: expect.stringContaining('excessive aliasing') });
  });

  it.each([
    [{ APP_CHART_YAML_MAX_DEPTH: '5000' }, 'APP_CHART_YAML_MAX_DEPTH must be a whole number from 1 to 600'],
    [{ APP_CHART_HELM_TIMEOUT: 'soon' }, 'APP_CHART_HELM_TIMEOUT must be a positive number of seconds'],
    [{ HELM_BIN: join(work, 'no-such-helm') }, 'which does not exist'],
    [{ HELM_BIN: fakeHelm('silent-helm', 'exit 3') }, 'exited with code 3 and no message; is it a working Helm?'],
    [
      { HELM_BIN: fakeHelm('garbage-helm', 'echo garbage') },
      'exited with code 0 but printed no rendered manifests (it began: "garbage\\n")',
    ],
  ])('an environment lint cannot use: %j', async (env, message) => {
    const { exitCode, stdout, stderr } = await runLintWith([apps], {}, env);
    expect(exitCode).toBe(2);
    expect(report(stdout).error).toEqual({ kind: 'environment', message: expect.stringContaining(message) });
    expect(stderr).toContain(message);
  });

  it('--format github gives a workflow error', async () => {
    const { exitCode, stdout } = await runLintWith([join(web, 'nowhere')], { format: 'github' });
    expect(exitCode).toBe(2);
    expect(stdout).toBe(`::error title=app-chart lint::${join(web, 'nowhere')}: no such file or folder\n`);
  });

  it('--format sarif gives a SARIF log of a run that failed, and text only the message on stderr, each format once', async () => {
    const message = `${join(web, 'nowhere')}: no such file or folder`;
    const sarif = await runLintWith([join(web, 'nowhere')], { format: 'sarif' });
    expect(sarif.exitCode).toBe(2);
    expect(JSON.parse(sarif.stdout).runs[0].invocations).toEqual([
      { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: message } }] },
    ]);
    expect(sarif.stderr).toBe(`app-chart lint: ${message}\n`);
    const text = await runLintWith([join(web, 'nowhere')], { format: 'text' });
    expect(text).toEqual({ exitCode: 2, stdout: '', stderr: `app-chart lint: ${message}\n` });
  });

  it('an option lint does not have: the command still prints the JSON error report', async () => {
    const result = await execa('node', [APP_CHART, 'lint', '--format', 'json', '--bogus'], { cwd: web, reject: false, stdin: 'ignore' });
    expect(result.exitCode).toBe(2);
    expect(report(String(result.stdout)).error).toEqual({ kind: 'usage', message: "unknown option '--bogus'" });
  });
});

describe('the text report of the command', () => {
  // a link to nothing: a finding at error severity without a render
  const dangling = repo('text-report', { 'apps/.keep': '' });
  symlinkSync('nowhere', join(dangling, 'apps', 'web'));
  /** the text report on a terminal or not, with NO_COLOR as given (undefined: unset) */
  async function text(tty: boolean, noColor?: string) {
    const saved = { tty: process.stdout.isTTY, noColor: process.env.NO_COLOR };
    process.stdout.isTTY = tty;
    if (noColor === undefined) delete process.env.NO_COLOR;
    try {
      return await runLintWith([dangling], { format: 'text' }, noColor === undefined ? {} : { NO_COLOR: noColor });
    } finally {
      process.stdout.isTTY = saved.tty;
      if (saved.noColor !== undefined) process.env.NO_COLOR = saved.noColor;
    }
  }

  it('is coloured on a terminal only, and not when NO_COLOR is set to anything but empty; an error finding exits 1', async () => {
    const paint = /\u001b\[/;
    const coloured = await text(true);
    expect([coloured.exitCode, coloured.stdout, coloured.stderr]).toEqual([1, expect.stringMatching(paint), '']);
    expect((await text(true, '')).stdout).toMatch(paint);
    expect((await text(true, '1')).stdout).not.toMatch(paint);
    const piped = await text(false);
    expect(piped.stdout).not.toMatch(paint);
    expect(piped.stdout).toContain('path-unreadable');
  });
});

describe('Helm is bounded and isolated', () => {
  const web = repo('helm', { 'apps/web/envs/dev/values.yaml': WEB });

  it('a Helm that never ends is stopped at the time limit: render fails, lint reports it', async () => {
    // the shell's child keeps the pipes open after the shell is killed: the time limit still ends the run
    const env = { HELM_BIN: fakeHelm('hanging-helm', 'sleep 1000; echo late'), APP_CHART_HELM_TIMEOUT: '1' };
    const bounds = { timeoutMs: 1000, memoryBytes: 2 ** 30, outputBytes: 2 ** 20 };
    process.env.HELM_BIN = env.HELM_BIN;
    try {
      await expect(renderApp({ appDir: join(web, 'apps', 'web'), env: 'dev', bounds })).rejects.toThrow(RenderLimitError);
    } finally {
      delete process.env.HELM_BIN;
    }
    const { exitCode, stdout } = await runLintWith([join(web, 'apps')], {}, env);
    expect(exitCode).toBe(1);
    expect(report(stdout).findings).toEqual([
      expect.objectContaining({
        rule: 'render-failed',
        message: expect.stringContaining('Helm did not finish within 1 s (APP_CHART_HELM_TIMEOUT, in seconds)'),
      }),
    ]);
  });

  it("renders without the caller's HELM_* variables: HELM_DRIVER=sql would make Helm dial a database", async () => {
    const { exitCode, stdout } = await runLintWith(
      [join(web, 'apps')],
      {},
      { HELM_DRIVER: 'sql', HELM_DRIVER_SQL_CONNECTION_STRING: 'postgres://127.0.0.1:1/x' },
    );
    expect(report(stdout).findings).toEqual([]);
    expect(exitCode).toBe(0);
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
      '{}',
      '[]',
      '"x"',
      '{"findings":[null]}',
      'not json',
      JSON.stringify({ ...good, version: CACHE_VERSION - 1 }),
      JSON.stringify({ ...good, key: 'another' }),
      JSON.stringify({ ...good, result: { ...good.result, findings: [null] } }),
      JSON.stringify({ ...good, result: { ...good.result, findings: [{ rule: 'no-such-rule', message: 'x' }] } }),
      JSON.stringify({ ...good, result: { ...good.result, facts: { services: 'none' } } }),
    ];
    const indexDir = join(cacheDir, 'index');
    const [index] = readdirSync(indexDir);
    const goodIndex = JSON.parse(readFileSync(join(indexDir, index), 'utf8'));
    expect(goodIndex).toMatchObject({ version: CACHE_VERSION, entries: { [good.key]: good.result } });
    for (const text of forged) {
      // the run's index answers before the entry's own file: without it, the file is read
      rmSync(indexDir, { recursive: true, force: true });
      writeFileSync(join(cacheDir, entry), text);
      const again = await lint({ paths: [root], cacheDir });
      expect(again.cached, text).toBe(0);
      expect(again.errors, text).toBe(1);
      expect(JSON.parse(readFileSync(join(cacheDir, entry), 'utf8')), text).toEqual(good);
    }
    // and the index forged in the same ways, the entry's own file gone
    const forgedIndexes = [
      'not json',
      '[]',
      JSON.stringify({ ...goodIndex, version: CACHE_VERSION - 1 }),
      JSON.stringify({ ...goodIndex, name: 'another' }),
      JSON.stringify({ ...goodIndex, entries: [good.result] }),
      JSON.stringify({ ...goodIndex, entries: { another: good.result } }),
      JSON.stringify({ ...goodIndex, entries: { [good.key]: { ...good.result, findings: [null] } } }),
      JSON.stringify({ ...goodIndex, entries: { [good.key]: { ...good.result, findings: [{ rule: 'no-such-rule', message: 'x' }] } } }),
      JSON.stringify({ ...goodIndex, entries: { [good.key]: { ...good.result, facts: { services: 'none' } } } }),
    ];
    for (const text of forgedIndexes) {
      rmSync(join(cacheDir, entry), { force: true });
      writeFileSync(join(indexDir, index), text);
      const again = await lint({ paths: [root], cacheDir });
      expect(again.cached, text).toBe(0);
      expect(again.errors, text).toBe(1);
      expect(JSON.parse(readFileSync(join(indexDir, index), 'utf8')), text).toEqual(goodIndex);
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

describe('an apps folder that is a link out of the repo', () => {
  it('is reported, and nothing in it is read', async () => {
    const outside = repo('apps-elsewhere', { 'web/envs/dev/values.yaml': WEB });
    const root = repo('apps-link', {});
    symlinkSync(outside, join(root, 'apps'));
    const result = await lint({ paths: [root], cache: false });
    expect(result.targets).toEqual([]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'path-unreadable',
        severity: 'error',
        message: expect.stringContaining('apps leads through a symbolic link to'),
      }),
    ]);
  });
});
