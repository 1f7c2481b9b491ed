// The TypeScript types of the chart's values (schema/values.types.ts), from the values schema through
// json-schema-to-typescript, shaped so that every type is declared once and named:
// - each Kubernetes definition is titled with its name (Container, Probe, ...) and referred to by a bare
//   $ref: a $ref with keywords beside it (a description) would make the generator declare a copy;
// - a shape of the chart's own that occurs more than once (the pod options every workload kind shares) is
//   moved into a definition named after the key it sits under (EnvVariables, ContainerPorts, ...).
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';
import { compile } from 'json-schema-to-typescript';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Shapes smaller than this (in JSON characters) stay inline: a name for `string[] | null` reads worse. */
const MIN_SHARED_SIZE = 100;

function bareRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(bareRefs);
  if (!isNode(node)) return node;
  if (typeof node.$ref === 'string') return { $ref: node.$ref };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, bareRefs(value)]));
}

const pascal = (key: string) => key.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** Every object or array shape below `node`, with the key it sits under (an array's item: "<key>Item"). */
function shapes(node: unknown, key: string, visit: (shape: Node, key: string, replace: (by: Node) => void) => void): void {
  if (!isNode(node)) return;
  const children: [unknown, string, (by: Node) => void][] = [];
  for (const [name, child] of Object.entries((node.properties as Node | undefined) ?? {})) {
    children.push([child, name, (by) => ((node.properties as Node)[name] = by)]);
  }
  if (isNode(node.items)) children.push([node.items, `${key}Item`, (by) => (node.items = by)]);
  if (isNode(node.additionalProperties))
    children.push([node.additionalProperties, `${key}Value`, (by) => (node.additionalProperties = by)]);
  for (const word of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[word];
    if (Array.isArray(list))
      list.forEach((child, i) => {
        children.push([child, key, (by) => (list[i] = by)]);
      });
  }
  for (const [child, name, replace] of children) {
    if (isNode(child) && (child.properties || child.items) && !child.$ref) visit(child, name, replace);
    shapes(child, name, visit);
  }
}

/** Moves the largest shape that occurs twice or more into a definition; false when none is left. */
function hoistOne(schema: JSONSchema7, definitions: Record<string, JSONSchema7Definition>, hoisted: Set<string>): boolean {
  const found = new Map<string, { keys: Set<string>; places: ((by: Node) => void)[] }>();
  // the values tree and the shapes already hoisted; Kubernetes definitions stay as Kubernetes names them
  const roots: [unknown, string][] = [
    [schema.properties ? { properties: schema.properties } : {}, 'values'],
    ...[...hoisted].map((name) => [definitions[name], name] as [unknown, string]),
  ];
  for (const [root, name] of roots) {
    shapes(root, name, (shape, key, replace) => {
      const text = JSON.stringify(shape);
      if (text.length < MIN_SHARED_SIZE) return;
      const entry = found.get(text) ?? { keys: new Set<string>(), places: [] };
      entry.keys.add(key);
      entry.places.push(replace);
      found.set(text, entry);
    });
  }
  const shared = [...found.entries()].filter(([, e]) => e.places.length > 1).sort(([a], [b]) => b.length - a.length || a.localeCompare(b));
  if (shared.length === 0) return false;
  const [text, entry] = shared[0];
  const base = [...entry.keys].sort().map(pascal).join('Or');
  let name = base;
  for (let i = 2; definitions[name]; i++) name = `${base}${i}`;
  definitions[name] = { ...(JSON.parse(text) as JSONSchema7), title: name };
  hoisted.add(name);
  for (const replace of entry.places) replace({ $ref: `#/definitions/${name}` });
  return true;
}

/** The schema as the type generator should see it: titled definitions, bare refs, shared shapes hoisted. */
export function typesSchema(schema: JSONSchema7): JSONSchema7 {
  const shaped = bareRefs(structuredClone(schema)) as JSONSchema7;
  const definitions = (shaped.definitions ??= {}) as Record<string, JSONSchema7Definition>;
  for (const [name, definition] of Object.entries(definitions)) {
    if (isNode(definition)) definitions[name] = { ...definition, title: name };
  }
  const hoisted = new Set<string>();
  while (hoistOne(shaped, definitions, hoisted));
  return shaped;
}

export function valuesTypes(schema: JSONSchema7, banner: string): Promise<string> {
  return compile(typesSchema(schema) as Parameters<typeof compile>[0], 'Values', {
    bannerComment: banner,
    additionalProperties: false,
    strictIndexSignatures: true,
    declareExternallyReferenced: true,
  });
}
