// Folder names are data: an app or env folder named like a Helm flag never reaches Helm as a flag.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../scripts/install.ts';
import { planRender } from '../../scripts/render.ts';
import { APP_CHART } from '../helpers.ts';

const repo = mkdtempSync(join(tmpdir(), 'app-chart-hostile-flags-'));
const marker = join(repo, 'evil-ran');
afterAll(() => rmSync(repo, { recursive: true, force: true }));

// What Helm would run as a post-renderer if the folder name reached it as a flag.
const evilBin = join(repo, 'bin');
mkdirSync(evilBin);
for (const name of ['evil-dev', 'evil']) {
  writeFileSync(join(evilBin, name), `#!/bin/sh\ntouch '${marker}'\ncat\n`);
  chmodSync(join(evilBin, name), 0o755);
}

const VALUES = [
  'image: {repository: nginx, tag: "1.27", port: 80}',
  'deployment: {enabled: true}',
  // a cluster-scoped object: lint must report it, so lint must see the render
  'customResourcesMap:',
  '  role: |',
  '    apiVersion: rbac.authorization.k8s.io/v1',
  '    kind: ClusterRole',
  '    metadata: {name: take-over}',
  '    rules: []',
  '',
].join('\n');
const HOSTILE_APPS = ['--output-dir=out', '--post-renderer=evil', '-o'];
for (const app of HOSTILE_APPS) {
  mkdirSync(join(repo, 'apps', app, 'envs', 'dev'), { recursive: true });
  writeFileSync(join(repo, 'apps', app, 'envs', 'dev', 'values.yaml'), VALUES);
}
mkdirSync(join(repo, 'apps', 'web', 'envs', '--debug'), { recursive: true });
writeFileSync(join(repo, 'apps', 'web', 'envs', '--debug', 'values.yaml'), VALUES);

const run = (args: string[]) =>
  execa('node', [APP_CHART, ...args], {
    cwd: repo,
    reject: false,
    stdin: 'ignore',
    env: { PATH: `${evilBin}${delimiter}${process.env.PATH}`, NO_COLOR: '1' },
  });

describe('a folder named like a Helm flag', () => {
  it.each(HOSTILE_APPS.flatMap((app) => [3, 4].map((helm) => [app, helm] as const)))(
    'render of apps/%s refuses the release name under Helm %i, runs nothing, writes nothing',
    async (app, helm) => {
      const result = await run(['render', join('apps', app), '--env', 'dev', '--helm', String(helm)]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`the release name "${app}-dev"`);
      expect(result.stderr).toContain('Rename the app or env folder');
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(repo, 'out-dev'))).toBe(false);
    },
  );

  it('an env folder named like a flag is refused too', async () => {
    const result = await run(['render', join('apps', 'web'), '--env', '--debug']);
    // commander reads "--debug" as an option: the user must write --env=--debug, and gets the same refusal
    const glued = await run(['render', join('apps', 'web'), '--env=--debug']);
    expect(result.exitCode).not.toBe(0);
    expect(glued.exitCode).toBe(1);
    expect(glued.stdout).toBe('');
    expect(glued.stderr).toContain('the namespace "--debug" is not a valid Kubernetes namespace');
  });

  it('lint reports every such app × env as an error instead of checking nothing', async () => {
    const result = await run(['lint', '--format', 'json', '--no-cache']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    const failed = report.findings.filter((f: { rule: string }) => f.rule === 'invalid-name');
    expect(failed.flatMap((f: { targets: string[] }) => f.targets).sort()).toEqual(
      [...HOSTILE_APPS.map((app) => `${app}/dev`), 'web/--debug'].sort(),
    );
    expect(failed.every((f: { severity: string }) => f.severity === 'error')).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('the helm arguments keep every value glued to its flag and the names after "--"', () => {
    const plan = planRender({
      appDir: join(packageRoot, 'examples', 'minimal'),
      env: 'prod',
      values: [join(packageRoot, 'examples', 'platform-values.yaml')],
    });
    const dashdash = plan.args.indexOf('--');
    expect(plan.args.slice(dashdash + 1, dashdash + 2)).toEqual(['minimal-prod']);
    expect(plan.args.slice(1, dashdash).every((arg) => /^--[a-z-]+=/.test(arg))).toBe(true);
  });

  it('a namespace that is not a DNS label is refused before Helm runs', () => {
    expect(() => planRender({ appDir: join(packageRoot, 'examples', 'minimal'), env: 'prod', namespace: '--kube-context=x' })).toThrow(
      /not a valid Kubernetes namespace/,
    );
  });
});
