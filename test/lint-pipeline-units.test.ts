// The last stage of lint, without Helm: findings of several app × envs made into one report (merged, their
// severity taken from the rule and the config, their paths and positions as users read them, in a stable
// order), and that report printed as text, JSON, GitHub annotations and SARIF, down to the character.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, defaultConfig, type LintConfig, loadConfig, severityFor } from '../scripts/lint/config.ts';
import { gatherFacts } from '../scripts/lint/facts.ts';
import { discover, UsageError } from '../scripts/lint/discover.ts';
import { requestedFormat } from '../scripts/lint/formats.ts';
import { limited, lint, platformFile, type LintResult, type ReportedFinding, type ReportRow, report } from '../scripts/lint/index.ts';
import { coalesce, mergeFiles, valueAt } from '../scripts/lint/merge.ts';
import { flowScalarOffset, locateInText, locatePath, splitDotted } from '../scripts/lint/positions.ts';
import { toGithub, toGithubError, toJson, toJsonError, toSarif, toSarifError, toText } from '../scripts/lint/report.ts';
import { RULE_IDS, RULES } from '../scripts/lint/rules/index.ts';
import { locateField, parseRender } from '../scripts/lint/rendered.ts';
import { mergeShards, parseShard, readShardReport } from '../scripts/lint/shard.ts';
import { splitModelMessage, targetResultShape } from '../scripts/lint/target.ts';
import type { ObjectsContext, RepoConfig } from '../scripts/lint/rules/rule.ts';
import type { TargetFinding } from '../scripts/lint/types.ts';
import { parseValuesFile, readHelmYaml, yamlLimits } from '../scripts/lint/yaml.ts';
import { progressBar, withProgress } from '../scripts/lint/progress.ts';
import { objectsContext } from './rule-context.ts';

