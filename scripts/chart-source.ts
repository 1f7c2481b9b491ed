// The chart a deployment repo deploys: a folder or .tgz it vendors, an OCI reference or a Helm repository
// chart pinned to a version, or the chart bundled with the package. Remote charts are pulled once through
// the Helm that renders, checked against a SHA-256 digest, and kept in the cache; archives are unpacked
// there, so every chart ends up as a folder Helm renders and lint reads values.yaml and the schema from.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { runHelm, type Helm } from './helm.ts';
import { bundledChartDir, cacheDir } from './install.ts';

export type ChartSource =
  | { kind: 'bundled' }
  /** a chart folder or a .tgz archive on disk (absolute) */
  | { kind: 'local'; path: string }
  | { kind: 'oci'; ref: string; version: string; digest?: string; plainHttp?: boolean }
  | { kind: 'repo'; repo: string; name: string; version: string; digest?: string };

export interface Chart {
  source: ChartSource;
  /** the chart folder Helm renders (an archive's is unpacked in the cache) */
  dir: string;
  /** name and version from its Chart.yaml */
  name: string;
  version: string;
  /** "sha256:<hex>" of the archive, or of the folder's files */
  digest: string;
}

/** A chart that cannot be named, found, pulled or trusted: the message says which and how to fix it. */
export class ChartError extends Error {}

// SemVer 2.0 with Helm's optional leading "v"; a range would let the chart change under the same config.
const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
// oci://host[:port]/repository, repository components as the OCI distribution spec allows; no tag or digest
const OCI_REF = /^oci:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+$/;
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function describeChart(source: ChartSource): string {
  switch (source.kind) {
    case 'bundled':
      return 'the chart bundled with app-chart';
    case 'local':
      return relative(process.cwd(), source.path) || source.path;
    case 'oci':
      return `${source.ref}:${source.version}`;
    case 'repo':
      return `${source.name} ${source.version} from ${source.repo}`;
  }
}

/**
 * Checks what a config, a flag or an ArgoCD Application names; `where` gives the place to prefix a message
 * with, for the field at fault (version, ref, repo, name, digest) where the caller knows fields' places.
 */
export function checkChartSource(source: ChartSource, where: string | ((field: string) => string)): ChartSource {
  const at = typeof where === 'string' ? () => where : where;
  let field = '';
  const fail = (text: string) => {
    throw new ChartError(`${at(field)}: ${text}`);
  };
  const check = (name: string, ok: boolean, text: string) => {
    field = name;
    if (!ok) fail(text);
  };
  if (source.kind === 'bundled' || source.kind === 'local') return source;
  check('version', VERSION.test(source.version), `chart version "${source.version}" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it`);
  check('digest', source.digest === undefined || DIGEST.test(source.digest), `chart digest "${source.digest}" must be sha256: and 64 lowercase hex digits`);
  if (source.kind === 'oci') {
    check('ref', OCI_REF.test(source.ref), `"${source.ref}" is not an OCI chart reference: give oci://<registry>/<repository>/<chart>, without a tag (the version goes in version)`);
    return source;
  }
  check('name', CHART_NAME.test(source.name) && !source.name.includes('..'), `"${source.name}" is not a chart name`);
  const url = URL.canParse(source.repo) ? new URL(source.repo) : undefined;
  check('repo', url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:'), `"${source.repo}" is not an http(s) URL of a Helm repository`);
  check(
    'repo',
    !url!.username && !url!.password,
    `"${source.repo}" holds credentials; keep them out of the repo (vendor the chart instead, or pull it in CI and point chart: at the .tgz)`,
  );
  return source;
}

/** A local chart path as given (a folder with Chart.yaml, or a .tgz), resolved against `base`. */
export function localChart(path: string, base: string, where: string): ChartSource {
  const absolute = resolve(base, path);
  if (!existsSync(absolute)) throw new ChartError(`${where}: ${path}: no such chart folder or archive`);
  if (statSync(absolute).isDirectory()) {
    if (!existsSync(join(absolute, 'Chart.yaml'))) throw new ChartError(`${where}: ${path}: a chart folder holds Chart.yaml; this one does not`);
  } else if (!/\.tgz$|\.tar\.gz$/.test(absolute)) {
    throw new ChartError(`${where}: ${path}: not a chart folder or a .tgz chart archive`);
  }
  return { kind: 'local', path: absolute };
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== '.git' && d.name !== 'node_modules')
    .flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []))
    .sort();
}

/** The digest of a chart folder: its files' paths and contents. */
function folderDigest(dir: string): string {
  const h = createHash('sha256');
  for (const file of filesUnder(dir)) h.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return `sha256:${h.digest('hex')}`;
}

