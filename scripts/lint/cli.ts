// `app-chart lint`: runs lint and prints the result in the chosen format; returns the exit status.
import { helmNotice } from '../helm.ts';
import { packageVersion } from '../install.ts';
import { lint, ConfigError, UsageError } from './index.ts';
import { progressBar } from './progress.ts';
import { toGithub, toJson, toSarif, toText } from './report.ts';
import { RULES } from './rules/index.ts';

export const FORMATS = ['text', 'json', 'github', 'sarif'] as const;

export interface LintCliOptions {
  format: (typeof FORMATS)[number];
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
  for (const helm of result.helms) {
    const notice = helmNotice(helm);
    if (notice) process.stderr.write(`${notice}\n`);
  }
  for (const note of result.notes) process.stderr.write(`app-chart lint: note: ${note}\n`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (options.format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(result, RULES, packageVersion()), null, 2)}\n`);
  else if (options.format === 'github') process.stdout.write(toGithub(result));
  else process.stdout.write(toText(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  return result.errors > 0 ? 1 : 0;
}