const root = mkdtempSync(join(tmpdir(), 'app-chart-pipeline-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const chart = { name: 'app-chart', version: '1.2.3', digest: `sha256:${'0'.repeat(64)}`, source: 'the chart bundled with app-chart' };

function repoConfig(settings: Partial<RepoConfig> = {}): RepoConfig {
  return { root, services: [], tlsOptions: [], rules: {}, overrides: [], apps: ['web', 'api'], ...settings };
}

/** A row of the report: an app × env of `config` with its findings (files inside the repo root). */
function row(
  app: string,
  env: string,
  findings: Omit<TargetFinding, 'root' | 'app' | 'env'>[],
  config: RepoConfig,
  cached = false,
): ReportRow {
  return {
    target: { app, env, namespace: env, config },
    checked: chart,
    cached,
    result: {
      app,
      env,
      namespace: env,
      rendered: true,
      findings: findings.map((f) => ({ ...f, ...(f.file ? { file: join(root, f.file) } : {}), root, app, env })),
    },
  };
}

/** A repo of files (path → text) under the test folder. */
function repo(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const merge = (rows: ReportRow[], config: RepoConfig) =>
  report({ rows, configs: [config], pathFindings: [], notes: [], helms: [], acrossApps: false });

const shown = (f: ReportedFinding) =>
  `${f.rule} ${f.severity} ${f.file ?? '-'}:${f.line ?? '-'}:${f.col ?? '-'} ${f.path ?? '-'} [${f.targets.join(' ')}] ${f.message}`;
const cwdFile = (file: string) => relative(process.cwd(), join(root, file));

describe('the report of several app × envs', () => {
  const file = 'apps/web/base/base-values.yaml';

  it('merges one finding seen in several app × envs, and keeps two that differ in line, column, message or rule', () => {
    const config = repoConfig();
    const common = { rule: 'root-key-unused', message: 'nothing reads the root key "x"', file, line: 3, col: 1 };
    const result = merge(
      [
        row('web', 'dev', [common, { ...common, col: 5 }], config),
        row('web', 'prod', [common, { ...common, line: 4 }, { ...common, message: 'other' }, { ...common, rule: 'root-key-typo' }], config),
      ],
      config,
    );
    expect(result.findings.map(shown)).toEqual([
      `root-key-typo error ${cwdFile(file)}:3:1 - [web/prod] nothing reads the root key "x"`,
      `root-key-unused error ${cwdFile(file)}:3:1 - [web/dev web/prod] nothing reads the root key "x"`,
      `root-key-unused error ${cwdFile(file)}:3:1 - [web/prod] other`,
      `root-key-unused error ${cwdFile(file)}:3:5 - [web/dev] nothing reads the root key "x"`,
      `root-key-unused error ${cwdFile(file)}:4:1 - [web/prod] nothing reads the root key "x"`,
    ]);
    expect(result.findings[0].repoFile).toBe(file);
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: 5, warnings: 0 });
  });

  it('keeps apart findings at line 1 column 12 and line 11 column 2, and rules or files whose names run into the next field', () => {
    const config = repoConfig();
    const finding = { rule: 'yaml-tab', message: 'tab', file: 'a.yaml' };
    const result = merge(
      [
        row(
          'web',
          'prod',
          [
            { ...finding, line: 1, col: 12 },
            { ...finding, line: 11, col: 2 },
            { ...finding, file: 'a.yaml1', line: 1, col: 2 },
          ],
          config,
        ),
      ],
      config,
    );
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.col}`)).toEqual([
      cwdFile('a.yaml:1:12'),
      cwdFile('a.yaml:11:2'),
      cwdFile('a.yaml1:1:2'),
    ]);
  });

  it('orders findings by file, then line, then column, then rule; a finding without a file first', () => {
    const config = repoConfig();
    const result = merge(
      [
        row(
          'web',
          'prod',
          [
            { rule: 'yaml-tab', message: 'm', file: 'b.yaml', line: 1, col: 1 },
            { rule: 'yaml-tab', message: 'm', file: 'a.yaml', line: 10, col: 1 },
            { rule: 'yaml-tab', message: 'm', file: 'a.yaml', line: 2, col: 9 },
            { rule: 'yaml-octal', message: 'm', file: 'a.yaml', line: 2, col: 9 },
            { rule: 'yaml-tab', message: 'm', file: 'a.yaml', line: 2, col: 3 },
            { rule: 'invalid-name', message: 'm' },
          ],
          config,
        ),
      ],
      config,
    );
    expect(result.findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'}:${f.col ?? '-'} ${f.rule}`)).toEqual([
      '-:-:- invalid-name',
      `${cwdFile('a.yaml')}:2:3 yaml-tab`,
      `${cwdFile('a.yaml')}:2:9 yaml-octal`,
      `${cwdFile('a.yaml')}:2:9 yaml-tab`,
      `${cwdFile('a.yaml')}:10:1 yaml-tab`,
      `${cwdFile('b.yaml')}:1:1 yaml-tab`,
    ]);
  });

  it('gives the values path as a field of its own (indexes in brackets), not repeated at the start of the message; column 1 by default', () => {
    const config = repoConfig();
    const path = ['deployment', 'envVariables', 0, 'value'];
    const result = merge(
      [
        row(
          'web',
          'prod',
          [
            { rule: 'env-literal-secret', message: 'deployment.envVariables[0].value: looks like a secret', file, line: 7, path },
            { rule: 'values-schema', message: 'the message names deployment.envVariables[0].value: inside', file, line: 8, col: 2, path },
            { rule: 'values-schema', message: 'no path', file, line: 9, col: 2, path: [] },
            { rule: 'values-schema', message: 'odd key', file, line: 10, col: 2, path: ['commonLabels', 'a.b/c'] },
          ],
          config,
        ),
      ],
      config,
    );
    expect(result.findings.map(shown)).toEqual([
      `env-literal-secret error ${cwdFile(file)}:7:1 deployment.envVariables[0].value [web/prod] looks like a secret`,
      `values-schema error ${cwdFile(file)}:8:2 deployment.envVariables[0].value [web/prod] the message names deployment.envVariables[0].value: inside`,
      `values-schema error ${cwdFile(file)}:9:2 - [web/prod] no path`,
      `values-schema error ${cwdFile(file)}:10:2 commonLabels["a.b/c"] [web/prod] odd key`,
    ]);
    expect(result.findings[2]).not.toHaveProperty('path');
  });

  it('takes the severity of each app × env from the config: off drops it, and an error in any app × env makes the merged finding an error', () => {
    const finding = { rule: 'yaml-boolean-value', message: 'yes is a boolean', file, line: 2, col: 3 };
    const strictProd = repoConfig({ overrides: [{ envs: ['prod'], rules: { 'yaml-boolean-value': 'error' } }] as never });
    for (const order of [
      ['dev', 'prod'],
      ['prod', 'dev'],
    ]) {
      const result = merge(
        order.map((env) => row('web', env, [finding], strictProd)),
        strictProd,
      );
      const targets = order.map((env) => `web/${env}`).join(' ');
      expect(result.findings.map(shown)).toEqual([`yaml-boolean-value error ${cwdFile(file)}:2:3 - [${targets}] yes is a boolean`]);
      expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: 1, warnings: 0 });
    }
    const off = repoConfig({ rules: { 'yaml-boolean-value': 'off' } });
    expect(merge([row('web', 'prod', [finding], off)], off).findings).toEqual([]);
    const offInDev = repoConfig({ overrides: [{ envs: ['dev'], rules: { 'yaml-boolean-value': 'off' } }] as never });
    expect(merge([row('web', 'dev', [finding], offInDev), row('web', 'prod', [finding], offInDev)], offInDev).findings.map(shown)).toEqual([
      `yaml-boolean-value warn ${cwdFile(file)}:2:3 - [web/prod] yes is a boolean`,
    ]);
  });

  it("names an app × env once for a finding it reports twice, and takes each repo's severities from its own config", () => {
    const finding = { rule: 'yaml-boolean-value', message: 'yes is a boolean', file, line: 2, col: 3 };
    const config = repoConfig();
    expect(merge([row('web', 'prod', [finding, finding], config)], config).findings.map(shown)).toEqual([
      `yaml-boolean-value warn ${cwdFile(file)}:2:3 - [web/prod] yes is a boolean`,
    ]);
    // a second repo in the same run, whose config makes the rule an error
    const otherRoot = join(root, 'other-repo');
    const strict = repoConfig({ root: otherRoot, rules: { 'yaml-boolean-value': 'error' } });
    const strictRow: ReportRow = {
      ...row('api', 'prod', [], strict),
      result: {
        app: 'api',
        env: 'prod',
        namespace: 'prod',
        rendered: true,
        findings: [{ ...finding, file: join(otherRoot, file), root: otherRoot, app: 'api', env: 'prod' }],
      },
    };
    const both = report({
      rows: [row('web', 'prod', [finding], config), strictRow],
      configs: [config, strict],
      pathFindings: [],
      notes: [],
      helms: [],
      acrossApps: false,
    });
    expect(both.findings.map((f) => `${f.severity} ${f.targets.join(' ')}`)).toEqual(['warn web/prod', 'error api/prod']);
  });

  it('takes the severities of two repos linted together from their own configs, though their apps and envs have the same names', () => {
    const finding = { rule: 'yaml-boolean-value', message: 'yes is a boolean', file, line: 2, col: 3 };
    const otherRoot = join(root, 'same-names-repo');
    const strict = repoConfig({ root: otherRoot, rules: { 'yaml-boolean-value': 'error' } });
    const strictRow = (env: string): ReportRow => ({
      ...row('web', env, [], strict),
      target: { app: 'web', env, namespace: env, config: strict },
      result: {
        ...row('web', env, [], strict).result,
        findings: [{ ...finding, file: join(otherRoot, file), root: otherRoot, app: 'web', env }],
      },
    });
    for (const configs of [
      [repoConfig(), strict],
      [strict, repoConfig()],
    ]) {
      const config = configs.find((c) => c.root === root)!;
      const both = report({
        rows: [row('web', 'prod', [finding], config), strictRow('prod')],
        configs,
        pathFindings: [],
        notes: [],
        helms: [],
        acrossApps: false,
      });
      expect(both.findings.map((f) => `${f.severity} ${f.repoFile} ${f.targets.join(' ')}`)).toEqual([
        `warn ${file} web/prod`,
        `error ${file} web/prod`,
      ]);
    }
  });

  it('counts the app × envs answered by the cache, and lists every app × env with its chart', () => {
    const config = repoConfig();
    const result = merge(
      [row('web', 'dev', [], config, true), row('web', 'prod', [], config, false), row('api', 'prod', [], config, true)],
      config,
    );
    expect(result.cached).toBe(2);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.namespace} ${t.cached} ${t.rendered}`)).toEqual([
      'web/dev dev true true',
      'web/prod prod false true',
      'api/prod prod true true',
    ]);
  });
});

describe('the shards of one run, merged', () => {
  it("give the full run's report: each app × env in the order of the run, answered by the cache where its shard said so", () => {
    const config = repoConfig();
    const targets = ['dev', 'prod', 'test'].map((env) => ({ root, app: 'web', env }));
    const rowOf = (env: string, cached: boolean) => ({
      root,
      app: 'web',
      env,
      namespace: env,
      cached,
      chart,
      result: { app: 'web', env, namespace: env, rendered: true, findings: [] },
    });
    const shard = (index: number, rows: ReturnType<typeof rowOf>[]) => ({
      file: `shard-${index}.json`,
      record: { index, count: 2, targets, configs: [config], pathFindings: [], notes: [], rows },
    });
    const merged = mergeShards([shard(2, [rowOf('prod', true)]), shard(1, [rowOf('dev', false), rowOf('test', true)])], report);
    expect(merged.targets.map((t) => `${t.env} ${t.cached}`)).toEqual(['dev false', 'prod true', 'test true']);
    expect(merged.cached).toBe(2);
  });

  it('keep apart the app × envs of two repos linted together that have the same app and env names', () => {
    const roots = [join(root, 'repo-one'), join(root, 'repo-two')];
    const configs = roots.map((r) => repoConfig({ root: r, apps: ['web'] }));
    const targets = roots.map((r) => ({ root: r, app: 'web', env: 'prod' }));
    const rowOf = (r: string, message: string) => ({
      root: r,
      app: 'web',
      env: 'prod',
      namespace: 'prod',
      cached: false,
      chart,
      result: {
        app: 'web',
        env: 'prod',
        namespace: 'prod',
        rendered: true,
        findings: [
          { rule: 'yaml-tab', message, file: join(r, 'apps/web/envs/prod/values.yaml'), line: 1, root: r, app: 'web', env: 'prod' },
        ],
      },
    });
    const shard = (index: number, rows: ReturnType<typeof rowOf>[]) => ({
      file: `shard-${index}.json`,
      record: { index, count: 2, targets, configs, pathFindings: [], notes: [], rows },
    });
    const merged = mergeShards([shard(1, [rowOf(roots[0], 'tab in repo one')]), shard(2, [rowOf(roots[1], 'tab in repo two')])], report);
    expect(merged.findings.map((f) => `${f.file} ${f.message}`)).toEqual([
      `${relative(process.cwd(), join(roots[0], 'apps/web/envs/prod/values.yaml'))} tab in repo one`,
      `${relative(process.cwd(), join(roots[1], 'apps/web/envs/prod/values.yaml'))} tab in repo two`,
    ]);
  });

  it('refuse reports of other runs or with shards left out, naming every shard missing and an app × env no shard reports', () => {
    const config = repoConfig();
    const targets = ['dev', 'prod', 'test', 'qa'].map((env) => ({ root, app: 'web', env }));
    const rowOf = (env: string) => ({
      root,
      app: 'web',
      env,
      namespace: env,
      cached: false,
      chart,
      result: { app: 'web', env, namespace: env, rendered: true, findings: [] },
    });
    const shard = (index: number, envs: string[], list = targets) => ({
      file: `shard-${index}.json`,
      record: { index, count: 4, targets: list, configs: [config], pathFindings: [], notes: [], rows: envs.map(rowOf) },
    });
    const refusal = (records: ReturnType<typeof shard>[]) => {
      try {
        mergeShards(records, report);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'merged';
    };
    expect(refusal([shard(1, ['dev']), shard(2, ['prod']), shard(3, ['test']), shard(4, ['qa'])])).toBe('merged');
    expect(refusal([shard(1, ['dev']), shard(4, ['qa'])])).toBe('shards 2, 3 of 4 missing: give the reports of every shard');
    expect(
      refusal([
        shard(1, ['dev']),
        shard(
          2,
          ['prod'],
          targets.map((t) => (t.env === 'qa' ? { ...t, env: 'uat' } : t)),
        ),
        shard(3, ['test']),
        shard(4, ['qa']),
      ]),
    ).toBe('shard-2.json and shard-1.json list other app × envs: they are not shards of one run (same commit, same paths, same config)');
    expect(refusal([shard(1, ['dev']), shard(2, ['prod']), shard(3, []), shard(4, ['qa'])])).toBe(
      'no shard reports web/test: the reports are not of one run',
    );
    expect(refusal([])).toBe('lint merge needs the report files of the shards');
  });

  it('refuse the shards of two splits of one list, whichever is given first, though together they hold every app × env once', () => {
    const config = repoConfig();
    const targets = ['dev', 'prod', 'test'].map((env) => ({ root, app: 'web', env }));
    const rowOf = (env: string) => ({
      root,
      app: 'web',
      env,
      namespace: env,
      cached: false,
      chart,
      result: { app: 'web', env, namespace: env, rendered: true, findings: [] },
    });
    const shard = (index: number, count: number, envs: string[]) => ({
      file: `shard-${index}-of-${count}.json`,
      record: { index, count, targets, configs: [config], pathFindings: [], notes: [], rows: envs.map(rowOf) },
    });
    // shard 1 of a run in two lints dev and test, shard 2 of a run in three lints prod
    const half = shard(1, 2, ['dev', 'test']);
    const third = shard(2, 3, ['prod']);
    expect(() => mergeShards([half, third], report)).toThrow(
      new UsageError('shard-2-of-3.json is shard 2/3, shard-1-of-2.json is of 2 shards: give the reports of one run'),
    );
    expect(() => mergeShards([third, half], report)).toThrow(
      new UsageError('shard-1-of-2.json is shard 1/2, shard-2-of-3.json is of 3 shards: give the reports of one run'),
    );
  });
});

describe('the checks across apps, on the facts of each app × env', () => {
  const portMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;
  /** the report, with the checks across apps, of app × envs "<app>/<env>" in namespace `env` that render `docs` */
  const acrossApps = (docsOf: Record<string, string>, otherApps: string[] = []) => {
    const config = repoConfig({ root: '/repo', apps: [...Object.keys(docsOf).map((target) => target.split('/')[0]), ...otherApps] });
    const rows = Object.entries(docsOf).map(([target, docs]): ReportRow => {
      const [app, env] = target.split('/');
      const facts = gatherFacts({ ...objectsContext(docs, {}, {}, env), target: { app, env } } as ObjectsContext);
      return {
        target: { app, env, namespace: env, config },
        checked: chart,
        cached: false,
        result: { app, env, namespace: env, rendered: true, findings: [], facts },
      };
    });
    return report({ rows, configs: [config], pathFindings: [], notes: [], helms: [], acrossApps: true });
  };

  it('report a Service named by an ingress-nginx tcp-services or udp-services entry that no app renders', () => {
    const docs = [
      portMap('tcp-services', '  "15432": prod/db-prod:5432'),
      portMap('udp-services', '  "5353": prod/dns-prod:53'),
      portMap('settings', '  "9000": prod/other:9000'),
    ].join('\n---\n');
    const result = acrossApps({ 'db/prod': docs });
    expect(result.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([
      'backend-unknown ConfigMap/tcp-services: ConfigMap/tcp-services data.15432 sends traffic to Service "db-prod", which no app renders in namespace prod: correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
      'backend-unknown ConfigMap/udp-services: ConfigMap/udp-services data.5353 sends traffic to Service "dns-prod", which no app renders in namespace prod: correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
    ]);
  });

  it("take a Service named <app>-<env> after an app of the repo this run did not lint as that app's, and report one of no app", () => {
    const docs = portMap('tcp-services', ['  "1": prod/api-prod:80', '  "2": prod/cache-prod:6379'].join('\n'));
    const result = acrossApps({ 'db/prod': docs }, ['api']);
    expect(result.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['backend-unknown data.2']);
  });

  it('check the port of an ingress-nginx port map entry, by number or name, with its PROXY suffix, and only in the maps ingress-nginx reads', () => {
    const service =
      '# template\napiVersion: v1\nkind: Service\nmetadata:\n  name: db-prod\nspec:\n  ports:\n    - name: postgres\n      port: 5432';
    const entries = [
      '"1": prod/db-prod:5433',
      '"2": prod/db-prod:pg',
      '"3": prod/db-prod:postgres',
      '"4": prod/db-prod:5431:PROXY',
      '"5": prod/db-prod:5432',
    ];
    const docs = [
      service,
      portMap('tcp-services', entries.map((e) => `  ${e}`).join('\n')),
      portMap('app-tcp-services', '  "6": prod/db-prod:1'),
      portMap('udp-services-old', '  "7": prod/db-prod:2'),
    ].join('\n---\n');
    const result = acrossApps({ 'db/prod': docs });
    expect(result.findings.map((f) => `${f.rule} ${f.file}: ${f.message}`)).toEqual([
      'backend-unknown data.1: ConfigMap/tcp-services data.1 sends traffic to port 5433 of Service "db-prod", which has no such port (its ports: 5432 (postgres)): use one of those',
      'backend-unknown data.2: ConfigMap/tcp-services data.2 sends traffic to port "pg" of Service "db-prod", which has no such port (its ports: 5432 (postgres)): use one of those',
      'backend-unknown data.4: ConfigMap/tcp-services data.4 sends traffic to port 5431 of Service "db-prod", which has no such port (its ports: 5432 (postgres)): use one of those',
    ]);
  });

  it("look a backend up in the namespace it names, another app's, not in its route's own", () => {
    const service = (name: string, namespace: string) =>
      `# template\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  ports:\n    - port: 5432`;
    const route = [
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: staging\nspec:\n  rules:',
      '    - backendRefs:\n        - {name: db-prod, namespace: prod, port: 5432}\n        - {name: db-prd, namespace: prod, port: 5432}',
    ].join('\n');
    const result = acrossApps({
      'db/prod': service('db-prod', 'prod'),
      'web/staging': [service('web-staging', 'staging'), route].join('\n---\n'),
    });
    expect(result.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([
      'backend-unknown HTTPRoute/web: HTTPRoute/web spec.rules[0].backendRefs[1] sends traffic to Service "db-prd", which no app renders in namespace prod; did you mean "db-prod"? (the chart names the Service <app>-<env>, or appName): correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
    ]);
  });

  it('find a Service in the namespace it is rendered into, which may not be its app × env namespace', () => {
    const service = (name: string, namespace: string) =>
      `# template\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  ports:\n    - port: 5432`;
    const route = (name: string, backends: string[]) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${name}\nspec:\n  rules:\n    - backendRefs:\n` +
      backends.map((b) => `        - {name: ${b.split('/')[1]}, namespace: ${b.split('/')[0]}, port: 5432}`).join('\n');
    // db/prod renders its Service into the namespace shared, which the app × env shared/tools deploys to as well
    const result = acrossApps({
      'db/prod': service('db', 'shared'),
      'tools/shared': [service('tools', 'shared'), route('tools', ['shared/db'])].join('\n---\n'),
      'web/prod': [service('web', 'prod'), route('web', ['prod/db'])].join('\n---\n'),
    });
    expect(result.findings.map((f) => `${f.rule} ${f.object}: ${f.message.split(';')[0]}`)).toEqual([
      'backend-unknown HTTPRoute/web: HTTPRoute/web spec.rules[0].backendRefs[0] sends traffic to Service "db", which no app renders in namespace prod',
    ]);
  });

  it('record the Services of every route form lint reads, in the namespace each names, and none of a kind or group that is not a Service', () => {
    const service = '# template\napiVersion: v1\nkind: Service\nmetadata:\n  name: real\nspec:\n  ports:\n    - port: 80';
    const doc = (apiVersion: string, kind: string, name: string, spec: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
    const docs = [
      service,
      doc(
        'traefik.containo.us/v1alpha1',
        'IngressRoute',
        'old-group',
        '  routes:\n    - match: Host(`a.example.com`)\n      services:\n' +
          '        - {name: weighted, kind: TraefikService}\n        - {name: ghost-1, port: 80}\n' +
          '        - {name: ghost-2, kind: Service, namespace: staging, port: 80}',
      ),
      doc('traefik.io/v1alpha1', 'IngressRouteUDP', 'dns', '  routes:\n    - services:\n        - {name: ghost-3, port: 53}'),
      doc('example.com/v1', 'IngressRoute', 'not-traefik', '  routes:\n    - services:\n        - {name: ghost-x, port: 80}'),
      doc('traefik.io/v1alpha1', 'Middleware', 'not-a-route', '  routes:\n    - services:\n        - {name: ghost-x, port: 80}'),
      doc(
        'networking.k8s.io/v1',
        'Ingress',
        'web',
        '  defaultBackend: {service: {name: ghost-4, port: {number: 80}}}\n  rules:\n' +
          '    - http:\n        paths:\n          - {path: /, backend: {service: {name: real, port: {number: 80}}}}\n' +
          '          - {path: /b, backend: {service: {name: ghost-5, port: {name: http}}}}\n' +
          '    - http:\n        paths:\n          - {path: /, backend: {service: {name: ghost-6, port: {number: 80}}}}',
      ),
      doc('extensions/v1beta1', 'Ingress', 'old-ingress', '  backend: {serviceName: ghost-x, servicePort: 80}'),
      doc(
        'gateway.networking.k8s.io/v1alpha2',
        'TCPRoute',
        'db',
        '  rules:\n    - backendRefs:\n        - {name: ghost-x, group: multicluster.x-k8s.io, kind: ServiceImport, port: 1}\n' +
          '        - {name: ghost-x, kind: ServiceImport, port: 1}\n        - {name: ghost-7, group: "", kind: Service, port: 1}\n' +
          '    - backendRefs:\n        - {name: ghost-8, namespace: staging, port: 1}',
      ),
      doc('gateway.networking.k8s.io/v1', 'HTTPRouteFilter', 'not-a-route', '  rules:\n    - backendRefs:\n        - {name: ghost-x}'),
    ].join('\n---\n');
    const result = acrossApps({ 'edge/prod': docs, 'api/staging': service });
    const named = (f: ReportedFinding) =>
      f.message.replace(/ sends traffic to Service "(.+?)", which no app renders in namespace (\S+) .*/, ' -> $2/$1');
    expect(result.findings.map(named)).toEqual([
      'Ingress/web spec.defaultBackend.service -> prod/ghost-4',
      'IngressRouteUDP/dns spec.routes[0].services[0] -> prod/ghost-3',
      'IngressRoute/old-group spec.routes[0].services[1] -> prod/ghost-1',
      'IngressRoute/old-group spec.routes[0].services[2] -> staging/ghost-2',
      'TCPRoute/db spec.rules[0].backendRefs[2] -> prod/ghost-7',
      'Ingress/web spec.rules[0].http.paths[1].backend.service -> prod/ghost-5',
      'TCPRoute/db spec.rules[1].backendRefs[0] -> staging/ghost-8',
      'Ingress/web spec.rules[1].http.paths[0].backend.service -> prod/ghost-6',
    ]);
  });

  it('record the TLSOptions an app renders and its routes name, in the namespace each names, and which routes end TLS in front of PostgreSQL', () => {
    const service =
      '# template\napiVersion: v1\nkind: Service\nmetadata:\n  name: db-prod\nspec:\n  ports:\n' +
      '    - {name: pg, port: 5432}\n    - {name: wire, port: 7000, appProtocol: postgresql}\n    - {name: http, port: 80}';
    const option = 'apiVersion: traefik.containo.us/v1alpha1\nkind: TLSOption\nmetadata:\n  name: strict\nspec:\n  alpnProtocols: [h2]';
    const route = (name: string, tls: string, services: string, kind = 'IngressRouteTCP') =>
      `apiVersion: traefik.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${tls ? `  tls: ${tls}\n` : ''}` +
      `  routes:\n    - match: HostSNI(\`${name}.example.com\`)\n      services: ${services}`;
    const docs = [
      service,
      option,
      route('by-number', '{options: {name: strict}}', '[{name: db-prod, port: 5432}]'),
      route('by-name', '{}', '[{name: other, port: 80}, {name: db-prod, port: pg}]'),
      route('by-protocol', '{}', '[{name: db-prod, port: wire}]'),
      route('by-protocol-number', '{}', '[{name: db-prod, port: 7000}]'),
      route('passthrough', '{passthrough: true}', '[{name: db-prod, port: 5432}]'),
      route('passthrough-option', '{passthrough: true, options: {name: strict}}', '[{name: db-prod, port: 5432}]'),
      route('plain', '', '[{name: db-prod, port: 5432}]'),
      route('http-port', '{}', '[{name: db-prod, port: http}]'),
      route('other-namespace', '{}', '[{name: db-prod, namespace: other, port: pg}]'),
      route('weighted', '{}', '[{name: db-prod, kind: TraefikService, port: 5432}]'),
      route('web', '{}', '[{name: db-prod, port: 5432}]', 'IngressRoute'),
      route('option-elsewhere', '{options: {name: strict, namespace: platform}}', '[{name: db-prod, port: 80}]'),
      route('option-misspelt', '{options: {name: strikt}}', '[{name: db-prod, port: 80}]'),
    ].join('\n---\n');
    const context = { ...objectsContext(docs), namespace: 'prod', target: { app: 'db', env: 'prod' } } as ObjectsContext;
    const facts = gatherFacts({ ...context, at: (object, field) => ({ file: `${object.ref} ${field.join('.')}` }) });
    expect(facts.tlsOptions).toEqual([{ namespace: 'prod', name: 'strict', alpnProtocols: ['h2'] }]);
    expect(facts.tlsRefs.map((r) => `${r.at.file} -> ${r.namespace}/${r.name}${r.postgres ? ' (PostgreSQL)' : ''}`)).toEqual([
      'IngressRouteTCP/by-number spec.tls.options.name -> prod/strict (PostgreSQL)',
      'IngressRouteTCP/passthrough-option spec.tls.options.name -> prod/strict',
      'IngressRouteTCP/option-elsewhere spec.tls.options.name -> platform/strict',
      'IngressRouteTCP/option-misspelt spec.tls.options.name -> prod/strikt',
    ]);
    expect(facts.postgresWithoutOptions.map((p) => p.at.file)).toEqual([
      'IngressRouteTCP/by-name spec.tls',
      'IngressRouteTCP/by-protocol spec.tls',
      'IngressRouteTCP/by-protocol-number spec.tls',
    ]);
    const result = acrossApps({ 'db/prod': docs });
    expect(result.findings.filter((f) => f.rule !== 'backend-unknown').map((f) => `${f.rule} ${f.object}`)).toEqual([
      'postgres-alpn IngressRouteTCP/by-name',
      'postgres-alpn IngressRouteTCP/by-number',
      'tls-option-unknown IngressRouteTCP/option-elsewhere',
      'tls-option-unknown IngressRouteTCP/option-misspelt',
    ]);
  });

  it('record each TCP route as Traefik matches it, and none Traefik refuses or lint cannot compare', () => {
    const route = (name: string, routes: string, spec = '  tls: {}\n', apiVersion = 'traefik.io/v1alpha1', kind = 'IngressRouteTCP') =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}  routes:\n${routes}`;
    const match = (rule: string, more = '') =>
      `    - match: ${JSON.stringify(rule)}\n${more}      services: [{name: db-prod, port: 5432}]\n`;
    const docs = [
      route('hosts', match('HostSNI(`DB.Example.com`) || HostSNI(`db.example.com`, `b.example.com`)', '      syntax: v2\n')),
      route('one-of-two', match('HostSNI(`a.example.com`, `b.example.com`)') + match('HostSNI(`c.example.com`) && ClientIP(`10.0.0.0/8`)')),
      route(
        'old-group',
        match('HostSNI(`d.example.com`)', '      priority: 7\n'),
        '  entryPoints: [postgres, pg]\n  tls: {passthrough: true}\n',
        'traefik.containo.us/v1alpha1',
      ),
      route('plain', match('HostSNI(`*`)') + match('HostSNI(`e.example.com`)') + match('ClientIP(`10.0.0.0/8`)'), ''),
      route(
        'intricate',
        match('HostSNI(`f.example.com`) || ClientIP(`10.0.0.0/8`)') + match('HostSNI(`g.example.com`) && !ClientIP(`10.0.0.0/8`)'),
      ),
      route('no-match', '    - services: [{name: db-prod, port: 5432}]\n'),
      route('http', match('HostSNI(`h.example.com`)'), '  tls: {}\n', 'traefik.io/v1alpha1', 'IngressRoute'),
    ].join('\n---\n');
    const context = { ...objectsContext(docs), namespace: 'prod', target: { app: 'db', env: 'prod' } } as ObjectsContext;
    const routes = gatherFacts(context).tcpRoutes.map(
      (r) =>
        `${r.source} on ${r.entryPoints.join(',')}${r.tls ? ' TLS' : ''} ${r.hosts.join(',')}${r.hostsOnly ? ' only' : ''} priority ${r.priority} at ${r.at.file}`,
    );
    expect(routes).toEqual([
      'IngressRouteTCP/hosts spec.routes[0] on * TLS db.example.com,b.example.com only priority 71 at spec.routes.0.match',
      'IngressRouteTCP/one-of-two spec.routes[1] on * TLS c.example.com priority 50 at spec.routes.1.match',
      'IngressRouteTCP/old-group spec.routes[0] on postgres,pg TLS d.example.com only priority 7 at spec.routes.0.match',
      'IngressRouteTCP/plain spec.routes[0] on * * only priority -1 at spec.routes.0.match',
      'IngressRouteTCP/plain spec.routes[2] on * * priority 22 at spec.routes.2.match',
    ]);
  });
});

describe('severity settings', () => {
  const config: Pick<LintConfig, 'rules' | 'overrides'> = {
    rules: { 'yaml-tab': 'warn' },
    overrides: [
      { apps: ['db'], envs: ['prod'], rules: { 'yaml-tab': 'off' } },
      { envs: ['prod'], rules: { 'yaml-octal': 'error' } },
      { apps: ['db'], rules: { 'yaml-octal': 'warn' } },
    ],
  };
  it('the config over the rule, then each override that matches both its apps and its envs, the last one winning', () => {
    expect(severityFor(config, 'yaml-tab', 'error', 'web', 'prod')).toBe('warn');
    expect(severityFor(config, 'yaml-tab', 'error', 'db', 'prod')).toBe('off');
    expect(severityFor(config, 'yaml-tab', 'error', 'db', 'dev')).toBe('warn');
    expect(severityFor(config, 'yaml-tab', 'error', 'web', 'dev')).toBe('warn');
    expect(severityFor(config, 'yaml-octal', 'warn', 'web', 'prod')).toBe('error');
    expect(severityFor(config, 'yaml-octal', 'error', 'db', 'prod')).toBe('warn');
    expect(severityFor(config, 'yaml-octal', 'error', 'web', 'dev')).toBe('error');
    expect(severityFor(config, 'yaml-syntax', 'error', 'db', 'prod')).toBe('error');
    // a finding of the repo, of no app × env: only overrides without apps and envs apply
    expect(severityFor(config, 'yaml-octal', 'error')).toBe('error');
    expect(severityFor(config, 'yaml-octal', 'warn')).toBe('warn');
    expect(severityFor(config, 'yaml-tab', 'error')).toBe('warn');
  });
});

/** A result of findings given as written; targets of one chart unless told. */
function result(findings: Partial<ReportedFinding>[], more: Partial<LintResult> = {}): LintResult {
  const full: ReportedFinding[] = findings.map((f) => ({ rule: 'yaml-tab', severity: 'error', message: 'm', targets: ['web/prod'], ...f }));
  return {
    findings: full,
    targets: [{ app: 'web', env: 'prod', namespace: 'prod', cached: false, rendered: true, chart }],
    errors: full.filter((f) => f.severity === 'error').length,
    warnings: full.filter((f) => f.severity === 'warn').length,
    cached: 0,
    helms: [],
    notes: [],
    ...more,
  };
}

describe('lint as text', () => {
  it('groups findings by file, a finding of no file under "(no file)", and sums up in the singular and the plural', () => {
    const text = toText(
      result([
        {
          file: 'a.yaml',
          line: 12,
          col: 3,
          path: 'deployment.replicas',
          message: 'bad',
          severity: 'warn',
          rule: 'yaml-octal',
          targets: ['web/prod', 'web/dev'],
        },
        { file: 'a.yaml', line: 1, col: 1, message: 'tab' },
        { message: 'name', rule: 'invalid-name' },
      ]),
      false,
    );
    expect(text).toBe(
      [
        'a.yaml',
        '  12:3    warn   deployment.replicas: bad  yaml-octal (web/prod, web/dev)',
        '  1:1     error  tab  yaml-tab (web/prod)',
        '',
        '(no file)',
        '          error  name  invalid-name (web/prod)',
        '',
        '✖ 2 errors, 1 warning in 1 app × env',
        'chart app-chart 1.2.3: the chart bundled with app-chart',
        '',
      ].join('\n'),
    );
  });

  it('says ⚠ for warnings only, ✔ for none, how many came from the cache, and each chart with its count when there are several', () => {
    expect(toText(result([{ severity: 'warn' }]), false)).toContain('\n⚠ 0 errors, 1 warning in 1 app × env\n');
    const other = { ...chart, version: '2.0.0', source: 'apps/api/chart' };
    const two = result([], {
      cached: 2,
      targets: [
        { app: 'web', env: 'prod', namespace: 'prod', cached: true, rendered: true, chart },
        { app: 'web', env: 'dev', namespace: 'dev', cached: true, rendered: true, chart },
        { app: 'api', env: 'prod', namespace: 'prod', cached: false, rendered: true, chart: other },
      ],
    });
    expect(toText(two, false)).toBe(
      [
        '✔ 0 errors, 0 warnings in 3 app × envs (2 from cache)',
        'chart app-chart 1.2.3: the chart bundled with app-chart (2 app × envs)',
        'chart app-chart 2.0.0: apps/api/chart (1 app × env)',
        '',
      ].join('\n'),
    );
  });

  it('colours severities and the summary with ANSI codes when asked', () => {
    const text = toText(
      result([
        { file: 'a.yaml', line: 1, col: 1 },
        { file: 'a.yaml', line: 2, col: 1, severity: 'warn' },
      ]),
      true,
    );
    expect(text).toContain('\u001b[4ma.yaml\u001b[0m');
    expect(text).toContain('\u001b[31merror\u001b[0m');
    expect(text).toContain('\u001b[33mwarn \u001b[0m');
    expect(text).toContain('\u001b[31m✖ 1 error, 1 warning in 1 app × env\u001b[0m');
    expect(toText(result([{ severity: 'warn' }]), true)).toContain('\u001b[33m⚠ ');
    expect(toText(result([]), true)).toContain('\u001b[32m✔ ');
  });
});

describe('lint as JSON, GitHub annotations and SARIF', () => {
  const findings: Partial<ReportedFinding>[] = [
    {
      file: 'apps/web/envs/prod/values.yaml',
      repoFile: 'deploy/apps/web/envs/prod/values.yaml',
      line: 3,
      col: 5,
      path: 'service.type',
      severity: 'warn',
      rule: 'database-port-unrestricted',
      object: 'Service/web-prod',
    },
    { message: 'no file', rule: 'invalid-name' },
    { file: 'apps\\web\\values.yaml', message: 'no line', rule: 'yaml-syntax' },
  ];

  it('JSON: warn is "warning", the repo-relative path stays out, the summary counts', () => {
    const json = toJson(result(findings, { cached: 1 }));
    expect(json.summary).toEqual({ errors: 2, warnings: 1, targets: 1, cached: 1 });
    expect(toJson(result([])).summary).toEqual({ errors: 0, warnings: 0, targets: 1, cached: 0 });
    expect(json.findings.map((f) => f.severity)).toEqual(['warning', 'error', 'error']);
    expect(json.findings[0]).not.toHaveProperty('repoFile');
    expect(json.findings[0]).toMatchObject({ file: 'apps/web/envs/prod/values.yaml', line: 3, col: 5, path: 'service.type' });
  });

  it('GitHub: a property only for what the finding has, the file relative to the repo root with "/"', () => {
    expect(toGithub(result(findings)).split('\n')).toEqual([
      '::warning file=deploy/apps/web/envs/prod/values.yaml,line=3,col=5,title=app-chart lint%3A database-port-unrestricted::service.type: m (web/prod)',
      '::error title=app-chart lint%3A invalid-name::no file (web/prod)',
      '::error file=apps/web/values.yaml,title=app-chart lint%3A yaml-syntax::no line (web/prod)',
      '',
    ]);
    // a % in the text is escaped before the escapes it could be mistaken for
    expect(toGithub(result([{ file: 'a%0A,b.yaml', message: '100%0A done\r\nnext' }]))).toBe(
      '::error file=a%250A%2Cb.yaml,title=app-chart lint%3A yaml-tab::100%250A done%0D%0Anext (web/prod)\n',
    );
  });

  it('SARIF: the rules that fired in the order given, each result pointing at its rule, level and place', () => {
    const log = toSarif(result([...findings, { file: 'a.yaml', line: 4, rule: 'yaml-syntax', message: 'no col' }]), RULES, '9.9.9');
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: 'app-chart lint', version: '9.9.9', semanticVersion: '9.9.9' });
    const fired = RULES.filter((r) => ['database-port-unrestricted', 'invalid-name', 'yaml-syntax'].includes(r.id));
    expect(driver.rules?.map((r) => [r.id, r.defaultConfiguration?.level])).toEqual(
      fired.map((r) => [r.id, r.id === 'database-port-unrestricted' ? 'warning' : 'error']),
    );
    const results = log.runs[0].results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['database-port-unrestricted', fired.findIndex((r) => r.id === 'database-port-unrestricted'), 'warning'],
      ['invalid-name', fired.findIndex((r) => r.id === 'invalid-name'), 'error'],
      ['yaml-syntax', fired.findIndex((r) => r.id === 'yaml-syntax'), 'error'],
      ['yaml-syntax', fired.findIndex((r) => r.id === 'yaml-syntax'), 'error'],
    ]);
    expect(results[0]).toMatchObject({
      message: { text: 'service.type: m (web/prod)' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/apps/web/envs/prod/values.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 5 },
          },
        },
      ],
      properties: { targets: ['web/prod'], object: 'Service/web-prod' },
    });
    expect(results[1]).not.toHaveProperty('locations');
    expect(results[2].locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'apps/web/values.yaml', uriBaseId: '%SRCROOT%' },
    });
    expect(results[3].locations?.[0].physicalLocation?.region).toEqual({ startLine: 4, startColumn: 1 });
  });

  it('a wrong command line is reported in the format asked for, with --format json or --format=json', () => {
    const lint = (...args: string[]) => requestedFormat(['node', 'app-chart', 'lint', ...args]);
    expect(lint('--format', 'json', '--bogus')).toBe('json');
    expect(lint('--bogus', '--format=sarif')).toBe('sarif');
    expect(lint('--format', 'github')).toBe('github');
    // no format, one lint does not have, or --format without its value: text
    expect([lint('--bogus'), lint('--format', 'xml'), lint('--format')]).toEqual(['text', 'text', 'text']);
  });
});

describe('positions in a values file', () => {
  let n = 0;
  const parsed = (text: string) => {
    const file = join(root, `positions-${n++}.yaml`);
    writeFileSync(file, text);
    return parseValuesFile(file);
  };

  it('of a list item is its value (it has no key), of a path below a scalar its nearest written ancestor', () => {
    const file = parsed('customResources:\n  - first\n  -   second\nappPort: 80\n');
    expect(locatePath([file], ['customResources', 1])).toMatchObject({ line: 3, col: 7 });
    expect(locatePath([file], ['customResources', 0])).toMatchObject({ line: 2, col: 5 });
    expect(locatePath([file], ['customResources', 5])).toMatchObject({ line: 1, col: 1 });
    expect(locatePath([file], ['appPort', 'x'])).toMatchObject({ line: 4, col: 1 });
  });

  it('inside a block text: past a blank first line, folded (>) as literal (|), and never past the end of its line', () => {
    const file = parsed(
      'customResourcesMap:\n  literal: |\n\n      kind: ConfigMap\n  folded: >-\n    kind: Secret\n  map:\n    verbatim: x\n',
    );
    const at = (key: string, line: number, col = 1) => {
      const { line: l, col: c } = locateInText([file], ['customResourcesMap', key], line, col);
      return [l, c];
    };
    expect(at('literal', 2, 3)).toEqual([4, 9]);
    expect(at('literal', 2, 100)).toEqual([4, 22]);
    expect(at('folded', 1, 7)).toEqual([6, 11]);
    // a path that holds no text: where the path is written
    expect(at('map', 1, 5)).toEqual([7, 3]);
  });

  it('inside a double-quoted text, past \\x, \\u and \\U escapes, each one character of the text', () => {
    expect(flowScalarOffset('"\\x41b"', 'QUOTE_DOUBLE', 1, 2)).toBe(5);
    expect(flowScalarOffset('"\\u0041b"', 'QUOTE_DOUBLE', 1, 2)).toBe(7);
    expect(flowScalarOffset('"\\U00000041b"', 'QUOTE_DOUBLE', 1, 2)).toBe(11);
    expect(flowScalarOffset('"\\tb"', 'QUOTE_DOUBLE', 1, 2)).toBe(3);
    // a line past the first of a plain scalar does not map onto the file
    expect(flowScalarOffset('a b', 'PLAIN', 2, 1)).toBeUndefined();
    // a column past the end of the first line of a scalar folded over lines of the file is that end
    expect(flowScalarOffset('ab\n  c', 'PLAIN', 1, 5)).toBe(2);
    expect(flowScalarOffset('"ab"', 'QUOTE_DOUBLE', 1, 9)).toBe(3);
  });
});

describe('which app × envs lint finds', () => {
  const deploy = repo('discover', {
    'app-chart.config.yaml': 'namespaces:\n  prod: production\n',
    'apps/web/base/base-values.yaml': '{}\n',
    'apps/web/envs/prod/values.yaml': '{}\n',
    'apps/web/envs/dev/values.yaml': '{}\n',
    'apps/web/envs/draft/notes.md': '',
    'apps/api/envs/prod/values.yaml': '{}\n',
    'apps/base-only/base/base-values.yaml': '{}\n',
    'apps/docs/README.md': '',
  });
  const found = (paths: string[]) =>
    discover(paths, { ruleIds: RULE_IDS }).targets.map(
      (t) => `${t.app}/${t.env} ${t.namespace} ${t.files.map((f) => relative(join(deploy, 'apps'), f)).join(' ')}`,
    );

  it('from the repo: every app with an env values file, apps and envs in name order, the base file first, namespaces from the config', () => {
    expect(found([deploy])).toEqual([
      'api/prod production api/envs/prod/values.yaml',
      'web/dev dev web/base/base-values.yaml web/envs/dev/values.yaml',
      'web/prod production web/base/base-values.yaml web/envs/prod/values.yaml',
    ]);
    expect(found([join(deploy, 'app-chart.config.yaml')])).toEqual(found([deploy]));
    expect(found([join(deploy, 'apps')])).toEqual(found([deploy]));
  });

  it('from an app, an env folder, an env values file or a base file; each app × env once however often it is named', () => {
    expect(found([join(deploy, 'apps', 'web')])).toEqual([
      'web/dev dev web/base/base-values.yaml web/envs/dev/values.yaml',
      'web/prod production web/base/base-values.yaml web/envs/prod/values.yaml',
    ]);
    expect(found([join(deploy, 'apps', 'web', 'envs', 'prod')])).toEqual([
      'web/prod production web/base/base-values.yaml web/envs/prod/values.yaml',
    ]);
    expect(found([join(deploy, 'apps', 'api', 'envs', 'prod', 'values.yaml'), join(deploy, 'apps', 'api')])).toEqual([
      'api/prod production api/envs/prod/values.yaml',
    ]);
    expect(found([join(deploy, 'apps', 'web', 'base', 'base-values.yaml')])).toHaveLength(2);
    // the files a commit changed, given one by one (a pre-commit hook): both of one app × env, or an app and one of its envs
    expect(found(['base/base-values.yaml', 'envs/prod/values.yaml'].map((f) => join(deploy, 'apps', 'web', f)))).toHaveLength(2);
    expect(found([join(deploy, 'apps', 'web'), join(deploy, 'apps', 'web', 'envs', 'dev')])).toHaveLength(2);
  });

  it('refuses a path that is not there, a file that is not a values file, and a folder without an app, saying what it looks for', () => {
    const error = (path: string) => {
      try {
        discover([path], { ruleIds: RULE_IDS });
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error(join(deploy, 'nothing'))).toBe(`${join(deploy, 'nothing')}: no such file or folder`);
    expect(error(join(deploy, 'apps', 'docs', 'README.md'))).toMatch(
      /: not a values file of an app\. Give base\/base-values\.yaml or envs\/<env>\/values\.yaml/,
    );
    expect(error(join(deploy, 'apps', 'docs'))).toMatch(
      /: no app with an env found\. Lint looks for <app>\/envs\/<env>\/values\.yaml \(apps folder from .*app-chart\.config\.yaml: /,
    );
    expect(error(join(deploy, 'apps', 'base-only'))).toMatch(/no app with an env found/);
  });

  it('each path with the config nearest above it; without one, the repo is the folder above apps/', () => {
    const other = repo('discover-other', {
      'app-chart.config.yaml': 'namespaces:\n  prod: other-prod\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
    });
    const bare = repo('discover-bare', { 'apps/web/envs/prod/values.yaml': '{}\n' });
    const { targets, configs } = discover([deploy, other, join(bare, 'apps', 'web')], { ruleIds: RULE_IDS });
    expect(configs.map((c) => c.root)).toEqual([deploy, other, bare]);
    expect(targets.map((t) => `${t.app}/${t.env} ${t.namespace} ${t.config.root}`).slice(-2)).toEqual([
      `web/prod other-prod ${other}`,
      `web/prod prod ${bare}`,
    ]);
    // --config: one config for every path
    const forced = discover([join(other, 'apps')], { ruleIds: RULE_IDS, configFile: join(deploy, 'app-chart.config.yaml') });
    expect(forced.targets.map((t) => t.namespace)).toEqual(['production']);
  });
  it('in name order whatever order the folder lists them in, and each bare repo, a repo whose .git stops the search, and a link out with its own config or finding', () => {
    // folders made out of name order
    const names = ['f', 'c', 'h', 'a', 'e', 'b', 'g', 'd'];
    const ordered = repo('discover-order', {
      ...Object.fromEntries(names.map((app) => [`apps/${app}/envs/prod/values.yaml`, '{}\n'])),
      ...Object.fromEntries(names.map((env) => [`apps/a/envs/${env}/values.yaml`, '{}\n'])),
    });
    expect(discover([ordered], { ruleIds: RULE_IDS }).targets.map((t) => `${t.app}/${t.env}`)).toEqual([
      ...[...names, 'prod'].sort().map((env) => `a/${env}`),
      ...['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((app) => `${app}/prod`),
    ]);
    // two repos without a config, the second below a folder that is itself named apps: each repo its own defaults
    const first = repo('discover-bare-1', { 'apps/web/envs/prod/values.yaml': '{}\n' });
    const second = repo(join('apps', 'discover-bare-2'), { 'apps/web/envs/prod/values.yaml': '{}\n' });
    expect(discover([first, join(second, 'apps')], { ruleIds: RULE_IDS }).configs.map((c) => c.root)).toEqual([first, second]);
    // a repo of its own (.git) inside a folder with a config: the outer config is not the repo's
    const outer = repo('discover-outer', {
      'app-chart.config.yaml': 'namespaces:\n  prod: outer-prod\n',
      'inner/.git/HEAD': 'ref: refs/heads/main\n',
      'inner/apps/web/envs/prod/values.yaml': '{}\n',
    });
    const inner = discover([join(outer, 'inner', 'apps', 'web')], { ruleIds: RULE_IDS });
    expect(inner.targets.map((t) => `${t.namespace} ${t.config.root}`)).toEqual([`prod ${join(outer, 'inner')}`]);
    // a link to a sibling folder whose name starts with the repo's is out of the repo
    const linked = repo('discover-link', { 'apps/web/envs/prod/values.yaml': '{}\n' });
    repo('discover-link-evil', { 'apps/evil/envs/prod/values.yaml': '{}\n' });
    symlinkSync(join(root, 'discover-link-evil', 'apps', 'evil'), join(linked, 'apps', 'evil'));
    const withLink = discover([linked], { ruleIds: RULE_IDS });
    expect(withLink.targets.map((t) => t.app)).toEqual(['web']);
    expect(withLink.problems.findings.map((f) => `${f.rule} ${f.app}`)).toEqual(['path-unreadable evil']);
  });

  it('in the order lint sorts names, not the order the file system lists them in (here byte order: "ｚ" before "𝐚")', () => {
    // Node lists a folder in byte order on Linux and macOS, in the disk's own order on Windows; lint sorts by
    // UTF-16 code unit, where "𝐚" (U+1D41A) comes before "ｚ" (U+FF5A): only such names tell the two apart here
    const names = ['ｚ', '𝐚', 'B', 'a'];
    const odd = repo('discover-byte-order', {
      ...Object.fromEntries(names.map((app) => [`apps/${app}/envs/prod/values.yaml`, '{}\n'])),
      ...Object.fromEntries(names.map((env) => [`apps/a/envs/${env}/values.yaml`, '{}\n'])),
    });
    expect(discover([odd], { ruleIds: RULE_IDS }).targets.map((t) => `${t.app}/${t.env}`)).toEqual([
      'B/prod',
      ...['B', 'a', 'prod', '𝐚', 'ｚ'].map((env) => `a/${env}`),
      '𝐚/prod',
      'ｚ/prod',
    ]);
  });

  it('reports a link in a loop, a link to nothing and an envs folder linked out of the repo, and finds no app without refusing the path', () => {
    const linked = repo('discover-links', { 'apps/.keep': '' });
    const outside = repo('discover-links-outside', { 'envs/prod/values.yaml': '{}\n' });
    symlinkSync(join(linked, 'apps', 'loop'), join(linked, 'apps', 'loop'));
    symlinkSync(join(linked, 'apps', 'gone'), join(linked, 'apps', 'dangling'));
    mkdirSync(join(linked, 'apps', 'web'));
    symlinkSync(join(outside, 'envs'), join(linked, 'apps', 'web', 'envs'));
    const { targets, problems } = discover([linked], { ruleIds: RULE_IDS });
    expect(targets).toEqual([]);
    const messages = problems.findings.map((f) => `${f.app}: ${f.message}`);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^dangling: .*is a symbolic link to nothing \(its target does not exist\)/);
    expect(messages[1]).toMatch(/^loop: .*is a symbolic link in a loop of links/);
    expect(messages[2]).toMatch(new RegExp(`^web: .*leads through a symbolic link to ${join(outside, 'envs')}, outside the repo`));
  });

  it("reports a problem of a path of the second repo given with that repo's severity and at a place in that repo", async () => {
    const quiet = repo('paths-quiet', { 'app-chart.config.yaml': 'rules:\n  path-unreadable: off\n', 'apps/.keep': '' });
    const loud = repo('paths-loud', { 'app-chart.config.yaml': 'rules:\n  path-unreadable: warn\n', 'apps/.keep': '' });
    for (const dir of [quiet, loud]) symlinkSync(join(dir, 'apps', 'gone'), join(dir, 'apps', 'dangling'));
    const result = await lint({ paths: [quiet, loud], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.repoFile} ${f.targets.join(' ')}`)).toEqual([
      'path-unreadable warn apps/dangling dangling/*',
    ]);
  });

  it('keeps an app × env whose base or env values file is a link out of the repo, and blocks those files with a finding for each', () => {
    const linked = repo('discover-file-links', { 'apps/web/envs/dev/values.yaml': '{}\n', 'apps/api/envs/prod/.keep': '' });
    const outside = repo('discover-file-links-outside', { 'secret.yaml': 'token: x\n' });
    mkdirSync(join(linked, 'apps', 'web', 'base'));
    symlinkSync(join(outside, 'secret.yaml'), join(linked, 'apps', 'web', 'base', 'base-values.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(linked, 'apps', 'api', 'envs', 'prod', 'values.yaml'));
    const { targets, problems } = discover([linked], { ruleIds: RULE_IDS });
    expect(targets.map((t) => `${t.app}/${t.env} ${t.files.map((f) => relative(linked, f)).join(' ')}`)).toEqual([
      'api/prod apps/api/envs/prod/values.yaml',
      'web/dev apps/web/base/base-values.yaml apps/web/envs/dev/values.yaml',
    ]);
    expect(problems.findings).toEqual([]);
    const out = `leads through a symbolic link to ${join(outside, 'secret.yaml')}, outside the repo`;
    const blocked = [...problems.blocked].map(
      ([file, f]) => `${relative(linked, file)} ${f.rule} ${f.file === file} ${f.message.includes(out)}`,
    );
    expect(blocked).toEqual([
      'apps/api/envs/prod/values.yaml path-unreadable true true',
      'apps/web/base/base-values.yaml path-unreadable true true',
    ]);
  });

  it('follows links to files and folders inside the repo, and keeps an app × env whose values file is a link to nothing, blocking only that file', () => {
    const linked = repo('discover-inner-links', {
      'shared/prod.yaml': '{}\n',
      'shared/stage/values.yaml': '{}\n',
      'shared/other-app/envs/prod/values.yaml': '{}\n',
      'apps/web/envs/.keep': '',
      'apps/api/envs/dev/.keep': '',
    });
    mkdirSync(join(linked, 'apps', 'web', 'envs', 'prod'));
    mkdirSync(join(linked, 'apps', 'web', 'base'));
    symlinkSync(join(linked, 'shared', 'prod.yaml'), join(linked, 'apps', 'web', 'envs', 'prod', 'values.yaml'));
    symlinkSync(join(linked, 'shared', 'stage'), join(linked, 'apps', 'web', 'envs', 'stage'));
    symlinkSync(join(linked, 'shared', 'gone.yaml'), join(linked, 'apps', 'web', 'base', 'base-values.yaml'));
    symlinkSync(join(linked, 'shared', 'gone.yaml'), join(linked, 'apps', 'api', 'envs', 'dev', 'values.yaml'));
    symlinkSync(join(linked, 'shared', 'other-app'), join(linked, 'apps', 'linked-app'));
    const { targets, problems } = discover([linked], { ruleIds: RULE_IDS });
    expect(targets.map((t) => `${t.app}/${t.env} ${t.files.map((f) => relative(linked, f)).join(' ')}`)).toEqual([
      'api/dev apps/api/envs/dev/values.yaml',
      'linked-app/prod apps/linked-app/envs/prod/values.yaml',
      'web/prod apps/web/base/base-values.yaml apps/web/envs/prod/values.yaml',
      'web/stage apps/web/base/base-values.yaml apps/web/envs/stage/values.yaml',
    ]);
    expect(problems.findings).toEqual([]);
    expect([...problems.blocked].map(([file, f]) => `${relative(linked, file)} ${f.rule} ${/to nothing/.test(f.message)}`)).toEqual([
      'apps/api/envs/dev/values.yaml path-unreadable true',
      'apps/web/base/base-values.yaml path-unreadable true',
    ]);
  });

  it('reports a base folder linked out of the repo as an envs folder is, and lints no env of that app', () => {
    const linked = repo('discover-base-link', { 'apps/web/envs/prod/values.yaml': '{}\n', 'apps/api/envs/prod/values.yaml': '{}\n' });
    const outside = repo('discover-base-link-outside', { 'base/base-values.yaml': 'token: x\n' });
    symlinkSync(join(outside, 'base'), join(linked, 'apps', 'web', 'base'));
    const { targets, problems } = discover([linked], { ruleIds: RULE_IDS });
    expect(targets.map((t) => `${t.app}/${t.env}`)).toEqual(['api/prod']);
    expect(problems.findings.map((f) => `${f.app}/${f.env} ${relative(linked, f.file ?? '')}`)).toEqual(['web/* apps/web/base']);
    expect(problems.blocked.size).toBe(0);
  });

  it('with the config beside .git, at the root of a git repository, from the root or a folder inside it', () => {
    const rooted = repo('discover-git-root', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'app-chart.config.yaml': 'namespaces:\n  prod: rooted-prod\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
    });
    for (const path of [rooted, join(rooted, 'apps', 'web')]) {
      const { targets } = discover([path], { ruleIds: RULE_IDS });
      expect(targets.map((t) => `${t.namespace} ${t.config.file}`)).toEqual([`rooted-prod ${join(rooted, 'app-chart.config.yaml')}`]);
    }
  });
});

