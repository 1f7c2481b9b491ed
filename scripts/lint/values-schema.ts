import type { ErrorObject } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { hash, toolFingerprint } from './cache.ts';
import { schemaErrors, type CheckedSchema } from './key-checks.ts';
import { chartSchema, schemaText } from '../chart-schema.ts';
import { didYouMean, unknownKeyMessage } from '../errors.ts';
import { withoutAnnotations } from '../helm-schema.ts';
import { setOwn } from '../own-property.ts';
import { pointerKeys, pointerPath } from '../json-pointer.ts';
import { formatPath, type ValuesPath } from '../values-path.ts';
import { bundledChartDir } from '../install.ts';
import { locatePath } from './positions.ts';
import { report } from './rules/rule.ts';
import { valuesSchema } from './rules/values.ts';
import type { Finding } from './types.ts';
import type { ParsedFile } from './yaml.ts';

export { chartSchema };

/** Keywords that tie keys together (if X then Y needs Z): only the merged values can be judged by them. */
const ACROSS_KEYS = ['required', 'if', 'then', 'else', 'dependencies', 'dependentRequired', 'dependentSchemas'];
/** Keywords whose keys are names (of properties, definitions), whatever they spell. */
const NAMES_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];

/**
 * The schema for one file alone: without `required` and conditionals wherever another values file could
 * supply the key, in objects and definitions. Inside anyOf / oneOf / not, `required` tells the forms of
 * one value apart, and stays.
 */
export function partialSchema(schema: JSONSchema7): JSONSchema7 {
  // `named`: the keys of `node` are names of properties or definitions (`required`, `default`, …), not keywords
  const strip = (node: unknown, named = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item));
    if (node === null || typeof node !== 'object') return node;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (named) setOwn(result, key, strip(value));
      else if (!ACROSS_KEYS.includes(key)) {
        const kept = ['anyOf', 'oneOf', 'not', 'const', 'enum', 'default', 'examples'].includes(key);
        setOwn(result, key, kept ? value : strip(value, NAMES_MAPS.includes(key)));
      }
    }
    // an allOf left with only emptied conditionals
    if (!named && Array.isArray(result.allOf)) {
      const kept = (result.allOf as unknown[]).filter((s) => !(s && typeof s === 'object' && Object.keys(s).length === 0));
      if (kept.length) result.allOf = kept;
      else delete result.allOf;
    }
    return result;
  };
  return strip(schema) as JSONSchema7;
}

/**
 * A condition of the schema in words. As a condition ("when"): "x.enabled is true"; as what is needed:
 * "set x.enabled to true", keeping only the parts that `failed` says failed (ajv schema pointers).
 */
function describeCondition(
  schema: unknown,
  path: string[],
  mode: 'when' | 'need',
  pointer = '',
  failed: (pointer: string) => boolean = () => true,
): string | undefined {
  if (!schema || typeof schema !== 'object' || !failed(pointer)) return undefined;
  const node = schema as JSONSchema7;
  // an empty value allowed as one of the forms (an item left empty) is nothing to set
  if (mode === 'need' && node.type === 'null') return undefined;
  const parts: string[] = [];
  const at = (p: string[]) => p.join('.') || 'the values';
  const is = (p: string[], value?: unknown) =>
    mode === 'when'
      ? `${at(p)} is ${value === undefined ? 'set' : JSON.stringify(value)}`
      : `set ${at(p)}${value === undefined ? '' : ` to ${JSON.stringify(value)}`}`;
  if (node.const !== undefined) parts.push(is(path, node.const));
  // a bare type in a condition (not nullable) means the key must hold a value
  else if (node.type && !node.properties && !node.anyOf && path.length) parts.push(is(path));
  // a required key that is missing needs the whole of its schema (ajv names it: `required/<key>` in `failed`)
  const missing = (key: string) => !!node.required?.includes(key) && failed(`${pointer}/required/${key}`);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const whole = missing(key);
    const text = describeCondition(child, [...path, key], mode, `${pointer}/properties/${key}`, whole ? () => true : failed);
    if (text || whole) parts.push(text ?? is([...path, key]));
  }
  for (const key of node.required ?? []) if (!node.properties?.[key] && missing(key)) parts.push(is([...path, key]));
  const join = (list: unknown[] | undefined, word: string, keyword: string) => {
    const texts = (list ?? [])
      .map((s, i) => describeCondition(s, path, mode, `${pointer}/${keyword}/${i}`, failed))
      .filter((t): t is string => !!t);
    return texts.length ? (texts.length > 1 ? `(${texts.join(word)})` : texts[0]) : undefined;
  };
  const any = join(node.anyOf, ' or ', 'anyOf');
  if (any) parts.push(any);
  const all = join(node.allOf, ' and ', 'allOf');
  if (all) parts.push(all);
  if (node.not) {
    const not = describeCondition(node.not, path, 'when', `${pointer}/not`);
    if (not) parts.push(mode === 'when' ? `not ${not}` : `avoid ${not}`);
  }
  return parts.length ? parts.join(' and ') : undefined;
}

