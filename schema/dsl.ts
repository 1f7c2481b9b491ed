// A small vocabulary for writing the values schema once: each node is a draft-07 JSON schema fragment plus
// what chart/values.yaml shows for it (its default and a commented example).
import type { JSONSchema7, JSONSchema7TypeName } from 'json-schema';
import { QUANTITY_PATTERN } from './quantity.ts';

export interface Node {
  schema: JSONSchema7;
  /** the value written in chart/values.yaml; undefined writes the key with no value (null) */
  default?: unknown;
  /** shown commented out under the key in chart/values.yaml */
  example?: unknown;
  /** object nodes: their properties, in the order values.yaml lists them */
  properties?: Record<string, Node>;
  /** map nodes (mapOf): the node of every entry, whatever its name */
  entry?: Node;
  /** list nodes (listOf): the node of every item */
  item?: Node;
  /** the Kubernetes type (a definition of schema/kubernetes.ts) the value is checked against */
  kubernetes?: string;
  /** who defines that type, when it is not Kubernetes itself (KEDA) */
  api?: string;
}

interface Extra {
  default?: unknown;
  example?: unknown;
  /** further JSON schema keywords (minimum, pattern, ...) */
  keywords?: JSONSchema7;
}

/** Every key may be set to null: an env file uses null to drop what a base file set. */
function nullable(type: JSONSchema7TypeName | JSONSchema7TypeName[]): JSONSchema7TypeName[] {
  return [...(Array.isArray(type) ? type : [type]), 'null'];
}

function leaf(type: JSONSchema7TypeName | JSONSchema7TypeName[], description: string, extra: Extra = {}): Node {
  return {
    schema: { type: nullable(type), description, ...extra.keywords },
    default: extra.default,
    example: extra.example,
  };
}

export const str = (description: string, extra?: Extra) => leaf('string', description, extra);
export const bool = (description: string, extra?: Extra) => leaf('boolean', description, extra);
export const int = (description: string, extra?: Extra) => leaf('integer', description, extra);
export const port = (description: string, extra?: Extra) =>
  leaf('integer', description, { ...extra, keywords: { minimum: 1, maximum: 65535, ...extra?.keywords } });
/** int-or-string, as Kubernetes takes for ports by name and surge percentages */
export const intOrString = (description: string, extra?: Extra) => leaf(['integer', 'string'], description, extra);

export function oneOf(values: string[], description: string, extra?: Extra): Node {
  return leaf('string', `${description} One of: ${values.join(', ')}.`, {
    ...extra,
    keywords: { enum: [...values, null], ...extra?.keywords },
  });
}

const definition = (name: string): JSONSchema7 => ({ $ref: `#/definitions/${name}` });

/** A value of a Kubernetes type (a definition of schema/kubernetes.ts), checked by Helm against its real schema. */
export function k8s(type: string, description: string, extra: Extra = {}): Node {
  return {
    schema: { description, anyOf: [definition(type), { type: 'null' }] },
    default: extra.default,
    example: extra.example,
    kubernetes: type,
  };
}

/** A value of a type another project defines (a definition of schema/kubernetes.ts), such as KEDA's ScaledObjectSpec. */
export function crd(type: string, api: string, description: string, extra: Extra = {}): Node {
  return { ...k8s(type, description, extra), api };
}

/**
 * A key that GlueOps app chart files carry and that does nothing, here as there: accepted so those files render,
 * and reported by app-chart lint (rule glueops-ignored-key) with `message`. Editors that read
 * `deprecationMessage` (yaml-language-server) show it too.
 */
export function ignored(type: JSONSchema7TypeName[], description: string, message: string): Node {
  return { schema: { type: nullable(type), description, deprecationMessage: message } as JSONSchema7 };
}

/** A list of values of a Kubernetes type. */
export function k8sListOf(type: string, description: string, extra: Extra = {}): Node {
  return {
    schema: { type: nullable('array'), description, items: definition(type) },
    default: extra.default,
    example: extra.example,
    kubernetes: `[]${type}`,
  };
}

/** A Kubernetes resource quantity (cpu 500m or 0.5, memory 128Mi): a number or a well-formed string. */
export const quantity = (description: string, extra?: Extra) =>
  leaf(['string', 'number'], description, {
    ...extra,
    keywords: { pattern: QUANTITY_PATTERN, ...extra?.keywords },
  });

/** A map whose keys the user names (jobs, configs, secrets): every entry has the same shape; null removes one. */
export function mapOf(description: string, entry: Node, extra: Extra = {}): Node {
  return {
    schema: {
      type: nullable('object'),
      description,
      additionalProperties: { ...entry.schema, type: nullable('object') },
      ...extra.keywords,
    },
    entry,
    default: extra.default,
    example: extra.example,
  };
}

/** Labels or annotations: a map, or the GlueOps list form [{key, value}]. */
export const labelsMapOrList = (description: string, extra?: Extra) =>
  raw(
    {
      description,
      anyOf: [
        { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
        {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['key'],
            properties: {
              key: { type: 'string', description: 'Label or annotation key.' },
              value: { type: ['string', 'number', 'boolean', 'null'], description: 'Its value; rendered as a string.' },
            },
          },
        },
        { type: 'null' },
      ],
    },
    extra,
  );

/** A count Kubernetes wants as an integer; a numeric string ("120") is also taken, as the GlueOps chart does. */
export const count = (description: string, extra?: Extra) =>
  leaf(['integer', 'string'], description, { ...extra, keywords: { minimum: 0, pattern: '^[0-9]+$', ...extra?.keywords } });

/** A Kubernetes object passed through as written (its own type is checked by the API server). */
export const k8sObject = (description: string, extra?: Extra) => leaf('object', description, extra);
/** A list of Kubernetes objects passed through as written. */
export const k8sList = (description: string, extra?: Extra) =>
  leaf('array', description, { ...extra, keywords: { items: { type: 'object' }, ...extra?.keywords } });

/** A map of string keys to string-like values (labels, annotations, selectors). */
export const stringMap = (description: string, extra?: Extra) =>
  leaf('object', description, {
    ...extra,
    keywords: { additionalProperties: { type: ['string', 'number', 'boolean', 'null'] }, ...extra?.keywords },
  });

export const stringList = (description: string, extra?: Extra) =>
  leaf('array', description, { ...extra, keywords: { items: { type: 'string' }, ...extra?.keywords } });

/** An object the chart defines: unknown keys are rejected, so a typo fails in Helm itself. */
export function obj(description: string, properties: Record<string, Node>, extra: Extra = {}): Node {
  return {
    schema: {
      type: nullable('object'),
      description,
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(properties).map(([key, node]) => [key, node.schema])),
      ...extra.keywords,
    },
    properties,
    default: extra.default,
    example: extra.example,
  };
}

/** A list of objects the chart defines (each strict). */
export function listOf(description: string, item: Node, extra: Extra = {}): Node {
  const itemSchema = { ...item.schema, type: 'object' as const };
  return { ...leaf('array', description, { ...extra, keywords: { items: itemSchema, ...extra.keywords } }), item };
}

/** Any JSON schema fragment, when none of the above says it. */
export function raw(schema: JSONSchema7, extra: Extra = {}): Node {
  return { schema, default: extra.default, example: extra.example };
}
