// npm run bench: how the chart's cost grows. Custom resources at scale (N entries in customResources and in
// customResourcesMap, each templated) under Helm 3 and Helm 4, every time a ratio to the floor measured in the
// same run, and variants of the chart that show where the time goes; then app-chart lint on a generated repo of
// many apps × 3 envs, cold and warm, against the bare helm template calls it needs, and app-chart diff on the
// same repo as a git repository. Prints tables and writes bench/results.json. Options: --runs <n> (default 5),
// --helm 3|4 (default both), --sizes 100,1000,4000, --apps <n> (default 100), --lint-runs <n> (default 3, also
// the diff's), --no-lint, --no-diff.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { helmFor, helmVersion, parseHelmMajor, PINNED, repoRoot, type HelmMajor } from './helm.ts';
import { chartDir } from './render.ts';
import { compare, sample, summarize, type Sample, type Stats } from './bench/measure.ts';
import { bareRenders, changeOneApp, ENVS, runBatch, writeRepo } from './bench/lint-scale.ts';
import { expectConfigMaps, SHAPES, valuesYaml, VARIANTS, writeFloorChart, writeVariantChart, type Shape } from './bench/custom-resources.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    helm: { type: 'string' },
    sizes: { type: 'string', default: '100,1000,4000' },
    apps: { type: 'string', default: '100' },
    'lint-runs': { type: 'string', default: '3' },
    'no-lint': { type: 'boolean', default: false },
    'no-diff': { type: 'boolean', default: false },
  },
});
const runs = Number(options.runs);
const helms: HelmMajor[] = options.helm ? [parseHelmMajor(options.helm)] : [3, 4];
const sizes = options.sizes!.split(',').map(Number);
const largest = Math.max(...sizes);

/** The command as a deployment repo runs it: the compiled toolkit. */
const command = join(repoRoot, 'bin', 'app-chart.js');

/** The Helm binary unpacked into a round's cache folder before the round is timed, as a repo's first run leaves it. */
function prepare(cacheDir: string) {
  mkdirSync(join(cacheDir, `helm-${PINNED[4].version}`), { recursive: true });
  copyFileSync(helmFor(4).bin, join(cacheDir, `helm-${PINNED[4].version}`, 'helm'));
  chmodSync(join(cacheDir, `helm-${PINNED[4].version}`, 'helm'), 0o755);
}

interface ScaleRow {
  helm: HelmMajor;
  shape: Shape;
  entries: number;
  chart: Stats;
  floor: Stats;
  ratio: number;
  cpuRatio?: number;
}

interface VariantRow {
  variant: string;
  what: string;
  stats: Stats;
  ratio: number;
  cpuRatio?: number;
}

const seconds = (s: number) => `${s.toFixed(3)} s`;
const times = (r: number | undefined) => (r === undefined ? 'n/a' : `${r.toFixed(2)}×`);
const megabytes = (b: number | undefined) => (b === undefined ? 'n/a' : `${Math.round(b / 2 ** 20)} MB`);
const ratioOf = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);

