// npm run bench: how the chart's cost grows. Custom resources at scale (N entries in customResources and in
// customResourcesMap, each templated) under Helm 3 and Helm 4, every time a ratio to the floor measured in the
// same run, and variants of the chart that show where the time goes; then app-chart lint on a generated repo of
// many apps × 3 envs, cold and warm, against the bare helm template calls it needs, and app-chart diff on the
// same repo as a git repository. Prints tables and writes bench/results.json. Options: --runs <n> (default 5),
// --helm 3|4 (default both), --sizes 100,1000,4000, --apps <n> (default 100), --lint-runs <n> (default 3, also
// the diff's), --cli-runs <n> (default 15), --no-cli, --no-scale (the custom resources tables), --no-real (real
// entries), --no-lint, --no-diff, --no-examples (one render of each example against the GlueOps chart's, in CPU time;
// --example-runs <n>, default 15). GLUEOPS_CHART=<a checkout of the GlueOps app chart> adds its figures beside ours.
// First, the command's own cost: --help and --version against `node -e 0`, render against its bare helm template.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { helmFor, helmVersion, parseHelmMajor, PINNED, type HelmMajor } from './helm.ts';
import { packageRoot } from './install.ts';
import { chartDir } from './render.ts';
import { compare, sample, summarize, type Sample, type Stats } from './bench/measure.ts';
import { CLI_TARGETS, cliCosts, type CliResults } from './bench/cli.ts';
import { writeRealValues, type Flavour, type Form } from './bench/real-entries.ts';
import { EXAMPLE_TARGET, exampleCosts, type ExampleRow } from './bench/examples.ts';
import { bareRenders, changeOneApp, ENVS, runBatch, writeRepo } from './bench/lint-scale.ts';
import {
  expectConfigMaps,
  SHAPES,
  valuesYaml,
  VARIANTS,
  writeFloorChart,
  writeVariantChart,
  type Shape,
} from './bench/custom-resources.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    helm: { type: 'string' },
    sizes: { type: 'string', default: '100,1000,4000' },
    apps: { type: 'string', default: '100' },
    'lint-runs': { type: 'string', default: '3' },
    'cli-runs': { type: 'string', default: '15' },
    'no-cli': { type: 'boolean', default: false },
    'no-scale': { type: 'boolean', default: false },
    'no-real': { type: 'boolean', default: false },
    'no-lint': { type: 'boolean', default: false },
    'no-diff': { type: 'boolean', default: false },
    'no-examples': { type: 'boolean', default: false },
    'example-runs': { type: 'string', default: '15' },
  },
});
const runs = Number(options.runs);
const helms: HelmMajor[] = options.helm ? [parseHelmMajor(options.helm)] : [3, 4];
const sizes = options.sizes!.split(',').map(Number);
const largest = Math.max(...sizes);

/** The command as a deployment repo runs it: the compiled toolkit. */
const command = join(packageRoot, 'bin', 'app-chart.js');

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
  name,
  what,
  seconds(s.wall),
  perTarget === undefined ? '' : `${(perTarget * 1000).toFixed(1)} ms`,
  ratio === undefined ? '' : times(ratio),
  megabytes(s.rss),
];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** What a warm lint of --apps apps × 3 envs may take, in seconds, on this 2-core machine. */
const WARM_TARGETS = { changed: 0.5, unchanged: 0.3 };
const met = (value: number, target: number) => `${seconds(value)}, ${value <= target ? 'met' : 'NOT met'}`;

/** helm template of a chart with one values file, release demo-prod in namespace prod. */
const template = (chart: string, values: string) => ['template', 'demo-prod', chart, '--namespace', 'prod', '--values', values];

