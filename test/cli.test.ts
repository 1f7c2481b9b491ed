// The app-chart command as users run it.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
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
