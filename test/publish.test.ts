// The chart as users get it: its metadata, the archive `npm run chart:package` writes with a Helm repository
// index, and what `npm run chart:push` pushes to an OCI registry. The registry and the repository are real and run
// on 127.0.0.1; whatever Helm pulls from them must render exactly what the chart of this checkout renders, under
// Helm 3 and Helm 4. The README's "Installing with Helm" commands run against them too.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helmFor, runHelm, type HelmMajor } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { examplesDir, platformValues } from '../scripts/examples.ts';
import {
  changelogSection,
  lintChart,
  packageChart,
  PUBLISHED,
  pushChart,
  readRelease,
  repoSources,
  type ReleaseSources,
} from '../scripts/publish.ts';
import { chartDir } from '../scripts/render.ts';
import { HELMS } from './helpers.ts';
import { serveDirectory, startRegistry, type Registry, type StaticServer } from './registry.ts';

const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
const npmPackage = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string; license: string };
const tempDirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `app-chart-${prefix}-`));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const scripts = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** An npm script as a maintainer runs it, `npm run <script> -- <args>`, without npm's own start-up. */
const npmRun = (script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) => {
  const [bin, ...fixed] = scripts[script].split(' ');
  return execa(join(packageRoot, 'node_modules', '.bin', bin), [...fixed, ...args], {
    cwd: packageRoot,
    reject: false,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
    env: options.env,
  });
};

const helm = async (major: HelmMajor, args: string[]) => {
  const result = await runHelm(helmFor(major), args);
  expect(result.exitCode, `helm ${major} ${args.join(' ')}:\n${result.stderr}`).toBe(0);
  return result.stdout;
};

/** Every file under a folder, relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();

describe('the chart as published', () => {
  it('has a name of its own and one version with the npm package, with a CHANGELOG section', () => {
    expect(chart.name).toBe('app-chart');
    expect(chart.version).toBe(npmPackage.version);
    expect(readRelease()).toMatchObject({ name: 'app-chart', version: npmPackage.version });
    expect(readRelease().changes.length).toBeGreaterThan(0);
  });

  it('carries the metadata Helm and Artifact Hub show', () => {
    expect(chart).toMatchObject({
      home: expect.stringMatching(/^https:\/\//),
      sources: [expect.stringMatching(/^https:\/\//)],
      icon: expect.stringMatching(/^https:\/\/.+\.svg$/),
      maintainers: [{ name: expect.any(String) }],
      kubeVersion: expect.any(String),
      annotations: { 'artifacthub.io/license': npmPackage.license },
    });
    // the icon the chart points at is the one in this repository
    expect(String(chart.icon)).toMatch(/\/docs\/icon\.svg$/);
    expect(readFileSync(join(packageRoot, 'docs', 'icon.svg'), 'utf8')).toMatch(/^<svg /);
    const links = parse(String((chart.annotations as Record<string, string>)['artifacthub.io/links'])) as { name: string; url: string }[];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.url.startsWith(String(chart.home)), link.url).toBe(true);
  });

  it('is under the licence package.json names, whose text is in LICENSE', () => {
    expect(npmPackage.license).toBe('Apache-2.0');
    expect(readFileSync(join(packageRoot, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it.each(HELMS)('passes helm lint --strict under Helm %i with no finding, not even an INFO', async (major) => {
    await expect(lintChart(helmFor(major), chartDir)).resolves.toBeUndefined();
  });
});

describe('releases that are refused', () => {
  /** Copies of the release's files, one of them changed. */
  function brokenSources(change: (sources: ReleaseSources) => void): ReleaseSources {
    const dir = temp('broken');
    const sources: ReleaseSources = {
      chartDir: join(dir, 'chart'),
      packageJson: join(dir, 'package.json'),
      changelog: join(dir, 'CHANGELOG.md'),
      license: repoSources.license,
    };
    cpSync(repoSources.chartDir, sources.chartDir, { recursive: true });
    cpSync(repoSources.packageJson, sources.packageJson);
    cpSync(repoSources.changelog, sources.changelog);
    change(sources);
    return sources;
  }

  it('a chart version out of step with package.json', () => {
    const sources = brokenSources((s) => writeFileSync(s.packageJson, JSON.stringify({ ...npmPackage, version: '9.9.9' })));
    expect(() => readRelease(sources)).toThrow(`Chart.yaml has version ${chart.version} and package.json has 9.9.9`);
  });

  it('a version without a CHANGELOG section, or a section that is not Keep a Changelog', () => {
    const none = brokenSources((s) => writeFileSync(s.changelog, '# Changelog\n\n## [0.0.1] - 2020-01-01\n\n### Added\n- x\n'));
    expect(() => readRelease(none)).toThrow(`CHANGELOG.md has no section "## [${chart.version}]"`);
    expect(() => changelogSection('## [1.0.0]\n### Improved\n- x\n', '1.0.0')).toThrow(
      'CHANGELOG.md:2: "### Improved" is not a change kind',
    );
    expect(() => changelogSection('## [1.0.0]\n\n## [0.9.0]\n### Added\n- x\n', '1.0.0')).toThrow('the section of 1.0.0 lists no change');
    expect(
      changelogSection('## [1.0.0] - 2026-01-02\n### Fixed\n- one\n  two\n### Security\n- three\n## [0.9.0]\n### Added\n- old\n', '1.0.0'),
    ).toEqual([
      { kind: 'fixed', description: 'one two' },
      { kind: 'security', description: 'three' },
    ]);
  });

  it('a chart helm lint --strict has anything to say about, and then no archive is written', async () => {
    const sources = brokenSources((s) => {
      const file = join(s.chartDir, 'Chart.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^icon: .*\n/m, ''));
    });
    const out = temp('refused');
    await expect(packageChart({ out, sources })).rejects.toThrow('[INFO] Chart.yaml: icon is recommended');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a --url that is not http(s), a --merge index that does not exist, or a push target that is not oci://, as usage errors (exit 2)', async () => {
    const out = temp('out');
    const badUrl = await npmRun('chart:package', ['--out', out, '--url', 'ftp://example.com/charts']);
    expect(badUrl.exitCode).toBe(2);
    expect(badUrl.stderr).toContain('--url must be the http(s) URL the repository is served at');
    const noIndex = await npmRun('chart:package', ['--out', out, '--merge', join(out, 'index.yaml')]);
    expect(noIndex.exitCode).toBe(2);
    expect(noIndex.stderr).toContain(`--merge ${join(out, 'index.yaml')}: no such file.`);
    expect(readdirSync(out), 'nothing is written').toEqual([]);
    const badRef = await npmRun('chart:push', ['ghcr.io/app-chart/charts']);
    expect(badRef.exitCode).toBe(2);
    expect(badRef.stderr).toContain('"ghcr.io/app-chart/charts" is not an OCI reference: give oci://<registry>/<path>');
    const halfLogin = await npmRun('chart:push', ['oci://127.0.0.1:9/charts', '--username', 'me']);
    expect(halfLogin.exitCode).toBe(2);
    expect(halfLogin.stderr).toContain('--username and --password-stdin go together');
  });
});

