// The chart a deployment repo deploys, named in app-chart.config.yaml: a vendored folder or .tgz, a Helm
// repository chart served over HTTP on 127.0.0.1, an OCI chart in a real registry on 127.0.0.1; pulled once,
// checked against digests; and render --chart.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChart } from '../scripts/chart-source.ts';
import { helmFor, runHelm } from '../scripts/helm.ts';
import { cacheDir, packageRoot } from '../scripts/install.ts';
import { ConfigError, loadConfig } from '../scripts/lint/config.ts';
import { lint } from '../scripts/lint/index.ts';
import { RULE_IDS } from '../scripts/lint/rules/index.ts';
import { packageChart, serveChartRepo, vendorChart, writeDeployRepo, type ChartRepo } from './deploy-repo.ts';
import { startRegistry, type Registry } from './registry.ts';
import { APP_CHART } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-source-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PLANTED = { file: 'planted.yaml', text: '{{ fail "planted: this chart version is broken" }}\n' };
const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

let archive: string;
let broken: string;
beforeAll(async () => {
  vendorChart(join(tmp, 'src', 'app'), '1.2.3');
  archive = await packageChart(join(tmp, 'src', 'app'), join(tmp, 'archives'));
  vendorChart(join(tmp, 'src-broken', 'app'), '1.2.4', PLANTED);
  broken = await packageChart(join(tmp, 'src-broken', 'app'), join(tmp, 'archives'));
});

let repos = 0;
/** A repo of one app in two envs whose config names `chart` (YAML text of the value). */
function repoWithChart(chart: string, extra: Record<string, string> = {}): string {
  const root = join(tmp, `repo-${++repos}`);
  writeDeployRepo(root, ['web'], ['dev', 'prod'], { 'app-chart.config.yaml': `chart: ${chart}\n`, ...extra });
  return root;
}

const lintRepo = (root: string) => lint({ paths: [root], cache: false });

