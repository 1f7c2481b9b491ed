// The values checked one root key at a time (scripts/lint/key-checks.ts) give the errors one validator of the
// whole schema gives: on the chart's schema, for every values file of the bad-input corpus and the examples, each
// alone (partial schema) and merged over the chart's defaults (full schema); and on a schema whose root closes
// its keys and ties them together. An outcome kept from an earlier check answers only the same value.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { describe, expect, it } from 'vitest';
import { compiledValidator } from '../scripts/compiled-validator.ts';
import { bundledChartDir, packageRoot } from '../scripts/install.ts';
import { hash } from '../scripts/lint/cache.ts';
import { schemaErrors, type CheckedSchema } from '../scripts/lint/key-checks.ts';
import { chartDefaults, coalesce } from '../scripts/lint/merge.ts';
import { withoutAnnotations } from '../scripts/helm-schema.ts';
import { chartSchema, checkedSchema, partialSchema } from '../scripts/lint/values-schema.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';

const OPTIONS = { allErrors: true, strict: false };
const wholeErrors = (schema: JSONSchema7, data: unknown): ErrorObject[] => {
  const validate = compiledValidator(schema, OPTIONS);
  return validate(data) ? [] : [...(validate.errors ?? [])];
};
/** Errors as a set: the split check keeps each error, but not the whole validator's order. */
const asSet = (errors: ErrorObject[]) =>
  errors.map((e) => JSON.stringify([e.instancePath, e.schemaPath, e.keyword, e.params, e.message])).sort();

function valuesFiles(): string[] {
  const corpus = join(packageRoot, 'test', 'corpus');
  const files = [
    ...readdirSync(corpus)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(corpus, f)),
    ...readdirSync(join(corpus, 'accepted')).map((f) => join(corpus, 'accepted', f)),
  ];
  // every app's base and env values in the examples
  const examples = join(packageRoot, 'examples');
  for (const entry of readdirSync(examples, { recursive: true, encoding: 'utf8' })) {
    if (/(^|\/)(base\/base-values|envs\/[^/]+\/values)\.yaml$/.test(entry)) files.push(join(examples, entry));
  }
  return files;
}

describe('values checked one root key at a time', () => {
  it("give the whole schema's errors for every corpus and example file, alone and merged", () => {
    const chart = chartSchema(bundledChartDir);
    const partial = withoutAnnotations(partialSchema(chart)) as JSONSchema7;
    const full = withoutAnnotations(chart) as JSONSchema7;
    let refused = 0;
    let checked = 0;
    for (const file of valuesFiles()) {
      const parsed = parseValuesFile(file);
      if (!parsed.ok) continue;
      checked++;
      const alone = schemaErrors(checkedSchema('partial', bundledChartDir), parsed.values);
      expect(asSet(alone), file).toEqual(asSet(wholeErrors(partial, parsed.values)));
      const merged = coalesce(chartDefaults(bundledChartDir), parsed.values as Record<string, unknown>);
      const errors = schemaErrors(checkedSchema('full', bundledChartDir), merged);
      expect(asSet(errors), file).toEqual(asSet(wholeErrors(full, merged)));
      if (alone.length || errors.length) refused++;
    }
    // the comparison means something only if many files are refused, and many are not
    expect(checked).toBeGreaterThan(60);
    expect(refused).toBeGreaterThan(30);
    expect(checked - refused).toBeGreaterThan(20);
  });

  // written as JSON: a schema's `then` keyword is not a promise's
  const closed = JSON.parse(`{
    "type": "object",
    "additionalProperties": false,
    "properties": { "mode": { "type": "string", "enum": ["a", "b"] }, "size": { "type": "number" }, "box": { "$ref": "#/definitions/Box" } },
    "definitions": { "Box": { "type": "object", "required": ["width"], "properties": { "width": { "type": "integer", "minimum": 1 } } } },
    "allOf": [{ "if": { "properties": { "mode": { "const": "b" } }, "required": ["mode"] }, "then": { "required": ["box"] } }]
  }`) as JSONSchema7;
  const checkedClosed: CheckedSchema = { identity: `test\0${hash(JSON.stringify(closed))}`, root: closed, schema: () => closed };

  it.each([
    ['an empty map', {}],
    ['a key the root does not know', { mode: 'a', colour: 'red' }],
    ['a condition across keys', { mode: 'b' }],
    ['an error inside a reference', { box: { width: 0 } }],
    ['a required key inside a reference', { mode: 'b', box: {} }],
    ['a value that is not a map', 'text'],
    ['a list', [1, 2]],
    ['a number JSON cannot hold', { size: Number.NaN }],
    ['every error at once', { mode: 'c', size: 'big', box: { width: 'x' }, other: 1 }],
  ])('give the errors of a closed root with conditions: %s', (_, data) => {
    expect(asSet(schemaErrors(checkedClosed, data))).toEqual(asSet(wholeErrors(closed, data)));
  });

  it("give the whole schema's errors when its root is a reference, and for null", () => {
    // a repo's own chart may name its values' schema by reference: its keys are checked where the reference leads, too
    const referred = {
      $ref: '#/definitions/Values',
      properties: { size: { type: 'number' } },
      definitions: { Values: { properties: { size: { type: 'integer', minimum: 1 } }, additionalProperties: false } },
    } as JSONSchema7;
    const checked: CheckedSchema = { identity: `test\0${hash(JSON.stringify(referred))}`, root: referred, schema: () => referred };
    for (const data of [{ size: 0.5 }, { size: 'big', other: 1 }, null]) {
      expect(asSet(schemaErrors(checked, data))).toEqual(asSet(wholeErrors(referred, data)));
    }
    // a values file holding only null (`~`) is no map of keys
    expect(schemaErrors(checkedClosed, null).map((e) => e.message)).toEqual(['must be object']);
    expect(schemaErrors(checked, { size: 0.5 }).map((e) => e.schemaPath)).toEqual([
      '#/definitions/Values/properties/size/type',
      '#/definitions/Values/properties/size/minimum',
    ]);
  });

  it('answer a value from an earlier outcome only when the value is the same', () => {
    const bad = schemaErrors(checkedClosed, { box: { width: 0 } });
    expect(bad.map((e) => e.instancePath)).toEqual(['/box/width']);
    expect(schemaErrors(checkedClosed, { box: { width: 2 } })).toEqual([]);
    expect(schemaErrors(checkedClosed, { box: { width: '2' } }).map((e) => e.keyword)).toEqual(['type']);
    expect(asSet(schemaErrors(checkedClosed, { box: { width: 0 } }))).toEqual(asSet(bad));
    // NaN is null to JSON, but a number to ajv: it is checked, never answered from null's outcome
    expect(schemaErrors(checkedClosed, { size: null }).map((e) => e.keyword)).toEqual(['type']);
    expect(wholeErrors(closed, { size: Number.NaN })).toEqual([]);
    expect(schemaErrors(checkedClosed, { size: Number.NaN })).toEqual([]);
  });
});
