// The two sides of a comparison: the working tree, and a base revision read out of git into a temporary
// folder (or the working tree again when only charts are compared), with the paths given mapped onto each.
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ChartSource } from '../chart-source.ts';
import { UsageError } from '../lint/discover.ts';
import { extractTree, resolveCommit, topLevel } from './git.ts';

export interface SideInfo {
  /** "main (1a2b3c4)", "working tree" */
  label: string;
  revision?: string;
  commit?: string;
  /**
   * the charts its app × envs render with: "app-chart 0.2.0 (oci://…:0.2.0 (named by app-chart.config.yaml))";
   * several joined by "; "
   */
  chart: string;
}

export interface Side {
  info: SideInfo;
  /** the top of the files: the git work tree, or the folder the base revision was read into */
  top: string;
  /** whether what it renders must lie inside `top` (always, but outside a git repository) */
  confined: boolean;
  /** the chart given on the command line for this side, if one was */
  chart?: ChartSource;
  /** where the paths of its ArgoCD Applications start, when not at the git repository above its config */
  repoRoot?: string;
  /** the paths given, as they lie on this side */
  paths: string[];
  /** --config, as it lies on this side (undefined: each path's nearest config) */
  configFile?: string;
  /** turns paths in messages into what a person can find: "main:apps/x/..." for a base revision */
  display: (text: string) => string;
}

export interface Sides {
  base: Side;
  head: Side;
  /** removes the base revision's temporary folder */
  close: () => void;
}

const replaceAll = (text: string, from: string, to: string) => text.split(from).join(to);

/** A path with symbolic links resolved as far as it exists (an app removed from the working tree does not). */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), relative(parent, path));
}

const nearestExisting = (path: string): string => (existsSync(path) || dirname(path) === path ? path : nearestExisting(dirname(path)));

export interface SideOptions {
  paths: string[];
  base?: string;
  configFile?: string;
  chart?: ChartSource;
  baseChart?: ChartSource;
}

/** The working tree and the base: read out of git for --base, else the working tree once more. */
export async function openSides(options: SideOptions): Promise<Sides> {
  const cwd = process.cwd();
  // git names the top of the work tree with links resolved; so are the paths, to be compared with it
  const paths = options.paths.map((p) => realPath(resolve(p)));
  // a path removed from the working tree is looked up in git from the nearest folder of it that is left
  const start = paths.length ? nearestExisting(paths.find(existsSync) ?? paths[0]) : cwd;
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  const configFile = options.configFile ? resolve(options.configFile) : undefined;

  if (!options.base) {
    const top = await topLevel(startDir).catch(() => undefined);
    const side = (chart?: ChartSource): Side => ({
      info: { label: 'working tree', chart: '' },
      top: top ?? startDir,
      confined: top !== undefined,
      chart,
      paths,
      configFile,
      display: (t) => t,
    });
    return { base: side(options.baseChart), head: side(options.chart), close: () => {} };
  }

  const top = await topLevel(startDir);
  for (const path of paths) {
    if (path !== top && !path.startsWith(top + sep)) {
      throw new UsageError(`${relative(cwd, path) || path}: not inside the git repository at ${top}; give paths of one repo.`);
    }
  }
  const commit = await resolveCommit(top, options.base);
  const temp = mkdtempSync(join(tmpdir(), 'app-chart-diff-'));
  const close = () => rmSync(temp, { recursive: true, force: true });
  try {
    const tree = join(temp, 'tree');
    await extractTree(top, commit, tree);
    const onBase = (path: string) => join(tree, relative(top, path));
    // --config outside the repo applies to both sides; inside it, the base uses its own copy, if it has one
    const baseConfig = configFile?.startsWith(top + sep) ? (existsSync(onBase(configFile)) ? onBase(configFile) : undefined) : configFile;
    const revision = options.base;
    // the longer first: a path relative to the working directory may end with the absolute one
    const shown = [`${tree}${sep}`, `${relative(cwd, tree)}${sep}`].sort((a, b) => b.length - a.length);
    const base: Side = {
      info: { label: `${revision} (${commit.slice(0, 7)})`, revision, commit, chart: '' },
      top: tree,
      confined: true,
      chart: options.baseChart,
      // the revision's files are the repository's, without its .git
      repoRoot: tree,
      paths: paths.map(onBase),
      configFile: baseConfig,
      display: (text) => shown.reduce((t, prefix) => replaceAll(t, prefix, `${revision}:`), text),
    };
    const head: Side = {
      info: { label: 'working tree', chart: '' },
      top,
      confined: true,
      chart: options.chart,
      paths,
      configFile,
      display: (t) => t,
    };
    return { base, head, close };
  } catch (error) {
    close();
    throw error;
  }
}
