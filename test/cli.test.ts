// The app-chart command as users run it.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { addChartOptions, chartFlagsOf } from '../scripts/chart-flags.ts';
import { chartFromFlags } from '../scripts/chart-from-flags.ts';
import { checkChartSource, type ChartSource } from '../scripts/chart-source.ts';
import { helmFor, PINNED } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { manifests, APP_CHART } from './helpers.ts';

const run = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [APP_CHART, ...args], { cwd: packageRoot, reject: false, env, stdin: 'ignore' });

describe('app-chart render', () => {
  it.each(['3', '4'])('renders an example app as ArgoCD does, with Helm %s', async (helm) => {
    const result = await run([
      'render',
      'examples/postgres-tcp',
      '--env',
      'prod',
      '--values',
      'examples/platform-values.yaml',
      '--helm',
      helm,
    ]);
    expect(result.exitCode).toBe(0);
    const objects = manifests(result.stdout);
    // the chart's own objects carry the env's namespace; the custom resources are emitted as written, without one
    expect(objects.map((o) => `${o.kind}/${o.metadata.name} ${o.metadata.namespace ?? '(none)'}`)).toEqual([
      'Service/postgres-tcp-prod prod',
      'Deployment/postgres-tcp-prod prod',
      'IngressRouteTCP/traefik-tcp-postgres (none)',
      'TLSOption/postgres-tls-options (none)',
    ]);
  });

  it('takes --namespace and --set', async () => {
    const result = await run([
      'render',
      'examples/postgres-tcp',
      '-e',
      'nonprod',
      '-n',
      'databases',
      '--set',
      'captain_domain=example.org',
    ]);
    expect(result.exitCode).toBe(0);
    const objects = manifests(result.stdout);
    const route = objects.find((o) => o.kind === 'IngressRouteTCP');
    expect(JSON.stringify(route)).toContain('postgres-tcp-nonprod.apps.example.org');
    expect(JSON.stringify(route)).toContain('"namespace":"databases"');
    expect(objects.filter((o) => o.metadata.namespace !== undefined).map((o) => `${o.kind} ${o.metadata.namespace}`)).toEqual([
      'Service databases',
      'Deployment databases',
    ]);
  });

  it('prints no manifests and names file, line and values path when the values are wrong', async () => {
    const result = await run(['render', 'test/fixtures/bad-apps/typo', '--env', 'prod']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'test/fixtures/bad-apps/typo/envs/prod/values.yaml:3:3: deployment.replicsa: unknown key; did you mean "replicas"?',
    );
  });

  it('points a failing custom resource template at its line in the values file', async () => {
    const result = await run(['render', 'test/fixtures/bad-apps/helper-typo', '--env', 'prod']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'test/fixtures/bad-apps/helper-typo/envs/prod/values.yaml:9:1: customResourcesMap.tcp-route (line 5 of the entry)',
    );
    expect(result.stderr).toContain('no template named "app.nmae"');
  });

  it('says which env is missing', async () => {
    const result = await run(['render', 'examples/postgres-tcp', '--env', 'staging']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/envs\/staging\/values\.yaml: no values file for env "staging"/);
  });

  it('rejects a Helm major other than 3 or 4 as a usage error', async () => {
    const result = await run(['render', 'examples/postgres-tcp', '--env', 'prod', '--helm', '5']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--helm must be 3 or 4/);
  });
});

