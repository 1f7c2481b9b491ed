// The index of a run (scripts/lint/index.ts resultStore) is written again only when it misses or holds stale
// more than a small share of the run's results: one app × env changed in a repo is read from its own file.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRepo } from '../scripts/bench/lint-scale.ts';
import { lint } from '../scripts/lint/index.ts';
import { renderApp, type RenderRequest } from '../scripts/render.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-lint-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the index of a run's results", () => {
  it('is kept when one app × env of 21 changed, and written again when more did', async () => {
    const repo = join(tmp, 'repo');
    const cacheDir = join(tmp, 'cache');
    // 7 apps × 3 envs: one app × env is 1/21 of the run, under the 5% the index may miss
    writeRepo(repo, 7);
    const rendered: string[] = [];
    const render = (request: RenderRequest) => {
      rendered.push(`${request.appDir}/${request.env}`);
      return renderApp(request);
    };
    const run = async () => {
      rendered.length = 0;
      return lint({ paths: [repo], cacheDir, render });
    };
    const indexDir = join(cacheDir, 'index');
    const indexText = () => readdirSync(indexDir).map((file) => readFileSync(join(indexDir, file), 'utf8'));
    const ownFiles = () => readdirSync(cacheDir).filter((file) => file.endsWith('.json'));

    const cold = await run();
    expect({ targets: cold.targets.length, rendered: rendered.length }).toEqual({ targets: 21, rendered: 21 });
    const written = indexText();
    expect(written).toHaveLength(1);

    // one app × env changed: linted again, its result stored in its own file; the index is left as it was
    appendFileSync(join(repo, 'apps', 'app-003', 'envs', 'prod', 'values.yaml'), 'commonLabels:\n  tier: web\n');
    const changed = await run();
    expect({ rendered: rendered.length, cached: changed.cached }).toEqual({ rendered: 1, cached: 20 });
    expect(indexText()).toEqual(written);
    // the next run takes 20 results from the index and the changed one from its own file
    const warm = await run();
    expect({ rendered, cached: warm.cached, findings: warm.findings }).toEqual({ rendered: [], cached: 21, findings: changed.findings });
    expect(indexText()).toEqual(written);

    // an app's base changed too: 4 of 21 answered elsewhere, more than the index may miss, so it is written again
    appendFileSync(join(repo, 'apps', 'app-005', 'base', 'base-values.yaml'), 'commonLabels:\n  tier: api\n');
    const more = await run();
    expect({ rendered: rendered.length, cached: more.cached }).toEqual({ rendered: 3, cached: 18 });
    expect(indexText()).not.toEqual(written);
    // it now answers the whole run alone
    for (const file of ownFiles()) rmSync(join(cacheDir, file));
    const fromIndex = await run();
    expect({ rendered, cached: fromIndex.cached, findings: fromIndex.findings }).toEqual({
      rendered: [],
      cached: 21,
      findings: more.findings,
    });
  });
});