describe('a chart vendored in the repo', () => {
  it('is what lint renders: a mistake planted in it is seen', async () => {
    const root = repoWithChart('./charts/app');
    vendorChart(join(root, 'charts', 'app'), '1.0.0', PLANTED);
    const result = await lintRepo(root);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.findings.find((f) => f.rule === 'render-failed')?.message).toMatch(/planted: this chart version is broken/);
    expect(result.targets[0].chart).toMatchObject({
      name: 'app',
      version: '1.0.0',
      source: `${relative(process.cwd(), join(root, 'charts', 'app'))} (named by ${relative(process.cwd(), join(root, 'app-chart.config.yaml'))})`,
    });
  });

  it('may be a .tgz, unpacked once into the cache and named by its digest', async () => {
    const root = repoWithChart('{path: vendor/app-1.2.3.tgz}', { 'vendor/app-1.2.3.tgz': '' });
    writeFileSync(join(root, 'vendor', 'app-1.2.3.tgz'), readFileSync(archive));
    const result = await lintRepo(root);
    expect(result.findings).toEqual([]);
    expect(result.targets.map((t) => t.chart)).toEqual([
      expect.objectContaining({ name: 'app', version: '1.2.3', digest: sha256(archive) }),
      expect.objectContaining({ name: 'app', version: '1.2.3', digest: sha256(archive) }),
    ]);
  });

  it('refuses an archive holding a link, which could point Helm at files outside the chart', async () => {
    const root = repoWithChart('vendor/hostile.tgz');
    const src = join(tmp, 'hostile-src');
    vendorChart(join(src, 'app'), '6.6.6');
    symlinkSync('/etc/passwd', join(src, 'app', 'templates', 'passwd.yaml'));
    mkdirSync(join(root, 'vendor'), { recursive: true });
    await execa('tar', ['czf', join(root, 'vendor', 'hostile.tgz'), '-C', src, 'app']);
    await expect(lintRepo(root)).rejects.toThrow(
      /refused the chart archive .*hostile\.tgz: app\/templates\/passwd\.yaml is a SymbolicLink, not a file or folder/,
    );
  });

  it('refuses an archive that unpacks to too much: more than 100 MB in one file, or more than 5000 files', async () => {
    const bomb = async (name: string, fill: (app: string) => void) => {
      const root = repoWithChart(`vendor/${name}.tgz`);
      const src = join(tmp, `${name}-src`);
      vendorChart(join(src, 'app'), '6.6.6');
      fill(join(src, 'app'));
      mkdirSync(join(root, 'vendor'), { recursive: true });
      await execa('tar', ['czf', join(root, 'vendor', `${name}.tgz`), '-C', src, 'app']);
      return root;
    };
    // a file of 101 MB of zeros (sparse on disk), a few hundred kB packed
    const large = await bomb('large', (app) => {
      writeFileSync(join(app, 'big.bin'), '');
      truncateSync(join(app, 'big.bin'), 101 * 2 ** 20);
    });
    const many = await bomb('many', (app) => {
      mkdirSync(join(app, 'files'));
      for (let i = 0; i < 5000; i++) writeFileSync(join(app, 'files', `${i}.txt`), '');
    });
    for (const root of [large, many])
      await expect(lintRepo(root)).rejects.toThrow(/refused the chart archive .*: it unpacks to more than 100 MB or 5000 files/);
  });

  it('that is no gzip archive is refused as a chart error naming the archive, and leaves no chart in the cache', async () => {
    const root = repoWithChart('vendor/app-9.9.9.tgz', { 'vendor/app-9.9.9.tgz': `not a gzip archive ${repos}\n` });
    const archiveFile = join(root, 'vendor', 'app-9.9.9.tgz');
    await expect(lintRepo(root)).rejects.toThrow(/cannot unpack the chart archive .*vendor\/app-9\.9\.9\.tgz: /);
    expect(existsSync(join(cacheDir, 'charts', sha256(archiveFile).replace(':', '-')))).toBe(false);
  });

  it('that does not exist is a config error naming the file, line and path', () => {
    const root = repoWithChart('./charts/missing');
    expect(() => loadConfig(join(root, 'app-chart.config.yaml'), RULE_IDS)).toThrow(
      new ConfigError(`${join(root, 'app-chart.config.yaml')}:1:1: ./charts/missing: no such chart folder or archive`),
    );
  });
});

describe('a chart archive unpacked into the cache (loadChart, no render)', () => {
  let archives = 0;
  /** A .tgz of the folders `tops` (name -> files), made with tar; returns its path. */
  const tarOf = async (tops: Record<string, Record<string, string>>, at?: string) => {
    const src = join(tmp, `unpack-src-${++archives}`);
    for (const [top, files] of Object.entries(tops)) {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(join(src, top, file, '..'), { recursive: true });
        writeFileSync(join(src, top, file), text);
      }
    }
    const file = at ?? join(tmp, `unpack-${archives}.tgz`);
    await execa('tar', ['czf', file, '-C', src, ...Object.keys(tops)]);
    return file;
  };
  const chartYaml = (version: string) => `apiVersion: v2\nname: tiny\nversion: ${version}\n`;
  const load = (path: string) => loadChart({ kind: 'local', path }, helmFor());

  it('is the one folder holding a Chart.yaml, beside another folder at the top of the archive', async () => {
    const file = await tarOf({ tiny: { 'Chart.yaml': chartYaml('0.1.0') }, docs: { 'README.md': '# notes\n' } });
    const chart = await load(file);
    expect(chart).toMatchObject({ name: 'tiny', version: '0.1.0', digest: sha256(file) });
    expect(chart.dir.endsWith(join(sha256(file).replace(':', '-'), 'tiny'))).toBe(true);
  });

  it('is unpacked again in the same process when the archive at the same path is replaced by another chart', async () => {
    const file = join(tmp, 'replaced.tgz');
    await tarOf({ tiny: { 'Chart.yaml': chartYaml('1.0.0') } }, file);
    expect(await load(file)).toMatchObject({ version: '1.0.0', digest: sha256(file) });
    // another length, so the archive differs in size as well as in time
    await tarOf({ tiny: { 'Chart.yaml': chartYaml('10.0.0'), 'values.yaml': 'replicas: 2\n' } }, file);
    const again = await load(file);
    expect(again).toMatchObject({ version: '10.0.0', digest: sha256(file) });
    expect(readFileSync(join(again.dir, 'values.yaml'), 'utf8')).toBe('replicas: 2\n');
  });

  it('of 20 MB is read, and of a byte more refused unread', async () => {
    const at = join(tmp, 'limit.tgz');
    writeFileSync(at, 'not gzip\n');
    truncateSync(at, 20 * 2 ** 20);
    // not gzip: read and refused by tar, not by its size
    await expect(load(at)).rejects.toThrow(/cannot unpack the chart archive .*limit\.tgz/);
    const over = join(tmp, 'over.tgz');
    writeFileSync(over, '');
    truncateSync(over, 20 * 2 ** 20 + 1);
    await expect(load(over)).rejects.toThrow(/over\.tgz: the chart archive is 20971521 bytes, more than a chart holds/);
  });
});

