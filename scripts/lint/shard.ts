// Lint split across CI jobs. `--shard <i>/<n>` lints every n-th app × env of the repo's list (the same list, in
// the same order, in every job: the split needs no coordination), and its JSON report records what a full run
// would know of those app × envs: their findings before severities, their facts, the chart each was checked
// against, and the repo's own findings and settings. `app-chart lint merge` reads the reports of all n shards
// and gives the report of one full run, running the checks across apps on the facts of every shard. Paths in
// a record are relative to the folder lint ran in, so the merge gives the same paths when it runs in the same
// folder of another checkout.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { CheckedChart } from '../deployment.ts';
import { UsageError } from './discover.ts';
import type { LintResult, ReportInput, ReportRow } from './index.ts';
import type { RepoConfig } from './rules/rule.ts';
import { boolean, list, number, object, oneOf, record, string, type Shape } from './shape.ts';
import { findingShape, targetResultShape, type TargetResult } from './target.ts';
import type { TargetFinding } from './types.ts';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** "2/3" -> the second of three shards; anything else is a usage error saying what is expected. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new UsageError(`--shard takes <index>/<count> with 1 ≤ index ≤ count, e.g. --shard 2/3; not "${text}"`);
  }
  return { index, count };
}

/** Whether the app × env at this position of the repo's list is the shard's: round robin, so shards stay even. */
export const inShard = (position: number, shard: Shard) => position % shard.count === shard.index - 1;

interface TargetId {
  root: string;
  app: string;
  env: string;
}

export interface ShardRecord extends Shard {
  /** every app × env of the repo, in lint's order: the same in every shard of one run */
  targets: TargetId[];
  configs: RepoConfig[];
  /** findings about the paths given, which every shard finds alike */
  pathFindings: TargetFinding[];
  notes: string[];
  /** the shard's app × envs */
  rows: (TargetId & { namespace: string; cached: boolean; chart: CheckedChart; result: TargetResult })[];
}

/** Every value of a `file` or `root` key below `value`, mapped: the paths of findings, facts and configs. */
function mapPaths<T>(value: T, map: (path: string) => string): T {
  if (Array.isArray(value)) return value.map((v) => mapPaths(v, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, (key === 'file' || key === 'root') && typeof v === 'string' ? map(v) : mapPaths(v, map)]),
  ) as T;
}

const fromHere = (path: string) => relative(process.cwd(), path) || '.';

/** What a shard records for the merge; `planned` is every app × env of the repo, in lint's order. */
export function shardRecord(
  shard: Shard,
  planned: { app: string; env: string; config: { root: string } }[],
  input: Omit<ReportInput, 'acrossApps' | 'helms'>,
): ShardRecord {
  return mapPaths(
    {
      ...shard,
      targets: planned.map((t) => ({ root: t.config.root, app: t.app, env: t.env })),
      configs: input.configs,
      pathFindings: input.pathFindings,
      notes: input.notes,
      rows: input.rows.map((r) => ({
        root: r.target.config.root,
        app: r.target.app,
        env: r.target.env,
        namespace: r.target.namespace,
        cached: r.cached,
        chart: r.checked,
        result: r.result,
      })),
    },
    fromHere,
  );
}

const severitySetting: Shape = (v) => v === 'off' || v === 'warn' || v === 'error';
const ref = object({ name: string }, { namespace: string });
const shardRecordShape = object({
  index: number,
  count: number,
  targets: list(object({ root: string, app: string, env: string })),
  configs: list(
    object({
      root: string,
      services: list(ref),
      tlsOptions: list(object({ name: string }, { namespace: string, alpnProtocols: list(string) })),
      rules: record(severitySetting),
      overrides: list(object({ rules: record(severitySetting) }, { apps: list(string), envs: list(string) })),
      apps: list(string),
    }),
  ),
  pathFindings: list(findingShape),
  notes: list(string),
  rows: list(
    object({
      root: string,
      app: string,
      env: string,
      namespace: string,
      cached: boolean,
      chart: object({ name: string, version: string, digest: string, source: string }),
      result: targetResultShape,
    }),
  ),
});
const isReport = object(
  { version: number, tool: oneOf((v) => v === 'app-chart lint') },
  { summary: () => true, targets: () => true, findings: () => true, shard: () => true, error: () => true },
);

