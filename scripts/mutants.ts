// npm run mutants: how many realistic mistakes the test suite catches. Each mutant of the samples given (default:
// every test/mutants/*.yaml) is made, one at a time, in a private copy of the repo (scripts/mutants/workspace.ts),
// with the generated files made again and the code compiled as a contributor would; then the whole suite runs,
// the tests of the mutant's area first, until a test fails (killed) or every test passes (survived). A mutant
// that does not compile is counted apart (invalid), one that makes the suite run past its time limit as killed.
// Prints each outcome as it comes and a table per area; --out writes everything as JSON.
// Options: --area <area> and --id <id> (repeatable) pick mutants, --interleave (take the areas in turn, so a run
// stopped early has measured every area), --first-only (run only the area's tests listed in FIRST: quicker, and
// a lower bound of the kill rate, as a mutant it lets through may fail another test), --out <file>, --no-baseline
// (skip the run of the unchanged suite that must pass first), --keep (leave the copy of the repo for a look).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from './install.ts';
import { AREAS, loadSample, staleness, type Area, type Mutant } from './mutants/sample.ts';
import { apply, createWorkspace, reset, runTests, testFiles } from './mutants/workspace.ts';

/** Test files likely to catch a mistake of each area, run first. Only the time to a kill depends on this list. */
const FIRST: Record<Area, string[]> = {
  'chart templates': [
    'test/chart.test.ts',
    'test/chart-workloads.test.ts',
    'test/examples.test.ts',
    'test/custom-resources.test.ts',
    'test/corpus.test.ts',
    'test/fuzz-regressions.test.ts',
    'test/glueops-compat.test.ts',
    'test/hostile/custom-resources.test.ts',
  ],
  'schema source': [
    'test/schema.test.ts',
    'test/schema-oracle.test.ts',
    'test/helm-schema.test.ts',
    'test/corpus.test.ts',
    'test/property-reject.test.ts',
    'test/docs.test.ts',
  ],
  'render and errors': [
    'test/errors.test.ts',
    'test/positions.test.ts',
    'test/cli.test.ts',
    'test/corpus.test.ts',
    'test/argocd-source.test.ts',
    'test/lint-units.test.ts',
    'test/helm-platform.test.ts',
    'test/argocd.test.ts',
    'test/chart-source.test.ts',
    'test/hostile/flag-injection.test.ts',
  ],
  'lint pipeline': [
    'test/lint-pipeline-units.test.ts',
    'test/lint-units.test.ts',
    'test/positions.test.ts',
    'test/lint-merge.test.ts',
    'test/lint.test.ts',
    'test/lint-cli.test.ts',
    'test/hostile/yaml-vs-helm.test.ts',
    'test/lint-ci.test.ts',
    'test/lint-shard.test.ts',
    'test/hostile/lint-faults.test.ts',
    'test/argocd-source.test.ts',
  ],
  'lint rules': [
    'test/lint-rule-branches.test.ts',
    'test/lint-units.test.ts',
    'test/lint.test.ts',
    'test/l4-examples.test.ts',
    'test/lint-cli.test.ts',
  ],
  'lint cache': [
    'test/lint-cache-units.test.ts',
    'test/parsed-cache.test.ts',
    'test/key-checks.test.ts',
    'test/render-cache.test.ts',
    'test/lint-fingerprint.test.ts',
    'test/lint.test.ts',
    'test/lint-cli.test.ts',
    'test/lint-units.test.ts',
    'test/hostile/lint-faults.test.ts',
    'test/lint-merge.test.ts',
    'test/errors.test.ts',
    'test/diff.test.ts',
    'test/helm-platform.test.ts',
    'test/chart-source.test.ts',
    'test/lint-index.test.ts',
  ],
  diff: ['test/diff-units.test.ts', 'test/diff.test.ts'],
};

type Status = 'killed' | 'survived' | 'invalid';

