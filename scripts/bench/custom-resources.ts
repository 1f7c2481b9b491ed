// The custom resources benchmark: values with N templated entries, the floor chart they are compared with,
// and variants of the chart that show where the time goes.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDir } from '../render.ts';

export type Shape = 'customResources' | 'customResourcesMap';
export const SHAPES: Shape[] = ['customResources', 'customResourcesMap'];

/**
 * One entry: a ConfigMap named with {{ include "app.name" . }}. The template sits inside the name, so the
 * floor, which emits the text without rendering it, still emits valid YAML for Helm to read.
 */
function entry(index: number): string {
  const id = String(index).padStart(5, '0');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${id}-{{ include "app.name" . }}\ndata:\n  index: "${index}"\n`;
}

export function valuesYaml(shape: Shape, count: number): string {
  const lines = [`${shape}:`];
  for (let i = 0; i < count; i++) {
    lines.push(shape === 'customResources' ? '  - |' : `  cm-${String(i).padStart(5, '0')}: |`);
    lines.push(
      ...entry(i)
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Emits every entry as written: one range per key, no tpl, no parsing. */
const EMIT = `{{- range .Values.customResources }}
---
{{ . }}
{{- end }}
{{- range $key, $entry := .Values.customResourcesMap }}
---
{{ $entry }}
{{- end }}
`;

/** As EMIT, and parses each entry with fromYaml, as the chart must. */
const PARSE = `{{- range .Values.customResources }}
{{- $_ := fromYaml . }}
---
{{ . }}
{{- end }}
{{- range $key, $entry := .Values.customResourcesMap }}
{{- $_ := fromYaml $entry }}
---
{{ $entry }}
{{- end }}
`;

/** The floor: a chart of one template that emits the entries verbatim. */
export function writeFloorChart(dir: string): string {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: floor\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'floor.yaml'), EMIT);
  return dir;
}

export interface Variant {
  name: string;
  what: string;
  /** changes a copy of the chart; returns false when the chart no longer has what it changes */
  patch: (dir: string) => boolean;
}

const replaceTemplate = (text: string) => (dir: string) => {
  writeFileSync(join(dir, 'templates', 'custom-resources.yaml'), text);
  return true;
};

/** Variants of the chart, from the floor upwards; each is the chart with one part taken away or put back. */
export const VARIANTS: Variant[] = [
  {
    name: 'chart, entries emitted as written',
    what: 'the chart around the entries: schema check, values, its other templates',
    patch: replaceTemplate(EMIT),
  },
  { name: 'chart, entries parsed', what: 'and one fromYaml per entry', patch: replaceTemplate(PARSE) },
  { name: 'chart', what: 'the chart as it is', patch: () => true },
  {
    name: 'chart, tpl for every entry',
    what: 'the chart without its known-expression shortcut: one tpl per templated entry',
    patch: (dir) => {
      const file = join(dir, 'templates', 'custom-resources.yaml');
      const text = readFileSync(file, 'utf8');
      const shortcut = '"known" (include "app-chart.customResources.known" $ | fromJson)';
      if (!text.includes(shortcut)) return false;
      writeFileSync(file, text.replace(shortcut, '"known" dict'));
      return true;
    },
  },
];

/** A copy of the chart with the variant's change, or undefined when the variant no longer applies. */
export function writeVariantChart(dir: string, variant: Variant): string | undefined {
  cpSync(chartDir, dir, { recursive: true });
  return variant.patch(dir) ? dir : undefined;
}

/** Fails unless the output holds exactly `count` ConfigMaps: a bench must not time a failed or empty render. */
export function expectConfigMaps(count: number): (stdout: string) => void {
  return (stdout) => {
    const found = stdout.split('\nkind: ConfigMap\n').length - 1;
    if (found !== count) throw new Error(`expected ${count} ConfigMaps in the output, found ${found}`);
  };
}
