// End to end, as a platform team adopts the toolkit: `npm pack` of this repo, a deployment repo of two apps ×
// three envs with a vendored chart, a plain install of the tarball with no .npmrc (package archives from npm's
// cache, where `npm ci` of this repo put them; only the registry's metadata of packages npm has not seen yet is
// fetched), then the README's commands, a mistake planted in the vendored chart, repo-relative annotations, the
// API and the values type under tsc.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PINNED } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { vendorChart, writeDeployRepo } from './deploy-repo.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-package-'));
const deploy = join(tmp, 'deploy');
const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
const tarball = join(tmp, `app-chart-${version}.tgz`);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// npm with no user config at all: nothing of this repo's .npmrc (legacy-peer-deps) reaches the install
const emptyConfig = join(tmp, 'empty-npmrc');
const npmEnv = {
  npm_config_userconfig: emptyConfig,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};
const sh = (cwd: string, command: string, args: string[], env: Record<string, string> = {}) =>
  execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { ...npmEnv, NO_COLOR: '1', ...env } });

/** The commands of the README's "Adopting app-chart" section that run app-chart in the deployment repo. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Adopting app-chart in a deployment repo'),
    readme.indexOf('### The chart lint, render and diff check'),
  );
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('npx app-chart ')),
  );
}

beforeAll(async () => {
  writeFileSync(emptyConfig, '');
  // The package is made from a copy of the sources, so packing (which builds dist/) never rewrites the dist/
  // that other test files are running at the same time.
  const source = join(tmp, 'source');
  for (const entry of [
    'bin',
    'chart',
    'docs',
    'schema',
    'scripts',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'README.md',
    'LICENSE',
  ]) {
    if (existsSync(join(packageRoot, entry))) cpSync(join(packageRoot, entry), join(source, entry), { recursive: true });
  }
  symlinkSync(join(packageRoot, 'node_modules'), join(source, 'node_modules'));
  const packed = await sh(source, 'npm', ['pack', '--pack-destination', tmp]);
  expect(packed.exitCode, packed.stderr).toBe(0);

  writeDeployRepo(deploy, ['shop', 'blog'], ['dev', 'staging', 'prod'], {
    'app-chart.config.yaml':
      '# the chart this repo deploys, vendored beside the apps\nchart: ./chart\nplatformValues:\n  captain_domain: nonprod.example.com\n',
    'package.json': '{ "name": "deploy", "private": true, "type": "module" }\n',
  });
  vendorChart(join(deploy, 'chart'), '1.0.0');
  // every archive comes from npm's cache; `npm ci` keeps no registry metadata there, which a plain install
  // needs to resolve version ranges, so on a fresh machine that (and only that) is fetched
  const installed = await sh(deploy, 'npm', ['install', '--save-dev', '--prefer-offline', tarball]);
  expect(installed.exitCode, installed.stderr).toBe(0);
});

// each step runs npm, npx, Helm and tsc as processes; like every test, without a time limit (vitest.config.ts)
describe.sequential('app-chart installed in a deployment repo', () => {
  it('is a tarball of the compiled toolkit, the chart and the Helm binaries with their licence, and nothing else', async () => {
    const listed = await execa('tar', ['tzf', tarball]);
    const files = listed.stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/app-chart.js',
        'dist/scripts/index.js',
        'dist/scripts/index.d.ts',
        'dist/schema/values.types.d.ts',
        'chart/Chart.yaml',
        'helm/manifest.json',
        'helm/LICENSE',
        'helm/NOTICE',
        'docs/github-actions/lint.yml',
        'docs/github-actions/diff.yml',
        'docs/diff-report.schema.json',
      ]),
    );
    expect(
      files.filter((f) => /^(test|examples|scripts|schema|node_modules)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
    ).toEqual([]);
    expect(readFileSync(join(deploy, 'node_modules', 'app-chart', 'helm', 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });

  it('brings nothing it never runs: no Helm carrier packages or their peers, no tsx', () => {
    const modules = join(deploy, 'node_modules');
    for (const name of ['aws-cdk-lib', 'constructs', '@aws-cdk', 'tsx', 'esbuild', 'typescript'])
      expect(existsSync(join(modules, name)), name).toBe(false);
    const manifest = JSON.parse(readFileSync(join(modules, 'app-chart', 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@aws-cdk'))).toEqual([]);
  });

  it("runs the README's commands, with the vendored chart and the Helm unpacked into the repo's cache", async () => {
    const commands = readmeCommands();
    expect(commands).toEqual([
      'npx app-chart --version',
      'npx app-chart lint',
      'npx app-chart lint --format github',
      'npx app-chart render apps/shop --env prod',
    ]);
    const [versionRun, lintRun, githubRun, renderRun] = await commands.reduce<Promise<Awaited<ReturnType<typeof sh>>[]>>(
      async (done, command) => [...(await done), await sh(deploy, 'npx', ['--offline', ...command.split(' ').slice(1)])],
      Promise.resolve([]),
    );
    expect(versionRun.stdout).toBe(version);
    expect(lintRun.exitCode, lintRun.stderr).toBe(0);
    expect(lintRun.stdout).toMatch(
      /^✔ 0 errors, 0 warnings in 6 app × envs\nchart app 1\.0\.0: chart \(named by app-chart\.config\.yaml\)$/,
    );
    expect(githubRun).toMatchObject({ exitCode: 0, stdout: '' });
    expect(renderRun.exitCode, renderRun.stderr).toBe(0);
    expect(renderRun.stdout).toMatch(/helm\.sh\/chart: "app-1\.0\.0"/);
    expect(existsSync(join(deploy, 'node_modules', '.cache', 'app-chart', `helm-${PINNED[4].version}`, 'helm'))).toBe(true);
    expect(existsSync(join(deploy, 'node_modules', 'app-chart', 'node_modules'))).toBe(false);
  });

  it('offers the API to ESM code: render and lint', async () => {
    const script = join(deploy, 'tooling.mjs');
    writeFileSync(
      script,
      `import { lint, render } from 'app-chart';
const { manifests, chart } = await render({ appDir: 'apps/blog', env: 'staging', values: [{ captain_domain: 'example.com' }] });
const result = await lint({ paths: ['apps/shop'] });
console.log(JSON.stringify({ kinds: [...manifests.matchAll(/^kind: (\\w+)/gm)].map((m) => m[1]), chart: chart.version, targets: result.targets.length, errors: result.errors }));
`,
    );
    const ran = await sh(deploy, 'node', [script]);
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ kinds: ['Service', 'Deployment'], chart: '1.0.0', targets: 3, errors: 0 });
  });

  it('types the values: tsc accepts a good values object and refuses a wrong one', async () => {
    const dir = join(deploy, 'tooling');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          skipLibCheck: false,
          types: [],
        },
        include: ['*.ts'],
      }),
    );
    const good = `import { render, type AppChartValues, type Container } from 'app-chart';
const sidecar: Container = { name: 'proxy', image: 'envoyproxy/envoy:v1.31' };
export const values: AppChartValues = {
  captain_domain: 'example.com',
  image: { repository: 'nginx', tag: '1.27', port: 8080 },
  deployment: { enabled: true, replicas: 2, sidecar: [sidecar], resources: { requests: { cpu: '100m', memory: 128 } } },
  service: { enabled: true },
};
export const rendered: Promise<string> = render({ appDir: 'apps/shop', env: 'prod', values: [values] }).then((r) => r.manifests);
`;
    writeFileSync(join(dir, 'good.ts'), good);
    writeFileSync(
      join(dir, 'bad.ts'),
      `import type { AppChartValues } from 'app-chart';\nexport const values: AppChartValues = {\n  deployment: { replicsa: 2 },\n  service: { enabled: 'yes' },\n};\n`,
    );
    // one tsc run over both files (with the package's .d.ts, skipLibCheck off): only bad.ts may have errors
    const checked = await sh(dir, 'node', [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    const errors = checked.stdout.split('\n').filter((l) => / error TS\d+/.test(l));
    expect(checked.exitCode).not.toBe(0);
    expect(errors).toEqual([
      expect.stringMatching(
        /^bad\.ts\(3,17\): error TS2561: Object literal may only specify known properties, but 'replicsa' does not exist in type .*Did you mean to write 'replicas'\?$/,
      ),
      "bad.ts(4,14): error TS2322: Type 'string' is not assignable to type 'boolean | null | undefined'.",
    ]);
  });

  it('sees a mistake planted in the vendored chart, and annotates it relative to the repo root from any folder', async () => {
    writeFileSync(
      join(deploy, 'chart', 'templates', 'planted.yaml'),
      '{{- if eq .Release.Namespace "prod" }}{{ fail "planted: this chart breaks prod" }}{{ end }}\n',
    );
    const linted = await sh(join(deploy, 'apps'), 'npx', ['--offline', 'app-chart', 'lint', '--format', 'github']);
    expect(linted.exitCode).toBe(1);
    const annotations = linted.stdout.split('\n').sort();
    expect(annotations).toHaveLength(2);
    for (const [i, app] of ['blog', 'shop'].entries()) {
      expect(annotations[i]).toMatch(
        new RegExp(
          `^::error file=apps/${app}/envs/prod/values\\.yaml,title=app-chart lint%3A render-failed::Helm cannot render the app: .*planted: this chart breaks prod \\(${app}/prod\\)$`,
        ),
      );
    }
    const rendered = await sh(deploy, 'npx', ['--offline', 'app-chart', 'render', 'apps/shop', '--env', 'prod']);
    expect(rendered.exitCode).toBe(1);
    expect(rendered.stdout).toBe('');
    expect(rendered.stderr).toMatch(/planted: this chart breaks prod/);
  });

  it('ships the workflow the README names, running the same lint', () => {
    const workflow = parse(readFileSync(join(deploy, 'node_modules', 'app-chart', 'docs', 'github-actions', 'lint.yml'), 'utf8')) as {
      jobs: { lint: { steps: { run?: string }[] } };
    };
    const runs = workflow.jobs.lint.steps.map((s) => s.run).filter(Boolean);
    expect(runs).toContain('npx app-chart lint --format github');
    expect(runs.some((r) => r!.startsWith('npx app-chart lint --format sarif > '))).toBe(true);
  });
});
