// Files generated from the project's sources (the values schema, the chart's README, lint's docs): written by
// their command, or, with --check, compared with what the command would write and reported when they differ,
// without writing anything.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from './install.ts';

/**
 * Writes each changed file of `files` (path relative to `root` → text) and says so on stdout; with `check`, writes
 * nothing and names the stale files on stderr. Returns the exit code: 1 when `check` found a stale file, else 0.
 */
export function writeGenerated(files: Record<string, string>, options: { check: boolean; command: string; root?: string }): number {
  const root = options.root ?? packageRoot;
  const stale: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, path);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    if (options.check) stale.push(path);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  if (stale.length === 0) return 0;
  process.stderr.write(`stale generated files: ${stale.join(', ')}\nRun "${options.command}" and commit the result.\n`);
  return 1;
}
