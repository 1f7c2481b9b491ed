// The chart a deployment repo deploys: a folder or .tgz it vendors, an OCI reference or a Helm repository
// chart pinned to a version, or the chart bundled with the package. Remote charts are pulled once through
// the Helm that renders, checked against a SHA-256 digest, and kept in the cache; archives are unpacked
// there, so every chart ends up as a folder Helm renders and lint reads values.yaml and the schema from.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { runHelm, type Helm } from './helm.ts';
import { bundledChartDir, cacheDir } from './install.ts';
import { boolean, object } from './lint/shape.ts';
import { parsedOnce } from './parsed-cache.ts';
import { writeFileAtomic } from './write-file.ts';

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

/** How messages name a chart whose folder is a copy in the cache (an archive's, a pulled chart's); else undefined. */
export function copyLabel(chart: Chart): string | undefined {
  const own = chart.source.kind === 'bundled' || (chart.source.kind === 'local' && chart.source.path === chart.dir);
  return own ? undefined : describeChart(chart.source);
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
  check(
    'version',
    VERSION.test(source.version),
    `chart version "${source.version}" is not an exact version (like 1.4.0): lint must check the one chart that is deployed, so pin it`,
  );
  check(
    'digest',
    source.digest === undefined || DIGEST.test(source.digest),
    `chart digest "${source.digest}" must be sha256: and 64 lowercase hex digits`,
  );
  if (source.kind === 'oci') {
    check(
      'ref',
      OCI_REF.test(source.ref),
      `"${source.ref}" is not an OCI chart reference: give oci://<registry>/<repository>/<chart>, without a tag (the version ` +
        `goes in version)`,
    );
    return source;
  }
  check('name', CHART_NAME.test(source.name) && !source.name.includes('..'), `"${source.name}" is not a chart name`);
  const url = URL.canParse(source.repo) ? new URL(source.repo) : undefined;
  check(
    'repo',
    url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:'),
    `"${source.repo}" is not an http(s) URL of a Helm repository`,
  );
  check(
    'repo',
    !url!.username && !url!.password,
    `"${source.repo}" holds credentials; keep them out of the repo (vendor the chart instead, or pull it in CI and point ` +
      `chart: at the .tgz)`,
  );
  return source;
}

/** A local chart path as given (a folder with Chart.yaml, or a .tgz), resolved against `base`. */
export function localChart(path: string, base: string, where: string): ChartSource {
  const absolute = resolve(base, path);
  if (!existsSync(absolute)) throw new ChartError(`${where}: ${path}: no such chart folder or archive`);
  if (statSync(absolute).isDirectory()) {
    if (!existsSync(join(absolute, 'Chart.yaml')))
      throw new ChartError(`${where}: ${path}: a chart folder holds Chart.yaml; this one does not`);
  } else if (!/\.tgz$|\.tar\.gz$/.test(absolute)) {
    throw new ChartError(`${where}: ${path}: not a chart folder or a .tgz chart archive`);
  }
  return { kind: 'local', path: absolute };
}

/**
 * A chart a caller names (the API, or a command line after its flags are read): a path to a folder or .tgz,
 * resolved against the working directory, or a source, checked. `where` names the option in messages.
 */
