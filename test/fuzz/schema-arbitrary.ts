// Values documents drawn from a JSON schema (chart/values.schema.json, read as it is now): valid ones, and
// invalid ones made by one mutation that knows the values path it broke. The walk knows JSON schema; what
// makes values realistic enough to render (names, images, Kubernetes fragments) comes from Hints.
import fc from 'fast-check';
import type { JSONSchema7, JSONSchema7Definition, JSONSchema7TypeName } from 'json-schema';

export type Schema = JSONSchema7;
export type Path = (string | number)[];

/**
 * Realism for the walk. Patterns name schema locations: properties joined by ".", "[]" for list items,
 * "*" for map values ("deployment.containerPorts[].name", "customResourcesMap.*"). A hint matches the
 * longest suffix of a location's pattern, so "containerPorts[].name" also serves a new workload kind.
 */
export interface Hints {
  /** values to draw instead of walking the schema (must be valid there; the tests check with ajv) */
  values: Record<string, fc.Arbitrary<unknown>>;
  /** strings to draw where the schema allows a string (other types of the same key are walked) */
  strings: Record<string, fc.Arbitrary<string>>;
  /** strings to draw for a pattern, by the pattern's source (e.g. small numbers for "^[0-9]+$") */
  patterns: Record<string, fc.Arbitrary<string>>;
  /** keys of maps, by the map's pattern */
  keys: Record<string, fc.Arbitrary<string>>;
  /** locations (pattern suffixes) the chart needs set to render: always written, never null */
  notNull: string[];
  /** strings and map keys with no hint */
  string: fc.Arbitrary<string>;
  key: fc.Arbitrary<string>;
}

const SUPPORTED = new Set([
  '$schema',
  '$ref',
  'title',
  'description',
  'default',
  'examples',
  'definitions',
  'type',
  'enum',
  'const',
  'properties',
  'additionalProperties',
  'required',
  'items',
  'minItems',
  'maxItems',
  'anyOf',
  'not',
  'propertyNames',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  // annotations for editors and app-chart lint (a key that does nothing, or one Kubernetes deprecates): the walk
  // draws values for it as for any key
  'deprecationMessage',
  'deprecated',
  // rules across keys (if/then, allOf of them): the walk does not draw from them; realistic.ts renderable()
  // repairs what they forbid, and the tests check every document with ajv
  'allOf',
  'if',
  'then',
  'else',
]);

/** Stands for "key not written"; removed before the document leaves the generator. */
const ABSENT = Symbol('absent');
const MAX_INT = 2 ** 31 - 1;
/** How many $refs deep the walk follows (Kubernetes types nest without end); deeper optional keys stay unset. */
const MAX_REFS = 2;

export function patternOf(segments: string[]): string {
  return segments.reduce((text, seg) => (seg === '[]' ? `${text}[]` : text ? `${text}.${seg}` : seg), '');
}

function lookup<T>(table: Record<string, T>, segments: string[]): T | undefined {
  for (let start = 0; start < segments.length; start++) {
    if (segments[start] === '[]') continue;
    const found = table[patternOf(segments.slice(start))];
    if (found !== undefined) return found;
  }
  return undefined;
}

function asSchema(definition: JSONSchema7Definition | undefined): Schema {
  if (definition === undefined || definition === true) return {};
  if (definition === false) return { not: {} };
  return definition;
}

function typesOf(node: Schema): JSONSchema7TypeName[] | undefined {
  if (node.type === undefined) return node.properties ? ['object'] : undefined;
  return Array.isArray(node.type) ? node.type : [node.type];
}

export class SchemaWalk {
  private readonly notNull: Record<string, true>;

  constructor(
    readonly root: Schema,
    readonly hints: Hints,
  ) {
    this.notNull = Object.fromEntries(hints.notNull.map((pattern) => [pattern, true]));
  }

  /** The node with its $ref followed. */
  resolve(node: Schema, where: string): Schema {
    for (const key of Object.keys(node)) {
      if (!SUPPORTED.has(key)) {
        throw new Error(
          `test/fuzz: schema keyword "${key}" at "${where}" is not supported by the generator; teach test/fuzz/schema-arbitrary.ts`,
        );
      }
    }
    if (!node.$ref) return node;
    const match = /^#\/definitions\/(.+)$/.exec(node.$ref);
    const target = match ? this.root.definitions?.[match[1]] : undefined;
    if (!target) throw new Error(`test/fuzz: cannot resolve $ref ${node.$ref} at "${where}"`);
    const { $ref: _ref, ...rest } = node;
    return this.resolve({ ...asSchema(target), ...rest }, where);
  }