describe('a chart in a Helm repository', () => {
  let served: ChartRepo;
  beforeAll(async () => {
    served = await serveChartRepo(join(tmp, 'archives'));
  });
  afterAll(() => served.close());

  it('is pulled once through Helm, checked against the index digest, and rendered', async () => {
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: 1.2.3}\nhelm: 3`);
    const first = await lintRepo(root);
    expect(first.findings).toEqual([]);
    expect(first.targets[0].chart).toMatchObject({ name: 'app', version: '1.2.3', digest: sha256(archive) });
    expect(served.requests).toContain('/app-1.2.3.tgz');
    const before = served.requests.length;
    const again = await lintRepo(root);
    expect(again.findings).toEqual([]);
    expect(served.requests.length, 'the second lint pulls nothing').toBe(before);
  });

  it('is checked against the index digest when the config pins it as v1.2.3 and the index lists 1.2.3', async () => {
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: v1.2.3}\nhelm: 3`);
    const result = await lintRepo(root);
    expect(result.findings).toEqual([]);
    expect(result.targets[0].chart).toMatchObject({ name: 'app', version: '1.2.3', digest: sha256(archive) });
  });

  it('is pulled again by the next run when its archive in the cache was changed, never rendered from it', async () => {
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: 1.2.3}\nhelm: 3`);
    await lintRepo(root);
    const cached = join(cacheDir, 'charts', `${sha256(archive).replace(':', '-')}.tgz`);
    expect(existsSync(cached)).toBe(true);
    writeFileSync(cached, readFileSync(broken));
    // and the folder unpacked from it gone, as after a cleanup of the cache
    rmSync(cached.replace(/\.tgz$/, ''), { recursive: true, force: true });
    const before = served.requests.length;
    // the next lint, a process of its own as in CI (a process pulls a chart once, and keeps what it pulled)
    const again = await execa('node', [APP_CHART, 'lint', root], { reject: false, stdin: 'ignore' });
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(served.requests.slice(before)).toContain('/app-1.2.3.tgz');
  });

  it('renders the version the config pins, and sees what is wrong in it', async () => {
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: 1.2.4}`);
    const result = await lintRepo(root);
    expect(result.findings.find((f) => f.rule === 'render-failed')?.message).toMatch(/planted: this chart version is broken/);
    expect(result.targets[0].chart.digest).toBe(sha256(broken));
  });

  it('refuses an archive whose digest is not the one the index gives', async () => {
    const other = `sha256:${'f'.repeat(64)}`;
    const lying = await serveChartRepo(join(tmp, 'archives'), (index) => index.replace(sha256(archive).slice(7), other.slice(7)));
    try {
      const root = repoWithChart(`{repo: "${lying.url}", name: app, version: 1.2.3}`);
      await expect(lintRepo(root)).rejects.toThrow(
        `app 1.2.3 from ${lying.url}: the pulled archive has digest ${sha256(archive)}, but the repository's index says ${other}`,
      );
    } finally {
      await lying.close();
    }
  });

  it("refuses a version the index gives no digest for, unless the config pins the archive's digest", async () => {
    const silent = await serveChartRepo(join(tmp, 'archives'), (index) => index.replace(/^\s*digest: .*\n/gm, ''));
    try {
      await expect(lintRepo(repoWithChart(`{repo: "${silent.url}", name: app, version: 1.2.3}`))).rejects.toThrow(
        `app 1.2.3 from ${silent.url}: the repository's index gives no digest for this version; pin one with digest: sha256:<hex> to trust it`,
      );
      const pinned = await lintRepo(repoWithChart(`{repo: "${silent.url}", name: app, version: 1.2.3, digest: "${sha256(archive)}"}`));
      expect(pinned.findings).toEqual([]);
      expect(pinned.targets[0].chart.digest).toBe(sha256(archive));
    } finally {
      await silent.close();
    }
  });

  it('refuses a chart whose digest is not the one the config pins', async () => {
    const pinned = `sha256:${'1'.repeat(64)}`;
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: 1.2.3, digest: "${pinned}"}`);
    await expect(lintRepo(root)).rejects.toThrow(`the chart's digest is ${sha256(archive)}, not the ${pinned} the config pins`);
  });

  it('is what render --chart-repo pulls too', async () => {
    const rendered = await execa(
      'node',
      [
        APP_CHART,
        'render',
        join(packageRoot, 'examples', 'minimal'),
        '--env',
        'prod',
        '--chart-repo',
        served.url,
        '--chart',
        'app',
        '--chart-version',
        '1.2.4',
      ],
      { reject: false, stdin: 'ignore' },
    );
    expect(rendered.exitCode).toBe(1);
    expect(rendered.stderr).toMatch(/planted: this chart version is broken/);
  });

  it('says so when the version is not in the repository', async () => {
    const root = repoWithChart(`{repo: "${served.url}", name: app, version: 9.9.9}`);
    await expect(lintRepo(root)).rejects.toThrow(/app 9\.9\.9 from http:\/\/127\.0\.0\.1:\d+\/\w+: Helm cannot pull the chart: .*9\.9\.9/);
  });

  it("is kept apart by repository and by name: another repository's app 1.2.3, and another chart of that repository, are pulled for themselves", async () => {
    // a second repository: its app 1.2.3 is another chart than the first's, and it has a chart named worker too
    const more = join(tmp, 'archives-more');
    vendorChart(join(tmp, 'src-more', 'app'), '1.2.3', PLANTED);
    const planted = await packageChart(join(tmp, 'src-more', 'app'), more);
    vendorChart(join(tmp, 'src-more', 'worker'), '1.2.3');
    const workerYaml = join(tmp, 'src-more', 'worker', 'Chart.yaml');
    writeFileSync(workerYaml, readFileSync(workerYaml, 'utf8').replace(/^name: app$/m, 'name: worker'));
    const worker = await packageChart(join(tmp, 'src-more', 'worker'), more);
    const other = await serveChartRepo(more);
    try {
      // the first repository's app 1.2.3 was pulled by this process already
      const app = await loadChart({ kind: 'repo', repo: other.url, name: 'app', version: '1.2.3' }, helmFor(3));
      expect({ name: app.name, digest: app.digest }).toEqual({ name: 'app', digest: sha256(planted) });
      expect(readFileSync(join(app.dir, 'templates', PLANTED.file), 'utf8')).toBe(PLANTED.text);
      const named = await loadChart({ kind: 'repo', repo: other.url, name: 'worker', version: '1.2.3' }, helmFor(3));
      expect({ name: named.name, digest: named.digest }).toEqual({ name: 'worker', digest: sha256(worker) });
      expect(other.requests).toEqual(expect.arrayContaining(['/app-1.2.3.tgz', '/worker-1.2.3.tgz']));
    } finally {
      await other.close();
    }
  });
});

