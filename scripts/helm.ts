// The Helm that renders: a pinned binary (Linux x86-64) shipped with the package and extracted once into
// the cache, or, on other platforms or when asked, a Helm from HELM_BIN or PATH; always run with private
// HELM_* homes so no user config leaks into a render.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { DEFAULT_HELM, HelmError, PINNED, type HelmMajor, type PinnedHelm } from './helm-pins.ts';
import { cacheDir, packageRoot, type Environment } from './install.ts';
import { writeFileAtomic } from './write-file.ts';

export { DEFAULT_HELM, HelmError, parseHelmMajor, PINNED, type HelmMajor } from './helm-pins.ts';

/** The only platform the pinned binaries exist for (Node's process.platform and process.arch). */
export const PINNED_PLATFORM = { platform: 'linux', arch: 'x64' } as const;

export const CARRIER_ZIP_ENTRY = 'helm/helm';

/** The packed binaries: written by scripts/pack-helm.ts when the package is built, read on first use. */
export const PACKED_HELM_DIR = join(packageRoot, 'helm');
export interface PackedHelm {
  version: string;
  platform: string;
  arch: string;
  /** brotli-compressed binary, relative to PACKED_HELM_DIR */
  file: string;
  /** SHA-256 of the binary itself (not of the compressed file) */
  sha256: string;
  size: number;
}

const cacheRoot = cacheDir;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The binary from the package's helm/ folder (`dir`), checked against the SHA-256 recorded when it was packed;
 * undefined when the folder holds no binary of that version (a clone, or another platform's package).
 */
export function packedBinary(pin: PinnedHelm, dir = PACKED_HELM_DIR): Uint8Array | undefined {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { binaries: PackedHelm[] };
  const entry = manifest.binaries.find((b) => b.version === pin.version);
  if (!entry) return undefined;
  const binary = brotliDecompressSync(readFileSync(join(dir, entry.file)));
  if (sha256(binary) !== entry.sha256) {
    throw new HelmError(
      `${join(dir, entry.file)} does not hold the Helm ${pin.version} it was packed with (SHA-256 differs); reinstall app-chart.`,
    );
  }
  return binary;
}

/** The binary from the carrier package's zip: how a clone of this repo gets it (they are dev dependencies). */
export function carrierBinary(pin: PinnedHelm): Uint8Array | undefined {
  const require = createRequire(import.meta.url);
  let zipPath: string;
  try {
    zipPath = require.resolve(`${pin.carrier}/lib/layer.zip`);
  } catch {
    return undefined;
  }
  // loaded here, not at the top: only a clone's first use ever reads a zip
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const binary = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === CARRIER_ZIP_ENTRY })[CARRIER_ZIP_ENTRY];
  if (!binary) throw new HelmError(`${zipPath} holds no ${CARRIER_ZIP_ENTRY}; reinstall ${pin.carrier}.`);
  return binary;
}

/** Extracts the pinned binary into the cache folder `cacheRoot` on first use; later calls only stat the cached file. */
export function extractPinned(major: HelmMajor, cacheRoot = cacheDir): string {
  const pin = PINNED[major];
  const target = join(cacheRoot, `helm-${pin.version}`, 'helm');
  // a cache restored without its file modes (a CI cache step) holds a binary that cannot run: extracted again
  if (isExecutable(target)) return target;
  const binary = packedBinary(pin) ?? carrierBinary(pin);
  if (!binary) {
    throw new HelmError(
      `Helm ${pin.version} is not in this installation of app-chart (${packageRoot}): reinstall it ` +
        '(in a clone of its repo: "npm ci"), or point HELM_BIN at a Helm binary.',
    );
  }
  // concurrent first uses (parallel test workers) never see half a binary
  writeFileAtomic(target, binary, 0o755);
  return target;
}

