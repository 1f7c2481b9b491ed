// `app-chart lint`: runs lint and prints the result in the chosen format; returns the exit status. Every way
// lint can end gives its documented status (0 clean, 1 findings at error severity, 2 lint could not run),
// and under --format json a JSON document: the report, or an error report (docs/lint-report.schema.json).
import { HelmError, helmNotice } from '../helm.ts';
import { packageVersion } from '../install.ts';
import { lint, report, ConfigError, UsageError, type LintResult } from './index.ts';
import { progressBar } from './progress.ts';
import { toGithub, toGithubError, toJson, toJsonError, toSarif, toSarifError, toText, type LintErrorKind } from './report.ts';
import { RULES } from './rules/index.ts';
import { mergeShards, parseShard, readShardReport } from './shard.ts';
import { YamlLimitsError } from './yaml.ts';
import type { LintFormat } from './formats.ts';

export interface LintCliOptions {
  format: LintFormat;
  config?: string;
  cache: boolean;
  /** "<index>/<count>" */
  shard?: string;
}

/** The kind of an error that stopped lint, and its message for the user. */
function classify(error: unknown): { kind: LintErrorKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) return { kind: 'usage', message };
  if (error instanceof ConfigError) return { kind: 'config', message };
  if (error instanceof HelmError || error instanceof YamlLimitsError) return { kind: 'environment', message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // a file system error lint did not foresee: the path and the reason are in the message
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { kind: 'environment', message };
  return {
    kind: 'internal',
    message: `${message} (an internal error of app-chart lint; please report it with the command that caused it)`,
  };
}

/**
 * Prints an error that stopped lint in the chosen format (on stderr too, unless it is already there); the exit
 * status is 2.
 */
export function reportLintError(
  format: LintCliOptions['format'],
  kind: LintErrorKind,
  message: string,
  stack?: string,
  onStderr = false,
): number {
  if (!onStderr) process.stderr.write(`app-chart lint: ${message}\n${kind === 'internal' && stack ? `${stack}\n` : ''}`);
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJsonError(kind, message), null, 2)}\n`);
  else if (format === 'github') process.stdout.write(toGithubError(message));
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarifError(message, packageVersion()), null, 2)}\n`);
  return 2;
}

export async function runLint(paths: string[], options: LintCliOptions): Promise<number> {
  const progress = progressBar();
  let result: LintResult;
  try {
    result = await lint({
      paths,
      configFile: options.config,
      cache: options.cache,
      shard: options.shard === undefined ? undefined : parseShard(options.shard),
      onProgress: (done, total, label) => progress?.update(done, total, label),
      onWarning: (message) => process.stderr.write(`app-chart lint: ${message}\n`),
    });
  } catch (error) {
    progress?.stop();
    const { kind, message } = classify(error);
    return reportLintError(options.format, kind, message, (error as Error | undefined)?.stack);
  } finally {
    progress?.stop();
  }
  for (const helm of result.helms) {
    const notice = helmNotice(helm);
    if (notice) process.stderr.write(`${notice}\n`);
  }
  if (result.shard) {
    const { index, count, rows, targets } = result.shard;
    process.stderr.write(
      `app-chart lint: shard ${index}/${count}: ${rows.length} of ${targets.length} app × envs; the checks across apps run in ` +
        `app-chart lint merge\n`,
    );
  }
  return printResult(result, options.format);
}

/** `app-chart lint merge`: the report of one full run from the JSON reports of every shard. */
export async function runLintMerge(files: string[], options: Pick<LintCliOptions, 'format'>): Promise<number> {
  let result: LintResult;
  try {
    result = mergeShards(
      files.map((file) => ({ file, record: readShardReport(file) })),
      report,
    );
  } catch (error) {
    const { kind, message } = classify(error);
    return reportLintError(options.format, kind, message, (error as Error | undefined)?.stack);
  }
  return printResult(result, options.format);
}

/** Prints the notes and the report in the format asked for; returns the exit status. */
function printResult(result: LintResult, format: LintCliOptions['format']): number {
  for (const note of result.notes) process.stderr.write(`app-chart lint: note: ${note}\n`);
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(result, RULES, packageVersion()), null, 2)}\n`);
  else if (format === 'github') process.stdout.write(toGithub(result));
  else process.stdout.write(toText(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  return result.errors > 0 ? 1 : 0;
}
