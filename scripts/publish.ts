// Publishes the chart: `package` writes the chart archive and a Helm repository index (index.yaml) for a static
// web server; `push` pushes the archive to an OCI registry. Run as `npm run chart:package` / `npm run chart:push`.
// Both package the same way: a copy of chart/ with LICENSE and the CHANGELOG section of the version, linted with
// `helm lint --strict` (any finding, INFO included, stops it), then `helm package`. Helm runs with the toolkit's
// private HELM_* homes (scripts/helm.ts), so your own Helm repositories and registry logins are never touched.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { parse, parseDocument, stringify } from 'yaml';
import { helmFor, HelmError, parseHelmMajor, runHelm, type Helm, type HelmMajor } from './helm.ts';
import { packageRoot } from './install.ts';

/** Where releases are published, and where the README tells users to install from. */
export const PUBLISHED = {
  /** the OCI repository `npm run chart:push` pushes to; the chart is `<oci>/app-chart` */
  oci: 'oci://ghcr.io/app-chart/charts',
  /** the Helm repository: index.yaml and the archives, served by GitHub Pages */
  repository: 'https://app-chart.github.io/app-chart',
};

/** Reproducible archives need Helm 4: Helm 3 stamps every file of the archive with the time of packaging. */
export const PUBLISH_HELM: HelmMajor = 4;

export class PublishError extends Error {}

/** The files a release is made from; tests point these at broken copies. */
export interface ReleaseSources {
  chartDir: string;
  packageJson: string;
  changelog: string;
  license: string;
}

export const repoSources: ReleaseSources = {
  chartDir: join(packageRoot, 'chart'),
  packageJson: join(packageRoot, 'package.json'),
  changelog: join(packageRoot, 'CHANGELOG.md'),
  license: join(packageRoot, 'LICENSE'),
};

/** One entry of Artifact Hub's `artifacthub.io/changes` annotation. */
export interface Change {
  kind: 'added' | 'changed' | 'deprecated' | 'removed' | 'fixed' | 'security';
  description: string;
}

const CHANGE_KINDS = new Set<string>(['added', 'changed', 'deprecated', 'removed', 'fixed', 'security']);

/**
 * The changes listed under `## [<version>]` in a Keep a Changelog file, by heading; undefined when the version has
 * no section. Throws on a heading that is not one of the six kinds, or a section without entries.
 */
export function changelogSection(text: string, version: string): Change[] | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
  if (start < 0) return undefined;
  const changes: Change[] = [];
  let kind: string | undefined;
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
    const line = lines[i];
    const heading = /^### (.+)$/.exec(line);
    if (heading) {
      kind = heading[1].trim().toLowerCase();
      if (!CHANGE_KINDS.has(kind)) {
        throw new PublishError(
          `CHANGELOG.md:${i + 1}: "### ${heading[1]}" is not a change kind; use Added, Changed, Deprecated, Removed, Fixed or Security.`,
        );
      }
    } else if (line.startsWith('- ')) {
      if (!kind) throw new PublishError(`CHANGELOG.md:${i + 1}: an entry before any "### Added" (or other kind) heading.`);
      changes.push({ kind: kind as Change['kind'], description: line.slice(2).trim() });
    } else if (/^\s+\S/.test(line) && changes.length > 0) {
      changes[changes.length - 1].description += ` ${line.trim()}`;
    }
  }
  if (changes.length === 0) throw new PublishError(`CHANGELOG.md: the section of ${version} lists no change.`);
  return changes;
}

export interface Release {
  name: string;
  version: string;
  changes: Change[];
}

