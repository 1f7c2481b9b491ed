// Property test: values documents drawn from chart/values.schema.json (test/fuzz/) render under Helm 3 and Helm 4,
// alike and without a word on stderr, into YAML whose objects validate against the Kubernetes, Traefik and
// Gateway API models, read as Kubernetes reads YAML. A fixed seed here; `npm run fuzz` draws thousands.
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { validateObjects } from '../scripts/models.ts';
import { chartValues, schemaCheck } from './fuzz/chart-values.ts';
import { runs, SEED } from './fuzz/config.ts';
import { kubernetesObjects } from './fuzz/kubernetes-yaml.ts';
import { HELMS, template, toValuesYaml } from './helpers.ts';

const { schema, valid } = chartValues();
const schemaErrors = schemaCheck(schema);

test.prop([valid], { seed: SEED, numRuns: runs(80, 3000) })(
  'values drawn from the schema render under both Helms, alike, into objects that validate against their models',
  async (values) => {
    expect(schemaErrors(values), 'the generator drew values the schema rejects: fix test/fuzz/realistic.ts').toBeUndefined();
    const text = toValuesYaml(values);
    const [three, four] = await Promise.all(HELMS.map((helm) => template(helm, [text])));
    expect(three.stderr).toBe('');
    expect(four.stderr).toBe('');
    expect(four.stdout).toBe(three.stdout);
    const findings = await validateObjects(kubernetesObjects(four.stdout));
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
  },
);
