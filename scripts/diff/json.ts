// JSON of app-chart diff for tools: a versioned report, and its schema (docs/diff-report.schema.json is
// generated from it by npm run lint-docs).
import type { JSONSchema7 } from 'json-schema';
import { checkedChartSchema } from '../lint/report.ts';
import { FINDINGS, type DiffFinding } from './findings.ts';
import type { DiffResult, TargetDiff } from './index.ts';
import { formatSegments, type ObjectChange } from './objects.ts';
import { counts, differs } from './report.ts';

export const DIFF_REPORT_VERSION = 1;

export interface JsonField {
  path: string;
  change: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
  secret?: true;
  order?: true;
}

export interface JsonObject {
  change: 'added' | 'removed' | 'changed';
  apiVersion: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  source?: string;
  fields?: JsonField[];
}

export interface JsonDiffReport {
  version: typeof DIFF_REPORT_VERSION;
  tool: 'app-chart diff';
  base: DiffResult['base'];
  head: DiffResult['head'];
  summary: Record<'targets' | 'added' | 'removed' | 'changed' | 'unchanged' | 'skipped' | 'errors' | 'findings', number> & {
    differs: boolean;
    objects: { added: number; removed: number; changed: number };
  };
  findings: DiffFinding[];
  targets: (Omit<TargetDiff, 'changes'> & { objects: JsonObject[] })[];
}

function jsonObject(c: ObjectChange): JsonObject {
  return {
    change: c.change,
    apiVersion: c.apiVersion,
    ...c.id,
    ...(c.source ? { source: c.source } : {}),
    ...(c.change === 'changed'
      ? {
          fields: c.fields.map((f) => ({
            path: formatSegments(f.path),
            change: f.change,
            ...(f.secret ? { secret: true as const } : { ...('old' in f ? { old: f.old } : {}), ...('new' in f ? { new: f.new } : {}) }),
            ...(f.order ? { order: true as const } : {}),
          })),
        }
      : {}),
  };
}

export function toJson(result: DiffResult): JsonDiffReport {
  const status = (s: TargetDiff['status']) => result.targets.filter((t) => t.status === s).length;
  return {
    version: DIFF_REPORT_VERSION,
    tool: 'app-chart diff',
    base: result.base,
    head: result.head,
    summary: {
      targets: result.targets.length,
      added: status('added'),
      removed: status('removed'),
      changed: status('changed'),
      unchanged: status('unchanged'),
      skipped: result.skipped,
      errors: result.errors,
      findings: result.findings.length,
      differs: differs(result),
      objects: counts(result.targets.flatMap((t) => t.changes)),
    },
    findings: result.findings,
    targets: result.targets.map(({ changes, ...t }) => ({ ...t, objects: changes.map(jsonObject) })),
  };
}

const count: JSONSchema7 = { type: 'integer', minimum: 0 };
const side = (what: string): JSONSchema7 => ({
  type: 'object',
  additionalProperties: false,
  required: ['label', 'chart'],
  description: what,
  properties: {
    label: { type: 'string', description: 'How the output names it: "main (1a2b3c4)", "working tree".' },
    revision: { type: 'string', description: 'The revision as given with --base.' },
    commit: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$', description: 'The commit it resolved to.' },
    chart: {
      type: 'string',
      description:
        'The charts its app × envs render with, each as name, version and where it came from ("app-chart 0.2.0 ' +
        '(oci://ghcr.io/acme/charts/app-chart:0.2.0 ' +
        '(named by app-chart.config.yaml))"), several joined by "; ". Which app × env renders which is in its chart.',
    },
  },
});

