// The chart a command line names: --chart (a folder, a .tgz, an oci:// reference, or a chart name with
// --chart-repo) and --chart-version. `render` takes them, and `diff` takes them twice: for the working tree, and
// with a `base-` prefix for the base. Commander only: the command line is defined without loading what the flags name
// (chart-from-flags.ts checks them).
import type { Command } from 'commander';

/** The values of the three flags, as commander gives them. */
export interface ChartFlags {
  chart?: string;
  chartVersion?: string;
  chartRepo?: string;
}

export const flagNames = (prefix: string) => ({
  chart: `--${prefix}chart`,
  version: `--${prefix}chart-version`,
  repo: `--${prefix}chart-repo`,
});

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