function chartMeta(dir: string, label: string): { name: string; version: string } {
  const file = join(dir, 'Chart.yaml');
  if (!existsSync(file)) throw new ChartError(`${label}: no Chart.yaml in ${dir}`);
  const meta = parse(readFileSync(file, 'utf8'), { maxAliasCount: 10 }) as { name?: unknown; version?: unknown } | null;
  if (typeof meta?.name !== 'string' || meta.name === '') throw new ChartError(`${file}: Chart.yaml has no name`);
  return { name: meta.name, version: String(meta.version ?? '') };
}

const chartsDir = () => join(cacheDir, 'charts');
/** Limits for an archive: a chart is kilobytes; these stop a hostile archive filling the disk. */
const MAX_ARCHIVE_BYTES = 20 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 5000;

/** Unpacks a chart archive once into the cache, under its digest; returns the chart folder inside. */
async function unpack(archive: string, digest: string, label: string): Promise<string> {
  const target = join(chartsDir(), digest.replace(':', '-'));
  if (!existsSync(target)) {
    const { x } = await import('tar');
    mkdirSync(chartsDir(), { recursive: true });
    const temp = mkdtempSync(join(chartsDir(), '.unpack-'));
    let total = 0;
    let entries = 0;
    let refused: string | undefined;
    try {
      await x({
        file: archive,
        cwd: temp,
        strict: true,
        // plain files and folders only: a link could point Helm at files outside the chart
        filter: (path, entry) => {
          const size = 'size' in entry ? entry.size : 0;
          total += size;
          entries++;
          if (total > MAX_UNPACKED_BYTES || entries > MAX_ENTRIES) refused ??= `it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB or ${MAX_ENTRIES} files`;
          const type = 'type' in entry ? entry.type : undefined;
          if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') refused ??= `${path} is a ${String(type)}, not a file or folder`;
          return refused === undefined;
        },
      });
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw new ChartError(`${label}: cannot unpack the chart archive ${archive}: ${(error as Error).message}`);
    }
    if (refused) {
      rmSync(temp, { recursive: true, force: true });
      throw new ChartError(`${label}: refused the chart archive ${archive}: ${refused}`);
    }
    try {
      renameSync(temp, target);
    } catch {
      // another process unpacked the same archive first: its copy is as good as ours
      rmSync(temp, { recursive: true, force: true });
    }
  }
  const tops = readdirSync(target, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(target, d.name, 'Chart.yaml')));
  if (tops.length !== 1) throw new ChartError(`${label}: the archive ${archive} does not hold one chart folder with a Chart.yaml`);
  return join(target, tops[0].name);
}

interface PullRecord {
  digest: string;
  archive: string;
}

/** A private name for a repository URL in the toolkit's own Helm config. */
const repoName = (url: string) => `app-chart-${sha256(url).slice(0, 16)}`;

/** The digest a Helm repository's index gives for name@version (Helm keeps the index it downloaded). */
function indexDigest(helmCacheIndex: string, name: string, version: string): string | undefined {
  if (!existsSync(helmCacheIndex)) return undefined;
  const index = parse(readFileSync(helmCacheIndex, 'utf8'), { maxAliasCount: 100 }) as { entries?: Record<string, { version?: string; digest?: string }[]> } | null;
  const entry = index?.entries?.[name]?.find((e) => e.version === version || `v${e.version}` === version || e.version === `v${version}`);
  return typeof entry?.digest === 'string' ? `sha256:${entry.digest}` : undefined;
}

