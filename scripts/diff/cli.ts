// `app-chart diff`: runs the comparison and prints it in the chosen format; returns the exit status
// (0, or 1 with --exit-code when anything differs; 2 for a usage, config or git error, or a failed render).
import { ConfigError } from '../lint/config.ts';
import { UsageError } from '../lint/discover.ts';
import { withProgress } from '../lint/progress.ts';
import { diff } from './index.ts';
import { toJson } from './json.ts';
import { toMarkdown } from './markdown.ts';
import { differs, toText } from './report.ts';

export interface DiffCliOptions {
  base?: string;
  chart?: string;
  baseChart?: string;
  format: 'text' | 'markdown' | 'json';
  config?: string;
  all: boolean;
  cache: boolean;
  exitCode: boolean;
}

export async function runDiff(paths: string[], options: DiffCliOptions): Promise<number> {
  let result;
  try {
    result = await withProgress('diffing', (onProgress) =>
      diff({ paths, base: options.base, chart: options.chart, baseChart: options.baseChart, configFile: options.config, all: options.all, cache: options.cache, onProgress }),
    );
  } catch (error) {
    // exit status 1 means "something differs": a failure of any kind must not look like that
    const known = error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(`app-chart diff: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (options.format === 'markdown') process.stdout.write(toMarkdown(result));
  else process.stdout.write(toText(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  if (result.errors > 0) {
    process.stderr.write(`app-chart diff: ${result.errors} app × env${result.errors === 1 ? '' : 's'} could not be compared (see above).\n`);
    return 2;
  }
  return options.exitCode && differs(result) ? 1 : 0;
}
