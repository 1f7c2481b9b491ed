import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (npm pack and an install into a deployment repo; lint split in shards) start
 * first, so the rest run beside them instead of after them. Vitest orders the others: by the durations it
 * remembers, or, on a fresh clone such as CI's, largest file first, which started these last.
 */
const LONGEST = ['test/package.test.ts', 'test/lint-shard.test.ts', 'test/diff.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST.indexOf(relative(this.ctx.config.root, file.moduleId).replaceAll('\\', '/'));
      return i === -1 ? LONGEST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((file, i) => ({ file, i }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i)
      .map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // every test runs real Helm processes; two cores, so a few workers keep both busy
    pool: 'forks',
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    // No time limit on a test or hook: a slow or busy machine must not fail a test. Property tests are budgeted
    // by case count, and every Helm run has its own timeout (scripts/helm.ts), so nothing can hang for ever.
    // Vitest 4, not 3: vitest 3 gave each message from a test worker to the runner a fixed 60 s timeout that no
    // option changes, so a run on a machine loaded past ten times its cores failed ("Timeout calling
    // onTaskUpdate") after every test had passed; vitest 4's workers wait for the runner without a limit.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
