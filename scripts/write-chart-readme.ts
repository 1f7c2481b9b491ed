// Writes chart/README.md, the values reference, from schema/values.ts (keys, types, descriptions) and the defaults
// chart/values.yaml shows. With --check it writes nothing and fails when the file is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';
import { parse } from 'yaml';
import { values, type Node } from '../schema/values.ts';
import { writeGenerated } from './generated-files.ts';
import { packageRoot } from './install.ts';
import { PUBLISHED } from './publish.ts';

export const README = 'chart/README.md';

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

/** The type of a schema in words: "string", "list of (string or object)", "ResourceRequirements". */
function typeOf(schema: JSONSchema7Definition | undefined): string {
  if (schema === undefined || typeof schema === 'boolean') return 'any';
  if (schema.$ref) return schema.$ref.replace('#/definitions/', '');
  const kinds = schema.anyOf
    ? schema.anyOf.map((member) => typeOf(member))
    : (Array.isArray(schema.type) ? schema.type : [schema.type ?? 'any']).map((type) => {
        if (type === 'array') {
          const item = typeOf(schema.items as JSONSchema7Definition | undefined);
          return `list of ${item.includes(' or ') ? `(${item})` : item}`;
        }
        if (type === 'string' && schema.enum) return 'string (enum)';
        return type;
      });
  // null is how every key is unset, so it is left out; a member that is only null says nothing
  return [...new Set(kinds.filter((kind) => kind !== 'null' && kind !== ''))].join(' or ') || 'null';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultOf(node: Node): string {
  if (node.default === undefined) return '';
  return `\`${cell(JSON.stringify(node.default))}\``;
}

const isObjectSchema = (schema: JSONSchema7Definition | undefined): schema is JSONSchema7 =>
  typeof schema === 'object' && schema.properties !== undefined;

/**
 * Rows for what a schema written without nodes holds: the fields of its objects (in any of its alternatives),
 * of its list items (`key[].field`) and of its map entries (`key.<name>.field`). Kubernetes types ($ref) are not
 * expanded: they are Kubernetes' own.
 */
function schemaRows(key: string, schema: JSONSchema7Definition | undefined): Row[] {
  if (typeof schema !== 'object' || schema.$ref) return [];
  const members = schema.anyOf ?? [schema];
  return members.flatMap((member): Row[] => {
    if (typeof member !== 'object' || member.$ref) return [];
    const fields = isObjectSchema(member)
      ? Object.entries(member.properties!).flatMap(([field, fieldSchema]) => [
          {
            key: `${key}.${field}`,
            type: typeOf(fieldSchema),
            default: '',
            description: typeof fieldSchema === 'object' ? (fieldSchema.description ?? '') : '',
          },
          ...schemaRows(`${key}.${field}`, fieldSchema),
        ])
      : [];
    const items = member.items !== undefined && !Array.isArray(member.items) ? schemaRows(`${key}[]`, member.items) : [];
    const entries = typeof member.additionalProperties === 'object' ? schemaRows(`${key}.<name>`, member.additionalProperties) : [];
    return [...fields, ...items, ...entries];
  });
}

/** Rows for a key and everything under it: object fields, map entries (`<name>`) and list items (`[]`). */
function rows(key: string, node: Node): Row[] {
  const type = node.kubernetes
    ? `${node.kubernetes.replace(/^\[\]/, 'list of ')} (${node.api ?? 'Kubernetes'})`
    : node.entry
      ? 'map of name → object'
      : typeOf(node.schema);
  const own: Row = { key, type, default: defaultOf(node), description: node.schema.description ?? '' };
  const children = (prefix: string, properties: Record<string, Node>) =>
    Object.entries(properties).flatMap(([child, childNode]) => rows(`${prefix}.${child}`, childNode));
  if (node.properties) return [own, ...children(key, node.properties)];
  if (node.entry?.properties) return [own, ...children(`${key}.<name>`, node.entry.properties)];
  if (node.item?.properties) return [own, ...children(`${key}[]`, node.item.properties)];
  if (node.kubernetes) return [own];
  return [own, ...schemaRows(key, node.schema)];
}

/** The values table of chart/README.md for `root` (the chart's values): a row for every key, field and item. */
export function valuesTable(root: Node = values): string {
  const all = Object.entries(root.properties ?? {}).flatMap(([key, node]) => rows(key, node));
  return [
    '| Key | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...all.map((r) => `| \`${cell(r.key)}\` | ${cell(r.type)} | ${r.default} | ${cell(r.description)} |`),
  ].join('\n');
}

export function chartReadme(): string {
  const chart = parse(readFileSync(join(packageRoot, 'chart', 'Chart.yaml'), 'utf8')) as {
    name: string;
    version: string;
    description: string;
    home: string;
  };
  return `<!-- GENERATED by "npm run docs" from schema/values.ts; do not edit. -->
# ${chart.name} ${chart.version}

${chart.description}

One chart deploys a containerised app the way the GlueOps \`app\` chart does, under the same keys: a Deployment
or a StatefulSet, CronJobs and Jobs, a Service, Ingresses, a NetworkPolicy, ConfigMaps, Secrets and
ExternalSecrets, a ServiceAccount, a PodDisruptionBudget, a PersistentVolumeClaim, KEDA or a
HorizontalPodAutoscaler, and through \`customResources\` / \`customResourcesMap\` any other manifest.

## Install

From the OCI registry, or from the Helm repository:

\`\`\`bash
helm install shop ${PUBLISHED.oci}/${chart.name} --version ${chart.version} --namespace shop --create-namespace -f values.yaml

helm repo add ${chart.name} ${PUBLISHED.repository}
helm install shop ${chart.name}/${chart.name} --version ${chart.version} --namespace shop --create-namespace -f values.yaml
\`\`\`

What ArgoCD applies for an app of a deployment repo (values \`apps/<app>/base/base-values.yaml\` then
\`apps/<app>/envs/<env>/values.yaml\`, release \`<app>-<env>\`, namespace \`<env>\`):

\`\`\`bash
helm template shop-prod ${PUBLISHED.oci}/${chart.name} --version ${chart.version} --namespace prod -f apps/shop/base/base-values.yaml -f apps/shop/envs/prod/values.yaml
\`\`\`

The project's [README](${chart.home}) explains deploying with ArgoCD (an ApplicationSet for every app × env) and
the toolkit (\`app-chart render\` and \`app-chart lint\`, with errors that point at file:line).

Helm checks every values file against \`values.schema.json\` before it renders: a misspelt key, a wrong type or a
typo inside a Kubernetes object (\`deployment.resources.limts\`, a probe's \`periodSeconds: ten\`) fails with its
path. Pod options (resources, probes, security contexts, affinity, tolerations, topology spread, volumes, volume
mounts, containers, lifecycle, env sources) are checked against the real Kubernetes types; inside them null is not
accepted, so restate an object rather than nulling one of its fields.

## Values

Defaults are those of \`values.yaml\`, and for the fields of list items what the chart uses when the field is
left out; an empty default means unset (null). \`<name>\` stands for a key you choose (a job, a config, a secret),
and \`[]\` for each item of a list: \`service.ports[].port\` is the \`port\` of every entry of \`service.ports\`. The
keys listed under \`deployment\` exist alike under \`statefulSet\`, \`cronJob\`, \`cronJob.jobs.<name>\`, \`job\` and
\`job.jobs.<name>\`: one pod template renders every workload. A job's own value wins over the one beside \`jobs\`;
maps merge key by key, lists are replaced, and null inherits.

${valuesTable()}

## customResources or customResourcesMap

Both add manifests the chart does not model (Traefik IngressRouteTCP, Gateway API routes, anything). Each entry
is a YAML string rendered with \`tpl\` (so \`{{ include "app.name" . }}\` and \`{{ .Values.captain_domain }}\`
work), an object written as YAML, or \`{verbatim: "..."}\` for text with its own \`{{ }}\`.

| | \`customResources\` | \`customResourcesMap\` |
| --- | --- | --- |
| shape | a list | a map of name → entry |
| across values files | a file that sets it replaces the whole list | maps merge: a file adds, overrides or removes (\`name: null\`) one entry |
| output order | list order, first | sorted by name, after the list |
| error messages name | \`customResources[2]\` | \`customResourcesMap.tcp-route\` |

Use \`customResources\` when one file owns all the manifests (a single values file, or manifests only the env
file has). Use \`customResourcesMap\` when a base file defines manifests and env files change some of them: an
env file can replace \`tcp-route\` alone, or drop it with \`tcp-route: null\`, which a list cannot express. A
manifest that would collide with an object the chart renders (same kind, namespace and name) fails the render
and names both.
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = writeGenerated({ [README]: chartReadme() }, { check: process.argv.includes('--check'), command: 'npm run docs' });
