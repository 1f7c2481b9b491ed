// The mutation samples (test/mutants/*.yaml, run by npm run mutants) follow the code: each mistake's text is found
// exactly once in its file, so a refactoring that moves the code also moves the sample, and a measured kill rate
// always refers to mistakes that can still be made.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { loadSample, staleness } from '../scripts/mutants/sample.ts';
import { generatorsReading, localImports, reset } from '../scripts/mutants/workspace.ts';

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

  it("runs on a cache emptied but for the extracted Helm, unless it or the last mistake is in Helm's extraction", async () => {
    // a copy of the repo as the tool makes it: the code that extracts Helm, committed; node_modules ignored
    const dir = mkdtempSync(join(tmpdir(), 'app-chart-mutants-reset-'));
    for (const file of localImports(packageRoot, 'scripts/helm.ts')) cpSync(join(packageRoot, file), join(dir, file));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    await execa('git', ['init', '-q', dir]);
    await execa('git', ['add', '-A'], { cwd: dir });
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'copy'], { cwd: dir });
    const cache = join(dir, 'node_modules', '.cache', 'app-chart');
    const fill = () => {
      for (const file of ['helm-v4.1.4/helm', 'lint/index.json']) {
        mkdirSync(dirname(join(cache, file)), { recursive: true });
        writeFileSync(join(cache, file), 'x');
      }
    };
    const ws = { dir, cleanDist: dir, distDirty: false };
    const cacheLeftFor = async (file: string) => {
      fill();
      await reset(ws, file);
      return readdirSync(cache);
    };
    try {
      expect(await cacheLeftFor('scripts/render.ts')).toEqual(['helm-v4.1.4']);
      // a mistake in the extraction, or in what it imports, must extract Helm itself
      expect(await cacheLeftFor('scripts/helm.ts')).toEqual([]);
      // what a mutated extraction left is not handed to the next mistake
      expect(await cacheLeftFor('scripts/render.ts')).toEqual([]);
      expect(await cacheLeftFor('scripts/render.ts')).toEqual(['helm-v4.1.4']);
      // what the extraction imports (it writes the binary)
      expect(await cacheLeftFor('scripts/write-file.ts')).toEqual([]);
      expect(await cacheLeftFor('chart/templates/_helpers.tpl')).toEqual([]);
      expect(await cacheLeftFor('chart/templates/_helpers.tpl')).toEqual(['helm-v4.1.4']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