  /** Valid values of a node; undefined when the schema says nothing the walk can draw (a free-form object). */
  valid(definition: JSONSchema7Definition, segments: string[], refs = 0): fc.Arbitrary<unknown> | undefined {
    const pattern = patternOf(segments);
    const raw = asSchema(definition);
    if (raw.$ref) refs++;
    if (refs > MAX_REFS) return undefined;
    const node = this.resolve(raw, pattern);
    const nullable = this.allowsNull(node) && !lookup(this.notNull, segments);
    const hint = lookup(this.hints.values, segments);
    if (hint) return nullable ? withNull(hint) : hint;
    if (node.const !== undefined) return fc.constant(node.const);
    if (node.enum) return fc.constantFrom(...node.enum.filter((v) => v !== null || nullable));
    if (node.anyOf) {
      const branches = node.anyOf
        .map((branch) => asSchema(branch))
        .filter((branch) => nullable || !(typesOf(branch)?.length === 1 && typesOf(branch)![0] === 'null'))
        .map((branch) => this.valid(branch, segments, refs))
        .filter((a): a is fc.Arbitrary<unknown> => a !== undefined);
      return branches.length > 0 ? fc.oneof(...branches) : undefined;
    }
    const types = (typesOf(node) ?? []).filter((t) => t !== 'null');
    const arbitraries = types
      .map((type) => this.validOfType(node, type, segments, refs))
      .filter((a): a is fc.Arbitrary<unknown> => a !== undefined);
    if (arbitraries.length === 0) return nullable ? fc.constant(null) : undefined;
    const some = arbitraries.length === 1 ? arbitraries[0] : fc.oneof(...arbitraries);
    return nullable ? withNull(some) : some;
  }

  private allowsNull(node: Schema): boolean {
    if (node.enum) return node.enum.includes(null);
    if (node.anyOf) return node.anyOf.some((b) => this.allowsNull(this.resolve(asSchema(b), 'anyOf')));
    return typesOf(node)?.includes('null') ?? false;
  }