/** The chart's name and version, checked against package.json and CHANGELOG.md. */
export function readRelease(sources: ReleaseSources = repoSources): Release {
  const chart = parse(readFileSync(join(sources.chartDir, 'Chart.yaml'), 'utf8')) as { name?: unknown; version?: unknown };
  const npmPackage = JSON.parse(readFileSync(sources.packageJson, 'utf8')) as { version?: unknown };
  if (typeof chart.name !== 'string' || typeof chart.version !== 'string') {
    throw new PublishError(`${join(sources.chartDir, 'Chart.yaml')}: name and version must be strings.`);
  }
  if (chart.version !== npmPackage.version) {
    throw new PublishError(
      `Chart.yaml has version ${chart.version} and package.json has ${String(npmPackage.version)}: the chart and the ` +
        'package share one version. Set both to the version you release (see "Versions" in README.md).',
    );
  }
  const changes = changelogSection(readFileSync(sources.changelog, 'utf8'), chart.version);
  if (!changes) {
    throw new PublishError(`CHANGELOG.md has no section "## [${chart.version}]". Add one listing this release's changes.`);
  }
  return { name: chart.name, version: chart.version, changes };
}

/** Every file and folder under `dir`, deepest first. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [...walk(path), path] : [path];
  });
}

/** SOURCE_DATE_EPOCH (seconds), the reproducible-builds convention for the time stamped into archives. */
function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new PublishError(`SOURCE_DATE_EPOCH must be a number of seconds, not "${text}".`);
  return Number(text);
}

/**
 * A copy of the chart as it is published, in a new folder under `workDir`: the chart's files, LICENSE, and the
 * release's changes in Chart.yaml. With SOURCE_DATE_EPOCH set, every file carries that time.
 */
function stageChart(sources: ReleaseSources, release: Release, workDir: string, env: NodeJS.ProcessEnv): string {
  const staged = join(workDir, release.name);
  cpSync(sources.chartDir, staged, { recursive: true });
  cpSync(sources.license, join(staged, 'LICENSE'));
  const chartFile = join(staged, 'Chart.yaml');
  const chart = parseDocument(readFileSync(chartFile, 'utf8'));
  chart.setIn(['annotations', 'artifacthub.io/changes'], stringify(release.changes, { lineWidth: 0 }));
  writeFileSync(chartFile, chart.toString());
  const epoch = sourceDateEpoch(env);
  if (epoch !== undefined) for (const path of [...walk(staged), staged]) utimesSync(path, epoch, epoch);
  return staged;
}

async function helmOrFail(helm: Helm, args: string[], what: string, input?: string): Promise<string> {
  const result = await runHelm(helm, args, { input });
  if (result.exitCode !== 0) {
    throw new PublishError(`${what} failed (Helm at ${helm.bin}):\n${(result.stderr || result.stdout).trim()}`);
  }
  return `${result.stdout}${result.stderr}`;
}

/** `helm lint --strict`; any finding, an [INFO] included, is a failure. */
export async function lintChart(helm: Helm, chartDir: string): Promise<void> {
  const output = await helmOrFail(helm, ['lint', '--strict', '--', chartDir], 'helm lint --strict');
  const findings = output.split('\n').filter((line) => /^\[(INFO|WARNING|ERROR)\]/.test(line));
  if (findings.length > 0) {
    throw new PublishError(`helm lint --strict ${chartDir} has findings; a published chart has none:\n${findings.join('\n')}`);
  }
}

export interface PackageOptions {
  /** the folder the archive is written to (created when missing) */
  out: string;
  helm?: HelmMajor;
  sources?: ReleaseSources;
  env?: NodeJS.ProcessEnv;
}

export interface Packaged extends Release {
  archive: string;
}

