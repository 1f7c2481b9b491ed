// A private copy of the repo to make mistakes in: the files git knows (tracked and new, not ignored), its own
// git history of one commit, node_modules linked entry by entry but for its own empty cache (so no lint or
// render result of the real repo is reused), and a built dist/ kept aside to restore after a mistake in the code.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { mutate, type Mutant } from './sample.ts';

export interface Workspace {
  dir: string;
  /** the dist/ built from the unchanged code */
  cleanDist: string;
  /** dist/ holds a build of mutated code */
  distDirty: boolean;
  /** the cache's Helm binaries were extracted, or may have been, by mutated code */
  helmDirty?: boolean;
  /** the files of the code that extracts Helm (scripts/helm.ts and what it imports), read once */
  helmCode?: Set<string>;
}

export interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
  seconds: number;
}

/** Runs a command in its own process group; after `timeoutMs` the whole group is killed. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 30 * 60_000): Promise<RunResult> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function mustRun(command: string, args: string[], cwd: string): Promise<void> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.output.slice(-4000)}`);
}

/** node_modules of the copy: a link to each package of the repo's, and a cache of its own. */
function linkNodeModules(repo: string, dir: string) {
  const source = join(repo, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(target);
  for (const entry of readdirSync(source)) {
    if (entry === '.cache' || entry === '.vite' || entry === '.vitest') continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
  mkdirSync(join(target, '.cache'));
}

export async function createWorkspace(repo: string): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'app-chart-mutants-'));
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo);
  if (listed.code !== 0) throw new Error(`git ls-files failed in ${repo}: ${listed.output}`);
  for (const file of listed.output.split('\0').filter(Boolean)) {
    const from = join(repo, file);
    if (!existsSync(from) && !isLink(from)) continue;
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    if (isLink(from)) symlinkSync(readlinkSync(from), to);
    else {
      copyFileSync(from, to);
      chmodSync(to, statSync(from).mode);
    }
  }
  linkNodeModules(repo, dir);
  const git = ['-c', 'user.name=mutants', '-c', 'user.email=mutants@example.invalid', '-c', 'commit.gpgsign=false'];
  await mustRun('git', ['init', '-q'], dir);
  await mustRun('git', ['add', '-A'], dir);
  await mustRun('git', [...git, 'commit', '-q', '-m', 'the repo as it was copied'], dir);
  for (const [command, args] of build(dir)) await mustRun(command, args, dir);
  // the tests run the command through bin/app-chart.js: a copy it cannot run would fail them all, whatever the mistake
  await mustRun(process.execPath, [join(dir, 'bin', 'app-chart.js'), '--version'], dir);
  const cleanDist = mkdtempSync(join(tmpdir(), 'app-chart-mutants-dist-'));
  cpSync(join(dir, 'dist'), cleanDist, { recursive: true });
  return { dir, cleanDist, distDirty: false };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Back to the copied repo: files as committed, nothing the last run added, the clean dist/, and an empty cache
 * but for the extracted Helm binaries (extracting them again would only cost time), unless the mutant to come
 * (`file`) or the last one is in the code that extracts them (scripts/helm.ts and what it imports): that mutant
 * must run its own extraction, and what it extracted is not kept.
 */
export async function reset(ws: Workspace, file?: string): Promise<void> {
  await mustRun('git', ['checkout', '-q', '--', '.'], ws.dir);
  await mustRun('git', ['clean', '-fdq'], ws.dir);
  if (ws.distDirty) {
    rmSync(join(ws.dir, 'dist'), { recursive: true, force: true });
    cpSync(ws.cleanDist, join(ws.dir, 'dist'), { recursive: true });
    ws.distDirty = false;
  }
  ws.helmCode ??= localImports(ws.dir, 'scripts/helm.ts');
  const extracting = file !== undefined && ws.helmCode.has(file);
  const keepHelm = !extracting && !ws.helmDirty;
  const cache = join(ws.dir, 'node_modules', '.cache', 'app-chart');
  if (existsSync(cache)) {
    for (const entry of readdirSync(cache)) {
      if (!keepHelm || !/^helm-v\d/.test(entry)) rmSync(join(cache, entry), { recursive: true, force: true });
    }
  }
  ws.helmDirty = extracting;
}

/** The steps of `npm run build`: the code compiled (dist/scripts), then bundled into the command (dist/cli). */
function build(dir: string): [string, string[]][] {
  const bin = (name: string) => join(dir, 'node_modules', '.bin', name);
  return [
    [bin('tsc'), ['-p', 'tsconfig.build.json']],
    [bin('tsx'), ['scripts/bundle.ts']],
  ];
}