  private validOfType(node: Schema, type: JSONSchema7TypeName, segments: string[], refs: number): fc.Arbitrary<unknown> | undefined {
    switch (type) {
      case 'boolean':
        return fc.boolean();
      case 'integer': {
        const min = node.minimum ?? (typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum + 1 : 0);
        const max = node.maximum ?? (typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum - 1 : MAX_INT);
        // mostly small numbers, as people write them; sometimes anywhere in range
        return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 100) }) }, fc.integer({ min, max }));
      }
      case 'number':
        return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
      case 'string':
        return this.validString(node, segments);
      case 'array':
        return this.validArray(node, segments, refs);
      case 'object':
        return this.validObject(node, segments, refs);
      default:
        return undefined;
    }
  }

  private validString(node: Schema, segments: string[]): fc.Arbitrary<string> {
    const pattern = node.pattern ? (this.hints.patterns[node.pattern] ?? fc.stringMatching(new RegExp(node.pattern))) : undefined;
    const base = lookup(this.hints.strings, segments) ?? pattern ?? this.hints.string;
    const { minLength = 0, maxLength = Infinity } = node;
    return base.filter((s) => s.length >= minLength && s.length <= maxLength);
  }

  private validArray(node: Schema, segments: string[], refs: number): fc.Arbitrary<unknown[]> {
    const items = node.items === undefined || Array.isArray(node.items) ? undefined : this.valid(node.items, [...segments, '[]'], refs);
    const minLength = node.minItems ?? 0;
    // a free-form list (Kubernetes objects passed through) with no hint: empty, which the chart must take
    if (!items) return fc.constant([]);
    return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(node.maxItems ?? 3, 3)) });
  }

  private validObject(node: Schema, segments: string[], refs: number): fc.Arbitrary<Record<string, unknown>> | undefined {
    const required = new Set(node.required ?? []);
    let impossible = false;
    const entries = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
      const value = this.valid(child, [...segments, key], refs);
      if (!value) {
        if (required.has(key)) impossible = true;
        return [];
      }
      const always = required.has(key) || lookup(this.notNull, [...segments, key]);
      // about half the keys of the root are written, a third of those deeper down
      const maybe = always ? value : fc.oneof({ weight: segments.length === 0 ? 1 : 2, arbitrary: fc.constant(ABSENT) }, value);
      return [maybe.map((v) => [key, v] as const)];
    });
    const extra = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    if (impossible) return undefined;
    const more = extra ? this.valid(extra, [...segments, '*'], refs) : undefined;
    const known = new Set(Object.keys(node.properties ?? {}));
    const keys = this.keysOf(node, segments);
    const map = more
      ? fc.dictionary(
          keys.filter((k) => !known.has(k)),
          more,
          { maxKeys: 3 },
        )
      : fc.constant({});
    return fc.tuple(fc.tuple(...entries), map).map(([pairs, rest]) => ({
      ...rest,
      ...Object.fromEntries(pairs.filter(([, v]) => v !== ABSENT)),
    }));
  }

  private keysOf(node: Schema, segments: string[]): fc.Arbitrary<string> {
    const names = asSchema(node.propertyNames);
    const hinted = lookup(this.hints.keys, segments);
    const keys = hinted ?? (names.pattern ? fc.stringMatching(new RegExp(names.pattern)) : this.hints.key);
    const pattern = names.pattern ? new RegExp(names.pattern) : undefined;
    const maxLength = names.maxLength ?? Infinity;
    return keys.filter((k) => k.length <= maxLength && (!pattern || pattern.test(k)));
  }

  /** Every place a mutation can break, with the concrete values path it would have. */
  sites(definition: JSONSchema7Definition = this.root, path: Path = [], segments: string[] = [], refs = 0, anyOfAt: Path[] = []): Site[] {
    const raw = asSchema(definition);
    if (raw.$ref) refs++;
    if (refs > MAX_REFS) return [];
    const node = this.resolve(raw, patternOf(segments));
    const here: Site[] = path.length > 0 ? [{ path, segments, node, inKubernetesType: refs > 0, anyOfAt }] : [];
    const below: Site[] = [];
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      below.push(...this.sites(child, [...path, key], [...segments, key], refs, anyOfAt));
    }
    if (typeof node.additionalProperties === 'object') {
      const key = `${segments.at(-1) ?? 'root'}-key`.toLowerCase().replace(/[^a-z0-9-]/g, '');
      below.push(...this.sites(node.additionalProperties, [...path, key], [...segments, '*'], refs, anyOfAt));
    }
    if (node.items && !Array.isArray(node.items)) {
      below.push(...this.sites(node.items, [...path, 0], [...segments, '[]'], refs, anyOfAt));
    }
    for (const branch of node.anyOf ?? []) {
      // a branch's own sites; the anyOf node itself is already "here"
      below.push(...this.sites(branch, path, segments, refs, [...anyOfAt, path]).filter((s) => s.path !== path));
    }
    return [...here, ...below];
  }

  /** The mutations that can break each site: wrong type, unknown key, out of range, bad enum, bad pattern, too long. */
  mutations(): Mutation[] {
    const found: Mutation[] = [];
    for (const site of this.sites()) {
      const { node, path, inKubernetesType, anyOfAt } = site;
      const where = patternOf(site.segments);
      const push = (mutation: Omit<Mutation, 'path' | 'where' | 'inKubernetesType' | 'anyOfAt'>) =>
        found.push({ ...mutation, path, where, inKubernetesType, anyOfAt });
      const allowed = this.allowedTypes(node);
      if (allowed) {
        for (const [type, value] of WRONG_VALUES) {
          if (!allowed.has(type) && !(type === 'integer' && allowed.has('number'))) {
            push({ kind: 'wrong type', value: fc.constant(value), note: `a ${type} where ${[...allowed].join(' or ')} belongs` });
          }
        }
      }
      if (node.additionalProperties === false && node.properties) {
        const keys = Object.keys(node.properties);
        push({
          kind: 'unknown key',
          value: fc.constantFrom(...keys).chain((key) => misspell(key, keys)),
          note: 'a misspelt key',
        });
      }
      if (typeof node.minimum === 'number') {
        const min = node.minimum;
        push({ kind: 'out of range', value: fc.integer({ min: min - 1000, max: min - 1 }), note: `below the minimum ${min}` });
      }
      if (typeof node.maximum === 'number') {
        const max = node.maximum;
        push({ kind: 'out of range', value: fc.integer({ min: max + 1, max: max + 100000 }), note: `above the maximum ${max}` });
      }
      if (node.enum?.some((v) => typeof v === 'string')) {
        const options = node.enum.filter((v): v is string => typeof v === 'string');
        const wrong = fc
          .oneof(
            fc.constantFrom(...options).map((v) => v.toLowerCase()),
            fc.constantFrom(...options).map((v) => `${v}s`),
            fc.constant('Other'),
          )
          .filter((v) => !options.includes(v));
        push({ kind: 'bad enum', value: wrong, note: `not one of ${options.join(', ')}` });
      }
      if (typeof node.pattern === 'string') {
        const regex = new RegExp(node.pattern);
        // chosen here, not with fc.filter: a pattern every candidate matches (\S) would make fast-check draw for ever
        const bad = ['sha256:xyz', 'latest', 'no spaces allowed', 'UPPER:CASE', '', ' '].filter((v) => !regex.test(v));
        if (bad.length > 0) push({ kind: 'bad pattern', value: fc.constantFrom(...bad), note: `not matching ${node.pattern}` });
      }
      if (typeof node.maxLength === 'number') {
        const max = node.maxLength;
        push({
          kind: 'too long',
          value: fc.integer({ min: max + 1, max: max + 20 }).map((n) => 'x'.repeat(n)),
          note: `longer than ${max}`,
        });
      }
    }
    return found;
  }

  private allowedTypes(node: Schema): Set<JSONSchema7TypeName> | undefined {
    if (node.enum || node.const !== undefined) return undefined;
    if (node.anyOf) {
      const union = new Set<JSONSchema7TypeName>();
      for (const branch of node.anyOf) {
        const types = this.allowedTypes(this.resolve(asSchema(branch), 'anyOf'));
        if (!types) return undefined;
        types.forEach((t) => {
          union.add(t);
        });
      }
      return union;
    }
    const types = typesOf(node);
    return types ? new Set(types) : undefined;
  }
}