describe('app-chart helm', () => {
  it.each([
    ['3', 'v3.18.0'],
    ['4', 'v4.1.4'],
  ])('runs the pinned Helm %s', async (helm, version) => {
    const result = await run(['helm', '--helm', helm, '--', 'version', '--template', '{{.Version}}']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(version);
  });

  it('prints the version and path of the Helm it would run when given no arguments', async () => {
    const result = await run(['helm', '--helm', '3']);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, `${PINNED[3].version} at ${helmFor(3).bin}`, '']);
  });

  it('passes Helm exit codes through', async () => {
    const result = await run(['helm', '--', 'template', 'x', 'no-such-chart']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no-such-chart/);
  });

  it('uses HELM_BIN when set, and says so clearly when it does not exist', async () => {
    const result = await run(['helm'], { HELM_BIN: '/nonexistent/helm' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/HELM_BIN is set to "\/nonexistent\/helm", which does not exist/);
  });

  it('says so clearly when HELM_BIN is not a working Helm', async () => {
    const result = await run(['render', 'examples/minimal', '--env', 'dev'], { HELM_BIN: '/bin/false' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\/bin\/false/);
  });
});

describe('helm install', () => {
  it('completes a client-side dry run under Helm 4 and prints the release notes', async () => {
    const result = await run([
      'helm',
      '--helm',
      '4',
      '--',
      'install',
      'postgres-tcp-prod',
      'chart',
      '--dry-run=client',
      '--namespace',
      'prod',
      '-f',
      'examples/postgres-tcp/base/base-values.yaml',
      '-f',
      'examples/postgres-tcp/envs/prod/values.yaml',
      '--set',
      'captain_domain=example.com',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('NOTES:');
    expect(result.stdout).toContain('Deployment/postgres-tcp-prod running docker.io/postgres:18');
    expect(result.stdout).toContain('Custom resources: 2 entries');
  });
});

describe('the chart flags (--chart, --chart-version, --chart-repo and their base- forms)', () => {
  const chartFolder = join(packageRoot, 'chart');

  it("reaches diff from the command line: each side's flags for its own side", async () => {
    // a base-side flag read as the head's (or the reverse) would name the other side, or no chart at all
    const base = await run(['diff', '--base-chart', 'oci://ghcr.io/org/charts/app']);
    expect([base.exitCode, base.stderr]).toEqual([2, 'app-chart diff: an oci:// chart needs --base-chart-version']);
    const head = await run(['diff', '--chart', 'oci://ghcr.io/org/charts/app', '--base-chart-version', '1.0.0']);
    expect([head.exitCode, head.stderr]).toEqual([2, 'app-chart diff: an oci:// chart needs --chart-version']);
  });

  it("lists each side's three flags in --help, each description naming the flags of its own side", () => {
    const options = (prefix?: string) =>
      addChartOptions(new Command(), 'the chart to render', prefix).options.map((o) => `${o.flags} | ${o.description}`);
    expect(options()).toEqual([
      '--chart <chart> | the chart to render: a folder or .tgz, an oci:// reference (with --chart-version), or a chart name (with --chart-repo and --chart-version)',
      '--chart-version <version> | exact version of an oci:// or repository chart',
      '--chart-repo <url> | URL of the Helm repository that holds --chart',
    ]);
    expect(options('base-')).toEqual([
      '--base-chart <chart> | the chart to render: a folder or .tgz, an oci:// reference (with --base-chart-version), or a chart name (with --base-chart-repo and --base-chart-version)',
      '--base-chart-version <version> | exact version of an oci:// or repository chart',
      '--base-chart-repo <url> | URL of the Helm repository that holds --base-chart',
    ]);
  });

  it('reads each flag under the name commander gives it, with or without the base- prefix', () => {
    const options = {
      chart: 'a',
      chartVersion: '1.0.0',
      chartRepo: 'https://r',
      baseChart: 'b',
      baseChartVersion: '2.0.0',
      baseChartRepo: 'https://s',
    };
    expect(chartFlagsOf(options)).toEqual({ chart: 'a', chartVersion: '1.0.0', chartRepo: 'https://r' });
    expect(chartFlagsOf(options, 'base')).toEqual({ chart: 'b', chartVersion: '2.0.0', chartRepo: 'https://s' });
    expect(chartFlagsOf({})).toEqual({ chart: undefined, chartVersion: undefined, chartRepo: undefined });
  });

  it('names a folder, an OCI chart or a repository chart; nothing without --chart', () => {
    expect(chartFromFlags({})).toBeUndefined();
    expect(chartFromFlags({ chart: chartFolder })).toEqual({ kind: 'local', path: chartFolder });
    expect(chartFromFlags({ chart: 'oci://ghcr.io/org/charts/app', chartVersion: '1.2.3' })).toEqual({
      kind: 'oci',
      ref: 'oci://ghcr.io/org/charts/app',
      version: '1.2.3',
    });
    expect(chartFromFlags({ chart: 'app', chartRepo: 'https://charts.example.com', chartVersion: 'v1.2.3-rc.1+build.5' })).toEqual({
      kind: 'repo',
      repo: 'https://charts.example.com',
      name: 'app',
      version: 'v1.2.3-rc.1+build.5',
    });
  });

  it('refuses flags that do not go together, naming the flags of its side', () => {
    const usage = (flags: Parameters<typeof chartFromFlags>[0], prefix?: string) => {
      try {
        chartFromFlags(flags, prefix);
      } catch (error) {
        return `${(error as Error).constructor.name}: ${(error as Error).message}`;
      }
      return 'accepted';
    };
    expect(usage({ chartRepo: 'https://r' }, 'base-')).toBe(
      'UsageError: --base-chart-version and --base-chart-repo need --base-chart (the chart name, or an oci:// reference)',
    );
    expect(usage({ chart: 'app', chartRepo: 'https://r' })).toBe(
      'UsageError: --chart-repo needs --chart-version: app-chart checks one exact chart version',
    );
    expect(usage({ chart: 'oci://ghcr.io/a/b' }, 'base-')).toBe('UsageError: an oci:// chart needs --base-chart-version');
    expect(usage({ chart: chartFolder, chartVersion: '1.0.0' })).toBe(
      'UsageError: --chart-version is for an oci:// chart or a --chart-repo chart, not a chart folder or archive',
    );
    expect(usage({ chart: 'oci://ghcr.io/a/b', chartVersion: '1.x' }, 'base-')).toBe(
      'ChartError: --base-chart: chart version "1.x" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it',
    );
    expect(usage({ chart: 'a..', chartRepo: 'https://r', chartVersion: '1.0.0' })).toBe('ChartError: --chart: "a.." is not a chart name');
    // with --chart-repo, --chart is a chart's name in that repository, never an OCI reference
    expect(usage({ chart: 'oci://ghcr.io/a/b', chartRepo: 'https://r', chartVersion: '1.0.0' })).toBe(
      'ChartError: --chart: "oci://ghcr.io/a/b" is not a chart name',
    );
    // a user name alone is a credential too (a token often is one)
    expect(usage({ chart: 'app', chartRepo: 'https://token@charts.example.com', chartVersion: '1.0.0' })).toBe(
      'ChartError: --chart: "https://token@charts.example.com" holds credentials; keep them out of the repo (vendor the chart instead, or pull it in CI and point chart: at the .tgz)',
    );
    expect(usage({ chart: 'app', chartRepo: 'ftp://r', chartVersion: '1.0.0' })).toBe(
      'ChartError: --chart: "ftp://r" is not an http(s) URL of a Helm repository',
    );
    // a chart archive is a .tgz or a .tar.gz
    const archives = mkdtempSync(join(tmpdir(), 'app-chart-cli-'));
    for (const name of ['app.tgz', 'app.tar.gz', 'app.tgz.orig', 'app.tar.gz.1']) writeFileSync(join(archives, name), '');
    expect([usage({ chart: join(archives, 'app.tgz') }), usage({ chart: join(archives, 'app.tar.gz') })]).toEqual(['accepted', 'accepted']);
    // a copy kept beside an archive is no archive: the name must end so
    for (const name of ['app.tgz.orig', 'app.tar.gz.1'])
      expect(usage({ chart: join(archives, name) })).toBe(
        `ChartError: --chart: ${join(archives, name)}: not a chart folder or a .tgz chart archive`,
      );
    rmSync(archives, { recursive: true, force: true });
    expect(usage({ chart: join(packageRoot, 'README.md') })).toBe(
      `ChartError: --chart: ${join(packageRoot, 'README.md')}: not a chart folder or a .tgz chart archive`,
    );
    expect(usage({ chart: join(packageRoot, 'scripts') })).toBe(
      `ChartError: --chart: ${join(packageRoot, 'scripts')}: a chart folder holds Chart.yaml; this one does not`,
    );
  });

  it('takes exact versions, digests and OCI references only', () => {
    const checked = (source: ChartSource) => {
      try {
        checkChartSource(source, (field) => `at ${field}`);
        return 'ok';
      } catch (error) {
        return (error as Error).message.split(':')[0];
      }
    };
    const oci = (ref: string, version = '1.0.0', digest?: string): ChartSource => ({
      kind: 'oci',
      ref,
      version,
      ...(digest ? { digest } : {}),
    });
    expect(
      [
        oci('oci://ghcr.io/org/app'),
        oci('oci://localhost:5000/a/b_c/d-e'),
        oci('oci://ghcr.io/org/app', '01.0.0'),
        oci('oci://ghcr.io/org/app', '1.0'),
        oci('oci://ghcr.io/org/app:1.0.0'),
        oci('oci://ghcr.io/Org/app'),
        oci('https://ghcr.io/org/app'),
        oci('oci://ghcr.io/org/app', '1.0.0', `sha256:${'a'.repeat(64)}`),
        oci('oci://ghcr.io/org/app', '1.0.0', `sha256:${'A'.repeat(64)}`),
        oci('oci://ghcr.io/org/app', '1.0.0', `sha256:${'a'.repeat(63)}`),
      ].map(checked),
    ).toEqual(['ok', 'ok', 'at version', 'at version', 'at ref', 'at ref', 'at ref', 'ok', 'at digest', 'at digest']);
    expect(() => checkChartSource(oci('oci://ghcr.io/org/app', '1.0.0', 'sha256:abc'), '--chart')).toThrow(
      '--chart: chart digest "sha256:abc" must be sha256: and 64 lowercase hex digits',
    );
  });

  it('gives a chart folder or the bundled chart back as named: they have no version, digest or URL to check', () => {
    // the API takes { kind: 'local', path } as well as a path
    const folder: ChartSource = { kind: 'local', path: chartFolder };
    expect(checkChartSource(folder, 'chart')).toBe(folder);
    expect(checkChartSource({ kind: 'bundled' }, 'chart')).toEqual({ kind: 'bundled' });
  });
});
