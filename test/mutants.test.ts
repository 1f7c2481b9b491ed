// The mutation samples (test/mutants/*.yaml, run by npm run mutants) follow the code: each mistake's text is found
// exactly once in its file, so a refactoring that moves the code also moves the sample, and a measured kill rate
// always refers to mistakes that can still be made.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { loadSample, staleness } from '../scripts/mutants/sample.ts';

const dir = join(packageRoot, 'test', 'mutants');
const samples = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(samples)('mutation sample %s', (file) => {
  it('makes each of its mistakes in code that is still there', () => {
    const stale = loadSample(join(dir, file)).flatMap((mutant) => {
      const why = staleness(packageRoot, mutant);
      return why ? [`${mutant.id}: ${why}`] : [];
    });
    expect(stale).toEqual([]);
  });
});

describe('npm run mutants', () => {
  it('refuses an --id that names no mutant, instead of measuring nothing', async () => {
    const run = await execa(
      'npx',
      ['tsx', 'scripts/mutants.ts', 'test/mutants/sample-e.yaml', '--id', 'e-no-such', '--id', 'e-diff-markdown-always-cut'],
      {
        cwd: packageRoot,
        reject: false,
        stdin: 'ignore',
      },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('mutants: --id e-no-such: no such mutant in test/mutants/sample-e.yaml');
  });
});