interface Outcome {
  id: string;
  area: Area;
  sample: string;
  file: string;
  mistake: string;
  status: Status;
  /** the first failing test, the compile error, or nothing for a survivor */
  detail?: string;
  timedOut?: boolean;
  seconds: number;
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    area: { type: 'string', multiple: true },
    id: { type: 'string', multiple: true },
    out: { type: 'string' },
    interleave: { type: 'boolean', default: false },
    'first-only': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const mutantsDir = join(packageRoot, 'test', 'mutants');
const samples = positionals.length
  ? positionals
  : readdirSync(mutantsDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(mutantsDir, f));
let mutants: Mutant[] = [];
try {
  mutants = samples.flatMap((file) => loadSample(file).map((m) => ({ ...m, sample: relative(packageRoot, file) })));
} catch (error) {
  console.error(`mutants: ${(error as Error).message}`);
  process.exit(2);
}
for (const area of options.area ?? []) {
  if (!(AREAS as readonly string[]).includes(area)) {
    console.error(`mutants: --area ${area}: not one of ${AREAS.join(', ')}`);
    process.exit(2);
  }
}
// an id that names no mutant is a typo, not a request to measure nothing
const unknownIds = (options.id ?? []).filter((id) => !mutants.some((m) => m.id === id));
if (unknownIds.length) {
  console.error(`mutants: --id ${unknownIds.join(', ')}: no such mutant in ${samples.map((f) => relative(packageRoot, f)).join(', ')}`);
  process.exit(2);
}
if (options.area) mutants = mutants.filter((m) => options.area!.includes(m.area));
if (options.id) mutants = mutants.filter((m) => options.id!.includes(m.id));
if (options.interleave) {
  // the first mutant of each area, then the second of each, and so on
  const rank = new Map<Mutant, number>();
  for (const area of AREAS)
    mutants
      .filter((m) => m.area === area)
      .forEach((m, i) => {
        rank.set(m, i);
      });
  mutants = [...mutants].sort((a, b) => rank.get(a)! - rank.get(b)! || AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
}
if (mutants.length === 0) {
  console.error('mutants: no mutant matches');
  process.exit(2);
}
const stale = mutants.map((m) => [m, staleness(packageRoot, m)] as const).filter(([, why]) => why);
if (stale.length) {
  for (const [m, why] of stale) console.error(`mutants: ${m.sample}: ${m.id}: ${why}`);
  process.exit(2);
}

const ws = await createWorkspace(packageRoot);
console.log(`mutants: ${mutants.length} mutants of ${samples.map((s) => relative(packageRoot, s)).join(', ')}, in ${ws.dir}`);
try {
  process.exitCode = await measure(mutants);
} finally {
  if (options.keep) console.log(`mutants: the copy of the repo is kept in ${ws.dir}`);
  else rmSync(ws.dir, { recursive: true, force: true });
  rmSync(ws.cleanDist, { recursive: true, force: true });
}

/** Runs the suite against each mutant in turn and prints the outcomes; the exit status. */
async function measure(list: Mutant[]): Promise<number> {
  const all = testFiles(ws.dir);
  let timeoutMs = 30 * 60_000;
  if (!options['no-baseline']) {
    const baseline = await runTests(
      ws,
      options['first-only'] ? [...new Set(list.flatMap((m) => FIRST[m.area]))].filter((f) => all.includes(f)) : all,
      timeoutMs,
    );
    if (!baseline.passed) {
      console.error(`mutants: the unchanged suite fails (${baseline.failure}); fix it first`);
      return 2;
    }
    timeoutMs = Math.max(10 * 60_000, baseline.seconds * 3 * 1000);
    console.log(`mutants: the unchanged suite passes in ${Math.round(baseline.seconds)} s`);
  }

  const outcomes: Outcome[] = [];
  for (const [i, m] of list.entries()) {
    const started = Date.now();
    await reset(ws, m.file);
    const base = { id: m.id, area: m.area, sample: m.sample, file: m.file, mistake: m.mistake };
    let outcome: Outcome;
    const invalid = await apply(ws, m);
    if (invalid) outcome = { ...base, status: 'invalid', detail: invalid, seconds: 0 };
    else {
      const first = FIRST[m.area].filter((f) => all.includes(f));
      let tests = await runTests(ws, first, timeoutMs);
      if (tests.passed && !options['first-only'])
        tests = await runTests(
          ws,
          all.filter((f) => !first.includes(f)),
          timeoutMs,
        );
      outcome = tests.passed
        ? { ...base, status: 'survived', seconds: 0 }
        : { ...base, status: 'killed', detail: tests.failure, timedOut: tests.timedOut, seconds: 0 };
    }
    outcome.seconds = Math.round((Date.now() - started) / 1000);
    outcomes.push(outcome);
    console.log(
      `[${i + 1}/${list.length}] ${outcome.status.padEnd(8)} ${m.id} (${m.area}, ${outcome.seconds} s)` +
        (outcome.detail ? `: ${outcome.detail}` : ''),
    );
  }

  if (options['first-only']) console.log("\nOnly each area's first tests ran (--first-only): the kill rates are lower bounds.");
  console.log(`\n${table(outcomes)}`);
  const survivors = outcomes.filter((o) => o.status === 'survived');
  if (survivors.length) console.log(`\nSurvived:\n${survivors.map((o) => `- ${o.id} (${o.area}): ${o.mistake}`).join('\n')}`);
  if (options.out)
    writeFileSync(options.out, `${JSON.stringify({ samples: samples.map((s) => relative(packageRoot, s)), outcomes }, null, 2)}\n`);
  return 0;
}

/** Markdown table: per area and in total, the mutants, killed, survived, invalid and the kill rate. */
function table(outcomes: Outcome[]): string {
  const rows = [
    ...AREAS.filter((a) => outcomes.some((o) => o.area === a)).map((a) => [a, outcomes.filter((o) => o.area === a)] as const),
    ['all', outcomes] as const,
  ];
  const lines = ['| area | mutants | killed | survived | invalid | kill rate |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const [name, list] of rows) {
    const count = (s: Status) => list.filter((o) => o.status === s).length;
    const judged = count('killed') + count('survived');
    const rate = judged ? `${((100 * count('killed')) / judged).toFixed(0)}%` : '-';
    lines.push(`| ${name} | ${list.length} | ${count('killed')} | ${count('survived')} | ${count('invalid')} | ${rate} |`);
  }
  return lines.join('\n');
}