/** Helm homes inside the cache: renders never read or write the user's repositories or plugins. */
function helmEnv(): Record<string, string> {
  const home = join(cacheRoot, 'helm-home');
  return {
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}

/**
 * The Go runtime's settings for one Helm run, unless the caller set them: a `helm template` is a short burst of
 * allocation, and with Go's default (a collection each time the heap doubles) a render spends up to a quarter of
 * its CPU collecting garbage it is about to drop at exit. GOGC=400 lets the heap grow to five times what is live
 * before a collection: 16-27% less CPU per render, 35 MB more memory for 4000 custom resources (measured in
 * docs/performance.md). GOMEMLIMIT, at 60% of the memory bound, makes Go collect sooner than the bound kills it.
 */
export function goRuntime(env: Environment, bounds: HelmBounds): Record<string, string> {
  const settings: Record<string, string> = {};
  if (!env.GOGC) settings.GOGC = '400';
  if (!env.GOMEMLIMIT && Number.isFinite(bounds.memoryBytes)) {
    settings.GOMEMLIMIT = `${Math.floor((bounds.memoryBytes * 0.6) / 2 ** 20)}MiB`;
  }
  return settings;
}

export interface Helm {
  bin: string;
  /** the major version of the binary (for a Helm found on PATH or HELM_BIN: the one it reports) */
  major: HelmMajor;
  /** e.g. "v4.1.4" */
  version: string;
  /** pinned: shipped with app-chart; HELM_BIN or PATH: found on this machine */
  source: 'pinned' | 'HELM_BIN' | 'PATH';
  /** true when the binary is not the pinned one */
  external: boolean;
  /** the major version asked for (--helm, or the config's helm) */
  requested: HelmMajor;
}

export interface HelmHost {
  platform: string;
  arch: string;
}

const thisHost: HelmHost = { platform: process.platform, arch: process.arch };
const hasPinned = (host: HelmHost) => host.platform === PINNED_PLATFORM.platform && host.arch === PINNED_PLATFORM.arch;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named helm on PATH. */
function helmOnPath(env: Environment, host: HelmHost): string | undefined {
  const names = host.platform === 'win32' ? ['helm.exe', 'helm.cmd', 'helm'] : ['helm'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const name of names) {
      const file = join(dir, name);
      try {
        if (statSync(file).isFile() && isExecutable(file)) return file;
      } catch {
        // not there: keep looking
      }
    }
  }
  return undefined;
}

const probed = new Map<string, string>();

