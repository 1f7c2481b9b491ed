// JSON schema definitions of the Kubernetes types in schema/kubernetes.ts, generated from the declarations of the
// kubernetes-models packages (the models lint validates rendered objects with: one Kubernetes version for both)
// with ts-json-schema-generator, and adjusted to what the API server accepts:
// - Quantity is a string in the declarations; the API also takes numbers (cpu: 0.5), and strings must parse.
// - The declarations say `number` for every numeric field; the API has no floats in these types (its
//   conventions forbid them in specs), so `number` becomes `integer`, and `number | string` int-or-string.
//   KEDA's trigger metadata is the exception: KEDA reads it as text, where a decimal is common (threshold: 0.5).
// - Descriptions are cut to their first paragraph so the schema stays small enough for editors.
import { join } from 'node:path';
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';
import { createGenerator } from 'ts-json-schema-generator';
import { QUANTITY_PATTERN } from '../schema/quantity.ts';
import { packageRoot } from './install.ts';

export type Definitions = Record<string, JSONSchema7>;

const DESCRIPTION_LIMIT = 300;
/** Definitions whose numbers stay numbers: the chart renders them as text, decimals included. */
const DECIMALS_KEPT = new Set(['KedaTrigger']);

export function kubernetesDefinitions(): Definitions {
  const generator = createGenerator({
    path: join(packageRoot, 'schema', 'kubernetes.ts'),
    // the models' package exports (and their .js import paths) resolve as the project's own imports do
    tsconfig: join(packageRoot, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    // with every type asked for ('*'), topRef: false drops the exported types that are intersections (KEDA's)
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  });
  const definitions = plainNames((generator.createSchema('*').definitions ?? {}) as Definitions);
  return Object.fromEntries(
    Object.entries(definitions).map(([name, schema]) => [
      name,
      name === 'Quantity' ? quantity() : (adjust(schema, !DECIMALS_KEPT.has(name)) as JSONSchema7),
    ]),
  );
}

/**
 * The models name their interfaces I<Type> (IProbe, IQuantity) and their classes <Type> (Model<IProbe>): the
 * definitions take the API's own names (Probe, Quantity), and the classes are dropped. An I-name stays where
 * another definition already has the plain name with other content (a KEDA type beside the Kubernetes one).
 */
function plainNames(definitions: Definitions): Definitions {
  const kept = Object.entries(definitions).filter(([name]) => !name.startsWith('Model<'));
  const taken = new Map(kept.map(([name, schema]) => [name, JSON.stringify(schema)]));
  const renames = new Map<string, string>();
  for (const [name, schema] of kept) {
    const plain = /^I[A-Z]/.test(name) ? name.slice(1) : undefined;
    if (plain === undefined) continue;
    const other = taken.get(plain);
    // the exported alias (Probe) of an interface (IProbe) is a definition of its own, a $ref to it or a copy
    if (other === undefined || other === JSON.stringify(schema) || other === JSON.stringify({ $ref: `#/definitions/${name}` }))
      renames.set(name, plain);
  }
  const renamed = (name: string) => renames.get(name) ?? name;
  const out: Definitions = {};
  for (const [name, schema] of kept) {
    if (taken.has(name) && [...renames.values()].includes(name) && !renames.has(name)) continue; // the alias, replaced by its interface
    out[renamed(name)] = JSON.parse(
      JSON.stringify(schema).replace(/"#\/definitions\/([^"]+)"/g, (_, ref: string) =>
        JSON.stringify(`#/definitions/${encodeURIComponent(renamed(decodeURIComponent(ref)))}`),
      ),
    ) as JSONSchema7;
  }
  return out;
}

function quantity(): JSONSchema7 {
  return {
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
    description: 'A quantity: a number, or a string such as 500m, 128Mi or 2Gi.',
  };
}

/** A description as the schema gives it: its first paragraph on one line, cut at a sentence to at most 300 characters. */
export function shorten(text: string): string {
  const paragraph = text
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ')
    .trim();
  if (paragraph.length <= DESCRIPTION_LIMIT) return paragraph;
  let out = '';
  for (const sentence of paragraph.split(/(?<=\.)\s+/)) {
    if (out && out.length + sentence.length + 1 > DESCRIPTION_LIMIT) break;
    out = out ? `${out} ${sentence}` : sentence;
  }
  return out.length <= DESCRIPTION_LIMIT ? out : `${out.slice(0, DESCRIPTION_LIMIT - 1).trimEnd()}…`;
}

function adjust(node: JSONSchema7Definition, integers: boolean): JSONSchema7Definition {
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') out[key] = shorten(value);
    else if (key === 'type') out[key] = integers ? integerType(value) : value;
    else if (key === 'properties' || key === 'definitions') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, JSONSchema7Definition>).map(([k, v]) => [k, adjust(v, integers)]),
      );
    } else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'object' ? adjust(v, integers) : v));
    else if (typeof value === 'object' && value !== null) out[key] = adjust(value as JSONSchema7Definition, integers);
    else out[key] = value;
  }
  return out as JSONSchema7;
}

function integerType(type: unknown): unknown {
  if (type === 'number') return 'integer';
  if (Array.isArray(type)) return type.map((t) => (t === 'number' ? 'integer' : t));
  return type;
}

/** The definitions reachable from the `#/definitions/...` refs in `schema`, and nothing else. */
export function reachableDefinitions(schema: unknown, definitions: Definitions): Definitions {
  const kept: Definitions = {};
  const queue = refsIn(schema);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (kept[name]) continue;
    const definition = definitions[name];
    if (!definition) throw new Error(`the values schema refers to #/definitions/${name}, which schema/kubernetes.ts does not export`);
    kept[name] = definition;
    queue.push(...refsIn(definition));
  }
  return Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((name) => [name, kept[name]]),
  );
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')
      ? [decodeURIComponent(value.slice('#/definitions/'.length))]
      : refsIn(value),
  );
}