/** A condition in words turned around: "x is not 1" for one comparison, else "not (…)". */
function negated(condition: string): string {
  if (/ (and|or) /.test(condition)) return `not (${condition})`;
  const single = /^(.+?) is (.+)$/.exec(condition);
  return single ? `${single[1]} is not ${single[2]}` : `not ${condition}`;
}

/** The first values path a condition tests: where to point at when it fails. */
function conditionPath(schema: unknown, path: ValuesPath = []): ValuesPath | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const node = schema as JSONSchema7;
  if (node.const !== undefined) return path;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const found = conditionPath(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function schemaByPointer(pointer: string, root: JSONSchema7): unknown {
  return pointerKeys(pointer).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

const checkedSchemas = new Map<string, CheckedSchema>();

/** The chart's schema as checked: whole for the merged values, partial for a file alone; without annotations. */
export function checkedSchema(kind: 'partial' | 'full', chartDir: string): CheckedSchema {
  const key = `${kind}\0${chartDir}`;
  let checked = checkedSchemas.get(key);
  if (!checked) {
    let schema: JSONSchema7 | undefined;
    const root = chartSchema(chartDir);
    checked = {
      // the schema file's digest and the code that derives the checked schema from it (the fingerprint): a warm
      // run neither serializes the schema nor derives its partial form
      identity: `${kind}\0${toolFingerprint()}\0${hash(schemaText(chartDir))}`,
      root,
      schema: () => (schema ??= withoutAnnotations(kind === 'full' ? root : partialSchema(root))),
    };
    checkedSchemas.set(key, checked);
  }
  return checked;
}

/** The node a local $ref leads to (following up to 10 references), or the node itself. */
function deref(node: JSONSchema7 | undefined, root: JSONSchema7): JSONSchema7 | undefined {
  let current = node;
  for (let i = 0; current?.$ref && i < 10; i++) {
    const ref = pointerKeys(current.$ref);
    current = ref.reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], root) as JSONSchema7 | undefined;
  }
  return current;
}

/** The schema node at a values path (following properties, additionalProperties, items and local $refs). */
function schemaAt(path: ValuesPath, root: JSONSchema7): JSONSchema7 | undefined {
  let node = deref(root, root);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = deref(node.items as JSONSchema7 | undefined, root);
    else {
      const next = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
      node = deref(next as JSONSchema7 | undefined, root);
    }
  }
  return node;
}

const typeOf = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'list'
      : typeof value === 'object'
        ? 'map'
        : typeof value === 'number' && Number.isInteger(value)
          ? 'integer'
          : typeof value;
const show = (value: unknown) => (typeof value === 'object' && value !== null ? typeOf(value) : JSON.stringify(value));

