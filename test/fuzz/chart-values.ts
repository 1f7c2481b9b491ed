// The chart's values for property tests: drawn from chart/values.editor.schema.json (the full schema) as it is on disk
// now. Helm checks them against chart/values.schema.json, the same rules written for its speed: a mutation the full
// schema refuses and Helm lets through is a rule the Helm schema lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type fc from 'fast-check';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { chartDir } from '../../scripts/render.ts';
import { hints, nameEntries, renderable } from './realistic.ts';
import { broken, SchemaWalk, type Broken, type Schema } from './schema-arbitrary.ts';

/** What the platform injects into every app; templates in values read it. */
export const PLATFORM = { captain_domain: 'nonprod.example.com' };

export interface ChartValues {
  schema: Schema;
  valid: fc.Arbitrary<Record<string, unknown>>;
  invalid: fc.Arbitrary<Broken>;
}

export function chartValues(): ChartValues {
  const schema = JSON.parse(readFileSync(join(chartDir, 'values.editor.schema.json'), 'utf8')) as Schema;
  const walk = new SchemaWalk(schema, hints);
  const drawn = walk.valid(schema, []);
  if (!drawn) throw new Error('test/fuzz: the schema allows no values the generator can draw');
  // the platform's values over the drawn ones: captain_domain is what the platform injects, never unset
  const valid = drawn.map((values) => renderable(nameEntries({ ...(values as Record<string, unknown>), ...PLATFORM })));
  return { schema, valid, invalid: broken(walk, valid) };
}

type Values = Record<string, unknown>;
const isMap = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The values Helm validates: `values` over the chart's defaults, maps merged key by key; a null deletes a key the
 * defaults have and stays null where they have none (as Helm's coalescing does).
 */
export function coalesce(defaults: Values, values: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null && key in defaults) delete merged[key];
    else merged[key] = isMap(value) && isMap(defaults[key]) ? coalesce(defaults[key], value) : value;
  }
  return merged;
}

/** chart/values.yaml, the defaults Helm merges every values file over. */
export function chartDefaults(): Values {
  return (parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {}) as Values;
}

/** ajv's verdict on what Helm validates (the values over the chart's defaults), and its errors as text. */
export function schemaCheck(schema: Schema): (values: Values) => string | undefined {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const check = ajv.compile(schema);
  const defaults = chartDefaults();
  return (values) => (check(coalesce(defaults, values)) ? undefined : ajv.errorsText(check.errors));
}
