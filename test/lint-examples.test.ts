// Every example app lints clean: examples/ is a deployment repo of its own (examples/app-chart.config.yaml
// makes examples/ its apps folder and examples/platform-values.yaml its platform values).
import { describe, expect, it } from 'vitest';
import { exampleEnvs, examplesDir } from '../scripts/examples.ts';
import { lint } from '../scripts/lint/index.ts';

describe('app-chart lint on examples/', () => {
  it('finds nothing wrong in any example app × env', async () => {
    // The cache key covers the chart, lint's code, the config and every values file, so a hit is the same result.
    const result = await lint({ paths: [examplesDir] });
    expect(result.targets.map((t) => `${t.app}/${t.env}`).sort()).toEqual(exampleEnvs().map((e) => `${e.app}/${e.env}`).sort());
    expect(result.targets.every((t) => t.rendered)).toBe(true);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.rule}: ${f.message}`)).toEqual([]);
  });
});