describe('a chart in an OCI registry', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry?.stop());

  it('is pulled from the registry by reference and version', async () => {
    const pushed = await runHelm(helmFor(4), ['push', '--plain-http', '--', archive, `oci://${registry.host}/charts`]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    const root = repoWithChart(`{ref: "oci://${registry.host}/charts/app", version: 1.2.3, plainHttp: true}`);
    const result = await lintRepo(root);
    expect(result.findings).toEqual([]);
    expect(result.targets[0].chart).toMatchObject({ name: 'app', version: '1.2.3', digest: sha256(archive) });
  });
});

describe('what a config may name', () => {
  const refused = (chart: string) => {
    const root = repoWithChart(chart, { 'README.md': '# repo\n' });
    try {
      loadConfig(join(root, 'app-chart.config.yaml'), RULE_IDS);
    } catch (error) {
      return (error as Error).message.replaceAll(`${join(root, 'app-chart.config.yaml')}:`, '');
    }
    return 'accepted';
  };

  it.each([
    [
      '{repo: "https://charts.example.com", name: app, version: "1.*"}',
      '1:56: chart version "1.*" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it',
    ],
    [
      '{ref: "oci://ghcr.io/org/app:1.2.3", version: 1.2.3}',
      '1:9: "oci://ghcr.io/org/app:1.2.3" is not an OCI chart reference: give oci://<registry>/<repository>/<chart>, without a tag (the version goes in version)',
    ],
    [
      '{ref: "oci://-x/app", version: 1.2.3}',
      '1:9: "oci://-x/app" is not an OCI chart reference: give oci://<registry>/<repository>/<chart>, without a tag (the version goes in version)',
    ],
    [
      '{repo: "https://user:pw@charts.example.com", name: app, version: 1.2.3}',
      '1:9: "https://user:pw@charts.example.com" holds credentials; keep them out of the repo (vendor the chart instead, or pull it in CI and point chart: at the .tgz)',
    ],
    ['{repo: "https://charts.example.com", name: "--post-renderer=x", version: 1.2.3}', '1:45: "--post-renderer=x" is not a chart name'],
    // a URL that does not parse: the message points at repo:
    [
      '{repo: "https://charts example.com", name: app, version: 1.2.3}',
      '1:9: "https://charts example.com" is not an http(s) URL of a Helm repository',
    ],
    [
      '{repo: "https://charts.example.com", name: app}',
      'invalid config:\n  1:1: chart: give a chart folder or .tgz path, {path: ...}, {ref: oci://..., version: ..., digest?, plainHttp?} or {repo: https://..., name: ..., version: ..., digest?}',
    ],
    [
      '{repo: "https://charts.example.com", name: app, version: 1.2.3, digest: "md5:1"}',
      'invalid config:\n  1:1: chart: give a chart folder or .tgz path, {path: ...}, {ref: oci://..., version: ..., digest?, plainHttp?} or {repo: https://..., name: ..., version: ..., digest?}',
    ],
    ['README.md', '1:1: README.md: not a chart folder or a .tgz chart archive'],
  ])('refuses chart: %s', (chart, message) => {
    expect(refused(chart)).toBe(message);
  });
});

describe('render --chart', () => {
  const app = join(packageRoot, 'examples', 'minimal');
  const run = (args: string[]) => execa('node', [APP_CHART, 'render', app, '--env', 'prod', ...args], { reject: false, stdin: 'ignore' });

  it('renders with the chart given, and a mistake in it fails the render', async () => {
    const good = await run(['--chart', join(tmp, 'src', 'app')]);
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toMatch(/helm\.sh\/chart: "app-1\.2\.3"/);
    const bad = await run(['--chart', broken]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/planted: this chart version is broken/);
  });

  it('refuses a version without a remote chart, and a remote chart without a version', async () => {
    const noChart = await run(['--chart-version', '1.2.3']);
    expect(noChart.exitCode).toBe(2);
    expect(noChart.stderr).toBe('app-chart: --chart-version and --chart-repo need --chart (the chart name, or an oci:// reference)');
    const noVersion = await run(['--chart', 'oci://ghcr.io/org/charts/app']);
    expect(noVersion.exitCode).toBe(2);
    expect(noVersion.stderr).toBe('app-chart: an oci:// chart needs --chart-version');
  });
});