export function givenChart(chart: string | ChartSource, where: string): ChartSource {
  return typeof chart === 'string' ? localChart(chart, process.cwd(), where) : checkChartSource(chart, where);
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * The files of a chart folder, through links to files and to folders (Helm follows both and renders what they
 * hold); not .git or node_modules. A link back to a folder above it is not followed again.
 */
function filesUnder(dir: string, above: string[] = []): string[] {
  const real = realpathSync(dir);
  if (above.includes(real)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== '.git' && d.name !== 'node_modules')
    .flatMap((d) => {
      const path = join(dir, d.name);
      const linked = d.isSymbolicLink() && existsSync(path) ? statSync(path) : undefined;
      if (d.isDirectory() || linked?.isDirectory()) return filesUnder(path, [...above, real]);
      return d.isFile() || linked?.isFile() ? [path] : [];
    })
    .sort();
}

const digests = new Map<string, { stamp: string; digest: string }>();

/**
 * "sha256:<hex>" of a chart: of a folder's files (their paths and contents), or of an archive's bytes. Kept
 * while the files' sizes and times stay the same, so a run hashes a chart once however many app × envs use it,
 * and a chart edited between two runs of one process is hashed again.
 */
export function chartDigest(path: string): string {
  const folder = statSync(path).isDirectory();
  const files = folder ? filesUnder(path) : [path];
  const stamp = files
    .map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('\0');
  const known = digests.get(path);
  if (known?.stamp === stamp) return known.digest;
  const h = createHash('sha256');
  if (folder) for (const file of files) h.update(relative(path, file)).update('\0').update(readFileSync(file)).update('\0');
  else h.update(readFileSync(path));
  const digest = `sha256:${h.digest('hex')}`;
  digests.set(path, { stamp, digest });
  return digest;
}

function chartMeta(dir: string, label: string): { name: string; version: string } {
  const file = join(dir, 'Chart.yaml');
  if (!existsSync(file)) throw new ChartError(`${label}: no Chart.yaml in ${dir}`);
  const text = readFileSync(file, 'utf8');
  const meta = parsedOnce('Chart.yaml', text, () => parse(text, { maxAliasCount: 10 })) as { name?: unknown; version?: unknown } | null;
  if (typeof meta?.name !== 'string' || meta.name === '') throw new ChartError(`${file}: Chart.yaml has no name`);
  return { name: meta.name, version: String(meta.version ?? '') };
}

const chartsDir = () => join(cacheDir, 'charts');
/** Limits for an archive: a chart is kilobytes; these stop a hostile archive filling the disk. */
const MAX_ARCHIVE_BYTES = 20 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 5000;

const unpacking = new Map<string, Promise<string>>();

/**
 * Unpacks a chart archive once into the cache, under its digest; returns the chart folder inside. The app ×
 * envs that ask for one archive at the same time wait for one unpacking.
 */
function unpack(archive: string, digest: string, label: string): Promise<string> {
  let dir = unpacking.get(digest);
  if (!dir) {
    dir = unpackOnce(archive, digest, label);
    unpacking.set(digest, dir);
    dir.catch(() => unpacking.delete(digest));
  }
  return dir;
}

async function unpackOnce(archive: string, digest: string, label: string): Promise<string> {
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
          if (total > MAX_UNPACKED_BYTES || entries > MAX_ENTRIES)
            refused ??= `it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB or ${MAX_ENTRIES} files`;
          const type = 'type' in entry ? entry.type : undefined;
          if (type !== 'File' && type !== 'OldFile' && type !== 'Directory')
            refused ??= `${path} is a ${String(type)}, not a file or folder`;
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
  const tops = readdirSync(target, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && existsSync(join(target, d.name, 'Chart.yaml')),
  );
  if (tops.length !== 1) throw new ChartError(`${label}: the archive ${archive} does not hold one chart folder with a Chart.yaml`);
  return join(target, tops[0].name);
}

/** What the cache keeps of a pulled chart: the archive's digest (the archive is stored under it). */
interface PullRecord {
  digest: string;
  /** whether a digest the chart's publisher gave (the repository index; for OCI, the registry) checked it */
  verified: boolean;
}
const pullRecordShape = object({ digest: (v) => typeof v === 'string' && DIGEST.test(v), verified: boolean });
const archiveOf = (digest: string) => join(chartsDir(), `${digest.replace(':', '-')}.tgz`);

/** A private name for a repository URL in the toolkit's own Helm config. */
const repoName = (url: string) => `app-chart-${sha256(url).slice(0, 16)}`;

/** The digest a Helm repository's index gives for name@version (Helm keeps the index it downloaded). */
function indexDigest(helmCacheIndex: string, name: string, version: string): string | undefined {
  if (!existsSync(helmCacheIndex)) return undefined;
  const index = parse(readFileSync(helmCacheIndex, 'utf8'), { maxAliasCount: 100 }) as {
    entries?: Record<string, { version?: string; digest?: string }[]>;
  } | null;
  const entry = index?.entries?.[name]?.find((e) => e.version === version || `v${e.version}` === version || e.version === `v${version}`);
  return typeof entry?.digest === 'string' ? `sha256:${entry.digest}` : undefined;
}

type RemoteSource = Extract<ChartSource, { kind: 'oci' | 'repo' }>;

/** The cached record of a pull, when it is whole and its archive still has its digest. */
function cachedPull(recordFile: string): PullRecord | undefined {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (!pullRecordShape(record)) return undefined;
  const { digest } = record as PullRecord;
  // the cached archive is checked on every use: a changed file is pulled again
  const archive = archiveOf(digest);
  return existsSync(archive) && `sha256:${sha256(readFileSync(archive))}` === digest ? (record as PullRecord) : undefined;
}

/** Pulls a remote chart with Helm into the cache, checks it against the digest its publisher gives, and records it. */
async function pull(source: RemoteSource, helm: Helm, recordFile: string): Promise<PullRecord> {
  const label = describeChart(source);
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
      expected = indexDigest(join(cacheDir, 'helm-home', 'cache', 'repository', `${name}-index.yaml`), source.name, source.version);
    } else {
      // OCI blobs are addressed by their digest, which Helm checks as it downloads them
      const pulled = await runHelm(helm, [
        'pull',
        `--destination=${temp}`,
        `--version=${source.version}`,
        ...(source.plainHttp ? ['--plain-http'] : []),
        '--',
        source.ref,
      ]);
      if (pulled.exitCode !== 0) throw new ChartError(`${label}: Helm cannot pull the chart: ${pulled.stderr.trim()}`);
    }
    const archives = readdirSync(temp).filter((f) => f.endsWith('.tgz'));
    if (archives.length !== 1) throw new ChartError(`${label}: Helm pulled ${archives.length} archives, expected one`);
    const bytes = readFileSync(join(temp, archives[0]));
    if (bytes.length > MAX_ARCHIVE_BYTES)
      throw new ChartError(`${label}: the chart archive is ${bytes.length} bytes, more than a chart holds`);
    const digest = `sha256:${sha256(bytes)}`;
    if (expected && expected !== digest) {
      throw new ChartError(
        `${label}: the pulled archive has digest ${digest}, but the repository's index says ${expected}; the repository or ` +
          `the download is not trustworthy`,
      );
    }
    const archive = archiveOf(digest);
    // a file there that is not these bytes (changed in the cache: why this pull happens) is replaced, as it is
    // what gets unpacked
    if (!existsSync(archive) || `sha256:${sha256(readFileSync(archive))}` !== digest) {
      writeFileAtomic(archive, bytes);
    }
    const record: PullRecord = { digest, verified: source.kind === 'oci' || expected !== undefined };
    writeFileAtomic(recordFile, JSON.stringify(record));
    return record;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const pulls = new Map<string, Promise<PullRecord>>();

/**
 * A remote chart's archive: from the cache, else pulled; one pull per chart and version in a process, whoever
 * asks (lint, both sides of a diff), and each caller's pinned digest checked against it.
 */
async function pulled(source: RemoteSource, helm: Helm): Promise<PullRecord> {
  const label = describeChart(source);
  const where = JSON.stringify([source.kind, source.kind === 'oci' ? source.ref : [source.repo, source.name], source.version]);
  const recordFile = join(chartsDir(), 'pulled', `${sha256(where)}.json`);
  let pulling = pulls.get(where);
  if (!pulling) {
    const cached = cachedPull(recordFile);
    pulling = cached ? Promise.resolve(cached) : pull(source, helm, recordFile);
    pulls.set(where, pulling);
    // a failed pull may be tried again
    pulling.catch(() => pulls.delete(where));
  }
  const record = await pulling;
  if (source.digest && source.digest !== record.digest) {
    throw new ChartError(
      `${label}: the chart's digest is ${record.digest}, not the ${source.digest} the config pins; check who changed the ` +
        `chart, then update digest:`,
    );
  }
  if (!record.verified && !source.digest) {
    throw new ChartError(
      `${label}: the repository's index gives no digest for this version; pin one with digest: sha256:<hex> to trust it`,
    );
  }
  return record;
}

/**
 * The chart on disk for a source: a folder as it is, an archive unpacked into the cache (once per digest), a
 * remote chart pulled (once per process). A chart folder or archive is digested again when its files change.
 */
export async function loadChart(source: ChartSource, helm: Helm): Promise<Chart> {
  const label = describeChart(source);
  if (source.kind === 'bundled' || (source.kind === 'local' && statSync(source.path).isDirectory())) {
    const dir = source.kind === 'bundled' ? bundledChartDir : source.path;
    return { source, dir, ...chartMeta(dir, label), digest: chartDigest(dir) };
  }
  let archive: string;
  let digest: string;
  if (source.kind === 'local') {
    archive = source.path;
    const size = statSync(archive).size;
    if (size > MAX_ARCHIVE_BYTES) throw new ChartError(`${label}: the chart archive is ${size} bytes, more than a chart holds`);
    digest = chartDigest(archive);
  } else {
    ({ digest } = await pulled(source, helm));
    archive = archiveOf(digest);
  }
  const dir = await unpack(archive, digest, label);
  return { source, dir, ...chartMeta(dir, label), digest };
}