/**
 * The scripts that write the generated files (values schema, types and defaults; chart README; lint docs), each with
 * the files it reads by path rather than by import.
 */
export const GENERATORS: Record<string, string[]> = {
  // its types are handed to ts-json-schema-generator as a file
  'scripts/write-schema.ts': ['schema/kubernetes.ts'],
  'scripts/write-chart-readme.ts': [],
  'scripts/lint/write-docs.ts': [],
};

/** `file` and the repo's own modules it imports, directly or through others, statically or not. */
export function localImports(dir: string, file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !existsSync(join(dir, path))) return;
    seen.add(path);
    const text = readFileSync(join(dir, path), 'utf8');
    for (const [, spec] of text.matchAll(/(?:\bfrom\s+|\bimport\(\s*)'(\.{1,2}\/[^']+\.ts)'/g)) {
      visit(posix.join(posix.dirname(path), spec));
    }
  };
  visit(file);
  return seen;
}

/** The generators whose output a change to `file` can change: those that import it, directly or not. */
export function generatorsReading(dir: string, file: string): string[] {
  return Object.entries(GENERATORS)
    .filter(([generator, read]) => read.includes(file) || localImports(dir, generator).has(file))
    .map(([generator]) => generator);
}

/**
 * Makes the mistake, then does what the project asks of anyone who changes that file: the generated files it
 * feeds made again (schema, values reference, lint docs), the code built as `npm run build` builds it. Golden files are
 * never rewritten: a changed render is for the tests to notice. Returns why the mistake does not compile, if it
 * does not.
 */
export async function apply(ws: Workspace, mutant: Mutant): Promise<string | undefined> {
  const file = join(ws.dir, mutant.file);
  writeFileSync(file, mutate(readFileSync(file, 'utf8'), mutant));
  if (!mutant.file.endsWith('.ts')) return undefined;
  const tsx = join(ws.dir, 'node_modules', '.bin', 'tsx');
  const tsc = join(ws.dir, 'node_modules', '.bin', 'tsc');
  const steps: [string, string[]][] = [];
  // the build type-checks only what the command and the API import; tsx, which runs the generators, never does
  const entries: string[] = JSON.parse(readFileSync(join(ws.dir, 'tsconfig.build.json'), 'utf8')).files;
  const built = entries.some((entry) => localImports(ws.dir, entry).has(mutant.file));
  if (!built) steps.push([tsc, ['--noEmit', '-p', '.']]);
  for (const generator of generatorsReading(ws.dir, mutant.file)) steps.push([tsx, [generator]]);
  steps.push(...build(ws.dir));
  ws.distDirty = true;
  for (const [command, args] of steps) {
    const result = await run(command, args, ws.dir);
    if (result.code !== 0) return `${args.join(' ')}: ${result.output.trim().split('\n').slice(-5).join(' | ')}`;
  }
  return undefined;
}

/** Every test file of the suite, as vitest finds them (each *.test.ts under test/). */
export function testFiles(dir: string): string[] {
  const walk = (sub: string): string[] =>
    readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(sub, d.name)) : d.name.endsWith('.test.ts') ? [join(sub, d.name)] : [],
    );
  return walk('test').sort();
}

export interface TestOutcome {
  passed: boolean;
  timedOut: boolean;
  /** "test/file.test.ts > suite > test" of the first failure, or what stopped vitest */
  failure?: string;
  seconds: number;
}

/** Runs vitest on some test files, stopping at the first failing test. */
export async function runTests(ws: Workspace, files: string[], timeoutMs: number): Promise<TestOutcome> {
  const report = join(ws.dir, 'node_modules', '.cache', 'vitest-report.json');
  rmSync(report, { force: true });
  const vitest = join(ws.dir, 'node_modules', '.bin', 'vitest');
  const result = await run(
    vitest,
    ['run', '--bail=1', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...files],
    ws.dir,
    timeoutMs,
  );
  if (result.code === 0) return { passed: true, timedOut: false, seconds: result.seconds };
  let failure: string | undefined;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults?: { name: string; message?: string; assertionResults?: { status: string; fullName: string }[] }[];
    };
    for (const file of json.testResults ?? []) {
      const failed = file.assertionResults?.find((a) => a.status === 'failed');
      const name = file.name.slice(ws.dir.length + 1);
      if (failed) {
        failure = `${name} > ${failed.fullName}`;
        break;
      }
      if (file.message) failure ??= `${name}: ${file.message.split('\n')[0]}`;
    }
  }
  failure ??= result.timedOut ? 'timed out' : result.output.trim().split('\n').slice(-3).join(' | ');
  return { passed: false, timedOut: result.timedOut, failure, seconds: result.seconds };
}
