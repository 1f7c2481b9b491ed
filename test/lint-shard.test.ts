// app-chart lint split across CI jobs: for n = 1, 2, 3 and 7, the n shards of the fixture repo (its apps cover
// every rule, the checks across apps included) together lint every app × env exactly once, and `lint merge` of
// their JSON reports gives the report of one full run. Real renders: the full run fills a cache; the two shards
// render again without it, the others, and the command line's runs, read it (the cache is tested on its own).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../scripts/install.ts';
import { lint, report, type LintResult } from '../scripts/lint/index.ts';
import { toGithub, toJson, toText, type JsonReport } from '../scripts/lint/report.ts';
import { mergeShards, parseShard, readShardReport } from '../scripts/lint/shard.ts';
import { APP_CHART } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-shard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fixture = join(packageRoot, 'test', 'fixtures', 'lint-repo');

/** The report with where each result came from (cache or render) left out: the one thing shards may differ in. */
function withoutCache(result: LintResult | JsonReport) {
  const json = 'tool' in result ? result : toJson(result);
  const { shard: _, ...rest } = json;
  return { ...rest, summary: { ...json.summary, cached: 0 }, targets: json.targets.map((t) => ({ ...t, cached: false })) };
}

/** Lints every shard of n, writes each JSON report as CI would, and merges the files. */
async function shardsOf(repo: string, n: number, cacheDir: string, cache: boolean) {
  const shards: LintResult[] = [];
  for (let index = 1; index <= n; index++) shards.push(await lint({ paths: [repo], cacheDir, cache, shard: { index, count: n } }));
  const files = shards.map((shard, i) => {
    const file = join(tmp, `${n}-${i + 1}.json`);
    writeFileSync(file, JSON.stringify(toJson(shard)));
    return file;
  });
  // in any order
  const merged = mergeShards(
    files.reverse().map((file) => ({ file, record: readShardReport(file) })),
    report,
  );
  return { shards, merged };
}

const fixtureCache = join(tmp, 'cache-fixture');