/** The version a Helm binary reports ("v3.14.2"), asked once per binary and process. */
function probeVersion(bin: string, source: string): string {
  const key = `${bin}\0${statSync(bin).mtimeMs}`;
  let version = probed.get(key);
  if (version) return version;
  let out = '';
  try {
    out = execFileSync(bin, ['version', '--template', '{{.Version}}'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ...helmEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new HelmError(`the Helm at ${bin} (${source}) does not run: ${(error as Error).message.split('\n')[0]}`);
  }
  version = out.trim();
  if (!/^v\d+\.\d+\.\d+/.test(version))
    throw new HelmError(`the Helm at ${bin} (${source}) reports no version ("helm version" said "${version}")`);
  probed.set(key, version);
  return version;
}

function external(bin: string, source: 'HELM_BIN' | 'PATH', requested: HelmMajor): Helm {
  const version = probeVersion(bin, source);
  const major = Number(/^v(\d+)/.exec(version)![1]);
  if (major !== 3 && major !== 4) {
    throw new HelmError(
      `the Helm at ${bin} (${source}) is ${version}; app-chart needs Helm 3 or 4 (it is tested with ${PINNED[3].version} and ` +
        `${PINNED[4].version}).`,
    );
  }
  return { bin, major: major as HelmMajor, version, source, external: true, requested };
}

/**
 * The Helm to run: HELM_BIN when set; else the pinned binary of the asked major version where one exists
 * for this platform (Linux x86-64); else the first helm on PATH. `host` is the platform to decide for
 * (tests pass another one).
 */
export function helmFor(major: HelmMajor = DEFAULT_HELM, env: Environment = process.env, host: HelmHost = thisHost): Helm {
  const override = env.HELM_BIN;
  if (override) {
    if (!existsSync(override)) {
      throw new HelmError(`HELM_BIN is set to "${override}", which does not exist. Unset it to use the pinned Helm.`);
    }
    return external(override, 'HELM_BIN', major);
  }
  if (hasPinned(host)) {
    return { bin: extractPinned(major), major, version: PINNED[major].version, source: 'pinned', external: false, requested: major };
  }
  const found = helmOnPath(env, host);
  if (!found) {
    throw new HelmError(
      `no Helm for ${host.platform}-${host.arch}: the Helm binaries app-chart ships (${PINNED[3].version}, ${PINNED[4].version}) ` +
        `run on Linux x86-64 only. Install Helm ${PINNED[major].version.replace(/^v(\d+\.\d+).*/, '$1')} and put it on PATH, ` +
        'or set HELM_BIN to its path.',
    );
  }
  return external(found, 'PATH', major);
}

/**
 * What to tell the user about a Helm that is not the pinned one: which binary and version, and a warning
 * when its major or minor version differs from the pinned Helm of the asked major version.
 */
export function helmNotice(helm: Helm): string | undefined {
  if (!helm.external) return undefined;
  const pinned = PINNED[helm.requested].version;
  const minor = (v: string) => /^v(\d+\.\d+)/.exec(v)![1];
  const lines = [`app-chart: using Helm ${helm.version} at ${helm.bin} (${helm.source === 'PATH' ? 'found on PATH' : 'from HELM_BIN'})`];
  if (minor(helm.version) !== minor(pinned)) {
    lines.push(
      `app-chart: warning: Helm ${helm.version} is not the ${minor(pinned)} app-chart pins for --helm ${helm.requested} (${pinned}); ` +
        'renders and schema checks may differ from those of the pinned Helm',
    );
  }
  return lines.join('\n');
}

/** What identifies the Helm's behaviour, for cache keys: the pinned version, or the binary and its version. */
export function helmIdentity(helm: Helm): string {
  if (!helm.external) return `pinned-${helm.version}`;
  const stat = statSync(helm.bin);
  return `${helm.source}:${helm.bin}:${helm.version}:${stat.size}:${stat.mtimeMs}`;
}

export interface HelmResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What one Helm run may take; a run beyond any of them is killed and fails with HelmLimitError. */
export interface HelmBounds {
  /** wall-clock time */
  timeoutMs: number;
  /** resident memory of the Helm process, checked every 100 ms where /proc exists (Linux) */
  memoryBytes: number;
  /** stdout and stderr, each */
  outputBytes: number;
}

export const DEFAULT_BOUNDS: HelmBounds = { timeoutMs: 120_000, memoryBytes: 1024 * 2 ** 20, outputBytes: 64 * 2 ** 20 };

/** For a Helm command a person typed (`app-chart helm -- install --wait ...`): no bound but setTimeout's longest. */
export const UNBOUNDED: HelmBounds = { timeoutMs: 2 ** 31 - 1, memoryBytes: Infinity, outputBytes: Infinity };

/** The environment variables that change the bounds, with the unit each is given in. */
export const BOUND_VARIABLES = {
  APP_CHART_HELM_TIMEOUT: { bound: 'timeoutMs', unit: 1000, unitName: 'seconds' },
  APP_CHART_HELM_MEMORY: { bound: 'memoryBytes', unit: 2 ** 20, unitName: 'megabytes' },
  APP_CHART_HELM_OUTPUT: { bound: 'outputBytes', unit: 2 ** 20, unitName: 'megabytes' },
} as const;

/** The bounds of every Helm run: the defaults, changed by APP_CHART_HELM_TIMEOUT, _MEMORY and _OUTPUT. */
export function helmBounds(env: Environment = process.env): HelmBounds {
  const bounds = { ...DEFAULT_BOUNDS };
  for (const [name, { bound, unit, unitName }] of Object.entries(BOUND_VARIABLES)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new HelmError(`${name} must be a positive number of ${unitName}, not "${text}"`);
    bounds[bound] = Math.round(value * unit);
  }
  return bounds;
}

/** Helm ran longer, used more memory or printed more than its bounds allow, and was stopped. */
export class HelmLimitError extends HelmError {}

const describeBound = {
  timeoutMs: (b: HelmBounds) => `did not finish within ${b.timeoutMs / 1000} s (APP_CHART_HELM_TIMEOUT, in seconds)`,
  memoryBytes: (b: HelmBounds) =>
    `used more than ${Math.round(b.memoryBytes / 2 ** 20)} MB of memory (APP_CHART_HELM_MEMORY, in megabytes)`,
  outputBytes: (b: HelmBounds) => `printed more than ${Math.round(b.outputBytes / 2 ** 20)} MB (APP_CHART_HELM_OUTPUT, in megabytes)`,
};

/** Resident memory of a process, from /proc; undefined where there is no /proc or the process is gone. */
function residentBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

// node:child_process rather than execa: this runs once per render, and execa's modules take longer to
// load than a warm lint takes to check an unchanged repo.
/**
 * Runs Helm with the given arguments, within `bounds` (default: helmBounds()), and with `isolated`, without the
 * caller's HELM_* variables. Resolves with its exit code
 * and output; rejects with HelmError when it cannot be run or is killed by a signal, and with
 * HelmLimitError when it exceeds a bound (it is then killed).
 */
export function runHelm(
  helm: Helm,
  args: string[],
  options: { input?: string; bounds?: HelmBounds; isolated?: boolean } = {},
): Promise<HelmResult> {
  const bounds = options.bounds ?? helmBounds();
  // isolated: none of the caller's HELM_* variables (HELM_DRIVER=sql makes `helm template` dial a database)
  const inherited = options.isolated
    ? Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HELM_')))
    : process.env;
  return new Promise((resolveRun, reject) => {
    const env = { ...inherited, ...helmEnv(), ...goRuntime(inherited, bounds) };
    const child = spawn(helm.bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const output = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    let exceeded: keyof HelmBounds | undefined;
    let spawnError: Error | undefined;
    const stop = (bound: keyof HelmBounds) => {
      if (exceeded) return;
      exceeded = bound;
      child.kill('SIGKILL');
      // a process it started may still hold the pipes open: stop reading them
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timer = setTimeout(() => stop('timeoutMs'), bounds.timeoutMs);
    const watch = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > bounds.memoryBytes) stop('memoryBytes');
    }, 100);
    watch.unref();
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        sizes[stream] += chunk.length;
        if (sizes[stream] > bounds.outputBytes) stop('outputBytes');
        else output[stream].push(chunk);
      });
    }
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      if (exceeded) {
        reject(new HelmLimitError(`Helm ${describeBound[exceeded](bounds)} and was stopped`));
        return;
      }
      if (spawnError || code === null) {
        const cause = spawnError ? spawnError.message : `killed by ${signal}`;
        reject(
          new HelmError(
            `cannot run Helm at ${helm.bin}: ${cause}\n` +
              {
                HELM_BIN: 'Check HELM_BIN, or unset it to use the pinned Helm.',
                PATH: 'Check the helm found on PATH, or set HELM_BIN.',
                pinned: 'Reinstall app-chart.',
              }[helm.source],
          ),
        );
        return;
      }
      resolveRun({
        exitCode: code,
        stdout: Buffer.concat(output.stdout).toString('utf8'),
        stderr: Buffer.concat(output.stderr).toString('utf8'),
      });
    });
    // a Helm that exits without reading its input is answered by 'close', not by a pipe error
    child.stdin.on('error', () => {}).end(options.input);
  });
}

/** The version a binary reports, e.g. "v3.18.0"; fails clearly when the binary does not run. */
export async function helmVersion(helm: Helm): Promise<string> {
  const { exitCode, stdout, stderr } = await runHelm(helm, ['version', '--template', '{{.Version}}']);
  if (exitCode !== 0 || !/^v\d+\.\d+\.\d+/.test(stdout.trim())) {
    throw new HelmError(`Helm at ${helm.bin} does not work ("helm version" said: ${(stderr || stdout).trim()})`);
  }
  return stdout.trim();
}