describe('packaging', () => {
  it('is reproducible under Helm 4 with SOURCE_DATE_EPOCH: the same archive, byte for byte', async () => {
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };
    const first = await packageChart({ out: temp('first'), env });
    const second = await packageChart({ out: temp('second'), env });
    expect(readFileSync(second.archive).equals(readFileSync(first.archive))).toBe(true);
  });
});

/** The values of an example app × env, as ArgoCD passes them. */
const exampleValues = (app: string, env: string) => [
  platformValues,
  join(examplesDir, app, 'base', 'base-values.yaml'),
  join(examplesDir, app, 'envs', env, 'values.yaml'),
];

/** `helm template` of the richest example app from a chart reference; the local chart is the reference point. */
async function renderFrom(major: HelmMajor, ref: string, extra: string[]): Promise<string> {
  const values = exampleValues('glueops-full', 'prod').map((file) => `--values=${file}`);
  return helm(major, ['template', 'glueops-full-prod', ref, '--namespace=prod', ...values, ...extra]);
}

/** The pulled chart holds the chart's files byte for byte, LICENSE, and Chart.yaml with the release's changes. */
function expectSameChart(pulled: string): void {
  expect(filesUnder(pulled)).toEqual([...filesUnder(chartDir), 'LICENSE'].sort());
  for (const file of filesUnder(chartDir).filter((f) => f !== 'Chart.yaml')) {
    expect(readFileSync(join(pulled, file)).equals(readFileSync(join(chartDir, file))), file).toBe(true);
  }
  expect(readFileSync(join(pulled, 'LICENSE'), 'utf8')).toBe(readFileSync(join(packageRoot, 'LICENSE'), 'utf8'));
  const packaged = parse(readFileSync(join(pulled, 'Chart.yaml'), 'utf8')) as typeof chart;
  const changes = parse(String((packaged.annotations as Record<string, string>)['artifacthub.io/changes']));
  expect(changes).toEqual(readRelease().changes);
  expect(packaged).toEqual({ ...chart, annotations: { ...(chart.annotations as object), 'artifacthub.io/changes': expect.any(String) } });
}

