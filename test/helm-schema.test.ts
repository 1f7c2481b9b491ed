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

describe('the rewrite, keyword by keyword', () => {
  it('drops every annotation keyword, and keeps what only looks like one', () => {
    const annotated = {
      type: 'object',
      title: 't',
      description: 'd',
      examples: [1],
      default: {},
      $comment: 'c',
      deprecated: true,
      deprecationMessage: 'm',
      readOnly: true,
      writeOnly: false,
      properties: { readOnly: { type: 'boolean', default: false }, examples: { type: 'array' } },
      patternProperties: { '^description$': { type: 'string', title: 'p' } },
      definitions: { default: { type: 'string', $comment: 'x' } },
      dependencies: { a: ['b'], c: { required: ['d'], description: 'e' } },
      const: { title: 'data' },
    } as unknown as JSONSchema7;
    expect(withoutAnnotations(annotated)).toEqual({
      type: 'object',
      properties: { readOnly: { type: 'boolean' }, examples: { type: 'array' } },
      patternProperties: { '^description$': { type: 'string' } },
      definitions: { default: { type: 'string' } },
      dependencies: { a: ['b'], c: { required: ['d'] } },
      const: { title: 'data' },
    });
  });

  it('shares a subschema repeated under every keyword that holds subschemas, and leaves the rest as it is', () => {
    const twice: JSONSchema7 = { type: 'object', properties: { x: { type: 'string' } } };
    const schema = {
      type: 'object',
      properties: { a: twice },
      patternProperties: { '^p': twice },
      items: [twice, { type: 'string' }],
      additionalItems: false,
      contains: twice,
      propertyNames: { type: 'string' },
      if: twice,
      // biome-ignore lint/suspicious/noThenProperty: a JSON schema keyword
      then: { not: twice },
      else: { allOf: [twice], anyOf: [twice], oneOf: [twice] },
      dependencies: { a: ['b'], c: twice },
      additionalProperties: twice,
    } as JSONSchema7;
    const shared = shareRepeatedSubschemas(schema);
    const ref = { $ref: '#/definitions/a' };
    expect(shared).toEqual({
      type: 'object',
      properties: { a: ref },
      patternProperties: { '^p': ref },
      items: [ref, { type: 'string' }],
      additionalItems: false,
      contains: ref,
      propertyNames: { type: 'string' },
      if: ref,
      // biome-ignore lint/suspicious/noThenProperty: a JSON schema keyword
      then: { not: ref },
      else: { allOf: [ref], anyOf: [ref], oneOf: [ref] },
      dependencies: { a: ['b'], c: ref },
      additionalProperties: ref,
      definitions: { a: twice },
    });
  });

  it('names a shared subschema after its first place, with a number when that name is taken, and sorts the definitions', () => {
    const one: JSONSchema7 = { type: 'object', additionalProperties: { minimum: 1 } };
    const two: JSONSchema7 = { type: 'array', items: { minimum: 2 } };
    const three: JSONSchema7 = { not: { minimum: 3 } };
    const schema: JSONSchema7 = {
      properties: {
        'web app': two,
        'web/app': three,
        other: { anyOf: [one, two, three] },
        more: { properties: { x: two, y: three, z: one } },
      },
      definitions: { 'web-app': { type: 'null' }, Zeta: one },
    };
    const shared = shareRepeatedSubschemas(schema);
    // one equals an existing definition: it refers to that; two and three are named after their first place
    expect(Object.keys(shared.definitions ?? {})).toEqual(['Zeta', 'web-app', 'web-app-2', 'web-app-3']);
    expect(shared.definitions?.['web-app-2']).toEqual(two);
    expect(shared.definitions?.['web-app-3']).toEqual(three);
    expect(shared.properties?.other).toEqual({
      anyOf: [{ $ref: '#/definitions/Zeta' }, { $ref: '#/definitions/web-app-2' }, { $ref: '#/definitions/web-app-3' }],
    });
    expect(shared.properties?.more).toEqual({
      properties: { x: { $ref: '#/definitions/web-app-2' }, y: { $ref: '#/definitions/web-app-3' }, z: { $ref: '#/definitions/Zeta' } },
    });
  });

  it('keeps a lone keyword inline however often it repeats, and a $ref as it is', () => {
    const schema: JSONSchema7 = {
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { $ref: '#/definitions/D' }, d: { $ref: '#/definitions/D' } },
      definitions: { D: { type: 'integer', minimum: 1 } },
    };
    expect(shareRepeatedSubschemas(schema)).toEqual(schema);
    expect(subschemaCount(schema)).toBe(6);
  });
});