/** The schema of `app-chart diff --format json`; docs/diff-report.schema.json is generated from it. */
export const diffReportSchema: JSONSchema7 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'app-chart diff report (--format json)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tool', 'base', 'head', 'summary', 'findings', 'targets'],
  properties: {
    version: { const: DIFF_REPORT_VERSION, description: 'Version of this shape; a change that breaks readers bumps it.' },
    tool: { const: 'app-chart diff' },
    base: side('What the working tree is compared with.'),
    head: side('The working tree.'),
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['targets', 'added', 'removed', 'changed', 'unchanged', 'skipped', 'errors', 'findings', 'differs', 'objects'],
      properties: {
        targets: { ...count, description: 'App × envs at either revision under the given paths.' },
        added: { ...count, description: 'App × envs only in the working tree.' },
        removed: { ...count, description: 'App × envs only at the base.' },
        changed: { ...count, description: 'App × envs at both whose objects differ.' },
        unchanged: { ...count, description: 'App × envs whose objects are the same (skipped ones included).' },
        skipped: { ...count, description: 'Unchanged app × envs not rendered: nothing they are made of changed.' },
        errors: { ...count, description: 'App × envs that could not be compared (a render failed).' },
        findings: count,
        differs: { type: 'boolean', description: 'Whether any object is added, removed or changed (what --exit-code reports).' },
        objects: {
          type: 'object',
          additionalProperties: false,
          required: ['added', 'removed', 'changed'],
          properties: { added: count, removed: count, changed: count },
        },
      },
    },
    findings: {
      type: 'array',
      description: 'Changes that will not apply, lose data or disrupt traffic.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'impact', 'target', 'object', 'message'],
        properties: {
          id: { type: 'string', enum: Object.keys(FINDINGS) },
          impact: {
            type: 'string',
            enum: ['fails', 'data-loss', 'disruption'],
            description: 'fails: the sync fails; data-loss: data is deleted; disruption: traffic or addresses change.',
          },
          target: { type: 'string', description: 'app/env' },
          object: { type: 'string', description: 'Kind/name' },
          path: { type: 'string', description: 'The field, for a changed object.' },
          message: { type: 'string', description: 'What happens and how to avoid it.' },
        },
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['app', 'env', 'namespace', 'status', 'rendered', 'objects'],
        properties: {
          app: { type: 'string' },
          env: { type: 'string' },
          namespace: { type: 'string' },
          status: { type: 'string', enum: ['added', 'removed', 'changed', 'unchanged', 'error'] },
          rendered: { type: 'boolean', description: 'false when it was not rendered (nothing it is made of changed, or a render failed).' },
          renamedFrom: { type: 'string', description: 'For an added app × env: the removed one with the same values files (app/env).' },
          renamedTo: { type: 'string', description: 'For a removed app × env: the added one with the same values files (app/env).' },
          chart: {
            type: 'object',
            additionalProperties: false,
            description:
              'The chart it renders with at the base and in the working tree (absent where it does not exist or could not be ' +
              'planned); two digests that differ are a chart change.',
            properties: { base: checkedChartSchema, head: checkedChartSchema },
          },
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['side', 'message'],
            properties: { side: { type: 'string', enum: ['base', 'head'] }, message: { type: 'string' } },
          },
          objects: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['change', 'apiVersion', 'group', 'kind', 'namespace', 'name'],
              properties: {
                change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                apiVersion: { type: 'string' },
                group: { type: 'string', description: 'API group; "" for the core group.' },
                kind: { type: 'string' },
                namespace: { type: 'string', description: '"" for cluster-scoped kinds.' },
                name: { type: 'string' },
                source: { type: 'string', description: 'The custom resource entry that writes it, e.g. customResourcesMap.tcp-route.' },
                fields: {
                  type: 'array',
                  description: 'For a changed object: each field that differs.',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['path', 'change'],
                    properties: {
                      path: {
                        type: 'string',
                        description: 'e.g. spec.template.spec.containers[name=app].image; list items with names are matched by name.',
                      },
                      change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                      old: { description: 'The value at the base (absent for an added field or a Secret value).' },
                      new: { description: 'The value in the working tree (absent for a removed field or a Secret value).' },
                      secret: { const: true, description: "A value of a Secret's data or stringData: neither value is given." },
                      order: { const: true, description: 'The items of a named list changed order; old and new are their names.' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};
