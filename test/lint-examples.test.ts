// Every example app lints clean: examples/ is a deployment repo of its own (examples/app-chart.config.yaml
// makes examples/ its apps folder and examples/platform-values.yaml its platform values).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleEnvs, examplesDir } from '../scripts/examples.ts';
import { lint } from '../scripts/lint/index.ts';

// a cache of its own: the first lint renders and checks everything, never reading what another run stored
const cacheDir = mkdtempSync(join(tmpdir(), 'app-chart-lint-examples-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('app-chart lint on examples/', () => {
  it('finds nothing wrong in any example app × env, linted afresh, and the same from its cache', async () => {
    const result = await lint({ paths: [examplesDir], cacheDir });
    expect(result.targets.map((t) => `${t.app}/${t.env}`).sort()).toEqual(
      exampleEnvs()
        .map((e) => `${e.app}/${e.env}`)
        .sort(),
    );
    expect(result.targets.every((t) => t.rendered && !t.cached)).toBe(true);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.rule}: ${f.message}`)).toEqual([]);
    const again = await lint({ paths: [examplesDir], cacheDir });
    expect(again.targets.every((t) => t.cached)).toBe(true);
    expect(again.findings).toEqual(result.findings);
  });
});
