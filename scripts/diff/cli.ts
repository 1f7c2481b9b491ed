// `app-chart diff`: runs the comparison and prints it in the chosen format; returns the exit status
// (0, or 1 with --exit-code when anything differs; 2 for a usage, config or git error, or a failed render).
import type { ChartFlags } from '../chart-flags.ts';
import { chartFromFlags } from '../chart-from-flags.ts';
import { ChartError } from '../chart-source.ts';
import { HelmError, helmNotice } from '../helm.ts';
import { ConfigError } from '../lint/config.ts';
import { UsageError } from '../lint/discover.ts';
import { withProgress } from '../lint/progress.ts';
import { diff, type DiffResult } from './index.ts';
import { toJson } from './json.ts';
import { toMarkdown } from './markdown.ts';
import { differs, toText } from './report.ts';

export interface DiffCliOptions {
  base?: string;
  /** --chart, --chart-version, --chart-repo */
  chart: ChartFlags;
  /** --base-chart, --base-chart-version, --base-chart-repo */
  baseChart: ChartFlags;
  format: 'text' | 'markdown' | 'json';
  config?: string;
  all: boolean;
  cache: boolean;
  exitCode: boolean;
}

export async function runDiff(paths: string[], options: DiffCliOptions): Promise<number> {
  let result: DiffResult;
  try {
    const chart = chartFromFlags(options.chart);
    const baseChart = chartFromFlags(options.baseChart, 'base-');
    result = await withProgress('diffing', (onProgress) =>
      diff({ paths, base: options.base, chart, baseChart, configFile: options.config, all: options.all, cache: options.cache, onProgress }),
    );
  } catch (error) {
    // exit status 1 means "something differs": a failure of any kind must not look like that
    const known = [UsageError, ConfigError, ChartError, HelmError].some((kind) => error instanceof kind);
    process.stderr.write(`app-chart diff: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`);
    return 2;
  }
  for (const helm of result.helms) {
    const notice = helmNotice(helm);
    if (notice) process.stderr.write(`${notice}\n`);
  }
  for (const note of result.notes) process.stderr.write(`app-chart diff: note: ${note}\n`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (options.format === 'markdown') process.stdout.write(toMarkdown(result));
  else process.stdout.write(toText(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  if (result.errors > 0) {
    process.stderr.write(
      `app-chart diff: ${result.errors} app × env${result.errors === 1 ? '' : 's'} could not be compared (see above).\n`,
    );
    return 2;
  }
  return options.exitCode && differs(result) ? 1 : 0;
}
