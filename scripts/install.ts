// Where the toolkit is installed: its root (a clone of this repo, or node_modules/app-chart in a
// deployment repo), its version, the chart it bundles, and the cache folder it may write to.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the toolkit's package.json, whether this module runs as TypeScript or compiled. */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'chart', 'Chart.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`app-chart: no package root above ${from}; the installation is damaged, reinstall app-chart`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Environment variables (process.env, or what a test gives), typed without Node's types for the API's users. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The chart the package ships: what render and lint use when nothing else names a chart. */
export const bundledChartDir = join(packageRoot, 'chart');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

const writable = (dir: string) => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The node_modules folder the package is installed in (node_modules/app-chart, or a scope folder below
 * one), or the package's own node_modules in a clone of this repo.
 */
function nodeModulesOf(root: string): string | undefined {
  const parent = dirname(root);
  if (basename(parent) === 'node_modules') return parent;
  if (basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules') return dirname(parent);
  const own = join(root, 'node_modules');
  return existsSync(own) ? own : undefined;
}

/**
 * The folder for extracted Helm binaries, pulled charts and lint results: APP_CHART_CACHE_DIR when set;
 * else node_modules/.cache/app-chart of the project that installed the package (never the package folder
 * itself, which may be read-only); else, when that node_modules cannot be written (a global install), the
 * user's cache folder (XDG_CACHE_HOME, or ~/.cache). `canWrite` answers whether this process may write in a folder.
 */
export function cacheDirFor(env: Environment = process.env, root = packageRoot, canWrite = writable): string {
  if (env.APP_CHART_CACHE_DIR) return resolve(env.APP_CHART_CACHE_DIR);
  const nodeModules = nodeModulesOf(root);
  if (nodeModules && canWrite(nodeModules)) return join(nodeModules, '.cache', 'app-chart');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'app-chart');
}

export const cacheDir = cacheDirFor();