/** A row of the lint and diff tables: run, what, wall, per app × env, ratio, peak memory. */
const runRow = (name: string, what: string, s: Stats, perTarget?: number, ratio?: number) => [
  name, what, seconds(s.wall), perTarget === undefined ? '' : `${(perTarget * 1000).toFixed(1)} ms`, ratio === undefined ? '' : times(ratio), megabytes(s.rss),
];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'app-chart-bench-'));
try {
  const startLoad = loadavg()[0];
  const floorChart = writeFloorChart(join(work, 'floor'));
  const valuesFile = (shape: Shape, count: number) => join(work, `${shape}-${count}.yaml`);
  for (const shape of SHAPES) for (const count of sizes) writeFileSync(valuesFile(shape, count), valuesYaml(shape, count));
  const template = (chart: string, values: string) => ['template', 'demo-prod', chart, '--namespace', 'prod', '--values', values];

  const versions: Record<string, string> = {};
  const scale: ScaleRow[] = [];
  for (const major of helms) {
    const helm = helmFor(major);
    versions[major] = await helmVersion(helm);
    for (const shape of SHAPES) {
      for (const count of sizes) {
        const values = valuesFile(shape, count);
        const check = expectConfigMaps(count);
        process.stderr.write(`bench: Helm ${major}, ${count} entries in ${shape}\n`);
        const { chart, floor } = await compare(
          { chart: { bin: helm.bin, args: template(chartDir, values), check }, floor: { bin: helm.bin, args: template(floorChart, values), check } },
          runs,
        );
        scale.push({ helm: major, shape, entries: count, chart, floor, ratio: chart.wall / floor.wall, cpuRatio: ratioOf(chart.cpu, floor.cpu) });
      }
    }
  }

  const variantHelm = helms.at(-1)!;
  const variants: VariantRow[] = [];
  {
    const helm = helmFor(variantHelm);
    const values = valuesFile('customResources', largest);
    const check = expectConfigMaps(largest);
    const commands: Record<string, { bin: string; args: string[]; check: typeof check }> = {
      floor: { bin: helm.bin, args: template(floorChart, values), check },
    };
    const applied = VARIANTS.flatMap((variant, i) => {
      const dir = writeVariantChart(join(work, `variant-${i}`), variant);
      if (!dir) {
        process.stderr.write(`bench: variant "${variant.name}" no longer applies to the chart; skipped\n`);
        return [];
      }
      commands[variant.name] = { bin: helm.bin, args: template(dir, values), check };
      return [variant];
    });
    process.stderr.write(`bench: where the time goes, Helm ${variantHelm}, ${largest} entries\n`);
    const stats = await compare(commands, runs);
    variants.push({ variant: 'floor', what: 'one range emitting the entries as written, no schema', stats: stats.floor, ratio: 1, cpuRatio: 1 });
    for (const variant of applied) {
      const s = stats[variant.name];
      variants.push({ variant: variant.name, what: variant.what, stats: s, ratio: s.wall / stats.floor.wall, cpuRatio: ratioOf(s.cpu, stats.floor.cpu) });
    }
  }

  const growth = helms.flatMap((helm) =>
    SHAPES.flatMap((shape) => {
      const at = (count: number) => scale.find((r) => r.helm === helm && r.shape === shape && r.entries === count);
      const big = at(4000);
      const small = at(1000);
      return big && small ? [{ helm, shape, chart: big.chart.wall / small.chart.wall, floor: big.floor.wall / small.floor.wall }] : [];
    }),
  );

  const lint = options['no-lint'] ? undefined : await lintAtScale(work);
  const diff = options['no-diff'] ? undefined : await diffAtScale(work);

  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${startLoad.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;
  const output = [
    `Custom resources at scale: helm template wall time, median of ${runs} runs; ratio = chart / floor in the same run.`,
    `Command: ${command}. Machine: ${machine}. Helm ${Object.values(versions).join(', ')}.`,
    '',
    table(
      ['Helm', 'entries in', 'N', 'chart', 'floor', 'ratio', 'CPU ratio', 'peak memory chart / floor'],
      scale.map((r) => [
        String(r.helm), r.shape, String(r.entries), seconds(r.chart.wall), seconds(r.floor.wall), times(r.ratio), times(r.cpuRatio),
        `${megabytes(r.chart.rss)} / ${megabytes(r.floor.rss)}`,
      ]),
    ),
    '',
    table(
      ['Helm', 'entries in', 'time(4000) / time(1000), chart', 'floor'],
      growth.map((g) => [String(g.helm), g.shape, g.chart.toFixed(2), g.floor.toFixed(2)]),
    ),
    '',
    `Where the time goes: Helm ${variantHelm}, ${largest} entries in customResources, each variant a copy of the chart.`,
    '',
    table(
      ['variant', 'what it adds', 'wall', 'ratio', 'CPU ratio', 'peak memory'],
      variants.map((v) => [v.variant, v.what, seconds(v.stats.wall), times(v.ratio), times(v.cpuRatio), megabytes(v.stats.rss)]),
    ),
    ...(lint ? ['', lint.table] : []),
    ...(diff ? ['', diff.table] : []),
  ].join('\n');
  console.log(output);

  mkdirSync(join(repoRoot, 'bench'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'bench', 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), command, machine, helm: versions, runs, customResources: { scale, growth, variants }, lint: lint?.results, diff: diff?.results }, null, 2)}\n`,
  );
  console.log('\nbench: wrote bench/results.json');
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * app-chart lint on a generated repo (--apps apps × 3 envs): cold (empty cache, every app × env rendered),
 * warm (cache filled, one app changed), and the bare helm template calls a cold lint makes, run as many at a
 * time as lint runs them. Each lint runs in a process of its own, started as bin/app-chart.js starts.
 */
async function lintAtScale(work: string) {
  const apps = Number(options.apps);
  const lintRuns = Number(options['lint-runs']);
  const targets = apps * ENVS.length;
  const repo = join(work, 'lint-repo');
  writeRepo(repo, apps);
  // the command as a deployment repo runs it, with a cache folder of its own per round
  const lintOnce = (cacheDir: string, expectRendered: number) => {
    process.env.APP_CHART_CACHE_DIR = cacheDir;
    return sample(process.execPath, [command, 'lint', repo, '--format', 'json'], (stdout) => {
      const { summary } = JSON.parse(stdout) as { summary: { targets: number; cached: number } };
      if (summary.targets !== targets || summary.targets - summary.cached !== expectRendered) {
        throw new Error(`lint bench: expected ${targets} targets with ${expectRendered} linted afresh, got ${JSON.stringify(summary)}`);
      }
    });
  };
  const helm = helmFor(4);
  const calls = bareRenders(repo, apps, join(work, 'platform-values.yaml'));
  const bare: Sample[] = [];
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  let cacheDir = '';
  for (let round = 0; round < lintRuns; round++) {
    process.stderr.write(`bench: lint ${apps} apps × ${ENVS.length} envs, round ${round + 1} of ${lintRuns}\n`);
    bare.push(await runBatch(helm.bin, calls));
    cacheDir = join(work, `lint-cache-${round}`);
    prepare(cacheDir);
    cold.push(await lintOnce(cacheDir, targets));
  }
  for (let round = 0; round < lintRuns; round++) {
    changeOneApp(repo, round);
    warm.push(await lintOnce(cacheDir, ENVS.length));
  }
  if (!existsSync(cacheDir)) throw new Error('lint bench: the cold lint wrote no cache');
  const stats = { bare: summarize(bare), cold: summarize(cold), warm: summarize(warm) };
  const results = {
    apps,
    envs: ENVS.length,
    targets,
    runs: lintRuns,
    ...stats,
    coldPerTarget: stats.cold.wall / targets,
    coldRatio: stats.cold.wall / stats.bare.wall,
    coldCpuRatio: ratioOf(stats.cold.cpu, stats.bare.cpu),
  };
  const lintTable = [
    `app-chart lint on a generated repo of ${apps} apps × ${ENVS.length} envs (Helm 4, ${targets} renders cold), median of ${lintRuns} runs;`,
    'ratio = cold lint / the bare helm template calls it needs, run as many at a time as lint runs them.',
    '',
    table(
      ['run', 'what', 'wall', 'per app × env', 'ratio', 'peak memory'],
      [
        runRow('bare helm template', `${targets} renders, lint's parallelism`, stats.bare, stats.bare.wall / targets),
        runRow('cold lint', 'empty cache: every app × env rendered and checked', stats.cold, results.coldPerTarget, results.coldRatio),
        runRow('warm lint', `cache filled, one app changed (${ENVS.length} renders)`, stats.warm),
      ],
    ),
  ].join('\n');
  return { table: lintTable, results };
}