export interface Site {
  path: Path;
  segments: string[];
  node: Schema;
  /** inside a Kubernetes type the schema takes by $ref (Container, Probe, ...), not a key the chart defines */
  inKubernetesType: boolean;
  /** paths of the anyOf nodes above (or at) this place, outermost first */
  anyOfAt: Path[];
}

export interface Mutation {
  kind: 'wrong type' | 'unknown key' | 'out of range' | 'bad enum' | 'bad pattern' | 'too long';
  /** where the bad value goes; for "unknown key", the object that gets the key */
  path: Path;
  /** the schema location, for reports */
  where: string;
  /** the bad value; for "unknown key", the misspelt key */
  value: fc.Arbitrary<unknown>;
  note: string;
  inKubernetesType: boolean;
  anyOfAt: Path[];
}

/** A document with one mutation applied, and the values path Helm must name. */
export interface Broken {
  values: Record<string, unknown>;
  kind: Mutation['kind'];
  /** the path of the bad value, or of the object holding the unknown key */
  path: Path;
  /** the unknown key, for kind "unknown key" */
  key?: string;
  note: string;
  /** anyOf nodes above the path: a validator may report the failure there, at the alternative it liked best */
  anyOfAt: Path[];
}

const WRONG_VALUES: [JSONSchema7TypeName, unknown][] = [
  ['string', 'oops'],
  ['integer', 7],
  ['number', 2.5],
  ['boolean', true],
  ['array', ['x']],
  ['object', { x: 'y' }],
];

/** A typo a person makes: two neighbouring letters swapped, one dropped or doubled; never a real key. */
function misspell(key: string, keys: string[]): fc.Arbitrary<string> {
  const typos = new Set<string>();
  for (let i = 0; i < key.length - 1; i++) typos.add(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2));
  for (let i = 0; i < key.length; i++) typos.add(key.slice(0, i) + key.slice(i + 1));
  for (let i = 0; i < key.length; i++) typos.add(key.slice(0, i + 1) + key.slice(i));
  typos.add(key.toLowerCase() === key ? `${key}s` : key.toLowerCase());
  const real = new Set(keys);
  const options = [...typos].filter((t) => t && !real.has(t));
  return options.length > 0 ? fc.constantFrom(...options) : fc.constant(`${key}Typo`);
}

function withNull<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
}

/** A copy of `values` with `value` at `path`, turning whatever lies on the way into maps and lists. */
export function setAt(values: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(values);
  let node: Record<string | number, unknown> = copy;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const wantList = typeof path[i + 1] === 'number';
    let next = node[segment];
    const fits = wantList ? Array.isArray(next) : next !== null && typeof next === 'object' && !Array.isArray(next);
    if (!fits) next = wantList ? [] : {};
    if (wantList && (next as unknown[]).length === 0) (next as unknown[]).push({});
    node[segment] = next;
    node = next as Record<string | number, unknown>;
  });
  return copy;
}

/** Documents broken by one mutation of a valid document. */
export function broken(walk: SchemaWalk, valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Broken> {
  const mutations = walk.mutations();
  const own = mutations.filter((m) => !m.inKubernetesType);
  const kubernetes = mutations.filter((m) => m.inKubernetesType);
  // half of the mutations hit the keys the chart defines, however many Kubernetes fields the schema holds
  const mutation = kubernetes.length > 0 ? fc.oneof(fc.constantFrom(...own), fc.constantFrom(...kubernetes)) : fc.constantFrom(...own);
  return fc.tuple(valid, mutation).chain(([values, mutation]) =>
    mutation.value.map((value): Broken => {
      if (mutation.kind === 'unknown key') {
        const key = value as string;
        const target = getAt(values, mutation.path);
        const holder = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
        const withKey = setAt(values, mutation.path, { ...holder, [key]: 'x' });
        return { values: withKey, kind: mutation.kind, path: mutation.path, key, note: mutation.note, anyOfAt: mutation.anyOfAt };
      }
      return {
        values: setAt(values, mutation.path, value),
        kind: mutation.kind,
        path: mutation.path,
        note: mutation.note,
        anyOfAt: mutation.anyOfAt,
      };
    }),
  );
}

function getAt(values: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, seg) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined),
    values,
  );
}