describe('a release in a registry and a repository on 127.0.0.1', () => {
  let registry: Registry;
  let authRegistry: Registry;
  let repository: StaticServer;
  let repositoryDir: string;
  let local: Map<HelmMajor, string>;

  beforeAll(async () => {
    registry = await startRegistry();
    // htpasswd (bcrypt) of the user "publisher" with the password "test-password"
    authRegistry = await startRegistry({ htpasswd: 'publisher:$2b$04$p1RS7ef4W6pJ.k5oMCAuf.YkgPwUQELCRsHsY0qLnFj0XlfxUxjyq\n' });
    repositoryDir = temp('repository');
    repository = await serveDirectory(repositoryDir);
    const [packaged, ...pushed] = await Promise.all([
      npmRun('chart:package', ['--out', repositoryDir, '--url', repository.url]),
      ...HELMS.map((major) => npmRun('chart:push', [`oci://${registry.host}/helm${major}`, '--plain-http', '--helm', String(major)])),
    ]);
    for (const result of [packaged, ...pushed]) expect(result.exitCode, result.stderr).toBe(0);
    local = new Map(await Promise.all(HELMS.map(async (major) => [major, await renderFrom(major, chartDir, [])] as const)));
  });

  afterAll(async () => {
    await Promise.all([registry?.stop(), authRegistry?.stop(), repository?.close()]);
  });

  it('chart:package writes the archive and an index.yaml with its URL and digest', () => {
    const archive = join(repositoryDir, `app-chart-${chart.version}.tgz`);
    const index = parse(readFileSync(join(repositoryDir, 'index.yaml'), 'utf8')) as {
      entries: Record<string, { version: string; urls: string[]; digest: string }[]>;
    };
    expect(Object.keys(index.entries)).toEqual(['app-chart']);
    expect(index.entries['app-chart']).toEqual([
      expect.objectContaining({
        version: chart.version,
        urls: [`${repository.url}/app-chart-${chart.version}.tgz`],
        digest: createHash('sha256').update(readFileSync(archive)).digest('hex'),
      }),
    ]);
  });

  it('chart:package --merge keeps the releases an earlier index lists', async () => {
    const dir = temp('merge');
    const earlier = join(dir, 'earlier-index.yaml');
    writeFileSync(
      earlier,
      'apiVersion: v1\nentries:\n  app-chart:\n    - name: app-chart\n      version: 0.0.9\n      apiVersion: v2\n' +
        `      urls: [${PUBLISHED.repository}/app-chart-0.0.9.tgz]\n      digest: ${'0'.repeat(64)}\n      created: "2026-01-01T00:00:00Z"\ngenerated: "2026-01-01T00:00:00Z"\n`,
    );
    const out = join(dir, 'out');
    const result = await npmRun('chart:package', ['--out', out, '--url', PUBLISHED.repository, '--merge', earlier]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`packaged app-chart ${chart.version}: ${join(out, `app-chart-${chart.version}.tgz`)}`);
    const index = parse(readFileSync(join(out, 'index.yaml'), 'utf8')) as {
      entries: Record<string, { version: string; urls: string[] }[]>;
    };
    expect(index.entries['app-chart'].map((e) => [e.version, e.urls[0]]).sort()).toEqual([
      ['0.0.9', `${PUBLISHED.repository}/app-chart-0.0.9.tgz`],
      [chart.version, `${PUBLISHED.repository}/app-chart-${chart.version}.tgz`],
    ]);
  });

  describe.each(HELMS)('pushed by chart:push with Helm %i', (pusher) => {
    const ref = () => `oci://${registry.host}/helm${pusher}/app-chart`;

    it('holds the chart of this checkout, LICENSE and the release notes', async () => {
      const dir = temp('pulled');
      await helm(4, ['pull', ref(), `--version=${chart.version}`, '--plain-http', '--untar', `--untardir=${dir}`]);
      expectSameChart(join(dir, 'app-chart'));
    });

    it('shows values.yaml as the README says: helm show values', async () => {
      // Helm prints the file and a line break of its own
      const shown = await helm(4, ['show', 'values', ref(), `--version=${chart.version}`, '--plain-http']);
      expect(shown).toBe(`${readFileSync(join(chartDir, 'values.yaml'), 'utf8')}\n`);
    });

    it.each(HELMS)('renders under Helm %i exactly as the chart of this checkout', async (major) => {
      expect(await renderFrom(major, ref(), [`--version=${chart.version}`, '--plain-http'])).toBe(local.get(major));
    });
  });

  describe.each(HELMS)('added as a Helm repository under Helm %i', (major) => {
    it('renders exactly as the chart of this checkout, and holds the same files', async () => {
      // a repositories file of the test's own, beside the toolkit's private Helm home
      const config = temp(`helm${major}-repositories`);
      const repoFlags = [`--repository-config=${join(config, 'repositories.yaml')}`, `--repository-cache=${join(config, 'cache')}`];
      await helm(major, ['repo', 'add', 'app-chart', repository.url, ...repoFlags]);
      expect(await renderFrom(major, 'app-chart/app-chart', [`--version=${chart.version}`, ...repoFlags])).toBe(local.get(major));
      const dir = temp('pulled');
      await helm(major, ['pull', 'app-chart/app-chart', `--version=${chart.version}`, '--untar', `--untardir=${dir}`, ...repoFlags]);
      expectSameChart(join(dir, 'app-chart'));
    });
  });

  it('chart:push logs in with --username and --password-stdin for that push only', async () => {
    const ref = `oci://${authRegistry.host}/charts`;
    const archive = join(repositoryDir, `app-chart-${chart.version}.tgz`);
    await expect(pushChart({ archive, ref, plainHttp: true })).rejects.toThrow(
      `Log in to ${authRegistry.host}: pass --username <name> --password-stdin`,
    );
    await expect(pushChart({ archive, ref, plainHttp: true, credentials: { username: 'publisher', password: 'wrong' } })).rejects.toThrow(
      `helm registry login ${authRegistry.host} failed`,
    );

    const pushed = await npmRun('chart:push', [ref, '--plain-http', '--username', 'publisher', '--password-stdin'], {
      input: 'test-password\n',
    });
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(
      new RegExp(
        `^pushed app-chart ${chart.version}: oci://${authRegistry.host}/charts/app-chart:${chart.version} \\(sha256:[0-9a-f]{64}\\)$`,
        'm',
      ),
    );
    // the credentials were kept in a temporary registry config, not in the toolkit's Helm home
    const helmHome = join(packageRoot, 'node_modules', '.cache', 'app-chart', 'helm-home');
    const configs = existsSync(helmHome) ? filesUnder(helmHome).filter((f) => f.endsWith('.json')) : [];
    for (const file of configs) expect(readFileSync(join(helmHome, file), 'utf8'), file).not.toContain(authRegistry.host);
  });

  describe('the README\'s "Installing with Helm" commands', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    const section = /^## Installing with Helm\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    const commands = [...section.matchAll(/^```bash\n([\s\S]*?)^```/gm)]
      .flatMap((block) => block[1].replace(/\\\n\s*/g, ' ').split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('helm '))
      .map((line) => line.split(/\s+/));

    it('install from the OCI reference and from the repository, at the chart version', () => {
      const lines = commands.map((c) => c.join(' '));
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^helm install \\S+ ${PUBLISHED.oci}/app-chart --version ${chart.version} `)),
          `helm repo add app-chart ${PUBLISHED.repository}`,
          expect.stringMatching(new RegExp(`^helm install \\S+ app-chart/app-chart --version ${chart.version} `)),
          expect.stringMatching(new RegExp(`^helm template \\S+ ${PUBLISHED.oci}/app-chart --version ${chart.version} `)),
        ]),
      );
      expect(section).toContain(`helm show values ${PUBLISHED.oci}/app-chart --version ${chart.version}`);
    });

    it.each(HELMS)('give under Helm %i what the chart of this checkout gives', async (major) => {
      // a deployment repo with the files the commands name
      const repo = temp('deployment');
      cpSync(join(examplesDir, 'minimal', 'base', 'base-values.yaml'), join(repo, 'values.yaml'));
      cpSync(join(examplesDir, 'postgres-tcp'), join(repo, 'apps', 'postgres'), { recursive: true });
      const repositories = [`--repository-config=${join(repo, 'repositories.yaml')}`, `--repository-cache=${join(repo, 'cache')}`];
      const published = `oci://${registry.host}/helm4`;

      for (const command of commands) {
        let args = command.slice(1).map((arg, i, all) => {
          if (arg === PUBLISHED.repository) return repository.url;
          if (arg.startsWith(PUBLISHED.oci)) return published + arg.slice(PUBLISHED.oci.length);
          return all[i - 1] === '-f' ? join(repo, arg) : arg;
        });
        if (args[0] === 'install' && major === 3) args = ['template', ...args.slice(1).filter((a) => a !== '--create-namespace')];
        else if (args[0] === 'install') args.push('--dry-run=client');
        args.push(...repositories);
        if (args[0] === 'repo') {
          await helm(major, args);
          continue;
        }
        const chartAt = args.findIndex((a) => a.startsWith(published) || a === 'app-chart/app-chart');
        expect(chartAt, command.join(' ')).toBeGreaterThan(0);
        const remote = await helm(major, [...args, ...(args[chartAt].startsWith('oci://') ? ['--plain-http'] : [])]);
        const versionAt = args.indexOf('--version');
        const fromCheckout = args.map((a, i) => (i === chartAt ? chartDir : a)).filter((_, i) => i !== versionAt && i !== versionAt + 1);
        const withoutTime = (text: string) => text.replace(/^LAST DEPLOYED: .*$/m, '');
        expect(withoutTime(remote), command.join(' ')).toBe(withoutTime(await helm(major, fromCheckout)));
        expect(remote).toContain('kind: Deployment');
      }
    });
  });
});