describe('app-chart.config.yaml read', () => {
  let n = 0;
  const config = (text: string) => {
    const dir = join(root, `config-${n++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app-chart.config.yaml'), text);
    return { dir, config: loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS) };
  };

  it('gives what it leaves out its documented default', () => {
    const { dir, config: empty } = config('{}\n');
    const { root: r, file, appsDir, ...rest } = empty;
    expect({ r, file, appsDir }).toEqual({ r: dir, file: join(dir, 'app-chart.config.yaml'), appsDir: join(dir, 'apps') });
    expect(rest).toEqual({
      namespaces: {},
      platformValues: { captain_domain: 'example.com' },
      platformValuesFiles: [],
      helm: 4,
      entryPoints: ['web', 'websecure'],
      tlsOptions: [],
      services: [],
      middlewares: [],
      allowedKinds: [],
      allowedNamespaces: [],
      databasePorts: [5432, 3306, 1433, 1521, 27017, 6379, 9042, 5984, 9200, 26257, 11211],
      privateIngressClasses: ['private-traefik'],
      privateEntryPoints: [],
      privateGateways: [],
      rootKeys: [],
      traefikRuleSyntax: 'v3',
      gatewayAPI: { channel: 'standard', gateways: [] },
      namespaceLabels: {},
      clusterNetwork: { podCIDRs: [], serviceCIDRs: [] },
      rules: {},
      overrides: [],
      argocd: true,
      chart: undefined,
    });
  });

  it('replaces a setting it gives, keeps the defaults of a section it gives in part, and reads a namespace alone as a rule of it', () => {
    const { dir, config: given } = config(
      'appsDir: deploy/apps\nhelm: 3\nentryPoints: [internal]\ngatewayAPI:\n  version: v1.3\nallowedNamespaces:\n  - ingress\n  - {namespace: monitoring, kinds: [ServiceMonitor]}\nplatformValues:\n  team: db\n',
    );
    expect(given).toMatchObject({
      appsDir: join(dir, 'deploy', 'apps'),
      helm: 3,
      entryPoints: ['internal'],
      gatewayAPI: { version: 'v1.3', channel: 'standard', gateways: [] },
      platformValues: { team: 'db' },
    });
    expect(given.allowedNamespaces).toEqual([{ namespace: 'ingress' }, { namespace: 'monitoring', kinds: ['ServiceMonitor'] }]);
  });

  it('refuses a config that is not there or is a folder, naming it', () => {
    expect(() => loadConfig(join(root, 'no-such.yaml'), RULE_IDS)).toThrow(
      new ConfigError(`${join(root, 'no-such.yaml')}: no such config file`),
    );
    expect(() => loadConfig(root, RULE_IDS)).toThrow(`${root}: is a folder, not a config file; give the file (app-chart.config.yaml)`);
  });
});

describe('YAML that Helm reads otherwise than it reads', () => {
  let n = 0;
  const findings = (text: string) => {
    const file = join(root, `yaml-${n++}.yaml`);
    writeFileSync(file, text);
    return parseValuesFile(file).findings.map((f) => `${f.rule} ${f.line}:${f.col} ${f.message}`);
  };

  it('an octal number, a version number and a YAML 1.1 boolean value, each with what Helm makes of it', () => {
    expect(findings('a: 010\nb: -0_17\nc: 1.10\nd: 1.0\ne: on\nf: No\ng: 0\nh: 1.25\ni: true\nj: 08\n')).toEqual([
      expect.stringMatching(/^yaml-octal 1:4 Helm reads 010 as the octal number 8\b/),
      expect.stringMatching(/^yaml-octal 2:4 Helm reads -0_17 as the octal number -15\b/),
      expect.stringMatching(/^yaml-version-number 3:4 Helm reads 1\.10 as the number 1\.1, so it renders as "1\.1": quote it, "1\.10"/),
      expect.stringMatching(/^yaml-version-number 4:4 Helm reads 1\.0 as the number 1, so it renders as "1"/),
      expect.stringMatching(
        /^yaml-boolean-value 5:4 Helm reads on as the boolean true: write true if you mean a boolean, or "on" in quotes/,
      ),
      expect.stringMatching(/^yaml-boolean-value 6:4 Helm reads No as the boolean false/),
    ]);
    // a file mode is meant as octal, whatever its case
    expect(findings('defaultMode: 0644\nitems:\n  - MODE: 0600\n')).toEqual([]);
  });

  it('a tab in the indentation, at its column, never one inside a value or on a blank line', () => {
    expect(findings('a:\n  \tb: 1\nc: "x\ty"\n\t\n')).toEqual([
      'yaml-tab 2:3 a tab in the indentation: YAML indents with spaces only; replace the tab with spaces',
    ]);
    // the parser's complaint about the tab of the blank line above adds nothing
    expect(findings('a:\n\t\n\tb: 1\n')).toEqual([
      'yaml-tab 3:1 a tab in the indentation: YAML indents with spaces only; replace the tab with spaces',
    ]);
  });

  it('a key written twice: at the second, naming the line of the first', () => {
    expect(findings('a: 1\nb: 2\na: 3\n')).toEqual([
      expect.stringMatching(/^yaml-duplicate-key 3:1 key "a" is also written at line 1; Helm keeps only this one/),
    ]);
  });

  it('keys Helm reads as false, in two spellings: each with the boolean it becomes, the second as the same key', () => {
    expect(findings('a:\n  off: 1\n  No: 2\n')).toEqual([
      'yaml-boolean-key 2:3 Helm reads the key off as the boolean false (the key "false"): quote it, "off":',
      'yaml-boolean-key 3:3 Helm reads the key No as the boolean false (the key "false"): quote it, "No":',
      expect.stringMatching(/^yaml-duplicate-key 3:3 key "No" is also written at line 2 \(both are the key "false" to Helm\)/),
    ]);
  });

  it('a quote never closed, at the line that opens it: past quotes escaped, doubled or in a comment', () => {
    const unclosed = (kind: string) => `a ${kind} quote opened here is never closed: close it on this line`;
    expect(findings('a: "a 6\\" screen" # a "quote\nb: "open\nc: 1\n')).toEqual([`yaml-syntax 2:4 ${unclosed('double')}`]);
    expect(findings("a: x # it's\nb: 'it''s open\nc: 1\n")).toEqual([`yaml-syntax 2:4 ${unclosed('single')}`]);
  });

  it('a tag its value does not fit, with the kind of each in words', () => {
    expect(findings('a: !!int x\n')).toEqual([
      'yaml-syntax 1:10 Helm cannot read !!int "x": the text is a string. Remove the tag, or write an integer',
    ]);
    expect(findings('a: !!bool 1\n')).toEqual([
      'yaml-syntax 1:11 Helm cannot read !!bool "1": the text is an integer. Remove the tag, or write a boolean',
    ]);
    expect(findings('a: !!null no\n')).toEqual([
      'yaml-syntax 1:11 Helm cannot read !!null "no": the text is a boolean. Remove the tag, or write null',
    ]);
  });

  it('a control character, at its line and column, by its code point', () => {
    expect(findings('a: 1\nb: x\u0007y\n')).toEqual([
      'yaml-syntax 2:5 a control character (U+0007) that Helm refuses: remove it, or write it as an escape inside double quotes',
    ]);
  });

  it('what an anchor holds once, where it is written, not again at each alias of it', () => {
    expect(findings('a: &a {x: 1, x: 2, m: 010, v: yes}\nb: *a\nc: *a\n').map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'yaml-duplicate-key 1:14',
      'yaml-octal 1:23',
      'yaml-boolean-value 1:31',
    ]);
  });
});

describe('the size of a values file lint reads', () => {
  it('is APP_CHART_YAML_MAX_SIZE megabytes: with 1, a file of 100 KB is read and one just over 1 MB is reported, not read', () => {
    const limits = yamlLimits({ APP_CHART_YAML_MAX_SIZE: '1' });
    const outcome = (name: string, bytes: number) => {
      const file = join(root, name);
      writeFileSync(file, `a: ${'x'.repeat(bytes - 4)}\n`);
      const parsed = parseValuesFile(file, undefined, limits);
      return { ok: parsed.ok, findings: parsed.findings.map((f) => `${f.rule} ${f.message}`) };
    };
    expect(outcome('size-100k.yaml', 100 * 2 ** 10)).toEqual({ ok: true, findings: [] });
    expect(outcome('size-1m.yaml', 2 ** 20 + 1)).toEqual({
      ok: false,
      findings: [expect.stringMatching(/^input-limit 1\.0 MB: larger than the 1\.0 MB lint reads of a values file/)],
    });
  });
});

describe("YAML lint reads as Helm does outside the values files (rendered documents, a chart's defaults)", () => {
  const refusal = (text: string, limits = yamlLimits({})) => {
    try {
      return readHelmYaml(text, limits);
    } catch (error) {
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    }
  };

  it('is the first document of several, and refused beyond either limit, naming the variable that sets it', () => {
    expect(refusal('a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
    const limits = { maxBytes: 2 ** 19, maxDepth: 2 };
    expect(refusal('a:\n  b:\n    c: 1\n', limits)).toBe(
      'UnreadableYaml: nested more than 2 levels deep (line 3), deeper than lint reads (APP_CHART_YAML_MAX_DEPTH)',
    );
    expect(refusal(`a: ${'x'.repeat(2 ** 19)}\n`, limits)).toBe(
      'UnreadableYaml: larger than the 0.5 MB lint reads (APP_CHART_YAML_MAX_SIZE)',
    );
  });

  it('is refused where Helm refuses it, and where it does not parse', () => {
    expect(refusal('a: *nope\n')).toBe('UnreadableYaml: the alias *nope refers to no anchor &nope written before it');
    expect(refusal('a: [\n')).toMatch(/^UnreadableYaml: Flow sequence in block collection/);
  });
});

describe('a values file lint does not read', () => {
  it('is one that is not a regular file, or a text given beyond the size limit: said so, never read', () => {
    const device = join(root, 'device-values.yaml');
    symlinkSync('/dev/null', device);
    const said = (parsed: ReturnType<typeof parseValuesFile>) => [parsed.ok, ...parsed.findings.map((f) => `${f.rule} ${f.message}`)];
    expect(said(parseValuesFile(device))).toEqual([
      false,
      'path-unreadable not a regular file where a values file belongs: make it a YAML file',
    ]);
    const limits = { maxBytes: 2 ** 19, maxDepth: 256 };
    expect(said(parseValuesFile(join(root, 'given.yaml'), `a: ${'x'.repeat(2 ** 19)}\n`, limits))).toEqual([
      false,
      expect.stringMatching(/^input-limit larger than the 0\.5 MB lint reads of a values file/),
    ]);
  });
});

describe('a platform values file that does not parse', () => {
  it('is reported at its line in every app × env that reads it, none of which is rendered, and lint fails', async () => {
    // with app-chart's default platformValues, and with none (the file is then the only platform values Helm gets)
    for (const [name, platformValues] of [
      ['broken-platform', ''],
      ['broken-platform-alone', 'platformValues: {}\n'],
    ]) {
      const broken = repo(name, {
        'app-chart.config.yaml': `${platformValues}platformValuesFiles: [platform.yaml]\n`,
        'platform.yaml': 'owner: data\nregion: eu: west\n',
        'apps/web/envs/prod/values.yaml': '{}\n',
        'apps/web/envs/dev/values.yaml': '{}\n',
      });
      const result = await lint({ paths: [broken], cache: false });
      expect(result.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.col} [${f.targets.join(' ')}]`)).toEqual([
        `yaml-syntax ${cwdFile(`${name}/platform.yaml`)}:2:9 [web/dev web/prod]`,
      ]);
      expect(result.errors).toBe(1);
      expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['web/dev false', 'web/prod false']);
    }
  });
});

