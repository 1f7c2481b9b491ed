// The values schema Helm checks, written from the full one (the editors'): the same rules in fewer subschemas.
// Helm 4's validator spends about 15 µs of CPU compiling each subschema of values.schema.json on every render,
// and Helm 3's a little less (docs/performance.md, section 4), so the file Helm reads leaves out what only editors
// read (descriptions, titles, deprecation messages, examples) and keeps one copy of each subschema the full schema
// repeats (the pod options of every workload, Kubernetes types under anyOf-with-null): every repeated subschema
// becomes a definition, and each place it was is a $ref to it. Both steps keep every rule, so Helm refuses exactly
// what the full schema refuses.
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';
import { setOwn } from './own-property.ts';

/** Keywords no validator reads: only editors and documentation do. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'default',
  '$comment',
  'deprecated',
  'deprecationMessage',
  'readOnly',
  'writeOnly',
]);
/** Keywords whose keys are names (of properties, definitions), whatever they spell. */
const NAMED = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas']);

/**
 * A schema (of any draft) without its annotation keywords, at every level: it accepts and refuses exactly what
 * the schema does, at the same schema paths. A property or definition named like an annotation stays, and so
 * does the data of `enum` and `const`.
 */
export function withoutAnnotations<T>(node: T): T {
  const strip = (value: unknown, named: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => strip(item, false));
    if (value === null || typeof value !== 'object') return value;
    const result: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(value)) {
      if (named) setOwn(result, key, strip(sub, false));
      else if (!ANNOTATIONS.has(key)) setOwn(result, key, key === 'enum' || key === 'const' ? sub : strip(sub, NAMED.has(key)));
    }
    return result;
  };
  return strip(node, false) as T;
}

/** Keywords whose value is a map of subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
/** Keywords whose value is a subschema, or a list of them. */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
]);

type Schema = JSONSchema7;
type Visit = (node: JSONSchema7Definition, path: string[]) => JSONSchema7Definition;

/** `node` with `visit` applied to each of its direct subschemas (in key order), everything else as it is. */
function mapSubschemas(node: Schema, path: string[], visit: Visit): Schema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key) && key !== 'definitions' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) =>
          // a dependency may be a list of keys instead of a schema
          [name, Array.isArray(sub) ? sub : visit(sub as JSONSchema7Definition, [...path, name])],
        ),
      );
    } else if (SCHEMA_VALUES.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub, i) => visit(sub as JSONSchema7Definition, [...path, `${key}${i}`]));
    } else if (SCHEMA_VALUES.has(key) && (isObject(value) || typeof value === 'boolean')) {
      out[key] = visit(value as JSONSchema7Definition, [...path, key]);
    } else out[key] = value;
  }
  return out as Schema;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A key equal for equal schemas, whatever the order of their keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

/** How many subschemas `node` is, itself included. */
function size(node: JSONSchema7Definition): number {
  if (typeof node === 'boolean') return 1;
  let n = 1;
  mapSubschemas(node, [], (sub) => {
    n += size(sub);
    return sub;
  });
  return n;
}

/** A definition name from a values path: letters, digits, dots and dashes, so it needs no escaping in a $ref. */
const nameOf = (path: string[]) => path.join('.').replace(/[^A-Za-z0-9._-]/g, '-');

/**
 * `schema` with every subschema that occurs more than once (and is more than one subschema: a lone `{type:
 * string}` gains nothing) moved to a definition of its own, named after the first place it occurs; the places
 * it was refer to it. A subschema equal to an existing definition refers to that definition.
 */
export function shareRepeatedSubschemas(schema: Schema): Schema {
  const { definitions = {}, ...root } = schema;
  const occurrences = new Map<string, number>();
  const count = (node: JSONSchema7Definition): JSONSchema7Definition => {
    if (typeof node === 'boolean') return node;
    const key = canonical(node);
    occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
    return mapSubschemas(node, [], count);
  };
  mapSubschemas(root, [], count);
  for (const definition of Object.values(definitions)) mapSubschemas(definition as Schema, [], count);

  const names = new Map<string, string>(Object.entries(definitions).map(([name, d]) => [canonical(d), name]));
  const taken = new Set(Object.keys(definitions));
  const shared: Record<string, JSONSchema7Definition> = {};
  const share = (node: JSONSchema7Definition, path: string[]): JSONSchema7Definition => {
    if (typeof node === 'boolean' || node.$ref !== undefined) return node;
    const key = canonical(node);
    if ((occurrences.get(key) ?? 0) < 2 || size(node) < 2) return mapSubschemas(node, path, share);
    let name = names.get(key);
    if (name === undefined) {
      name = nameOf(path);
      for (let i = 2; taken.has(name); i++) name = `${nameOf(path)}-${i}`;
      taken.add(name);
      names.set(key, name);
      shared[name] = mapSubschemas(node, path, share);
    }
    return { $ref: `#/definitions/${name}` };
  };
  let out = mapSubschemas(root as Schema, [], share);
  let rewritten = Object.fromEntries(
    Object.entries(definitions).map(([name, d]) => [name, typeof d === 'boolean' ? d : mapSubschemas(d, [name], share)]),
  );
  // a subschema repeated only inside another repeated one is left with one place once that one is shared: put it back
  const refs = new Map<string, number>();
  const countRefs = (node: JSONSchema7Definition): JSONSchema7Definition => {
    if (typeof node !== 'boolean' && node.$ref) refs.set(node.$ref, (refs.get(node.$ref) ?? 0) + 1);
    return typeof node === 'boolean' ? node : mapSubschemas(node, [], countRefs);
  };
  [out, ...Object.values(rewritten), ...Object.values(shared)].forEach(countRefs);
  const once = (name: string) => refs.get(`#/definitions/${name}`) === 1;
  const inline = (node: JSONSchema7Definition): JSONSchema7Definition => {
    if (typeof node === 'boolean') return node;
    const name = node.$ref?.slice('#/definitions/'.length);
    if (name !== undefined && name in shared && once(name)) return inline(shared[name]);
    return mapSubschemas(node, [], inline);
  };
  out = mapSubschemas(out, [], inline);
  rewritten = Object.fromEntries(Object.entries(rewritten).map(([name, d]) => [name, inline(d)]));
  const kept = Object.entries(shared).filter(([name]) => !once(name));
  const all = {
    ...rewritten,
    ...Object.fromEntries(kept.map(([name, d]) => [name, typeof d === 'boolean' ? d : mapSubschemas(d, [], inline)])),
  };
  out.definitions = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((name) => [name, all[name]]),
  );
  return out;
}

/** The schema Helm reads (chart/values.schema.json) from the full one (chart/values.editor.schema.json). */
export function helmSchema(full: Schema): Schema {
  return shareRepeatedSubschemas(withoutAnnotations(full));
}

/** How many subschemas a schema holds, its definitions included: what Helm's validators compile. */
export function subschemaCount(schema: Schema): number {
  const { definitions = {}, ...root } = schema;
  return size(root as Schema) + Object.values(definitions).reduce((n: number, d) => n + size(d), 0);
}