/**
 * app-chart diff on the generated repo as a git repository with a vendored chart, against its HEAD: a chart
 * change (every app × env rendered at both revisions, empty cache) against the bare helm template calls it
 * needs; one app changed with an empty cache; one app changed after a lint of the working tree filled the cache.
 */
async function diffAtScale(work: string) {
  const apps = Number(options.apps);
  const diffRuns = Number(options['lint-runs']);
  const targets = apps * ENVS.length;
  const repo = join(work, 'diff-repo');
  writeRepo(repo, apps);
  cpSync(chartDir, join(repo, 'chart'), { recursive: true });
  // named in the config: lint and diff render the chart a repo names, never a chart/ folder they come across
  writeFileSync(join(repo, 'app-chart.config.yaml'), 'chart: ./chart\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench repo');
  const chartFile = join(repo, 'chart', 'Chart.yaml');
  const committedChart = readFileSync(chartFile, 'utf8');
  // the commands as a deployment repo runs them, each round with a cache folder of its own
  const diffOnce = (cacheDir: string, expect: { rendered: number; changed: number }) => {
    process.env.APP_CHART_CACHE_DIR = cacheDir;
    return sample(process.execPath, [command, 'diff', repo, '--base', 'HEAD', '--format', 'json'], (stdout) => {
      const report = JSON.parse(stdout) as { summary: { targets: number; changed: number; errors: number }; targets: { rendered: boolean }[] };
      const summary = { ...report.summary, rendered: report.targets.filter((t) => t.rendered).length };
      if (summary.targets !== targets || summary.rendered !== expect.rendered || summary.changed !== expect.changed || summary.errors) {
        throw new Error(`diff bench: expected ${targets} targets, ${expect.rendered} rendered, ${expect.changed} changed, got ${JSON.stringify(summary)}`);
      }
    });
  };
  const lintOnce = (cacheDir: string) => {
    process.env.APP_CHART_CACHE_DIR = cacheDir;
    return sample(process.execPath, [command, 'lint', repo, '--format', 'json']);
  };

  // the bare renders of a chart change: every app × env with the old chart and with the new one
  const oldChart = join(work, 'diff-old-chart');
  cpSync(join(repo, 'chart'), oldChart, { recursive: true });
  const platform = join(work, 'diff-platform-values.yaml');
  const calls = bareRenders(repo, apps, platform).flatMap((args) => [args, [...args.slice(0, -1), oldChart]]);
  const helm = helmFor(4);
  const bare: Sample[] = [];
  const chart: Sample[] = [];
  const oneApp: Sample[] = [];
  const afterLint: Sample[] = [];
  for (let round = 0; round < diffRuns; round++) {
    process.stderr.write(`bench: diff ${apps} apps × ${ENVS.length} envs, round ${round + 1} of ${diffRuns}\n`);
    writeFileSync(chartFile, committedChart.replace(/^version: .*$/m, `version: 9.${round}.0`));
    bare.push(await runBatch(helm.bin, calls));
    const caches = ['chart', 'one', 'lint'].map((what) => join(work, `diff-cache-${what}-${round}`));
    caches.forEach(prepare);
    chart.push(await diffOnce(caches[0], { rendered: targets, changed: targets }));
    writeFileSync(chartFile, committedChart);
    changeOneApp(repo, round);
    oneApp.push(await diffOnce(caches[1], { rendered: ENVS.length, changed: 0 }));
    const shared = caches[2];
    await lintOnce(shared);
    afterLint.push(await diffOnce(shared, { rendered: ENVS.length, changed: 0 }));
    git('checkout', '-q', '--', '.');
  }
  const stats = { bare: summarize(bare), chart: summarize(chart), oneApp: summarize(oneApp), afterLint: summarize(afterLint) };
  const chartChange = { perTarget: stats.chart.wall / targets, ratio: stats.chart.wall / stats.bare.wall, cpuRatio: ratioOf(stats.chart.cpu, stats.bare.cpu) };
  const results = { apps, envs: ENVS.length, targets, runs: diffRuns, ...stats, chartChange };
  const diffTable = [
    `app-chart diff --base HEAD on the same repo as a git repository with a vendored chart (Helm 4), median of ${diffRuns} runs;`,
    'ratio = diff / the bare helm template calls it needs, run as many at a time as diff runs them.',
    '',
    table(
      ['run', 'what', 'wall', 'per app × env', 'ratio', 'peak memory'],
      [
        runRow('bare helm template', `${2 * targets} renders (old and new chart), diff's parallelism`, stats.bare, stats.bare.wall / targets),
        runRow('diff, chart changed', `empty cache: every app × env rendered at both revisions and compared`, stats.chart, chartChange.perTarget, chartChange.ratio),
        runRow('diff, one app changed', `empty cache: ${ENVS.length} app × envs rendered twice, ${targets - ENVS.length} skipped`, stats.oneApp),
        runRow('diff after lint', `one app changed, cache filled by lint of the working tree: ${ENVS.length} renders`, stats.afterLint),
      ],
    ),
  ].join('\n');
  return { table: diffTable, results };
}
