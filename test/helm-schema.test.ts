// The schema Helm reads, written from the full one: annotations dropped where they are keywords only, repeated
// subschemas kept once, and the same verdicts as the full schema (ajv, on values that tell the rewrites apart).
import { Ajv } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { describe, expect, it } from 'vitest';
import { helmSchema, shareRepeatedSubschemas, subschemaCount, withoutAnnotations } from '../scripts/helm-schema.ts';

const probe: JSONSchema7 = {
  type: 'object',
  description: 'A probe.',
  additionalProperties: false,
  properties: { port: { type: 'integer', minimum: 1, description: 'Its port.' }, path: { type: 'string' } },
};
const full: JSONSchema7 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'values',
  type: 'object',
  properties: {
    // a key named like an annotation keyword is a property, not an annotation
    description: { type: 'string', description: 'The app, in words.' },
    level: { enum: [{ description: 'data, not a keyword' }, null] },
    web: { type: 'object', additionalProperties: false, properties: { liveness: { anyOf: [probe, { type: 'null' }] } } },
    worker: { type: 'object', additionalProperties: false, properties: { liveness: { anyOf: [probe, { type: 'null' }] } } },
    single: { anyOf: [{ $ref: '#/definitions/Quantity' }, { type: 'null' }] },
  },
  definitions: { Quantity: { type: ['string', 'number'], pattern: '^[0-9]+m?$', description: 'A quantity.' } },
};

describe('the schema Helm reads', () => {
  it('drops annotation keywords, never properties or data that share their names', () => {
    const stripped = withoutAnnotations(full);
    expect(JSON.stringify(stripped)).not.toContain('"The app, in words."');
    expect(JSON.stringify(stripped)).not.toContain('A quantity.');
    expect(stripped.title).toBeUndefined();
    expect(stripped.properties?.description).toEqual({ type: 'string' });
    expect(stripped.properties?.level).toEqual({ enum: [{ description: 'data, not a keyword' }, null] });
  });

  it('keeps one copy of a repeated subschema, named after where it first occurs', () => {
    const shared = shareRepeatedSubschemas(withoutAnnotations(full));
    expect(shared.properties?.web).toEqual(shared.properties?.worker);
    expect(shared.properties?.web).toEqual({ $ref: '#/definitions/web' });
    expect(Object.keys(shared.definitions ?? {})).toEqual(['Quantity', 'web']);
    // the probe inside the shared one repeats only there: it stays inline
    expect(JSON.stringify(shared.definitions?.web)).toContain('"minimum":1');
    expect(subschemaCount(shared)).toBeLessThan(subschemaCount(withoutAnnotations(full)));
  });

  it('refuses and accepts what the full schema does', () => {
    const ajv = new Ajv({ strict: false });
    const [fullCheck, helmCheck] = [full, helmSchema(full)].map((s) => ajv.compile(s));
    const cases: unknown[] = [
      {},
      { web: { liveness: null } },
      { web: { liveness: { port: 0 } } },
      { worker: { liveness: { port: 80, path: '/' } } },
      { worker: { liveness: { port: 80, paht: '/' } } },
      { web: { readiness: {} } },
      { single: '500m' },
      { single: '5Gi' },
      { single: null },
      { level: { description: 'data, not a keyword' } },
      { level: 'info' },
      { description: 3 },
    ];
    for (const values of cases) expect(helmCheck(values), JSON.stringify(values)).toBe(fullCheck(values));
    expect(cases.filter((v) => !fullCheck(v)).length).toBeGreaterThan(4);
  });
});