const work = mkdtempSync(join(tmpdir(), 'app-chart-bench-'));
try {
  const startLoad = loadavg()[0];
  const floorChart = writeFloorChart(join(work, 'floor'));
  const valuesFile = (shape: Shape, count: number) => join(work, `${shape}-${count}.yaml`);
  for (const shape of SHAPES) for (const count of sizes) writeFileSync(valuesFile(shape, count), valuesYaml(shape, count));

  const cli = options['no-cli'] ? undefined : await cliAtStart();
  if (cli) process.stderr.write(`${cli.table}\n`);

  const versions: Record<string, string> = {};
  for (const major of helms) versions[major] = await helmVersion(helmFor(major));
  const examples = options['no-examples'] ? undefined : await examplesAgainstGlueops();
  if (examples) process.stderr.write(`${examples.table}\n`);
  const scale: ScaleRow[] = [];
  for (const major of options['no-scale'] ? [] : helms) {
    const helm = helmFor(major);
    for (const shape of SHAPES) {
      for (const count of sizes) {
        const values = valuesFile(shape, count);
        const check = expectConfigMaps(count);
        process.stderr.write(`bench: Helm ${major}, ${count} entries in ${shape}\n`);
        const { chart, floor } = await compare(
          {
            chart: { bin: helm.bin, args: template(chartDir, values), check },
            floor: { bin: helm.bin, args: template(floorChart, values), check },
          },
          runs,
        );
        scale.push({
          helm: major,
          shape,
          entries: count,
          chart,
          floor,
          ratio: chart.wall / floor.wall,
          cpuRatio: ratioOf(chart.cpu, floor.cpu),
        });
      }
    }
  }

  const variantHelm = helms.at(-1)!;
  const variants: VariantRow[] = [];
  if (!options['no-scale']) {
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
    variants.push({
      variant: 'floor',
      what: 'one range emitting the entries as written, no schema',
      stats: stats.floor,
      ratio: 1,
      cpuRatio: 1,
    });
    for (const variant of applied) {
      const s = stats[variant.name];
      variants.push({
        variant: variant.name,
        what: variant.what,
        stats: s,
        ratio: s.wall / stats.floor.wall,
        cpuRatio: ratioOf(s.cpu, stats.floor.cpu),
      });
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

  const real = options['no-real'] ? undefined : await realEntries(work, floorChart);
  if (real) process.stderr.write(`${real.table}\n`);
  const lint = options['no-lint'] ? undefined : await lintAtScale(work);
  const diff = options['no-diff'] ? undefined : await diffAtScale(work);

  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine =
    `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${startLoad.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} ` +
    `at end`;
  const scaleTables = [
    `Custom resources at scale: helm template wall time, median of ${runs} runs; ratio = chart / floor in the same run.`,
    '',
    table(
      ['Helm', 'entries in', 'N', 'chart', 'floor', 'ratio', 'CPU ratio', 'peak memory chart / floor'],
      scale.map((r) => [
        String(r.helm),
        r.shape,
        String(r.entries),
        seconds(r.chart.wall),
        seconds(r.floor.wall),
        times(r.ratio),
        times(r.cpuRatio),
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
  ];
  const output = [
    `Command: ${command}. Machine: ${machine}. Helm ${Object.values(versions).join(', ')}.`,
    ...(cli ? ['', cli.table] : []),
    ...(examples ? ['', examples.table] : []),
    ...(options['no-scale'] ? [] : ['', ...scaleTables]),
    ...(real ? ['', real.table] : []),
    ...(lint ? ['', lint.table] : []),
    ...(diff ? ['', diff.table] : []),
  ].join('\n');
  console.log(output);

  mkdirSync(join(packageRoot, 'bench'), { recursive: true });
  writeFileSync(
    join(packageRoot, 'bench', 'results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        command,
        machine,
        helm: versions,
        runs,
        cli: cli?.results,
        examples: examples?.results,
        customResources: { scale, growth, variants, real: real?.results },
        lint: lint?.results,
        diff: diff?.results,
      },
      null,
      2,
    )}\n`,
  );
  console.log('\nbench: wrote bench/results.json');
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** One helm template of each example, ours against the GlueOps chart's on the same values, under each Helm. */
async function examplesAgainstGlueops() {
  const glueops = process.env.GLUEOPS_CHART;
  if (glueops && !existsSync(join(glueops, 'Chart.yaml'))) throw new Error(`GLUEOPS_CHART=${glueops}: no Chart.yaml there`);
  const exampleRuns = Number(options['example-runs']);
  const rows: (ExampleRow & { helm: HelmMajor })[] = [];
  for (const major of helms) {
    process.stderr.write(`bench: one render of each example, Helm ${major}\n`);
    rows.push(...(await exampleCosts(helmFor(major), chartDir, glueops, exampleRuns)).map((r) => ({ helm: major, ...r })));
  }
  const ms = (s: number | undefined) => (s === undefined ? '' : `${(s * 1000).toFixed(1)} ms`);
  const compared = rows.filter((r) => r.ratio !== undefined);
  const worst = compared.reduce<number | undefined>((w, r) => Math.max(w ?? 0, r.ratio!), undefined);
  const exampleTable = [
    `One helm template of each example app × env, CPU time (user + system of Helm), mean of ${exampleRuns} interleaved runs;`,
    'ratio = ours / the GlueOps chart on the same values files (blank where the GlueOps chart refuses them).',
    glueops
      ? `GlueOps chart: ${glueops}.`
      : 'GlueOps chart: not measured (set GLUEOPS_CHART=<a checkout of the GlueOps app chart> to add it; the bench does not download it).',
    '',
    table(
      ['Helm', 'example', 'ours', 'GlueOps', 'ratio'],
      rows.map((r) => [String(r.helm), r.example, ms(r.ours), ms(r.glueops), r.ratio === undefined ? '' : times(r.ratio)]),
    ),
    ...(worst === undefined
      ? []
      : [
          '',
          `Target: every example ≤ ${EXAMPLE_TARGET}× the GlueOps chart: highest ${times(worst)}, ` +
            `${worst <= EXAMPLE_TARGET ? 'met' : 'NOT met'}.`,
        ]),
  ].join('\n');
  return { table: exampleTable, results: { glueops: glueops ?? null, runs: exampleRuns, rows } };
}

/** The command's own cost, with the targets it is held to: --help and --version, render end to end. */
async function cliAtStart() {
  const cliRuns = Number(options['cli-runs']);
  process.stderr.write(`bench: the command's own cost, ${cliRuns} runs\n`);
  const results: CliResults = await cliCosts(command, cliRuns);
  const { stats, ratios } = results;
  const ms = (s: Stats) => `${(s.wall * 1000).toFixed(0)} ms`;
  const against = (ratio: number, target: number) => `${times(ratio)} (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`;
  const cliTable = [
    `The command's own cost (Helm 4), median of ${cliRuns} interleaved runs; each ratio is to its reference in the same run.`,
    '',
    table(
      ['run', 'what', 'wall', 'ratio'],
      [
        ['node -e 0', 'a Node that does nothing', ms(stats.node), ''],
        ['app-chart --help', 'commander and the command definitions', ms(stats.help), against(ratios.help, CLI_TARGETS.help)],
        ['app-chart --version', '', ms(stats.version), against(ratios.version, CLI_TARGETS.help)],
        ['helm template', 'the call render makes for examples/postgres-tcp prod, run bare', ms(stats.helm), ''],
        ['floor', 'a Node script that only runs that call and prints its output', ms(stats.floor), times(ratios.floor)],
        [
          'app-chart render',
          'end to end: config, ArgoCD Applications, chart, Helm',
          ms(stats.render),
          against(ratios.render, CLI_TARGETS.render),
        ],
      ],
    ),
  ].join('\n');
  return { table: cliTable, results };
}

/**
 * Custom resources written as real ones are (bench/real-entries.ts), under each Helm and at each size: ours as
 * strings and as objects, in the list and in the map, against the floor (the same documents written out, emitted
 * verbatim), and the GlueOps chart's render of the same strings when GLUEOPS_CHART names a checkout of it.
 */
async function realEntries(work: string, floorChart: string) {
  const glueops = process.env.GLUEOPS_CHART;
  if (glueops && !existsSync(join(glueops, 'Chart.yaml'))) throw new Error(`GLUEOPS_CHART=${glueops}: no Chart.yaml there`);
  const kinds: { name: string; shape: Shape; form: Form; flavour: Flavour }[] = [
    { name: 'floor', shape: 'customResources', form: 'string', flavour: 'floor' },
    ...SHAPES.flatMap((shape) =>
      (['string', 'object'] as Form[]).map((form) => ({ name: `ours ${form}s in ${shape}`, shape, form, flavour: 'ours' as Flavour })),
    ),
    ...(glueops
      ? SHAPES.map((shape) => ({ name: `GlueOps strings in ${shape}`, shape, form: 'string' as Form, flavour: 'glueops' as Flavour }))
      : []),
  ];
  const rows: { helm: HelmMajor; entries: number; name: string; stats: Stats; ratio: number; glueops?: number }[] = [];
  for (const major of helms) {
    const helm = helmFor(major);
    for (const count of sizes) {
      process.stderr.write(`bench: real entries, Helm ${major}, ${count} entries\n`);
      const check = expectConfigMaps(count);
      const commands = Object.fromEntries(
        kinds.map((k) => {
          const values = writeRealValues(
            join(work, `real-${k.name.replaceAll(' ', '-')}-${count}.yaml`),
            k.shape,
            k.form,
            count,
            k.flavour,
          );
          const chart = k.flavour === 'floor' ? floorChart : k.flavour === 'glueops' ? glueops! : chartDir;
          return [k.name, { bin: helm.bin, args: template(chart, values), check }];
        }),
      );
      const stats = await compare(commands, runs);
      for (const k of kinds) {
        const s = stats[k.name];
        const theirs = k.flavour === 'ours' && k.form === 'string' && glueops ? stats[`GlueOps strings in ${k.shape}`] : undefined;
        rows.push({
          helm: major,
          entries: count,
          name: k.name,
          stats: s,
          ratio: s.wall / stats.floor.wall,
          glueops: theirs && s.wall / theirs.wall,
        });
      }
    }
  }
  const realTable = [
    `Custom resources written as real ones are (labels from the chart's helper, .Values, include), helm template wall time, ` +
      `median of ${runs} runs;`,
    'ratio = to the floor (the same documents written out, emitted verbatim) in the same run; vs GlueOps = ours / the GlueOps ' +
      'chart on the same strings.',
    glueops
      ? `GlueOps chart: ${glueops}.`
      : 'GlueOps chart: not measured (set GLUEOPS_CHART=<a checkout of the GlueOps app chart> to add it; the bench does not download it).',
    '',
    table(
      ['Helm', 'N', 'entries', 'wall', 'ratio', 'vs GlueOps'],
      rows.map((r) => [
        String(r.helm),
        String(r.entries),
        r.name,
        seconds(r.stats.wall),
        times(r.ratio),
        r.glueops === undefined ? '' : times(r.glueops),
      ]),
    ),
  ].join('\n');
  return { table: realTable, results: { glueops: glueops ?? null, rows } };
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
  const unchanged: Sample[] = [];
  for (let round = 0; round < lintRuns; round++) {
    changeOneApp(repo, round);
    warm.push(await lintOnce(cacheDir, ENVS.length));
    unchanged.push(await lintOnce(cacheDir, 0));
  }
  if (!existsSync(cacheDir)) throw new Error('lint bench: the cold lint wrote no cache');
  const stats = { bare: summarize(bare), cold: summarize(cold), warm: summarize(warm), unchanged: summarize(unchanged) };
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
    `app-chart lint on a generated repo of ${apps} apps × ${ENVS.length} envs (Helm 4, ${targets} renders cold), median of ${lintRuns} ` +
      `runs;`,
    'ratio = cold lint / the bare helm template calls it needs, run as many at a time as lint runs them.',
    '',
    table(
      ['run', 'what', 'wall', 'per app × env', 'ratio', 'peak memory'],
      [
        runRow('bare helm template', `${targets} renders, lint's parallelism`, stats.bare, stats.bare.wall / targets),
        runRow('cold lint', 'empty cache: every app × env rendered and checked', stats.cold, results.coldPerTarget, results.coldRatio),
        runRow('warm lint', `cache filled, one app changed (${ENVS.length} renders)`, stats.warm),
        runRow('warm lint', 'cache filled, nothing changed', stats.unchanged),
      ],
    ),
    '',
    `Targets (wall): warm lint with one app changed ≤ ${WARM_TARGETS.changed} s: ${met(stats.warm.wall, WARM_TARGETS.changed)}; ` +
      `nothing changed ≤ ${WARM_TARGETS.unchanged} s: ${met(stats.unchanged.wall, WARM_TARGETS.unchanged)}.`,
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
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench repo');
  const chartFile = join(repo, 'chart', 'Chart.yaml');
  const committedChart = readFileSync(chartFile, 'utf8');
  // the commands as a deployment repo runs them, each round with a cache folder of its own
  const diffOnce = (cacheDir: string, expect: { rendered: number; changed: number }) => {
    process.env.APP_CHART_CACHE_DIR = cacheDir;
    return sample(process.execPath, [command, 'diff', repo, '--base', 'HEAD', '--format', 'json'], (stdout) => {
      const report = JSON.parse(stdout) as {
        summary: { targets: number; changed: number; errors: number };
        targets: { rendered: boolean }[];
      };
      const summary = { ...report.summary, rendered: report.targets.filter((t) => t.rendered).length };
      if (summary.targets !== targets || summary.rendered !== expect.rendered || summary.changed !== expect.changed || summary.errors) {
        throw new Error(
          `diff bench: expected ${targets} targets, ${expect.rendered} rendered, ${expect.changed} changed, got ${JSON.stringify(summary)}`,
        );
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
  const chartChange = {
    perTarget: stats.chart.wall / targets,
    ratio: stats.chart.wall / stats.bare.wall,
    cpuRatio: ratioOf(stats.chart.cpu, stats.bare.cpu),
  };
  const results = { apps, envs: ENVS.length, targets, runs: diffRuns, ...stats, chartChange };
  const diffTable = [
    `app-chart diff --base HEAD on the same repo as a git repository with a vendored chart (Helm 4), median of ${diffRuns} runs;`,
    'ratio = diff / the bare helm template calls it needs, run as many at a time as diff runs them.',
    '',
    table(
      ['run', 'what', 'wall', 'per app × env', 'ratio', 'peak memory'],
      [
        runRow(
          'bare helm template',
          `${2 * targets} renders (old and new chart), diff's parallelism`,
          stats.bare,
          stats.bare.wall / targets,
        ),
        runRow(
          'diff, chart changed',
          `empty cache: every app × env rendered at both revisions and compared`,
          stats.chart,
          chartChange.perTarget,
          chartChange.ratio,
        ),
        runRow(
          'diff, one app changed',
          `empty cache: ${ENVS.length} app × envs rendered twice, ${targets - ENVS.length} skipped`,
          stats.oneApp,
        ),
        runRow('diff after lint', `one app changed, cache filled by lint of the working tree: ${ENVS.length} renders`, stats.afterLint),
      ],
    ),
  ].join('\n');
  return { table: diffTable, results };
}
