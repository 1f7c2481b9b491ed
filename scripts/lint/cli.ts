// `app-chart lint`: runs lint and prints the result in the chosen format; returns the exit status.
import { lint, ConfigError, UsageError } from './index.ts';
import { progressBar } from './progress.ts';
import { toGithub, toJson, toText } from './report.ts';

export interface LintCliOptions {
  format: 'text' | 'json' | 'github';
  config?: string;
  cache: boolean;
}

export async function runLint(paths: string[], options: LintCliOptions): Promise<number> {
  const progress = progressBar();
  let result;
  try {
    result = await lint({
      paths,
      configFile: options.config,
      cache: options.cache,
      onProgress: (done, total, label) => progress?.update(done, total, label),
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      progress?.stop();
      process.stderr.write(`app-chart lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    progress?.stop();
  }
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (options.format === 'github') process.stdout.write(toGithub(result));
  else process.stdout.write(toText(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  return result.errors > 0 ? 1 : 0;
}
