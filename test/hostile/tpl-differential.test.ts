// Differential property test: a templated custom resource entry renders to exactly the bytes plain `tpl` gives
// for it alone (the chart's labels and .Values strings included, with "{{-" trimming the text before them). The chart (under Helm 3 and Helm 4) is compared with a copy of itself whose custom-resources.yaml
// is replaced by a reference template: one plain `tpl` per entry, framed as the chart frames a document. Entries are drawn from
// the expressions the chart replaces without tpl, near misses of them ("{{-", "{{{", "}}}", other spacing),
// other templates, broken templates and plain text; appName, namespaceOverride and captain_domain are drawn
// from texts that look like those expressions. Budgeted by case count: a fixed seed in `npm test`, thousands
// under `npm run fuzz`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, expect } from 'vitest';
import { helmFor, runHelm } from '../../scripts/helm.ts';
import { chartDir } from '../../scripts/render.ts';
import { runs, SEED } from '../fuzz/config.ts';
import { toValuesYaml } from '../helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'app-chart-tpl-differential-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The chart with its custom resources template replaced by plain tpl, one entry at a time. */
const referenceChart = join(work, 'reference');
cpSync(chartDir, referenceChart, { recursive: true });
writeFileSync(
  join(referenceChart, 'templates', 'custom-resources.yaml'),
  `{{- range $index, $entry := .Values.customResources }}
---
# customResources[{{ $index }}]
{{ trimAll "\\n" (tpl $entry $) }}
{{- end }}
`,
);

const KNOWN = [
  '{{ include "app.name" . }}',
  '{{ include "app.namespace" . }}',
  '{{ .Release.Name }}',
  '{{ .Release.Namespace }}',
  '{{ .Values.captain_domain }}',
  '{{- include "app.labels" . | nindent 4 }}',
  '{{ include "app.labels" . | nindent 6 }}',
  '{{- include "chart.commonLabels" . | indent 4 }}',
  '{{ include "chart.commonLabels" . | nindent 6 }}',
  '{{- .Release.Name }}',
  '{{ .Values.other }}',
  '{{ .Values.nested.deep }}',
  '{{- .Values.nested.deep }}',
];
/** Templates that look like the known ones but are not, and other templates tpl renders. */
const OTHER = [
  '{{include "app.name" .}}',
  '{{-  .Release.Name }}',
  '{{- include "app.labels" . | nindent 5 }}',
  '{{ include "app.labels" $ | nindent 4 }}',
  '{{ include "app.labels" . | nindent 4 -}}',
  '{{ include "chart.commonLabels" . | indent 5 }}',
  '{{ include "chart.appLabels" . | nindent 4 }}',
  '{{ .Values.nested }}',
  '{{ .Values.nested.deep.deeper }}',
  '{{ .Values.nested.number }}',
  '{{ .Values.other.missing }}',
  '{{ .Release.Name -}}',
  '{{ .Release.Name }}}',
  '{{  .Release.Name }}',
  '{{ "}}" }}',
  '{{/* a comment */}}',
  '{{ .Values.missing }}',
  '{{ printf "%s-%s" .Release.Name "x" }}',
  '{{ define "own" }}defined{{ end }}{{ include "own" . }}',
  '{{ $.Values.captain_domain }}',
  '{{ .Values.captain_domain | default "fallback.example" }}',
  '{{ include "app.name" . | upper }}',
];
/** Templates tpl refuses: the chart must refuse them too. */
const BROKEN = [
  '{{{ .Release.Name }}',
  '{{ end }}',
  '{{',
  '{{ include "app.name" . }',
  '{{ include "app.nmae" . }}',
  '*/}}{{ end }}{{ define "x" }}',
];
const CHARS = ['a', 'Z', '0', ' ', '-', '.', ':', '{', '}', '"', "'", '$', '*', '/', '<', '>', '#', '|', 'é', '→'];
const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 6 });

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 5, arbitrary: text },
  { weight: 3, arbitrary: fc.constantFrom(...OTHER) },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN, '<no value>') },
);
const line = fc.array(fragment, { maxLength: 5 }).map((parts) => parts.join(''));
/** A ConfigMap whose templated text sits in a block scalar, so any rendering of it is valid YAML. */
const entry = (index: number, lines: string[]) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${index}\ndata:\n  text: |\n    start\n${lines.map((l) => `    ${l}`).join('\n')}\n`;

/** Values the known expressions stand for: texts that look like templates, quotes, "<no value>". */
const lookalike = fc.oneof(fc.constantFrom(...KNOWN, ...OTHER, 'example.com', '', '<no value>', "it's", 'a{{b'), text);
const values = fc.record(
  {
    appName: lookalike,
    namespaceOverride: lookalike,
    captain_domain: lookalike,
    nested: fc.record({ deep: fc.oneof(lookalike, fc.constant(null), fc.integer()), number: fc.integer() }, { requiredKeys: [] }),
    entries: fc.array(fc.array(line, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['entries'] },
);

/** The chart's custom resources under both Helms, and the reference's under Helm 4 (tpl is the same in both). */
async function renderAll(file: string) {
  const args = (chart: string) => [
    'template',
    'demo-prod',
    chart,
    '--namespace',
    'prod',
    `--values=${file}`,
    '--show-only=templates/custom-resources.yaml',
  ];
  const [three, four, reference] = await Promise.all([
    runHelm(helmFor(3), args(chartDir)),
    runHelm(helmFor(4), args(chartDir)),
    runHelm(helmFor(4), args(referenceChart)),
  ]);
  return { three, four, reference };
}

const BARE_DOMAIN = /\{\{-?\s*\$?\.Values\.captain_domain\s*-?\}\}/;

let files = 0;
test.prop([values], { seed: SEED, numRuns: runs(30, 2000) })(
  'every templated entry renders to the bytes plain tpl gives, or fails for a reason the contract names',
  async ({ entries, ...root }) => {
    const sources = entries.map((lines, i) => entry(i, lines));
    const file = join(work, `values-${files++}.yaml`);
    writeFileSync(file, toValuesYaml({ ...root, other: '{{ .Release.Name }}', customResources: sources }));
    const noDomain = typeof root.captain_domain !== 'string' || root.captain_domain === '' || root.captain_domain.includes('<no value>');
    const { three, four, reference } = await renderAll(file);
    // the chart gives one output, or one refusal, under both Helms
    expect(three.exitCode).toBe(four.exitCode);
    expect(three.stdout).toBe(four.stdout);
    const chart = four;
    if (chart.exitCode === 0) {
      // the chart renders only what tpl renders, byte for byte
      expect(reference.exitCode, reference.stderr).toBe(0);
      expect(chart.stdout).toBe(reference.stdout);
      return;
    }
    expect(chart.stdout).toBe('');
    // the chart refuses only what tpl refuses, an entry holding "<no value>", or a host built from
    // captain_domain while it is unset; entries are checked in order, so any of these may come first
    const reasons = [
      ...(reference.exitCode !== 0 ? [/error calling tpl/] : []),
      ...(sources.some((s) => s.includes('<no value>')) ? [/customResources\[\d+\]: holds the text "<no value>"/] : []),
      ...(noDomain && sources.some((s) => BARE_DOMAIN.test(s))
        ? [/customResources\[\d+\]: builds a host from \{\{ \.Values\.captain_domain \}\}, but captain_domain is not set/]
        : []),
    ];
    expect(reasons.length, chart.stderr).toBeGreaterThan(0);
    expect(
      reasons.some((reason) => reason.test(chart.stderr)),
      chart.stderr,
    ).toBe(true);
  },
);
