// The chart that --chart, --chart-version and --chart-repo (or their `base-` forms) name, checked.
import { flagNames, type ChartFlags } from './chart-flags.ts';
import { givenChart, type ChartSource } from './chart-source.ts';
import { UsageError } from './lint/discover.ts';

/**
 * The chart the flags name, checked (a path is resolved against the working directory); undefined without
 * --chart. Throws UsageError for flags that do not go together, ChartError for a chart that cannot be one.
 */
export function chartFromFlags(flags: ChartFlags, prefix = ''): ChartSource | undefined {
  const flag = flagNames(prefix);
  const { chart, chartVersion: version, chartRepo: repo } = flags;
  if (!chart) {
    if (version || repo)
      throw new UsageError(`${flag.version} and ${flag.repo} need ${flag.chart} (the chart name, or an oci:// reference)`);
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
