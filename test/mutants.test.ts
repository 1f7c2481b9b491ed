// The mutation samples (test/mutants/*.yaml, run by npm run mutants) follow the code: each mistake's text is found
// exactly once in its file, so a refactoring that moves the code also moves the sample, and a measured kill rate
// always refers to mistakes that can still be made.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { loadSample, staleness } from '../scripts/mutants/sample.ts';
import { generatorsReading, localImports } from '../scripts/mutants/workspace.ts';

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

describe('a mistake made by npm run mutants', () => {
  it('is followed by the generators its file feeds, as a contributor runs them, and by no other', () => {
    const reading = (file: string) => generatorsReading(packageRoot, file);
    expect(reading('schema/values.ts')).toEqual(['scripts/write-schema.ts', 'scripts/write-chart-readme.ts']);
    // read by path, not imported: the Kubernetes types the schema's definitions are generated from
    expect(reading('schema/kubernetes.ts')).toEqual(['scripts/write-schema.ts']);
    // the generator's own helpers feed the schema as much as schema/ does
    for (const file of ['scripts/helm-schema.ts', 'scripts/kubernetes-schema.ts', 'scripts/values-types.ts']) {
      expect(reading(file)).toContain('scripts/write-schema.ts');
    }
    // lint's docs run the rules' examples through lint, render included
    expect(reading('scripts/lint/rules/traefik.ts')).toEqual(['scripts/lint/write-docs.ts']);
    expect(reading('scripts/diff/json.ts')).toEqual(['scripts/lint/write-docs.ts']);
    expect(reading('scripts/render.ts')).toContain('scripts/lint/write-docs.ts');
    expect(reading('scripts/mutants.ts')).toEqual([]);
    expect(reading('chart/templates/_helpers.tpl')).toEqual([]);
  });

  it('is type-checked by the build when the command imports it, even only when it runs (import())', () => {
    const built = localImports(packageRoot, 'scripts/cli.ts');
    expect(built.has('scripts/cli.ts')).toBe(true);
    expect(built.has('scripts/diff/findings.ts')).toBe(true);
    expect(built.has('scripts/lint/rules/gateway.ts')).toBe(true);
    expect(built.has('schema/values.ts')).toBe(false);
    expect(built.has('scripts/write-schema.ts')).toBe(false);
  });
});