/** Lints and packages the chart as it is published; returns the archive's path. */
export async function packageChart(options: PackageOptions): Promise<Packaged> {
  const sources = options.sources ?? repoSources;
  const release = readRelease(sources);
  const helm = helmFor(options.helm ?? PUBLISH_HELM);
  const workDir = mkdtempSync(join(tmpdir(), 'app-chart-package-'));
  try {
    const staged = stageChart(sources, release, workDir, options.env ?? process.env);
    await lintChart(helm, staged);
    mkdirSync(options.out, { recursive: true });
    await helmOrFail(helm, ['package', `--destination=${resolve(options.out)}`, '--', staged], 'helm package');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const archive = resolve(options.out, `${release.name}-${release.version}.tgz`);
  if (!existsSync(archive)) throw new PublishError(`helm package reported success but wrote no ${archive}.`);
  return { ...release, archive };
}

export interface IndexOptions {
  /** the folder holding the archives; index.yaml is written there */
  dir: string;
  /** the URL the folder is served at; without it, the index refers to the archives by relative URLs */
  url?: string;
  /** an index.yaml of earlier releases to keep entries from */
  merge?: string;
  helm?: HelmMajor;
}

/** `helm repo index`: writes <dir>/index.yaml listing every archive in the folder. */
export async function indexRepository(options: IndexOptions): Promise<string> {
  const args = ['repo', 'index'];
  if (options.url !== undefined) args.push(`--url=${checkUrl(options.url)}`);
  if (options.merge !== undefined) {
    if (!existsSync(options.merge)) throw new PublishError(`--merge ${options.merge}: no such file.`);
    args.push(`--merge=${resolve(options.merge)}`);
  }
  args.push('--', resolve(options.dir));
  await helmOrFail(helmFor(options.helm ?? PUBLISH_HELM), args, 'helm repo index');
  return join(resolve(options.dir), 'index.yaml');
}

function checkUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new PublishError(`--url must be the http(s) URL the repository is served at, e.g. ${PUBLISHED.repository}; got "${url}".`);
  }
  return url.replace(/\/+$/, '');
}

const OCI_REF = /^oci:\/\/([a-z0-9.-]+(?::\d+)?)(\/[a-z0-9._/-]*)?$/;

/** The registry host of an oci:// reference. */
function checkOciRef(ref: string): string {
  const match = OCI_REF.exec(ref);
  if (!match) throw new PublishError(`"${ref}" is not an OCI reference: give oci://<registry>/<path>, e.g. ${PUBLISHED.oci}.`);
  return match[1];
}

export interface PushOptions {
  archive: string;
  /** oci://<registry>[/<path>]; the chart lands at <ref>/<name>:<version> */
  ref: string;
  plainHttp?: boolean;
  /** log in with these for this push only (kept in a temporary registry config, deleted afterwards) */
  credentials?: { username: string; password: string };
  helm?: HelmMajor;
}

export interface Pushed {
  /** oci://<registry>/<path>/<name>:<version> */
  reference: string;
  digest: string;
}

/** `helm push` of an archive to an OCI registry, logged in with the given credentials or those Helm finds. */
export async function pushChart(options: PushOptions): Promise<Pushed> {
  const registry = checkOciRef(options.ref);
  const helm = helmFor(options.helm ?? PUBLISH_HELM);
  const plainHttp = options.plainHttp ? ['--plain-http'] : [];
  const loginDir = options.credentials ? mkdtempSync(join(tmpdir(), 'app-chart-login-')) : undefined;
  try {
    const registryConfig = loginDir ? [`--registry-config=${join(loginDir, 'config.json')}`] : [];
    if (options.credentials) {
      const { username, password } = options.credentials;
      await helmOrFail(
        helm,
        ['registry', 'login', `--username=${username}`, '--password-stdin', ...plainHttp, ...registryConfig, '--', registry],
        `helm registry login ${registry}`,
        password,
      );
    }
    const result = await runHelm(helm, ['push', ...plainHttp, ...registryConfig, '--', options.archive, options.ref.replace(/\/+$/, '')]);
    const output = `${result.stdout}${result.stderr}`;
    if (result.exitCode !== 0) {
      const denied = /\b(401|403|unauthorized|denied|credential)/i.test(output);
      throw new PublishError(
        `helm push to ${options.ref} failed:\n${output.trim()}` +
          (denied
            ? `\nLog in to ${registry}: pass --username <name> --password-stdin (the password or token on stdin), or run ` +
              `"docker login ${registry}" (Helm reads Docker's credentials).`
            : ''),
      );
    }
    const reference = /Pushed: (\S+)/.exec(output)?.[1];
    const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
    if (!reference || !digest) throw new PublishError(`helm push succeeded but printed no reference and digest:\n${output.trim()}`);
    return { reference: `oci://${reference}`, digest };
  } finally {
    if (loginDir) rmSync(loginDir, { recursive: true, force: true });
  }
}