function describe(error: ErrorObject, path: ValuesPath, value: unknown, root: JSONSchema7): string {
  switch (error.keyword) {
    case 'additionalProperties': {
      return unknownKeyMessage(String(error.params.additionalProperty), path.slice(0, -1), root);
    }
    case 'type': {
      const expected = ([] as string[]).concat(error.params.type as string | string[]).filter((t) => t !== 'null');
      const wanted = expected
        .map((t) => (t === 'object' ? 'a map' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`))
        .join(' or ');
      let fix = '';
      // a decimal in quotes fits a number once unquoted, never an integer
      const unquoted = expected.includes('number') ? /^-?\d+(\.\d+)?$/ : expected.includes('integer') ? /^-?\d+$/ : undefined;
      if (typeof value === 'string' && unquoted?.test(value)) fix = ': remove the quotes';
      else if (typeof value === 'string' && expected.includes('boolean') && /^(true|false)$/i.test(value)) fix = ': remove the quotes';
      else if (typeof value !== 'string' && expected.length === 1 && expected[0] === 'string') fix = `: quote it, "${String(value)}"`;
      // a map, a list or null is named by its kind alone
      const given = typeof value === 'object' ? typeOf(value) : `${typeOf(value)} ${show(value)}`;
      return `must be ${wanted}, not ${given}${fix}`;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).filter((v) => v !== null);
      const guess = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : undefined;
      return `must be one of ${allowed.map(String).join(', ')}, not ${show(value)}${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return `${error.message} (it is ${show(value)})`;
    case 'pattern':
      return `${show(value)} does not have the expected form (pattern ${String(error.params.pattern)})`;
    case 'required':
      return `is missing "${String(error.params.missingProperty)}", which this item needs`;
    case 'anyOf':
    case 'oneOf': {
      const description = schemaAt(path, root)?.description;
      return `is not any of the forms this key takes${description ? `: ${description}` : ''}`;
    }
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** ajv errors of one validation as findings; inner errors of alternatives and conditions fold into them. */
function toFindings(errors: ErrorObject[], data: unknown, files: ParsedFile[], root: JSONSchema7): Finding[] {
  const branch = (e: ErrorObject) =>
    e.keyword === 'if' ? e.schemaPath.replace(/\/if$/, `/${String(e.params.failingKeyword)}`) : e.schemaPath;
  /** A failed `if`: the path it tests, the condition ("when …") and what its failed branch needs, in words. */
  const conditionInWords = (error: ErrorObject, branchPointer: string) => {
    const base = pointerPath(error.instancePath, data);
    const condition = schemaByPointer(error.schemaPath, root);
    const failing = errors
      .filter((e) => e.schemaPath.startsWith(`${branchPointer}/`))
      .map((e) => e.schemaPath.slice(branchPointer.length) + (e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''));
    const holds = describeCondition(condition, base.map(String), 'when');
    // `else` applies where the condition does not hold
    const when = holds && error.params.failingKeyword === 'else' ? negated(holds) : holds;
    const need = describeCondition(
      schemaByPointer(branchPointer, root),
      base.map(String),
      'need',
      '',
      (p) => p === '' || failing.some((f) => f === p || f.startsWith(`${p}/`)),
    );
    return { testedPath: [...base, ...(conditionPath(condition) ?? [])], when, need: need?.replace(/^\((.*)\)$/, '$1') };
  };
  const conditions = new Map(errors.filter((e) => e.keyword === 'if').map((e) => [e, conditionInWords(e, branch(e))]));
  // an item that may be left empty (null or one form) and is not was meant as the form: "not any of the forms"
  // would hide what the form lacks, and null is not what the user meant
  const nullOrForm = (e: ErrorObject) => {
    const forms = e.keyword === 'anyOf' ? schemaByPointer(e.schemaPath, root) : undefined;
    const empty = Array.isArray(forms) && forms.length === 2 ? forms.findIndex((f) => (f as JSONSchema7 | undefined)?.type === 'null') : -1;
    return empty < 0 ? undefined : { empty: `${e.schemaPath}/${empty}`, form: `${e.schemaPath}/${1 - empty}` };
  };
  const underEmpty = errors.flatMap((e) => nullOrForm(e)?.empty ?? []);
  // a condition whose consequence has no words (a rule for every item of a map, say) and an item that may be left
  // empty give way to the errors inside them, which name the item and what it lacks
  const givesWay = (e: ErrorObject) => {
    const condition = conditions.get(e);
    const inside = condition ? (condition.need === undefined ? branch(e) : undefined) : nullOrForm(e)?.form;
    return inside !== undefined && errors.some((o) => o.schemaPath.startsWith(`${inside}/`));
  };
  const folding = errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') && !givesWay(e));
  const inner = (e: ErrorObject) =>
    folding.some((a) => a !== e && e.schemaPath.startsWith(`${branch(a)}/`) && e.instancePath.startsWith(a.instancePath));
  // a form that failed because of a problem inside the value (reached through a $ref, so not inner by its schema
  // path): that problem says what is wrong, and "not any of the forms" at the parent would only repeat it
  const explainedBelow = (e: ErrorObject) =>
    (e.keyword === 'anyOf' || e.keyword === 'oneOf') &&
    errors.some(
      (o) =>
        !folding.includes(o) &&
        !givesWay(o) &&
        !inner(o) &&
        // a wrong type at the same path only says that the value took another form: the summary says that
        ((o.instancePath === e.instancePath && o.keyword !== 'type') || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
  const findings: Finding[] = [];
  for (const error of errors) {
    if (givesWay(error) || underEmpty.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    if (inner(error) || explainedBelow(error)) continue;
    const condition = conditions.get(error);
    if (condition) {
      const said = {
        path: formatPath(condition.testedPath) || '(root)',
        when: condition.when ?? '',
        need: condition.need ?? "the values break a condition of the chart's schema",
      };
      const at = { ...locatePath(files, condition.testedPath), path: condition.testedPath };
      findings.push(report(valuesSchema, condition.when ? 'conditionWhen' : 'condition', said, at));
      continue;
    }
    let path = pointerPath(error.instancePath, data);
    if (error.keyword === 'additionalProperties') path = [...path, String(error.params.additionalProperty)];
    const value = error.keyword === 'additionalProperties' ? undefined : valueAtPath(data, path);
    const said = { path: formatPath(path) || '(root)', problem: describe(error, path, value, root) };
    findings.push(report(valuesSchema, 'problem', said, { ...locatePath(files, path), path }));
  }
  return findings;
}

function valueAtPath(data: unknown, path: ValuesPath): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined),
    data,
  );
}

/** One file alone, against the partial schema of the chart in `chartDir`. */
export function checkFileSchema(parsed: ParsedFile, chartDir = bundledChartDir): Finding[] {
  if (!parsed.ok) return [];
  const errors = schemaErrors(checkedSchema('partial', chartDir), parsed.values);
  return errors.length ? toFindings(errors, parsed.values, [parsed], chartSchema(chartDir)) : [];
}

/** The merged values against the full schema; positions point at the file that sets each path last. */
export function checkMergedSchema(values: unknown, files: ParsedFile[], chartDir = bundledChartDir): Finding[] {
  const errors = schemaErrors(checkedSchema('full', chartDir), values);
  return errors.length ? toFindings(errors, values, files, chartSchema(chartDir)) : [];
}
