// Property test: a values document drawn from chart/values.schema.json and broken by one mutation (wrong type,
// misspelt key, number out of range, value outside an enum, bad pattern, too long) is rejected by Helm's own schema
// check under Helm 3 and Helm 4, printing no manifests and naming the values path it broke.
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { chartValues, schemaCheck } from './fuzz/chart-values.ts';
import { runs, SEED } from './fuzz/config.ts';
import type { Broken, Path } from './fuzz/schema-arbitrary.ts';
import { HELMS, template, toValuesYaml } from './helpers.ts';

const { schema, invalid } = chartValues();
const schemaErrors = schemaCheck(schema);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dotted = (path: Path) => escapeRegExp(path.join('.'));
const pointer = (path: Path) => escapeRegExp(`/${path.map((s) => String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`);

/**
 * The line Helm prints for the broken path: Helm 3 "- a.b.0.c: ...", Helm 4 "at '/a/b/0/c'". Under an anyOf,
 * Helm 3 reports only the alternative it matched best, so it may name the anyOf's path instead.
 */
function schemaMessage(helm: 3 | 4, broken: Broken): RegExp {
  const key = escapeRegExp(broken.key ?? '');
  if (helm === 4) {
    return broken.kind === 'unknown key'
      ? new RegExp(`at '${pointer(broken.path)}': additional properties .*'${key}'.* not allowed`)
      : new RegExp(`at '${pointer(broken.path)}'`);
  }
  const exact =
    broken.kind === 'unknown key' ? `${dotted(broken.path)}: Additional property ${key} is not allowed$` : `${dotted(broken.path)}: `;
  const alternatives = [exact, ...broken.anyOfAt.map((path) => `${dotted(path)}: `)];
  return new RegExp(`^- (?:${alternatives.join('|')})`, 'm');
}

test.prop([invalid], { seed: SEED, numRuns: runs(80, 3000) })(
  "values broken by one mutation are rejected by Helm's schema check, naming the values path",
  async (broken) => {
    expect(schemaErrors(broken.values), 'the mutation left the values valid').toBeDefined();
    const text = toValuesYaml(broken.values);
    const results = await Promise.all(HELMS.map((helm) => template(helm, [text])));
    HELMS.forEach((helm, i) => {
      expect(results[i].exitCode).not.toBe(0);
      expect(results[i].stdout).toBe('');
      expect(results[i].stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(results[i].stderr).toMatch(schemaMessage(helm, broken));
    });
  },
);