describe('the progress lint reports', () => {
  it('counts the app × envs the cache answered as done, then each app × env linted by name, out of all of them', async () => {
    const files = {
      'app-chart.config.yaml': 'platformValuesFiles: [platform.yaml]\n',
      // a platform values file that does not parse: nothing is rendered, and each result is still cached
      'platform.yaml': 'region: eu: west\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
      'apps/web/envs/dev/values.yaml': '{}\n',
    };
    const dir = repo('progress', files);
    /** the counts in the order reported, then the names of the app × envs linted (in the order they finish) */
    const progress = async () => {
      const calls: [number, number, string][] = [];
      await lint({ paths: [dir], cacheDir: join(root, 'progress-cache'), onProgress: (...call) => calls.push(call) });
      return [calls.map(([done, total]) => `${done}/${total}`).join(' '), calls.map(([, , label]) => label).sort()];
    };
    expect(await progress()).toEqual(['0/2 1/2 2/2', ['', 'web/dev', 'web/prod']]);
    expect(await progress()).toEqual(['2/2', ['']]);
    repo('progress', { ...files, 'apps/api/envs/prod/values.yaml': '{}\n' });
    expect(await progress()).toEqual(['2/3 3/3', ['', 'api/prod']]);
  });
});

describe('the progress bar', () => {
  /** a stream as a terminal (or not) shows it, and what was written to it */
  const terminal = (isTTY: boolean) => {
    const written: string[] = [];
    const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
    stream.on('data', (chunk) => written.push(String(chunk)));
    return { stream: stream as unknown as NodeJS.WriteStream, written };
  };

  it('shows the verb, the count out of all app × envs and the last one done, then clears itself and shows the cursor again', async () => {
    const { stream, written } = terminal(true);
    const bar = progressBar(stream, 'rendering')!;
    bar.update(1, 3, '');
    bar.update(2, 3, 'web/dev');
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const text = written.join('');
    expect(text).toContain('rendering [========----------------] 1/3 apps × envs ');
    expect(text).toContain('rendering [================--------] 2/3 apps × envs web/dev');
    // the cursor is hidden while it runs and shown again, and the line is cleared at the end
    expect(text.indexOf('\u001b[?25l')).toBeLessThan(text.indexOf('1/3'));
    expect(text.slice(text.lastIndexOf('web/dev'))).toContain('\u001b[?25h');
    expect(text.endsWith('\u001b[2K')).toBe(true);
  });

  it('of a command that fails is stopped all the same: the cursor is shown again', async () => {
    const written: string[] = [];
    const wasTty = process.stderr.isTTY;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    process.stderr.isTTY = true;
    try {
      const failing = withProgress('rendering', async (onProgress) => {
        onProgress(1, 2, 'web/dev');
        throw new Error('Helm failed');
      });
      await expect(failing).rejects.toThrow('Helm failed');
    } finally {
      write.mockRestore();
      process.stderr.isTTY = wasTty;
    }
    const text = written.join('');
    expect(text).toContain('rendering [');
    expect(text.slice(text.lastIndexOf('web/dev'))).toContain('\u001b[?25h');
  });

  it('is not shown when the stream is not a terminal, and writes nothing when lint stops before its first count', async () => {
    expect(progressBar(terminal(false).stream)).toBeUndefined();
    const { stream, written } = terminal(true);
    progressBar(stream)!.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([]);
  });
});