describe('lint --shard of the fixture repo', () => {
  const repo = fixture;
  const cacheDir = fixtureCache;
  let full: LintResult;
  beforeAll(async () => {
    full = await lint({ paths: [repo], cacheDir });
  });

  it.each([1, 2, 3, 7])('merges %i shards into the report of one full run', async (n) => {
    const { shards, merged } = await shardsOf(repo, n, cacheDir, n !== 2);
    const linted = shards.flatMap((s) => s.targets.map((t) => `${t.app}/${t.env}`));
    expect(linted.sort()).toEqual(full.targets.map((t) => `${t.app}/${t.env}`).sort());
    const sizes = shards.map((s) => s.targets.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(withoutCache(merged)).toEqual(withoutCache(full));
    expect(toGithub(merged)).toBe(toGithub(full));
    const uncached = (text: string) => text.replace(/ \(\d+ from cache\)/, '');
    expect(uncached(toText(merged, false))).toBe(uncached(toText(full, false)));
    expect(merged.notes).toEqual(full.notes);
  });
});

describe('checks across apps', () => {
  it('wait for the merge: a shard does not report them, the merge does, as a full run does', async () => {
    const cacheDir = fixtureCache;
    const full = await lint({ paths: [fixture], cacheDir });
    const { shards, merged } = await shardsOf(fixture, 3, cacheDir, true);
    const acrossApps = (r: LintResult) =>
      r.findings.filter(
        (f) =>
          ['tcp-route-shadowed', 'tls-option-unknown', 'postgres-alpn'].includes(f.rule) ||
          (f.rule === 'backend-unknown' && /which no app renders/.test(f.message)),
      );
    expect(acrossApps(full).length).toBeGreaterThan(0);
    for (const shard of shards) expect(acrossApps(shard)).toEqual([]);
    expect(acrossApps(merged)).toEqual(acrossApps(full));
  });
});

describe('--shard and lint merge on the command line', () => {
  const run = (args: string[], cwd = fixture) =>
    execa('node', [APP_CHART, 'lint', ...args], {
      cwd,
      reject: false,
      stdin: 'ignore',
      env: { APP_CHART_CACHE_DIR: fixtureCache, NO_COLOR: '' },
    });
  const files = [1, 2, 3].map((i) => join(tmp, `cli-${i}.json`));

  beforeAll(async () => {
    const counts: { mine: number; all: number }[] = [];
    // CI jobs check the repo out in folders of their own: the second shard runs in another copy
    const checkout = join(tmp, 'other-checkout');
    cpSync(fixture, checkout, { recursive: true });
    for (const [i, file] of files.entries()) {
      const shard = await run(['--shard', `${i + 1}/3`, '--format', 'json'], i === 1 ? checkout : fixture);
      expect(shard.exitCode, shard.stderr).toBe(1);
      const said = new RegExp(`shard ${i + 1}/3: (\\d+) of (\\d+) app × envs; the checks across apps run in app-chart lint merge`).exec(
        shard.stderr,
      );
      expect(said, shard.stderr).not.toBeNull();
      counts.push({ mine: Number(said![1]), all: Number(said![2]) });
      writeFileSync(file, shard.stdout);
    }
    // the shards say the same total, and split it without a gap or an overlap
    expect(new Set(counts.map((c) => c.all)).size).toBe(1);
    expect(counts.reduce((sum, c) => sum + c.mine, 0)).toBe(counts[0].all);
  });

  it('gives the JSON, text and exit status of a full run', async () => {
    const full = await run(['--format', 'json']);
    const merged = await run(['merge', ...files, '--format', 'json']);
    expect(merged.exitCode, merged.stderr).toBe(full.exitCode);
    expect(withoutCache(JSON.parse(merged.stdout))).toEqual(withoutCache(JSON.parse(full.stdout)));
    const text = await run(['merge', ...files]);
    expect(text.stdout).toContain('tcp-route-shadowed (bad-backend/prod)');
  });

  it.each([
    [['--shard', '0/3'], '--shard takes <index>/<count> with 1 ≤ index ≤ count, e.g. --shard 2/3; not "0/3"'],
    [['--shard', '4/3'], 'not "4/3"'],
    [['--shard', 'two/3'], 'not "two/3"'],
  ])('refuses %j as a usage error (exit 2)', async (args, message) => {
    const result = await run([...args, '--format', 'json']);
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error).toEqual({ kind: 'usage', message: expect.stringContaining(message) });
  });

  it('refuses reports that are not every shard of one run, naming the file and what is missing', async () => {
    const other = join(tmp, 'cli-other.json');
    writeFileSync(other, (await run(['--shard', '1/2', '--format', 'json'])).stdout);
    const full = join(tmp, 'cli-full.json');
    writeFileSync(full, (await run(['--format', 'json'])).stdout);
    const stopped = join(tmp, 'cli-stopped.json');
    writeFileSync(stopped, (await run(['--shard', '1/3', '--format', 'json', '--config', 'missing.yaml'])).stdout);
    const notJson = join(tmp, 'cli-not.json');
    writeFileSync(notJson, 'apps:\n');
    const cases: [string[], string][] = [
      [[files[0], files[2]], 'shard 2 of 3 missing: give the reports of every shard'],
      [[files[0], files[1], files[1], files[2]], `${files[1]} and ${files[1]} are both shard 2/3`],
      [[files[0], other], `${other} is shard 1/2, ${files[0]} is of 3 shards`],
      [[full], `${full}: the report of a lint run without --shard`],
      [[stopped, files[1], files[2]], `${stopped}: that shard stopped before it could lint`],
      [[notJson], `${notJson}: cannot read it as a lint report`],
      [[join(tmp, 'absent.json')], 'absent.json: cannot read it as a lint report'],
    ];
    for (const [reports, message] of cases) {
      const result = await run(['merge', ...reports]);
      expect(result.exitCode, reports.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('refuses a forged shard record', async () => {
    const report = JSON.parse((await run(['--shard', '1/1', '--format', 'json'])).stdout);
    report.shard.rows[0].result.findings.push({ rule: 'no-such-rule', message: 'x' });
    const forged = join(tmp, 'cli-forged.json');
    writeFileSync(forged, JSON.stringify(report));
    const result = await run(['merge', forged]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('its shard record is damaged or of another version of app-chart');
  });
});

describe('parseShard', () => {
  it('reads <index>/<count>', () => {
    expect(parseShard('2/7')).toEqual({ index: 2, count: 7 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['', '1', '3/2', '1/0', '-1/2', '1/2/3', '1.5/2', ' 1/2'])
      expect(() => parseShard(bad), bad).toThrow(/--shard takes/);
  });
});

describe('the sharded workflow of docs/github-actions/lint.yml', () => {
  it('is valid YAML once uncommented, and runs the commands tested above', () => {
    const text = readFileSync(join(packageRoot, 'docs', 'github-actions', 'lint.yml'), 'utf8');
    const block = text
      .slice(text.indexOf('#  lint-shard:'))
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .map((line) => line.slice(1))
      .join('\n');
    const jobs = parse(block) as Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string }[] }>;
    const shards = jobs['lint-shard'].strategy!.matrix.shard;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const runs = (job: string) => jobs[job].steps.map((s) => s.run).filter(Boolean);
    expect(runs('lint-shard')).toContain(
      `npx app-chart lint --shard \${{ matrix.shard }}/${shards.length} --format json > lint-shard-\${{ matrix.shard }}.json || test $? -eq 1`,
    );
    expect(jobs.lint.needs).toBe('lint-shard');
    expect(runs('lint')).toContain('npx app-chart lint merge lint-shard-*.json --format github');
  });
});
