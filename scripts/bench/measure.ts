// Runs a command several times and reports medians: wall time, CPU time (user + system) and peak memory
// (maximum resident set size) of the process, read by GNU time (/usr/bin/time) when it is installed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  /** seconds */
  wall: number;
  /** seconds of user + system CPU, when GNU time is available */
  cpu?: number;
  /** bytes of peak resident memory, when GNU time is available */
  rss?: number;
}

export interface Stats {
  runs: number;
  wall: number;
  cpu?: number;
  rss?: number;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/** One run; rejects unless the command exits 0 and `check` accepts its output. */
export async function sample(bin: string, args: string[], check: (stdout: string) => void = () => {}): Promise<Sample> {
  const dir = hasGnuTime ? mkdtempSync(join(tmpdir(), 'app-chart-bench-')) : undefined;
  const report = dir ? join(dir, 'time.txt') : undefined;
  const [command, commandArgs] = report ? [GNU_TIME, ['-f', '%U %S %M', '-o', report, bin, ...args]] : [bin, args];
  try {
    const started = process.hrtime.bigint();
    const { code, stdout, stderr } = await run(command, commandArgs);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${stderr.slice(0, 2000)}`);
    check(stdout);
    if (!report) return { wall };
    const [user, system, kilobytes] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wall, cpu: user + system, rss: kilobytes * 1024 };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(samples: Sample[]): Stats {
  const pick = (key: 'cpu' | 'rss') => (samples.every((s) => s[key] !== undefined) ? median(samples.map((s) => s[key]!)) : undefined);
  return { runs: samples.length, wall: median(samples.map((s) => s.wall)), cpu: pick('cpu'), rss: pick('rss') };
}

/**
 * Measures several commands the same number of times, one run of each in turn, so a slow moment of a busy
 * machine falls on all of them alike.
 */
export async function compare<K extends string>(
  commands: Record<K, { bin: string; args: string[]; check?: (stdout: string) => void }>,
  runs: number,
): Promise<Record<K, Stats>> {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as Sample[]])) as Record<K, Sample[]>;
  for (let round = 0; round < runs; round++) {
    for (const key of Object.keys(commands) as K[]) {
      const { bin, args, check } = commands[key];
      samples[key].push(await sample(bin, args, check));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarize(s as Sample[])])) as Record<K, Stats>;
}