describe('a platform values file that Helm reads otherwise than it looks', () => {
  it('is reported once, at its line, for every app × env that reads it; the values the config writes for Helm are not', async () => {
    const warned = repo('warned-platform', {
      'app-chart.config.yaml': 'platformValues:\n  team: "yes"\nplatformValuesFiles: [platform.yaml]\n',
      'platform.yaml': 'owner: data\nbackups: yes\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
      'apps/web/envs/dev/values.yaml': '{}\n',
    });
    const result = await lint({ paths: [warned], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}:${f.col} [${f.targets.join(' ')}]`)).toEqual([
      `yaml-boolean-value warn ${cwdFile('warned-platform/platform.yaml')}:2:10 [web/dev web/prod]`,
    ]);
    expect([result.errors, result.warnings]).toEqual([0, 1]);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['web/dev true', 'web/prod true']);
  });
});

describe("the config's platformValues and the platform values files", () => {
  it('are merged as Helm gets them: the files after platformValues, so a file wins where both set a key', async () => {
    const layered = repo('platform-layers', {
      'app-chart.config.yaml': 'platformValues:\n  deployment:\n    enabled: false\nplatformValuesFiles: [platform.yaml]\n',
      'platform.yaml': 'deployment:\n  enabled: true\n',
      // an image without a tag is reported only where a workload runs it: here, where the file's enabled: true wins
      'apps/web/envs/prod/values.yaml': 'image:\n  repository: ghcr.io/example/web\n',
    });
    const result = await lint({ paths: [layered], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.targets.join(' ')}`)).toEqual(['image-default-tag web/prod']);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['web/prod true']);
  });
});

