// Determinism and equivalence: every example app × env renders to one output however often it is rendered,
// and Helm 3.18.0 and Helm 4.1.4 render it byte for byte alike. 20 renders per Helm of every example are ~900
// Helm runs, too many for the test budget: `npm run fuzz` renders 20 times, `npm test` twice (and
// examples.test.ts once more, against the golden file).
import { describe, expect, it } from 'vitest';
import { exampleEnvs, renderExample } from '../scripts/examples.ts';
import { FUZZING } from './fuzz/config.ts';
import { HELMS } from './helpers.ts';

const REPEATS = FUZZING ? 20 : 2;

describe.concurrent.each(exampleEnvs())('$app/$env', (example) => {
  it(`gives one output in ${REPEATS} renders under each Helm, the same under Helm 3 and Helm 4`, async () => {
    const outputs = { 3: new Set<string>(), 4: new Set<string>() };
    for (let run = 0; run < REPEATS; run++) {
      const [three, four] = await Promise.all(HELMS.map((helm) => renderExample(example, helm)));
      outputs[3].add(three);
      outputs[4].add(four);
    }
    expect(outputs[3].size, 'Helm 3 gave different outputs').toBe(1);
    expect(outputs[4].size, 'Helm 4 gave different outputs').toBe(1);
    expect([...outputs[4]][0]).toBe([...outputs[3]][0]);
  });
});
