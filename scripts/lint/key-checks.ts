// Values checked against a chart's schema one root key at a time. The checks of a schema whose root is a map of
// keys (`properties`) are a conjunction: every key's own schema, then what the root says of the whole (its
// type, allOf and conditionals, additionalProperties). So each key is checked by a validator of its own, and a
// key's outcome is kept by a digest of its value: an edit to `image` checks `image` again, loading only its
// validator, and takes the other keys' outcomes from the last run. The errors are those one validator of the
// whole schema gives (same instance and schema paths); only their order may differ.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { compiledValidator, validatorsDir } from '../compiled-validator.ts';
import { hash } from './cache.ts';
import { writeFileAtomic } from '../write-file.ts';

export interface CheckedSchema {
  /** names the schema that is checked: its validators and the outcomes kept are named by it */
  identity: string;
  /** the chart's schema as written: its root decides whether the keys can be checked apart */
  root: JSONSchema7;
  /** the schema checked, made only when a validator must be compiled */
  schema: () => JSONSchema7;
}

const OPTIONS = { allErrors: true, strict: false };
/** Root keywords a key's validator keeps: where its references lead. */
const REFERENCE_KEYS = ['$schema', '$id', 'definitions', '$defs'];

/** The keys that can be checked apart: those of `properties`, unless the root's meaning depends on more than them. */
function splitKeys(root: JSONSchema7): string[] | undefined {
  const { properties } = root;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return undefined;
  // a root that is a reference, or evaluates properties across keywords, is checked whole
  if ('$ref' in root || 'unevaluatedProperties' in root || '$recursiveRef' in root || '$dynamicRef' in root) return undefined;
  return Object.keys(properties);
}

/** The schema of one part: a key alone (with what its references need), the root without its keys' schemas, or the whole. */
function partSchema(schema: JSONSchema7, part: Part): JSONSchema7 {
  if (part.kind === 'whole') return schema;
  const properties = schema.properties ?? {};
  if (part.kind === 'root') return { ...schema, properties: Object.fromEntries(Object.keys(properties).map((key) => [key, true])) };
  const kept = Object.fromEntries(
    REFERENCE_KEYS.filter((key) => key in schema).map((key) => [key, (schema as Record<string, unknown>)[key]]),
  );
  return { ...kept, properties: { [part.key]: properties[part.key] } };
}

type Part = { kind: 'whole' } | { kind: 'root' } | { kind: 'key'; key: string };

const validators = new Map<string, ValidateFunction>();

function validatorOf(checked: CheckedSchema, part: Part): ValidateFunction {
  const identity = `${checked.identity}\0${part.kind === 'key' ? `key:${part.key}` : part.kind}`;
  let validate = validators.get(identity);
  if (!validate) {
    validate = compiledValidator(() => partSchema(checked.schema(), part), OPTIONS, identity);
    validators.set(identity, validate);
  }
  return validate;
}

const run = (validate: ValidateFunction, data: unknown): ErrorObject[] => (validate(data) ? [] : [...(validate.errors ?? [])]);

/** The errors of `data` against the schema: key by key, each key's taken from the last run when its value is the same. */
export function schemaErrors(checked: CheckedSchema, data: unknown): ErrorObject[] {
  const keys = splitKeys(checked.root);
  if (!keys || data === null || typeof data !== 'object' || Array.isArray(data)) return run(validatorOf(checked, { kind: 'whole' }), data);
  const errors: ErrorObject[] = [];
  for (const key of keys) {
    const value = (data as Record<string, unknown>)[key];
    if (value !== undefined) errors.push(...keyErrors(checked, key, value, data));
  }
  errors.push(...run(validatorOf(checked, { kind: 'root' }), data));
  return errors;
}

/** A key's errors; a key's validator reads nothing of the data but the key's value, which names its outcome. */
function keyErrors(checked: CheckedSchema, key: string, value: unknown, data: unknown): ErrorObject[] {
  const check = () => run(validatorOf(checked, { kind: 'key', key }), data);
  // a value JSON cannot tell apart from another (NaN, -0, a function) is checked every time
  if (!jsonExact(value)) return check();
  const digest = hash(`${checked.identity}\0${key}\0${JSON.stringify(value)}`);
  const outcomes = keptOutcomes();
  let errors = outcomes.get(digest);
  if (!errors) {
    errors = check();
    outcomes.set(digest, errors);
    outcomesChanged = true;
  }
  used.add(digest);
  return errors;
}

/** Whether JSON holds the value exactly: plain maps and lists of strings, booleans, null and finite numbers. */
function jsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((item, i) => i in value && jsonExact(item));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.values(value).every(jsonExact);
}

/** Where the outcomes are kept, beside the validators they come from. */
const outcomesFile = join(validatorsDir, 'key-checks.json');
const OUTCOMES_VERSION = 1;
/** Outcomes kept at most: those of this run, then the most recent others. */
const MAX_OUTCOMES = 20_000;
let outcomes: Map<string, ErrorObject[]> | undefined;
let outcomesChanged = false;
const used = new Set<string>();

const isError = (e: unknown): boolean => {
  const error = e as Record<string, unknown> | null;
  return (
    typeof error?.instancePath === 'string' &&
    typeof error.schemaPath === 'string' &&
    typeof error.keyword === 'string' &&
    typeof error.params === 'object' &&
    error.params !== null
  );
};

/** The outcomes kept by earlier runs (read once); any entry not of their shape is left out, and checked again. */
function keptOutcomes(): Map<string, ErrorObject[]> {
  if (outcomes) return outcomes;
  outcomes = new Map();
  try {
    if (existsSync(outcomesFile)) {
      const kept = JSON.parse(readFileSync(outcomesFile, 'utf8')) as { version?: unknown; entries?: unknown } | null;
      if (kept?.version === OUTCOMES_VERSION && kept.entries && typeof kept.entries === 'object') {
        for (const [digest, errors] of Object.entries(kept.entries)) {
          if (Array.isArray(errors) && errors.every(isError)) outcomes.set(digest, errors as ErrorObject[]);
        }
      }
    }
  } catch {
    // a damaged file: every key is checked again, and the file rewritten
  }
  process.once('exit', writeOutcomes);
  return outcomes;
}

function writeOutcomes(): void {
  if (!outcomesChanged || !outcomes) return;
  const entries: [string, ErrorObject[]][] = [];
  for (const digest of used) entries.push([digest, outcomes.get(digest)!]);
  // read in the order written, the last run's first: the most recent others fill what is left
  const others = [...outcomes].filter(([digest]) => !used.has(digest));
  entries.push(...others.slice(0, Math.max(0, MAX_OUTCOMES - entries.length)));
  try {
    writeFileAtomic(outcomesFile, JSON.stringify({ version: OUTCOMES_VERSION, entries: Object.fromEntries(entries) }));
  } catch {
    // only a speed-up: a cache that cannot be written leaves the exit status as it was
  }
}