/** Pulls a remote chart with Helm into the cache (once), verifies its digest, and returns the archive. */
async function pull(source: Extract<ChartSource, { kind: 'oci' | 'repo' }>, helm: Helm): Promise<PullRecord> {
  const label = describeChart(source);
  const recordFile = join(chartsDir(), 'pulled', `${sha256(JSON.stringify([source.kind, source.kind === 'oci' ? source.ref : [source.repo, source.name], source.version]))}.json`);
  if (existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as PullRecord;
    // the cached archive is checked on every use: a changed file is pulled again
    if (existsSync(record.archive) && `sha256:${sha256(readFileSync(record.archive))}` === record.digest) return checkPinned(source, record, label);
  }
  mkdirSync(join(chartsDir(), 'pulled'), { recursive: true });
  const temp = mkdtempSync(join(chartsDir(), '.pull-'));
  try {
    let expected: string | undefined;
    if (source.kind === 'repo') {
      // through a repository entry in the toolkit's private Helm config, so Helm keeps the index and its digests
      const name = repoName(source.repo);
      const added = await runHelm(helm, ['repo', 'add', '--force-update', '--', name, source.repo]);
      if (added.exitCode !== 0) throw new ChartError(`${label}: Helm cannot read the repository: ${added.stderr.trim()}`);
      const pulled = await runHelm(helm, ['pull', `--destination=${temp}`, `--version=${source.version}`, '--', `${name}/${source.name}`]);
      if (pulled.exitCode !== 0) throw new ChartError(`${label}: Helm cannot pull the chart: ${pulled.stderr.trim()}`);
      const helmCache = join(cacheDir, 'helm-home', 'cache', 'repository', `${name}-index.yaml`);
      expected = indexDigest(helmCache, source.name, source.version);
      if (!expected && !source.digest) {
        throw new ChartError(`${label}: the repository's index gives no digest for this version; pin one with digest: sha256:<hex> to trust it`);
      }
    } else {
      // OCI blobs are addressed by their digest, which Helm checks as it downloads them
      const pulled = await runHelm(helm, ['pull', `--destination=${temp}`, `--version=${source.version}`, ...(source.plainHttp ? ['--plain-http'] : []), '--', source.ref]);
      if (pulled.exitCode !== 0) throw new ChartError(`${label}: Helm cannot pull the chart: ${pulled.stderr.trim()}`);
    }
    const archives = readdirSync(temp).filter((f) => f.endsWith('.tgz'));
    if (archives.length !== 1) throw new ChartError(`${label}: Helm pulled ${archives.length} archives, expected one`);
    const bytes = readFileSync(join(temp, archives[0]));
    if (bytes.length > MAX_ARCHIVE_BYTES) throw new ChartError(`${label}: the chart archive is ${bytes.length} bytes, more than a chart holds`);
    const digest = `sha256:${sha256(bytes)}`;
    if (expected && expected !== digest) {
      throw new ChartError(`${label}: the pulled archive has digest ${digest}, but the repository's index says ${expected}; the repository or the download is not trustworthy`);
    }
    const archive = join(chartsDir(), `${digest.replace(':', '-')}.tgz`);
    if (!existsSync(archive)) {
      const partial = `${archive}.${process.pid}.partial`;
      writeFileSync(partial, bytes);
      renameSync(partial, archive);
    }
    const record: PullRecord = { digest, archive };
    const partial = `${recordFile}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(record));
    renameSync(partial, recordFile);
    return checkPinned(source, record, label);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function checkPinned(source: Extract<ChartSource, { kind: 'oci' | 'repo' }>, record: PullRecord, label: string): PullRecord {
  if (source.digest && source.digest !== record.digest) {
    throw new ChartError(`${label}: the chart's digest is ${record.digest}, not the ${source.digest} the config pins; check who changed the chart, then update digest:`);
  }
  return record;
}

const loaded = new Map<string, Promise<Chart>>();

/** A chart folder's files with their sizes and times, or "" for a chart that is not a folder. */
function folderStamp(source: ChartSource): string {
  const dir = source.kind === 'bundled' ? bundledChartDir : source.kind === 'local' && statSync(source.path).isDirectory() ? source.path : undefined;
  if (dir === undefined) return '';
  return filesUnder(dir).map((file) => {
    const stat = statSync(file);
    return `${file}:${stat.size}:${stat.mtimeMs}`;
  }).join('\0');
}

/**
 * The chart on disk for a source, pulled and unpacked as needed; each source once per process, a chart folder
 * again when one of its files changed (a process may lint, change the chart and lint again).
 */
export function loadChart(source: ChartSource, helm: Helm): Promise<Chart> {
  const key = `${JSON.stringify(source)}\0${folderStamp(source)}`;
  let chart = loaded.get(key);
  if (!chart) {
    chart = load(source, helm);
    loaded.set(key, chart);
    chart.catch(() => loaded.delete(key));
  }
  return chart;
}

async function load(source: ChartSource, helm: Helm): Promise<Chart> {
  const label = describeChart(source);
  if (source.kind === 'bundled' || (source.kind === 'local' && statSync(source.path).isDirectory())) {
    const dir = source.kind === 'bundled' ? bundledChartDir : source.path;
    return { source, dir, ...chartMeta(dir, label), digest: folderDigest(dir) };
  }
  let archive: string;
  let digest: string;
  if (source.kind === 'local') {
    archive = source.path;
    const bytes = readFileSync(archive);
    if (bytes.length > MAX_ARCHIVE_BYTES) throw new ChartError(`${label}: the chart archive is ${bytes.length} bytes, more than a chart holds`);
    digest = `sha256:${sha256(bytes)}`;
  } else {
    ({ archive, digest } = await pull(source, helm));
  }
  const dir = await unpack(archive, digest, label);
  return { source, dir, ...chartMeta(dir, label), digest };
}