/** An app's values: `first`, an image, then an IngressRoute "web" in customResourcesMap with `spec` (its lines). */
const withRoute = (first: string[], spec: string) =>
  [
    ...first,
    'image:\n  repository: ghcr.io/example/web\n  tag: 1.0.0',
    'customResourcesMap:',
    '  route: |',
    '    apiVersion: traefik.io/v1alpha1',
    '    kind: IngressRoute',
    '    metadata:\n      name: web',
    spec,
    '',
  ].join('\n');

describe('an app × env with namespaceOverride', () => {
  it("is judged in that namespace: its objects are the app's own, and what it sends traffic to is looked up there", async () => {
    const moved = repo('namespace-override', {
      'apps/web/envs/prod/values.yaml': withRoute(
        ['namespaceOverride: billing', 'service:\n  enabled: true'],
        [
          '    spec:\n      routes:',
          '        - match: Host(`web.example.com`)\n          kind: Rule',
          '          services:\n            - name: {{ include "app.name" . }}\n              port: 8080',
        ].join('\n'),
      ),
    });
    const result = await lint({ paths: [moved], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.object ?? '-'}: ${f.message}`)).toEqual([]);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['web/prod true']);
  });
});

describe('a field the Kubernetes model does not know', () => {
  it('is told with the guess of the model where it has one, and with what to check where it has none', async () => {
    const typos = repo('model-guesses', {
      'apps/web/envs/prod/values.yaml': withRoute([], '    spec:\n      entrypoints: [websecure]\n      qqzzx: 1\n      routes: []'),
    });
    const result = await lint({ paths: [typos], cache: false });
    expect(result.findings.filter((f) => f.rule === 'model-unknown-field').map((f) => `${f.line} ${f.message}`)).toEqual([
      '11 IngressRoute/web spec.entrypoints: unknown field "entrypoints"; did you mean "entryPoints"?',
      '12 IngressRoute/web spec.qqzzx: unknown field "qqzzx": check its spelling and indentation',
    ]);
  });
});

describe('an app × env with its own appName', () => {
  it('places a finding on a chart Ingress at the entry that made it, the Ingress named after appName as the chart names it', async () => {
    const named = repo('app-name-ingress', {
      'apps/web/envs/prod/values.yaml': [
        'appName: shop--',
        'image:\n  repository: ghcr.io/example/web\n  tag: 1.0.0',
        'service:\n  enabled: true',
        'ingress:\n  enabled: true\n  entries:',
        '    - name: public\n      hosts:\n        - hostname: shop.example.com',
        '    - name: private\n      hosts:\n        - hostname: bad_host.example.com',
        '',
      ].join('\n'),
    });
    const result = await lint({ paths: [named], cache: false });
    // Helm's trimSuffix takes one "-" off: the Ingress is shop--private, and entry 1 made it (its hostname on line 15)
    expect(result.findings.map((f) => `${f.rule} ${f.object} ${f.line}:${f.col} ${f.path}`)).toEqual([
      'invalid-hostname Ingress/shop--private 15:11 ingress.entries[1].hosts[0].hostname',
    ]);
  });
});

describe('an app × env lint refuses to render', () => {
  it('is reported at its env values file, not at the base file it shares with the other envs', async () => {
    const refused = repo('refused-name', { 'apps/Web/base/base-values.yaml': '{}\n', 'apps/Web/envs/prod/values.yaml': '{}\n' });
    const result = await lint({ paths: [refused], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.file} [${f.targets.join(' ')}]`)).toEqual([
      `invalid-name ${cwdFile('refused-name/apps/Web/envs/prod/values.yaml')} [Web/prod]`,
    ]);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['Web/prod false']);
  });
});

describe('an app × env whose base values file does not parse', () => {
  it('is reported at that file and not rendered, though its env file parses', async () => {
    const broken = repo('broken-base', { 'apps/web/base/base-values.yaml': 'image: [\n', 'apps/web/envs/prod/values.yaml': '{}\n' });
    const result = await lint({ paths: [broken], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      `yaml-syntax ${cwdFile('broken-base/apps/web/base/base-values.yaml')}:2`,
    ]);
    expect(result.targets.map((t) => `${t.app}/${t.env} ${t.rendered}`)).toEqual(['web/prod false']);
  });
});

describe('a render failure whose message spans several lines', () => {
  it("is one render-failed finding that keeps every line of it, as a chart's fail wrote them", async () => {
    const failing = repo('multi-line-fail', {
      'app-chart.config.yaml': 'chart: ./charts/app\n',
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'charts/app/templates/check.yaml': '{{ fail "the values have 2 problems:\\n- image.tag is empty\\n- port is 0" }}\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
    });
    const result = await lint({ paths: [failing], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.file}: ${f.message}`)).toEqual([
      `render-failed ${cwdFile('multi-line-fail/apps/web/envs/prod/values.yaml')}: Helm cannot render the app: the values have 2 problems: - image.tag is empty - port is 0`,
    ]);
  });
});

describe('a rendered document lint cannot read, from a template of the chart', () => {
  it("is filed under the env's values file, as render failures are, not the base file", async () => {
    const dir = repo('template-unreadable', {
      'app-chart.config.yaml': 'chart: ./charts/app\n',
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      // Helm renders an object nested 300 deep; lint reads 256 levels
      'charts/app/templates/deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n`,
      'apps/web/base/base-values.yaml': '{}\n',
      'apps/web/envs/prod/values.yaml': '{}\n',
    });
    const result = await lint({ paths: [dir], cache: false });
    expect(result.findings.map((f) => `${f.rule} ${f.file}: ${f.message}`)).toEqual([
      `input-limit ${cwdFile('template-unreadable/apps/web/envs/prod/values.yaml')}: deep.yaml: lint cannot check what it rendered: nested more than 256 levels deep (line 5), deeper than lint reads (APP_CHART_YAML_MAX_DEPTH)`,
    ]);
  });
});

describe('a render failure inside a custom resource entry', () => {
  it("is at the entry's line with its values path, for an entry listed second and for a map entry", async () => {
    const entries = repo('entry-render-fail', {
      'apps/web/envs/dev/values.yaml':
        'customResources:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: ok\n' +
        '  - |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: b\n    data:\n      x: {{ .Values.nothing.deeper }}\n',
      'apps/web/envs/prod/values.yaml':
        "customResourcesMap:\n  route-a:\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n    data:\n      x: '{{ .Values.nothing.deeper }}'\n",
    });
    const result = await lint({ paths: [entries], cache: false });
    expect(
      result.findings.map((f) => `${f.rule} ${relative(entries, join(process.cwd(), f.file ?? ''))}:${f.line} ${f.path} [${f.targets}]`),
    ).toEqual([
      'render-failed apps/web/envs/dev/values.yaml:12 customResources[1] [web/dev]',
      'render-failed apps/web/envs/prod/values.yaml:2 customResourcesMap.route-a [web/prod]',
    ]);
    expect(result.findings[0].message).toBe(
      'Helm cannot render the app: customResources[1] (line 6 of the entry): {{ .Values.nothing.deeper }} failed: nil pointer evaluating interface {}.deeper',
    );
  });
});

describe('the limits of what lint reads, from the environment', () => {
  const MB = 2 ** 20;
  it('default to 5 MB and 256 levels, also when a variable is empty', () => {
    expect(yamlLimits({})).toEqual({ maxBytes: 5 * MB, maxDepth: 256 });
    expect(yamlLimits({ APP_CHART_YAML_MAX_SIZE: '', APP_CHART_YAML_MAX_DEPTH: '' })).toEqual({ maxBytes: 5 * MB, maxDepth: 256 });
  });

  it('take megabytes, fractions of one too, and depths from 1 to 600; each variable sets only its own limit', () => {
    expect(yamlLimits({ APP_CHART_YAML_MAX_SIZE: '2' })).toEqual({ maxBytes: 2 * MB, maxDepth: 256 });
    expect(yamlLimits({ APP_CHART_YAML_MAX_SIZE: '0.5' }).maxBytes).toBe(MB / 2);
    expect(yamlLimits({ APP_CHART_YAML_MAX_DEPTH: '1' })).toEqual({ maxBytes: 5 * MB, maxDepth: 1 });
    expect(yamlLimits({ APP_CHART_YAML_MAX_DEPTH: '600' }).maxDepth).toBe(600);
  });

  it('refuse a size that is not a positive number and a depth outside 1 to 600, naming the variable and the value', () => {
    for (const size of ['0', '-1', 'abc', 'Infinity', '5MB'])
      expect(() => yamlLimits({ APP_CHART_YAML_MAX_SIZE: size }), size).toThrow(
        `APP_CHART_YAML_MAX_SIZE must be a positive number of megabytes, not "${size}"`,
      );
    for (const depth of ['0', '601', '1.5', 'abc', '-3'])
      expect(() => yamlLimits({ APP_CHART_YAML_MAX_DEPTH: depth }), depth).toThrow(
        `APP_CHART_YAML_MAX_DEPTH must be a whole number from 1 to 600, not "${depth}"`,
      );
  });
});

describe('the format of the error report of a wrong command line', () => {
  const lint = (...args: string[]) => requestedFormat(['node', 'app-chart', 'lint', ...args]);
  it('is each format in both forms, and the last --format given, as the command line reads it', () => {
    for (const format of ['text', 'json', 'github', 'sarif']) {
      expect(lint('--format', format), format).toBe(format);
      expect(lint(`--format=${format}`), format).toBe(format);
    }
    expect(lint('--format', 'github', '--format=json')).toBe('json');
    expect(lint('--format=json', '--format', 'sarif')).toBe('sarif');
  });

  it('is text for an empty value, a value in another case, or an option that only starts like --format', () => {
    expect([lint('--format='), lint('--format', 'JSON'), lint('--formats', 'json'), lint('--formatjson')]).toEqual([
      'text',
      'text',
      'text',
      'text',
    ]);
  });
});

describe('the summary of a report, with counts that all differ', () => {
  const targets = ['prod', 'dev', 'stage'].map((env, i) => ({ app: 'web', env, namespace: env, cached: i < 2, rendered: true, chart }));
  const findings: Partial<ReportedFinding>[] = [{ severity: 'warn' }, { severity: 'warn' }, { severity: 'warn' }, {}, {}];
  it('JSON keeps each count in its own field', () => {
    expect(toJson(result(findings, { targets, cached: 2 })).summary).toEqual({ errors: 2, warnings: 3, targets: 3, cached: 2 });
    expect(toJson(result([{}], { targets, cached: 0 })).summary).toEqual({ errors: 1, warnings: 0, targets: 3, cached: 0 });
  });

  it('text names each count once, and the cache only when it answered', () => {
    expect(toText(result(findings, { targets, cached: 2 }), false)).toContain('\n✖ 2 errors, 3 warnings in 3 app × envs (2 from cache)\n');
    const fresh = toText(result(findings, { targets, cached: 0 }), false);
    expect(fresh).toContain('\n✖ 2 errors, 3 warnings in 3 app × envs\n');
    expect(fresh).not.toContain('cache');
  });
});

describe('the paths of a report, from any working folder', () => {
  it('are relative to the working folder for the reader, and to the repo for the report file, wherever lint runs', () => {
    const config = repoConfig();
    const rows = [row('web', 'prod', [{ rule: 'yaml-tab', message: 'tab', file: 'apps/web/values.yaml', line: 2, col: 1 }], config)];
    const inside = join(root, 'apps', 'web');
    mkdirSync(inside, { recursive: true });
    const before = process.cwd();
    const seen: string[] = [];
    try {
      for (const cwd of ['/', inside]) {
        process.chdir(cwd);
        const [finding] = merge(rows, config).findings;
        seen.push(`${finding.file} ${finding.repoFile}`);
      }
    } finally {
      process.chdir(before);
    }
    expect(seen).toEqual([`${join(root, 'apps/web/values.yaml').slice(1)} apps/web/values.yaml`, 'values.yaml apps/web/values.yaml']);
  });
});

