// Custom resources written as real ones are: each a ConfigMap templated with the chart's helpers and .Values
// (`labels: {{- include "<labels helper>" … | nindent 4 }}`, `{{ .Values.captain_domain }}`), as strings or as
// objects, in customResources or customResourcesMap. The floor emits the same documents already written out,
// verbatim; the GlueOps chart, when a checkout of it is given, renders the same strings with its own labels
// helper (it takes strings only, and re-serialises every document).
import { writeFileSync } from 'node:fs';
import type { Shape } from './custom-resources.ts';

export type Form = 'string' | 'object';
export type Flavour = 'ours' | 'glueops' | 'floor';

const id = (index: number) => String(index).padStart(5, '0');

/** The labels as the chart renders them for release demo-prod: what the floor writes out. */
const WRITTEN_LABELS = [
  'app.kubernetes.io/instance: "demo-prod"',
  'app.kubernetes.io/managed-by: "Helm"',
  'app.kubernetes.io/name: "demo-prod"',
  'app.kubernetes.io/version: "0.0.1"',
  'helm.sh/chart: "app-chart-0.1.0"',
];

function stringEntry(index: number, flavour: Flavour): string {
  const labels =
    flavour === 'floor'
      ? `labels:\n${WRITTEN_LABELS.map((l) => `    ${l}`).join('\n')}`
      : `labels: {{- include ${flavour === 'ours' ? '"app.labels" .' : '"chart.commonLabels" .'} | nindent 4 }}`;
  const name = flavour === 'floor' ? 'demo-prod' : '{{ include "app.name" . }}';
  const domain = flavour === 'floor' ? 'example.com' : '{{ .Values.captain_domain }}';
  return (
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${id(index)}-${name}\n  ${labels}\ndata:\n  index: "${index}"\n  ` +
    `domain: ${domain}\n`
  );
}

/** An object entry: its strings templated (an object cannot hold the labels helper's text, so its labels are two of them). */
function objectEntry(index: number, indent: string): string[] {
  return [
    `apiVersion: v1`,
    `kind: ConfigMap`,
    `metadata:`,
    `  name: 'cm-${id(index)}-{{ include "app.name" . }}'`,
    `  labels:`,
    `    app.kubernetes.io/name: '{{ include "app.name" . }}'`,
    `    app.kubernetes.io/instance: '{{ .Release.Name }}'`,
    `data:`,
    `  index: "${index}"`,
    `  domain: '{{ .Values.captain_domain }}'`,
  ].map((line, i) => `${i === 0 ? '' : indent}${line}`);
}

/** A values file of `count` real entries; the GlueOps chart and the floor take the string form only. */
export function realValuesYaml(shape: Shape, form: Form, count: number, flavour: Flavour): string {
  const lines = ['captain_domain: example.com', `${shape}:`];
  for (let i = 0; i < count; i++) {
    const key = shape === 'customResources' ? '  -' : `  cm-${id(i)}:`;
    if (form === 'object' && flavour === 'ours') {
      const [first, ...rest] = objectEntry(i, '    ');
      lines.push(shape === 'customResources' ? `${key} ${first}` : `${key}\n    ${first}`, ...rest);
    } else {
      lines.push(
        `${key} |`,
        ...stringEntry(i, flavour)
          .trimEnd()
          .split('\n')
          .map((line) => `    ${line}`),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function writeRealValues(file: string, shape: Shape, form: Form, count: number, flavour: Flavour): string {
  writeFileSync(file, realValuesYaml(shape, form, count, flavour));
  return file;
}