/** A report file is read whole; one of a shard of thousands of app × envs is a few MB. */
const MAX_REPORT_BYTES = 256 * 2 ** 20;

/** The shard record of a report written by `app-chart lint --shard … --format json`; a UsageError naming the file otherwise. */
export function readShardReport(file: string): ShardRecord {
  let data: unknown;
  try {
    if (statSync(file).size > MAX_REPORT_BYTES) throw new Error(`larger than ${MAX_REPORT_BYTES / 2 ** 20} MB`);
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: cannot read it as a lint report (${(error as Error).message})`);
  }
  const report = data as { error?: { message?: unknown }; shard?: unknown };
  if (!isReport(data))
    throw new UsageError(
      `${file}: not a JSON report of app-chart lint; give the files written by app-chart lint --shard <i>/<n> --format json`,
    );
  if (report.error)
    throw new UsageError(`${file}: that shard stopped before it could lint (${String(report.error.message)}); run it again`);
  if (report.shard === undefined)
    throw new UsageError(
      `${file}: the report of a lint run without --shard; merge takes the reports of app-chart lint --shard <i>/<n> --format json`,
    );
  if (!shardRecordShape(report.shard))
    throw new UsageError(`${file}: its shard record is damaged or of another version of app-chart; lint the shard again with this version`);
  return mapPaths(report.shard as ShardRecord, (path) => resolve(path));
}

const targetKey = (t: TargetId) => `${t.root}\0${t.app}/${t.env}`;

/**
 * The report one full run gives, from the records of all shards of one run (each index once, the same list
 * of app × envs in each); the checks across apps run here. Throws UsageError for a set of reports that is not that.
 */
export function mergeShards(records: { file: string; record: ShardRecord }[], report: (input: ReportInput) => LintResult): LintResult {
  if (records.length === 0) throw new UsageError('lint merge needs the report files of the shards');
  const [first] = records;
  const { count } = first.record;
  const list = JSON.stringify(first.record.targets);
  const seen = new Map<number, string>();
  for (const { file, record } of records) {
    if (record.count !== count)
      throw new UsageError(
        `${file} is shard ${record.index}/${record.count}, ${first.file} is of ${count} shards: give the reports of one run`,
      );
    if (JSON.stringify(record.targets) !== list) {
      throw new UsageError(
        `${file} and ${first.file} list other app × envs: they are not shards of one run (same commit, same paths, same config)`,
      );
    }
    const twice = seen.get(record.index);
    if (twice) throw new UsageError(`${file} and ${twice} are both shard ${record.index}/${count}`);
    seen.set(record.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new UsageError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing: give the reports of every shard`,
    );

  const configs = new Map(first.record.configs.map((c) => [c.root, c]));
  const rowsOf = new Map(records.flatMap(({ record }) => record.rows.map((r) => [targetKey(r), r])));
  const rows: ReportRow[] = first.record.targets.map((t) => {
    const row = rowsOf.get(targetKey(t));
    const config = configs.get(t.root);
    if (!row || !config) throw new UsageError(`no shard reports ${t.app}/${t.env}: the reports are not of one run`);
    return {
      target: { app: row.app, env: row.env, namespace: row.namespace, config },
      checked: row.chart,
      result: row.result,
      cached: row.cached,
    };
  });
  return report({
    rows,
    configs: [...configs.values()],
    pathFindings: first.record.pathFindings,
    notes: first.record.notes,
    helms: [],
    acrossApps: true,
  });
}