describe('app-chart.config.yaml refused, each problem at its line', () => {
  let n = 0;
  /** The message of loading a config of `text` (with other files of its repo), the repo folder written <repo>. */
  const refusal = (text: string, files: Record<string, string> = {}) => {
    const dir = repo(`refused-${n++}`, { ...files, 'app-chart.config.yaml': text });
    try {
      loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message.split(dir).join('<repo>');
    }
    return 'accepted';
  };
  const file = '<repo>/app-chart.config.yaml';

  it('lists every problem of the schema once, a setting of several forms with its forms, and no line per form it misses', () => {
    expect(refusal('helm: 5\nargocd: yes\nallowedNamespaces:\n  - {name: x}\n')).toBe(
      [
        'invalid config:',
        `${file}:2:1: argocd: give false (read no ArgoCD Application) or a list of files holding Applications or ApplicationSets`,
        `${file}:1:1: helm: must be equal to one of the allowed values`,
        `${file}:4:5: allowedNamespaces[0]: must be string`,
        `${file}:4:5: allowedNamespaces[0]: must have required property 'namespace'`,
        `${file}:4:6: allowedNamespaces[0].name: unknown setting`,
      ].join('\n  '),
    );
  });

  it('guesses a misspelt setting only among the settings of its own level', () => {
    expect(refusal('clusterNetwork:\n  rules: []\n')).toBe(`invalid config:\n  ${file}:2:3: clusterNetwork.rules: unknown setting`);
  });

  it("checks the rule ids of every override, at the override's line", () => {
    expect(refusal('overrides:\n  - apps: [web]\n    rules:\n      yaml-tabs: off\n')).toBe(
      `${file}:4:7: no rule "yaml-tabs"; did you mean "yaml-tab"?`,
    );
    expect(refusal('rules:\n  zzzz-qqqq: off\n')).toBe(`${file}:2:3: no rule "zzzz-qqqq"; the rules are listed in docs/lint-rules.md`);
    // an override after a valid one
    expect(
      refusal('overrides:\n  - apps: [web]\n    rules:\n      yaml-tab: off\n  - envs: [prod]\n    rules:\n      yaml-octl: warn\n'),
    ).toBe(`${file}:7:7: no rule "yaml-octl"; did you mean "yaml-octal"?`);
  });

  it('checks the service ranges as the pod ranges', () => {
    expect(refusal('clusterNetwork:\n  serviceCIDRs: [10.96.0.0/33]\n')).toBe(
      `${file}:2:18: clusterNetwork.serviceCIDRs[0]: "10.96.0.0/33" is not an address range (CIDR), e.g. 10.244.0.0/16`,
    );
  });

  it('takes the repo itself as the apps folder, and refuses one outside it', () => {
    const dir = repo(`refused-${n++}`, { 'app-chart.config.yaml': 'appsDir: .\n' });
    expect(loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS).appsDir).toBe(dir);
    expect(refusal('appsDir: ../other\n')).toMatch(
      /^<repo>\/app-chart\.config\.yaml:1:1: .*other is outside the repo \(<repo>\); the apps folder must be inside the config's folder$/,
    );
    // a folder beside the repo whose name starts with the repo's is outside it too
    expect(refusal(`appsDir: ../refused-${n}-apps\n`)).toMatch(
      /^<repo>\/app-chart\.config\.yaml:1:1: .*<repo>-apps is outside the repo \(<repo>\)/,
    );
  });

  it('finds the ArgoCD files it lists beside the config, wherever lint runs, and names one that is not there', () => {
    const dir = repo(`refused-${n++}`, {
      'app-chart.config.yaml': 'argocd: [deploy/app.yaml]\n',
      'deploy/app.yaml': 'kind: Application\n',
    });
    expect(loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS).argocd).toEqual([join(dir, 'deploy', 'app.yaml')]);
    expect(refusal('argocd: [missing.yaml]\n')).toBe(`${file}:1:10: missing.yaml: no such file`);
  });

  it('refuses a platform values file in a folder beside the repo whose name starts with the repo', () => {
    const dir = repo(`refused-${n++}`, { 'app-chart.config.yaml': `platformValuesFiles: [../refused-${n - 1}-secrets/p.yaml]\n` });
    repo(`refused-${n - 1}-secrets`, { 'p.yaml': 'a: 1\n' });
    expect(() => loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS)).toThrow(
      `${join(dir, 'app-chart.config.yaml')}:1:23: ${dir}-secrets/p.yaml is outside the repo (${dir})`,
    );
  });

  it('refuses a config that does not read as YAML, or that Helm-like YAML would read otherwise, at its line', () => {
    expect(refusal('rules: [\n')).toBe(
      `${file}:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]: fix the YAML here`,
    );
    expect(refusal('helm: 3\nhelm: 4\n')).toBe(
      `${file}:2:1: key "helm" is also written at line 1; Helm keeps only this one: delete one of them`,
    );
    expect(refusal('rules:\n\tyaml-tab: off\n')).toBe(
      `${file}:2:1: a tab in the indentation: YAML indents with spaces only; replace the tab with spaces`,
    );
    expect(refusal(`rootKeys: ${'['.repeat(300)}${']'.repeat(300)}\n`)).toMatch(
      /^<repo>\/app-chart\.config\.yaml:1:266: nested more than 256 levels deep here, deeper than lint reads/,
    );
    expect(refusal('- appsDir\n')).toBe(
      `${file}:1:1: a values file must be a map of keys (key: value); this one is a list or a single value`,
    );
  });

  it('names the chart it is given, refusing one that is not there at its line', () => {
    const dir = repo(`refused-${n++}`, { 'app-chart.config.yaml': 'chart: charts/app\n', 'charts/app/Chart.yaml': 'name: app\n' });
    const chartOf = (text: string) => {
      writeFileSync(join(dir, 'app-chart.config.yaml'), text);
      return loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS).chart;
    };
    expect(chartOf('chart: charts/app\n')).toEqual({ kind: 'local', path: join(dir, 'charts', 'app') });
    expect(chartOf('chart: {path: charts/app}\n')).toEqual({ kind: 'local', path: join(dir, 'charts', 'app') });
    expect(chartOf('chart: {ref: oci://registry.example/charts/app, version: 1.2.3, plainHttp: true}\n')).toEqual({
      kind: 'oci',
      ref: 'oci://registry.example/charts/app',
      version: '1.2.3',
      plainHttp: true,
    });
    expect(chartOf('chart: {repo: https://charts.example, name: app, version: 1.2.3}\n')).toEqual({
      kind: 'repo',
      repo: 'https://charts.example',
      name: 'app',
      version: '1.2.3',
    });
    expect(refusal('chart: charts/none\n')).toBe(`${file}:1:1: charts/none: no such chart folder or archive`);
    expect(refusal('chart:\n  path: charts/none\n')).toBe(`${file}:2:3: charts/none: no such chart folder or archive`);
    expect(refusal('chart:\n  ref: oci://registry.example/charts/app\n  version: latest\n')).toBe(
      `${file}:3:3: chart version "latest" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it`,
    );
  });

  it('refuses a platform values file that is a folder', () => {
    expect(refusal('platformValuesFiles: [platform]\n', { 'platform/p.yaml': 'a: 1\n' })).toBe(
      `${file}:1:23: <repo>/platform: is a folder, not a values file`,
    );
  });

  it('checks the rule ids of each caller, however often the same text is read', () => {
    const dir = repo(`refused-${n++}`, { 'app-chart.config.yaml': 'rules:\n  team-rule: off\n' });
    const file = join(dir, 'app-chart.config.yaml');
    expect(loadConfig(file, [...RULE_IDS, 'team-rule']).rules).toEqual({ 'team-rule': 'off' });
    expect(() => loadConfig(file, RULE_IDS)).toThrow(`${file}:2:3: no rule "team-rule"`);
  });

  it('is, with no config file, the config an empty file gives', () => {
    const dir = repo(`refused-${n++}`, { 'app-chart.config.yaml': '{}\n' });
    const { file: _, chart, ...read } = loadConfig(join(dir, 'app-chart.config.yaml'), RULE_IDS);
    expect(chart).toBeUndefined();
    expect(defaultConfig(dir)).toEqual(read);
  });

  it('applies an override listing no app or env to none', () => {
    const overrides = [
      { apps: [], rules: { 'yaml-tab': 'off' as const } },
      { envs: [], rules: { 'yaml-tab': 'off' as const } },
    ];
    expect(severityFor({ rules: {}, overrides }, 'yaml-tab', 'error', 'web', 'prod')).toBe('error');
  });
});

describe('which app × envs lint finds, from several paths', () => {
  const apps = (paths: string[]) => discover(paths, { ruleIds: RULE_IDS }).targets.map((t) => relative(root, t.appDir));

  it('lints an app of each of two repos given together, though both apps have one name', () => {
    const one = repo('several-1', { 'apps/web/envs/prod/values.yaml': '{}\n' });
    const two = repo('several-2', { 'apps/web/envs/prod/values.yaml': '{}\n' });
    expect(apps([one, two])).toEqual(['several-1/apps/web', 'several-2/apps/web']);
  });

  it('refuses a second path that holds no app, though the first had some', () => {
    const one = repo('several-3', { 'apps/web/envs/prod/values.yaml': '{}\n', 'apps/web/envs/old/README.md': '' });
    expect(() => apps([one, join(one, 'apps', 'web', 'envs', 'old')])).toThrow(
      new UsageError(
        `${join(one, 'apps', 'web', 'envs', 'old')}: no app with an env found. Lint looks for <app>/envs/<env>/values.yaml (apps folder: ${relative(process.cwd(), join(one, 'apps')) || '.'}; set appsDir in app-chart.config.yaml).`,
      ),
    );
  });

  it('takes a repo without an apps folder as the apps folder itself (apps at its root), with a config or without', () => {
    const flat = repo('several-flat', {
      'web/envs/prod/values.yaml': '{}\n',
      'api/base/base-values.yaml': '{}\n',
      'api/envs/dev/values.yaml': '{}\n',
    });
    const configured = repo('several-flat-config', {
      'app-chart.config.yaml': 'namespaces:\n  prod: live\n',
      'web/envs/prod/values.yaml': '{}\n',
    });
    const found = (dir: string) =>
      discover([dir], { ruleIds: RULE_IDS }).targets.map((t) => `${relative(dir, t.appDir)}/${t.env} ${t.namespace}`);
    expect(found(flat)).toEqual(['api/dev dev', 'web/prod prod']);
    expect(found(configured)).toEqual(['web/prod live']);
  });

  it("takes the config file as the repo, with the config's apps folder", () => {
    const deploy = repo('several-4', { 'app-chart.config.yaml': 'appsDir: deploy\n', 'deploy/web/envs/prod/values.yaml': '{}\n' });
    expect(apps([join(deploy, 'app-chart.config.yaml')])).toEqual(['several-4/deploy/web']);
  });
});

describe('the SARIF of a rule and of a lint that could not run', () => {
  it('describes a rule by its summary, why, fix and family, at its own severity', () => {
    const rule = RULES.find((r) => r.id === 'yaml-tab')!;
    const log = toSarif(result([{ rule: 'yaml-tab' }]), RULES, '1.0.0');
    expect(log.runs[0].tool.driver.rules).toEqual([
      {
        id: 'yaml-tab',
        shortDescription: { text: rule.summary },
        fullDescription: { text: rule.why },
        help: { text: rule.fix },
        defaultConfiguration: { level: rule.severity === 'error' ? 'error' : 'warning' },
        properties: { tags: [rule.family] },
      },
    ]);
    expect(new Set([rule.summary, rule.why, rule.fix]).size).toBe(3);
  });

  it('says the run failed, with the message, and has no result', () => {
    expect(toSarifError('no helm', '1.0.0').runs).toEqual([
      {
        tool: { driver: { name: 'app-chart lint', version: '1.0.0', semanticVersion: '1.0.0' } },
        invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'no helm' } }] }],
        results: [],
      },
    ]);
  });

  it('as JSON and as a GitHub annotation too: the kind and the message, escaped for the workflow command', () => {
    expect(toJsonError('config', 'bad: 100%')).toEqual({
      version: 1,
      tool: 'app-chart lint',
      error: { kind: 'config', message: 'bad: 100%' },
    });
    expect(toGithubError('app-chart.config.yaml:2:1: 100%\nfix it\r')).toBe(
      '::error title=app-chart lint::app-chart.config.yaml:2:1: 100%25%0Afix it%0D\n',
    );
  });
});

describe('the platform values lint hands Helm', () => {
  it('read back by Helm as the config wrote them: strings that look like booleans or numbers stay strings', () => {
    const dir = join(root, 'platform-values');
    const platformValues = { a: 'yes', b: '010', c: 'on', d: '1.10', e: 7, f: { g: 'No' } };
    const file = platformFile({ platformValues } as unknown as LintConfig, [() => dir]);
    expect(file && relative(dir, file)).toMatch(/^platform-[0-9a-f]{16}\.yaml$/);
    expect(readHelmYaml(readFileSync(file!, 'utf8'))).toEqual(platformValues);
    expect(platformFile({ platformValues: {} } as unknown as LintConfig, [() => dir])).toBeUndefined();
  });
});

describe('renders at once', () => {
  it('are never more than the limit, and reach it', async () => {
    let running = 0;
    let most = 0;
    const render = limited(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return '';
    }, 2);
    await Promise.all(Array.from({ length: 6 }, () => render({} as never)));
    expect(most).toBe(2);
  });
});

describe('values merged as Helm merges them, without Helm', () => {
  it('a later file replaces a map with a scalar or a list, and merges maps key by key', () => {
    expect(mergeFiles([{ a: { x: 1, y: 2 }, b: { x: 1 }, c: [1, 2] }, { a: { y: 3 }, b: 'text', c: [3] }, 'not a map'])).toEqual({
      a: { x: 1, y: 3 },
      b: 'text',
      c: [3],
    });
  });

  it('a null deletes the default, nested too; a list replaces the default list; a default fills what the files leave out', () => {
    const defaults = { a: 1, b: { x: 1, y: 2 }, c: [1, 2], d: { e: 1 } };
    expect(coalesce(defaults, { a: null, b: { x: null, z: 3 }, c: [9], extra: null })).toEqual({
      b: { y: 2, z: 3 },
      c: [9],
      d: { e: 1 },
      extra: null,
    });
  });

  it('a map over a scalar, a scalar over a map and a null over a map: the later value whole, in the files and over the defaults', () => {
    expect(
      mergeFiles([
        { m: 1, s: { x: 1 }, n: { x: 1 } },
        { m: { y: 2 }, s: 'text', n: null },
      ]),
    ).toEqual({ m: { y: 2 }, s: 'text', n: null });
    expect(coalesce({ m: 1, s: { x: 1 }, n: { x: 1 }, keep: { x: 1 } }, { m: { y: 2 }, s: 'text', n: null })).toEqual({
      m: { y: 2 },
      s: 'text',
      keep: { x: 1 },
    });
  });

  it('a path into a list takes a number; a string key does not index a list', () => {
    const values = { list: [{ name: 'a' }], map: { '0': 'zero' } };
    expect(valueAt(values, ['list', 0, 'name'])).toBe('a');
    expect(valueAt(values, ['list', '0', 'name'])).toBeUndefined();
    expect(valueAt(values, ['map', 0])).toBe('zero');
  });
});

describe('positions: keys, quotes and dotted paths', () => {
  let n = 0;
  const parsed = (text: string) => {
    const file = join(root, `positions-more-${n++}.yaml`);
    writeFileSync(file, text);
    return parseValuesFile(file);
  };

  it('a path that ends at a map key is at its key, not its value', () => {
    expect(locatePath([parsed('service:\n  type:    LoadBalancer\n')], ['service', 'type'])).toMatchObject({ line: 2, col: 3 });
  });

  it('a doubled quote in a single-quoted text is one character of the text', () => {
    expect(flowScalarOffset("'it''s a b'", 'QUOTE_SINGLE', 1, 5)).toBe(6);
  });

  it('a dotted path: a number is a list index, a key holding dots is one key', () => {
    const file = parsed('deployment:\n  nodeSelector:\n    kubernetes.io/os: linux\n  envVariables:\n    - name: A\n');
    expect(splitDotted('deployment.nodeSelector.kubernetes.io/os', [file])).toEqual(['deployment', 'nodeSelector', 'kubernetes.io/os']);
    expect(splitDotted('deployment.envVariables.0.name', [file])).toEqual(['deployment', 'envVariables', 0, 'name']);
  });

  it('a file that did not parse places nothing; the one before it does', () => {
    const good = parsed('appPort: 80\n');
    const bad = parsed('appPort: [81\n');
    expect(bad.ok).toBe(false);
    expect(locatePath([good, bad], ['appPort'])).toMatchObject({ file: good.file, line: 1, col: 1 });
  });
});

describe('--shard', () => {
  it('takes every shard from 1 to the count, and nothing else', () => {
    expect(['1/1', '3/3', '2/3'].map((text) => parseShard(text))).toEqual([
      { index: 1, count: 1 },
      { index: 3, count: 3 },
      { index: 2, count: 3 },
    ]);
    // a matrix of more than nine jobs
    expect(['12/20', '9/10', '100/100'].map((text) => parseShard(text))).toEqual([
      { index: 12, count: 20 },
      { index: 9, count: 10 },
      { index: 100, count: 100 },
    ]);
    for (const text of ['0/3', '4/3', '1/0', 'a/b', '1/3/', ' 1/3', '21/20'])
      expect(() => parseShard(text)).toThrow(`--shard takes <index>/<count> with 1 ≤ index ≤ count, e.g. --shard 2/3; not "${text}"`);
  });
});

describe("an app × env's result read back from the cache", () => {
  const finding = { rule: 'yaml-tab', message: 'tab', file: '/repo/a.yaml', line: 2, col: 1, path: ['deployment', 0] };
  const result = { app: 'web', env: 'prod', namespace: 'prod', rendered: true, findings: [finding, finding] };

  it('is taken in the shape lint writes it, with or without its optional fields', () => {
    expect(targetResultShape(result)).toBe(true);
    expect(targetResultShape({ ...result, findings: [{ rule: 'yaml-tab', message: 'tab' }] })).toBe(true);
  });

  it('is refused with a field missing, added, or of another type, here or in a finding listed second', () => {
    const { rendered: _rendered, ...unrendered } = result;
    const second = (changed: object) => ({ ...result, findings: [finding, { ...finding, ...changed }] });
    for (const forged of [
      null,
      [result],
      'web',
      unrendered,
      { ...result, extra: 1 },
      { ...result, rendered: 'true' },
      { ...result, namespace: 3 },
      { ...result, findings: {} },
      second({ line: '2' }),
      second({ rule: 'no-such-rule' }),
      second({ path: ['deployment', true] }),
      second({ path: 'deployment' }),
      second({ severity: 'error' }),
      { ...result, findings: [finding, null] },
    ]) {
      expect([forged, targetResultShape(forged)]).toEqual([forged, false]);
    }
  });
});

