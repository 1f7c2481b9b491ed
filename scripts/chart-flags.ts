// The chart a command line names: --chart (a folder, a .tgz, an oci:// reference, or a chart name with
// --chart-repo) and --chart-version. `render` takes them, and `diff` takes them twice: for the working tree, and
// with a `base-` prefix for the base.
import type { Command } from 'commander';
import { givenChart, type ChartSource } from './chart-source.ts';
import { UsageError } from './lint/discover.ts';

/** The values of the three flags, as commander gives them. */
export interface ChartFlags {
  chart?: string;
  chartVersion?: string;
  chartRepo?: string;
}

const flagNames = (prefix: string) => ({ chart: `--${prefix}chart`, version: `--${prefix}chart-version`, repo: `--${prefix}chart-repo` });

/** Adds --<prefix>chart, --<prefix>chart-version and --<prefix>chart-repo; `what` says what the chart is for. */
export function addChartOptions(command: Command, what: string, prefix = ''): Command {
  const flag = flagNames(prefix);
  return command
    .option(
      `${flag.chart} <chart>`,
      `${what}: a folder or .tgz, an oci:// reference (with ${flag.version}), or a chart name (with ${flag.repo} and ${flag.version})`,
    )
    .option(`${flag.version} <version>`, `exact version of an oci:// or repository chart`)
    .option(`${flag.repo} <url>`, `URL of the Helm repository that holds ${flag.chart}`);
}

/** The flags' values under the names commander gives options with a prefix (baseChart, baseChartVersion, ...). */
export function chartFlagsOf(options: Record<string, unknown>, prefix = ''): ChartFlags {
  const key = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  const value = (name: string) => options[key(name)] as string | undefined;
  return { chart: value('chart'), chartVersion: value('chartVersion'), chartRepo: value('chartRepo') };
}

/**
 * The chart the flags name, checked (a path is resolved against the working directory); undefined without
 * --chart. Throws UsageError for flags that do not go together, ChartError for a chart that cannot be one.
 */
export function chartFromFlags(flags: ChartFlags, prefix = ''): ChartSource | undefined {
  const flag = flagNames(prefix);
  const { chart, chartVersion: version, chartRepo: repo } = flags;
  if (!chart) {
    if (version || repo) throw new UsageError(`${flag.version} and ${flag.repo} need ${flag.chart} (the chart name, or an oci:// reference)`);
    return undefined;
  }
  if (repo) {
    if (!version) throw new UsageError(`${flag.repo} needs ${flag.version}: app-chart checks one exact chart version`);
    return givenChart({ kind: 'repo', repo, name: chart, version }, flag.chart);
  }
  if (chart.startsWith('oci://')) {
    if (!version) throw new UsageError(`an oci:// chart needs ${flag.version}`);
    return givenChart({ kind: 'oci', ref: chart, version }, flag.chart);
  }
  if (version) throw new UsageError(`${flag.version} is for an oci:// chart or a ${flag.repo} chart, not a chart folder or archive`);
  return givenChart(chart, flag.chart);
}
