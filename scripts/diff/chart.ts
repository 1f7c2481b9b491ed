// Which chart a revision of a deployment repo deploys, and charts named on the command line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chartDir } from '../render.ts';
import type { LintConfig } from '../lint/config.ts';
import { UsageError } from '../lint/discover.ts';
import { parse } from 'yaml';

export interface Chart {
  /** a chart folder or a packaged chart (.tgz), as `helm template` takes it */
  path: string;
  /** how to name it to a person: "chart/ of the repo", "the bundled chart", the --chart value */
  label: string;
}

/** One revision of the repo: the folder its files are in and the config of the apps being compared. */
export interface RevisionFiles {
  /** the top of the revision's files: the git work tree, or the folder a base revision was read into */
  top: string;
  config: LintConfig;
}

const isChartDir = (dir: string) => existsSync(join(dir, 'Chart.yaml')) && statSync(dir).isDirectory();

/** "app 0.1.0" from a chart folder's Chart.yaml, when it says so. */
function nameAndVersion(dir: string): string | undefined {
  try {
    const chart = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown; version?: unknown } | null;
    return typeof chart?.name === 'string' && chart.version !== undefined ? `${chart.name} ${String(chart.version)}` : undefined;
  } catch {
    return undefined;
  }
}

const labelled = (path: string, what: string): Chart => {
  const version = statSync(path).isDirectory() ? nameAndVersion(path) : undefined;
  return { path, label: version ? `${what} (${version})` : what };
};

/**
 * The chart a revision deploys: a `chart/` folder vendored beside the config (the repo root), else one at the
 * top of the repo, else the chart bundled with this toolkit.
 */
export function chartOf(revision: RevisionFiles): Chart {
  for (const dir of [join(revision.config.root, 'chart'), join(revision.top, 'chart')]) {
    if (isChartDir(dir)) return labelled(dir, 'chart/ of the repo');
  }
  return labelled(chartDir, 'the bundled chart');
}

/** A chart given as --chart or --base-chart: a chart folder or a .tgz file, relative to the working directory. */
export function chartFromOption(value: string, option: string): Chart {
  const path = resolve(value);
  if (!existsSync(path)) throw new UsageError(`${option} ${value}: no such chart folder or file.`);
  if (statSync(path).isDirectory()) {
    if (!isChartDir(path)) throw new UsageError(`${option} ${value}: not a chart folder (it holds no Chart.yaml).`);
  } else if (!/\.(tgz|tar\.gz)$/.test(path)) {
    throw new UsageError(`${option} ${value}: give a chart folder (with Chart.yaml) or a packaged chart (.tgz).`);
  }
  return labelled(path, value);
}