export const DEFAULT_OUT = 'chart-packages';

function helmOption(value: string): HelmMajor {
  try {
    return parseHelmMajor(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Runs a check whose failure is a usage error (exit 2), not a failed publication. */
function asUsage(check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolveRead, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolveRead(text.replace(/\r?\n$/, '')));
    process.stdin.on('error', reject);
  });
}

function program(): Command {
  const cli = new Command('publish')
    .description('Package the chart and publish it to a Helm repository or an OCI registry.')
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

  cli
    .command('package')
    .description(
      `Lint and package the chart into <out>/<name>-<version>.tgz, then write <out>/index.yaml for every archive in <out>. ` +
        `Serve <out> at --url (e.g. ${PUBLISHED.repository}) and "helm repo add" it.`,
    )
    .option('-o, --out <dir>', 'folder for the archive and index.yaml', DEFAULT_OUT)
    .option('--url <url>', 'the URL <out> is served at (default: archives referred to by relative URLs)')
    .option('--merge <index.yaml>', 'keep the entries of this index of earlier releases')
    .option('--helm <major>', 'Helm 3 or 4 (4 packages reproducibly)', helmOption, PUBLISH_HELM)
    .action(async (options: { out: string; url?: string; merge?: string; helm: HelmMajor }) => {
      if (options.url !== undefined) asUsage(() => checkUrl(options.url!));
      if (options.merge !== undefined && !existsSync(options.merge))
        throw new InvalidArgumentError(`--merge ${options.merge}: no such file.`);
      const packaged = await packageChart({ out: options.out, helm: options.helm });
      const index = await indexRepository({ dir: options.out, url: options.url, merge: options.merge, helm: options.helm });
      console.log(`packaged ${packaged.name} ${packaged.version}: ${packaged.archive}\nindex: ${index}`);
    });

  cli
    .command('push')
    .description(`Lint and package the chart, then push it to an OCI registry, e.g. ${PUBLISHED.oci}.`)
    .argument('<oci-ref>', 'oci://<registry>/<path>; the chart lands at <oci-ref>/<name>:<version>')
    .option('--plain-http', 'talk to the registry over plain HTTP (a local test registry)')
    .option('-u, --username <name>', 'log in with this user and the password or token read from stdin (--password-stdin)')
    .option('--password-stdin', 'read the password or token from stdin')
    .option('--helm <major>', 'Helm 3 or 4 (4 packages reproducibly)', helmOption, PUBLISH_HELM)
    .action(async (ref: string, options: { plainHttp?: boolean; username?: string; passwordStdin?: boolean; helm: HelmMajor }) => {
      asUsage(() => checkOciRef(ref));
      if (Boolean(options.username) !== Boolean(options.passwordStdin)) {
        throw new InvalidArgumentError('--username and --password-stdin go together: the password or token is read from stdin.');
      }
      const credentials = options.username ? { username: options.username, password: await readStdin() } : undefined;
      const workDir = mkdtempSync(join(tmpdir(), 'app-chart-push-'));
      try {
        const packaged = await packageChart({ out: workDir, helm: options.helm });
        const pushed = await pushChart({ archive: packaged.archive, ref, plainHttp: options.plainHttp, credentials, helm: options.helm });
        console.log(`pushed ${packaged.name} ${packaged.version}: ${pushed.reference} (${pushed.digest})`);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
  return cli;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync();
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`publish: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof PublishError || error instanceof HelmError) {
      process.stderr.write(`publish: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