describe("a shard's report read back by lint merge", () => {
  it("is refused when a rule's severity in its config or an override is not off, warn or error, also a rule listed second", async () => {
    const dir = repo('shard-record', { 'app-chart.config.yaml': 'rules:\n  yaml-tab: warn\n  yaml-octal: error\n', 'apps/.keep': '' });
    symlinkSync('nowhere', join(dir, 'apps', 'web'));
    const written = toJson(await lint({ paths: [dir], cache: false, shard: { index: 1, count: 1 } }));
    const read = (change: (rules: Record<string, string>[]) => void) => {
      const copy = JSON.parse(JSON.stringify(written));
      copy.shard.configs[0].overrides = [{ envs: ['prod'], rules: { 'yaml-tab': 'off', 'yaml-octal': 'warn' } }];
      change([copy.shard.configs[0].rules, copy.shard.configs[0].overrides[0].rules]);
      const file = join(root, 'shard-record.json');
      writeFileSync(file, JSON.stringify(copy));
      return () => readShardReport(file);
    };
    expect(read(() => {})().configs[0].rules).toEqual({ 'yaml-tab': 'warn', 'yaml-octal': 'error' });
    for (const which of [0, 1]) {
      expect(read((rules) => Object.assign(rules[which], { 'yaml-octal': 'loud' }))).toThrow('its shard record is damaged');
    }
    // the settings as a list, not a map of rule ids
    const listed = JSON.parse(JSON.stringify(written));
    listed.shard.configs[0].rules = ['warn'];
    writeFileSync(join(root, 'shard-listed.json'), JSON.stringify(listed));
    expect(() => readShardReport(join(root, 'shard-listed.json'))).toThrow('its shard record is damaged');
  });

  it('takes back a config that names shared objects in any namespace, TLSOptions with their ALPN protocols, and an override of apps only', async () => {
    const dir = repo('shard-record-optional', {
      'app-chart.config.yaml':
        'services:\n  - name: external-db\n  - {name: cache, namespace: redis}\ntlsOptions:\n  - {name: pg, alpnProtocols: [postgresql]}\n' +
        '  - {name: modern, namespace: traefik}\noverrides:\n  - apps: [web]\n    rules:\n      yaml-tab: off\n',
      'apps/.keep': '',
    });
    symlinkSync('nowhere', join(dir, 'apps', 'web'));
    const file = join(root, 'shard-record-optional.json');
    writeFileSync(file, JSON.stringify(toJson(await lint({ paths: [dir], cache: false, shard: { index: 1, count: 1 } }))));
    expect(readShardReport(file).configs[0]).toMatchObject({
      services: [{ name: 'external-db' }, { name: 'cache', namespace: 'redis' }],
      tlsOptions: [
        { name: 'pg', alpnProtocols: ['postgresql'] },
        { name: 'modern', namespace: 'traefik' },
      ],
      overrides: [{ apps: ['web'], rules: { 'yaml-tab': 'off' } }],
    });
  });
});

describe('the field a Kubernetes model message is about', () => {
  it('is the path at its start, up to ": ", with list indexes and quoted keys; else none, and the message whole', () => {
    expect(splitModelMessage('(root): must have required property "kind"')).toEqual({
      path: [],
      rest: 'must have required property "kind"',
    });
    expect(splitModelMessage('spec.routes[0].services[12]: unknown field "weight"')).toEqual({
      path: ['spec', 'routes', 0, 'services', 12],
      rest: 'unknown field "weight"',
    });
    expect(splitModelMessage('metadata.labels["app.kubernetes.io/name"].x: must be string')).toEqual({
      path: ['metadata', 'labels', 'app.kubernetes.io/name', 'x'],
      rest: 'must be string',
    });
    for (const message of ['spec ports: must be array', 'spec.ports[0]name: must be array', 'spec.ports must be array', 'must be array'])
      expect(splitModelMessage(message)).toEqual({ path: [], rest: message });
  });
});

describe('the paths CI annotates', () => {
  it('are relative to the git repository when the config sits in a folder of it, else to the config', () => {
    repo('annotated-git', { '.git/HEAD': 'ref: refs/heads/main\n', 'deploy/apps/web/values.yaml': 'a: 1\n' });
    const annotated = (dir: string, config: RepoConfig) => {
      const finding = { rule: 'yaml-tab', message: 'tab', file: join(dir, 'apps/web/values.yaml'), line: 1, col: 1 };
      return merge([row('web', 'prod', [finding], config)], config).findings.map((f) => f.repoFile);
    };
    expect(annotated('annotated-git/deploy', repoConfig({ root: join(root, 'annotated-git', 'deploy') }))).toEqual([
      'deploy/apps/web/values.yaml',
    ]);
    expect(annotated('annotated-bare', repoConfig({ root: join(root, 'annotated-bare') }))).toEqual(['apps/web/values.yaml']);
  });
});

describe('a finding about a rendered object', () => {
  it('names the object in the report', () => {
    const config = repoConfig();
    const finding = { rule: 'yaml-tab', message: 'm', file: 'apps/web/values.yaml', line: 1, col: 1, object: 'Service/web-prod' };
    expect(merge([row('web', 'prod', [finding], config)], config).findings.map((f) => f.object)).toEqual(['Service/web-prod']);
  });
});

describe("a finding in the config's platformValues", () => {
  /** a chart of the repo's own whose schema takes no key but `name`, so the platform's captain_domain is refused */
  const strictChart = {
    'charts/own/Chart.yaml': 'apiVersion: v2\nname: own\nversion: 1.0.0\n',
    'charts/own/values.yaml': 'name: x\n',
    'charts/own/values.schema.json': JSON.stringify({
      type: 'object',
      properties: { name: { type: 'string' } },
      additionalProperties: false,
    }),
    'charts/own/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
    'apps/web/envs/prod/values.yaml': 'name: web\n',
  };
  const messages = (result: LintResult) => result.findings.map((f) => `${f.file ?? '(no file)'}:${f.line ?? ''} ${f.message}`);

  it('is shown where the config sets them, never in the file lint writes them to in its cache', async () => {
    const dir = repo('platform-values-set', {
      ...strictChart,
      'app-chart.config.yaml': 'chart: charts/own\nplatformValues:\n  captain_domain: example.org\n',
    });
    const result = await lint({ paths: [dir], cache: false });
    expect(messages(result)).toEqual([
      `${relative(process.cwd(), join(dir, 'app-chart.config.yaml'))}:3 unknown key; the keys here are: name`,
    ]);
  });

  it("is said to come from app-chart's default when the config sets none, with the fix", async () => {
    const dir = repo('platform-values-default', { ...strictChart, 'app-chart.config.yaml': 'chart: charts/own\n' });
    const result = await lint({ paths: [dir], cache: false });
    expect(messages(result)).toEqual([
      "(no file): unknown key; the keys here are: name, in app-chart's default platformValues " +
        '({ captain_domain: example.com }; set platformValues in app-chart.config.yaml to the values your platform ' +
        'injects, or to {} for none)',
    ]);
  });
});

describe('the documents of a render', () => {
  it('each an object, or skipped when empty, or set apart with what makes it unreadable and the entry that wrote it', () => {
    const output = [
      '---\n# Source: own/templates/list.yaml\n- a\n- b\n',
      '---\n# Source: own/templates/bad.yaml\n# customResourcesMap.bad (document 2 of 2)\na: [\n',
      '---\n# Source: own/templates/empty.yaml\n# nothing here\n',
      '---\n# Source: own/templates/cm.yaml\n# made by hand\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      '---\n# Source: own/templates/anon.yaml\nfoo: 1\n',
      '---\n# Source: own/templates/refused.yaml\na: !!int x\n',
    ].join('');
    const { objects, unreadable } = parseRender(output, 'prod');
    expect(objects.map((o) => `${o.template} ${o.ref} ${o.apiVersion || '-'}`)).toEqual([
      'cm.yaml ConfigMap/c v1',
      'anon.yaml <no kind>/<unnamed> -',
    ]);
    expect(unreadable.map((u) => `${u.template} ${u.entry?.label ?? '-'} ${u.entry?.document ?? '-'}: ${u.message}`)).toEqual([
      'list.yaml - -: a rendered document that is not a map of keys',
      expect.stringMatching(/^bad\.yaml customResourcesMap\.bad 1: Flow sequence in block collection/),
      expect.stringMatching(/^refused\.yaml - -: Helm cannot read !!int "x": the text is a string/),
    ]);
  });
});

describe('a field of a rendered object, placed in the values file that wrote it', () => {
  /** Helm's output of documents (each `source` then its text), the first object `take` of it, and where `field` is written. */
  const place = (values: string, documents: [string, string][], take: string, field: (string | number)[]) => {
    const file = parseValuesFile(join(root, 'rendered-values.yaml'), values);
    const output = documents.map(([source, text]) => `---\n# Source: app/templates/${source}\n${text}\n`).join('');
    const object = parseRender(output, 'prod').objects.find((o) => o.ref === take);
    if (!object) throw new Error(`no ${take} rendered`);
    const { line, col, path } = locateField(object, field, [file], file.values as Record<string, unknown>, 'web-prod');
    return `${line}:${col} ${path?.join('.')}`;
  };
  const configMap = (name: string, more = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${more}`;

  it('in the second document of an entry, a verbatim one, and an entry listed second', () => {
    const text = (indent: string) =>
      [configMap('one').trimEnd(), '--- # the second', '', configMap('two', 'data:\n  k: v\nitems:\n  - a\n  - b')]
        .join('\n')
        .replace(/^/gm, indent)
        .trimEnd();
    const values = [
      'customResources:',
      '  - x',
      `  - |\n${text('    ')}`,
      'customResourcesMap:',
      '  pair:',
      `    verbatim: |\n${text('      ')}`,
      '',
    ];
    const documents = (label: string): [string, string][] => [
      ['custom-resources.yaml', `# ${label} (document 1 of 2)\n${configMap('one').trimEnd()}`],
      ['custom-resources.yaml', `# ${label} (document 2 of 2)\n${configMap('two', 'data:\n  k: v\nitems:\n  - a\n  - b')}`],
    ];
    // the list entry's text starts on line 4 (its second document, after a blank line, on line 10), the verbatim one on line 19
    expect(place(values.join('\n'), documents('customResources[1]'), 'ConfigMap/two', ['data', 'k'])).toBe('15:7 customResources.1');
    expect(place(values.join('\n'), documents('customResources[1]'), 'ConfigMap/one', ['metadata', 'name'])).toBe('7:7 customResources.1');
    // a list item has no key to look for: only the document's first line places it
    expect(place(values.join('\n'), documents('customResources[1]'), 'ConfigMap/two', ['items', 1])).toBe('18:9 customResources.1');
    expect(place(values.join('\n'), documents('customResourcesMap.pair'), 'ConfigMap/two', ['data', 'k'])).toBe(
      '33:9 customResourcesMap.pair',
    );
  });

  it('where a template in the text adds or drops lines: the nearest line that writes the key, quoted or as a list item', () => {
    const values = [
      'customResourcesMap:',
      '  cm: |',
      '    apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata:',
      '      name: cm',
      '      {{- if true }}',
      '      labels:',
      '        a: b',
      '      {{- end }}',
      '    data:',
      '      "k": v',
      '    items:',
      '      - name: x',
      '',
    ].join('\n');
    const rendered = `# customResourcesMap.cm\n${configMap('cm', 'labels:\n  a: b\ndata:\n  k: v\nitems:\n  - name: x')}`;
    const documents: [string, string][] = [['custom-resources.yaml', rendered]];
    expect(place(values, documents, 'ConfigMap/cm', ['data', 'k'])).toBe('12:8 customResourcesMap.cm');
    expect(place(values, documents, 'ConfigMap/cm', ['items', 0, 'name'])).toBe('14:9 customResourcesMap.cm');
    // a field the object does not have (a required one missing), or an item past its list: the nearest that it has
    expect(place(values, documents, 'ConfigMap/cm', ['data', 'missing'])).toBe('11:5 customResourcesMap.cm');
    expect(place(values, documents, 'ConfigMap/cm', ['items', 3])).toBe('13:5 customResourcesMap.cm');
    // a text that ends with a document separator
    expect(place(`${values}    ---\n`, documents, 'ConfigMap/cm', ['data', 'k'])).toBe('12:8 customResourcesMap.cm');
  });

  it('of an entry written as a map: the key itself, or the entry where the field is not written', () => {
    const values = 'customResourcesMap:\n  cm:\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm\n';
    const documents: [string, string][] = [['custom-resources.yaml', `# customResourcesMap.cm\n${configMap('cm')}`]];
    expect(place(values, documents, 'ConfigMap/cm', ['metadata', 'name'])).toBe('6:7 customResourcesMap.cm.metadata.name');
    expect(place(values, documents, 'ConfigMap/cm', ['data', 'k'])).toBe('2:3 customResourcesMap.cm');
  });

  it("of another chart template's object: the values key named like the template, whatever its case, .yaml or .yml", () => {
    const values = 'image:\n  tag: 1.0.0\nstatefulSet:\n  enabled: true\nhorizontalPodAutoscaler:\n  enabled: true\n';
    const object = (kind: string) => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web-prod\nspec: {}`;
    const documents: [string, string][] = [
      ['statefulset.yaml', object('StatefulSet')],
      ['horizontalpodautoscaler.yml', object('HorizontalPodAutoscaler')],
    ];
    expect(place(values, documents, 'StatefulSet/web-prod', ['spec', 'replicas'])).toBe('3:1 statefulSet');
    expect(place(values, documents, 'HorizontalPodAutoscaler/web-prod', ['spec'])).toBe('5:1 horizontalPodAutoscaler');
  });

  it("of a chart Ingress: a backend's port by name or by number, a path and a host, in the entry that made it", () => {
    const values = [
      'ingress:',
      '  entries:',
      '    - name: public',
      '      hosts:',
      '        - hostname: a.example.com',
      '    - name: private',
      '      hosts:',
      '        - hostname: b.example.com',
      '        - hostname: c.example.com',
      '          paths:',
      '            - path: /',
      '              servicePortName: http',
      '            - path: /api',
      '              serviceName: api',
      '              servicePortNumber: 9090',
      '',
    ].join('\n');
    const ingress = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\nspec: {}`;
    const documents: [string, string][] = [
      ['ingress.yaml', ingress('web-prod-public')],
      ['ingress.yaml', ingress('web-prod-private')],
    ];
    const at = (field: string) =>
      place(
        values,
        documents,
        'Ingress/web-prod-private',
        field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      );
    const route = 'spec.rules.1.http.paths';
    expect(at(`${route}.0.backend.service.port.name`)).toBe('12:15 ingress.entries.1.hosts.1.paths.0.servicePortName');
    expect(at(`${route}.1.backend.service.port.number`)).toBe('15:15 ingress.entries.1.hosts.1.paths.1.servicePortNumber');
    expect(at(`${route}.1.backend.service.name`)).toBe('14:15 ingress.entries.1.hosts.1.paths.1.serviceName');
    expect(at(`${route}.1.pathType`)).toBe('13:15 ingress.entries.1.hosts.1.paths.1');
    expect(at('spec.rules.1.host')).toBe('9:11 ingress.entries.1.hosts.1.hostname');
    expect(at('spec.rules.1.tls')).toBe('9:11 ingress.entries.1.hosts.1');
    expect(at('spec.rules.1.http')).toBe('9:11 ingress.entries.1.hosts.1');
    expect(place(values, documents, 'Ingress/web-prod-public', ['spec', 'rules', 0, 'host'])).toBe(
      '5:11 ingress.entries.0.hosts.0.hostname',
    );
    // not written in the values (the chart's default port): the entry
    expect(at(`${route}.0.backend.service.port.number`)).toBe('6:7 ingress.entries.1');
  });
});
