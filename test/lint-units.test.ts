// The parts of lint that need no Helm: reading YAML as Helm does, the config, the partial schema, the
// template and host name checks, and the generated docs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/helm.ts';
import { ConfigError, loadConfig, severityFor } from '../scripts/lint/config.ts';
import { generatedDocs } from '../scripts/lint/docs.ts';
import { RULE_IDS } from '../scripts/lint/rules/index.ts';
import { hostnameProblem } from '../scripts/lint/rules/routing.ts';
import { foreignActions } from '../scripts/lint/rules/values.ts';
import { chartSchema, partialSchema } from '../scripts/lint/schema.ts';
import { helmScalar, nodeAt, parseValuesFile } from '../scripts/lint/yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'app-chart-lint-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (text: string, name = `f${n++}.yaml`) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const parse = (text: string) => parseValuesFile(write(text));

describe('values read as Helm reads them', () => {
  // measured with Helm 3.18 and 4.1 (scripts/lint/yaml.ts)
  it.each([
    ['on', true], ['y', true], ['Yes', true], ['n', false], ['OFF', false], ['010', 8], ['0o17', 15], ['0x1F', 31],
    ['0b101', 5], ['1_000', 1000], ['1.10', 1.1], ['2.0', 2], ['1e3', 1000], ['1:30', '1:30'], ['~', null], ['', null],
    ['08', 8], ['v1.10', 'v1.10'],
  ])('%s is %j', (source, value) => {
    expect(helmScalar(source)).toEqual(value);
  });

  it('turns boolean-looking keys into "true" / "false" and reports them', () => {
    const parsed = parse('nodeSelector:\n  on: spot\n  "off": quoted\n');
    expect(parsed.values).toEqual({ nodeSelector: { true: 'spot', off: 'quoted' } });
    expect(parsed.findings.map((f) => [f.rule, f.line, f.col])).toEqual([['yaml-boolean-key', 2, 3]]);
  });

  it('reports two keys that only Helm reads as the same', () => {
    const parsed = parse('a:\n  yes: 1\n  on: 2\n');
    const duplicate = parsed.findings.find((f) => f.rule === 'yaml-duplicate-key');
    expect(duplicate).toMatchObject({ line: 3, col: 3 });
    expect(duplicate?.message).toContain('(both are the key "true" to Helm)');
    expect(parsed.values).toEqual({ a: { true: 2 } });
  });

  it('applies a merge key as Helm does, and points a merged path at the map it comes from', () => {
    const parsed = parse('base: &b {a: 1, b: 2}\nother:\n  b: 0\n  <<: *b\n  c: 3\n');
    expect(parsed.findings).toEqual([]);
    // the merge overwrites b, written before it
    expect(parsed.values).toEqual({ base: { a: 1, b: 2 }, other: { a: 1, b: 2, c: 3 } });
    expect(nodeAt(parsed, ['other', 'b'])?.key).toMatchObject({ value: 'b', range: [16, 17, 17] });
    expect(nodeAt(parsed, ['other', 'c'])?.key).toMatchObject({ value: 'c', range: [47, 48, 48] });
  });

  it('leaves quoted words, file modes and plain versions alone', () => {
    const parsed = parse('a: "yes"\nb: \'010\'\nvolumes:\n  - defaultMode: 0644\ntag: 1.5\nc: "1.10"\n');
    expect(parsed.findings).toEqual([]);
    expect(parsed.values).toEqual({ a: 'yes', b: '010', volumes: [{ defaultMode: 420 }], tag: 1.5, c: '1.10' });
  });

  it('reports a second document and a tab inside a custom resource text', () => {
    expect(parse('a: 1\n---\nb: 2\n').findings.map((f) => [f.rule, f.line])).toEqual([['yaml-syntax', 2]]);
    const tab = parse('customResources:\n  - |\n    kind: ConfigMap\n    metadata:\n    \tname: x\n');
    expect(tab.findings.map((f) => [f.rule, f.line, f.col])).toEqual([['yaml-tab', 5, 5]]);
  });

  it('says a values file must be a map', () => {
    const parsed = parse('- a\n- b\n');
    expect(parsed.ok).toBe(false);
    expect(parsed.findings[0].message).toContain('must be a map of keys');
  });
});

describe('the partial schema', () => {
  it('requires nothing and drops conditions across keys, but keeps how one value tells its forms apart', () => {
    const partial = JSON.stringify(partialSchema(chartSchema()));
    expect(partial).not.toMatch(/"(if|then|else)":/);
    const custom = partialSchema(chartSchema()).properties?.customResources as { items: { anyOf: { required?: string[] }[] } };
    expect(custom.items.anyOf.some((form) => form.required?.includes('verbatim'))).toBe(true);
    const stripped = (node: unknown, inAlternative: boolean): boolean => {
      if (!node || typeof node !== 'object') return true;
      return Object.entries(node).every(([key, value]) =>
        key === 'required' ? inAlternative : stripped(value, inAlternative || ['anyOf', 'oneOf', 'not'].includes(key)),
      );
    };
    expect(stripped(partialSchema(chartSchema()), false)).toBe(true);
  });
});

describe('app-chart.config.yaml', () => {
  const configFile = (text: string) => write(text, `app-chart.config.${n++}.yaml`);

  it('reads a valid config, with `off` as a word', () => {
    const config = loadConfig(configFile('entryPoints: [web]\nrules:\n  root-key-unused: off\noverrides:\n  - apps: [db]\n    rules: {env-literal-secret: warn}\n'), RULE_IDS);
    expect(config.entryPoints).toEqual(['web']);
    expect(severityFor(config, 'root-key-unused', 'warn', 'web', 'prod')).toBe('off');
    expect(severityFor(config, 'env-literal-secret', 'error', 'db', 'prod')).toBe('warn');
    expect(severityFor(config, 'env-literal-secret', 'error', 'web', 'prod')).toBe('error');
  });

  it.each([
    ['entrypoints: [web]\n', /:1:1: entrypoints: unknown setting; did you mean "entryPoints"\?/],
    ['rules:\n  root-key-unsued: off\n', /:2:3: no rule "root-key-unsued"; did you mean "root-key-unused"\?/],
    ['rules:\n  yaml-tab: fatal\n', /:2:3: rules\.yaml-tab: must be equal to one of the allowed values/],
    ['platformValuesFiles: [missing.yaml]\n', /:1:23: .*missing\.yaml: no such values file/],
    ['entryPoints: [web\n', /:2:1: Flow sequence .* end with a \]: fix the YAML here/],
  ])('rejects %j with file, line and key', (text, message) => {
    const file = configFile(text);
    expect(() => loadConfig(file, RULE_IDS)).toThrow(ConfigError);
    expect(() => loadConfig(file, RULE_IDS)).toThrow(message);
  });
});

describe('templates of other engines', () => {
  it.each([
    ['summary: "{{ $labels.instance }} is down"', '{{ $labels.instance }}'],
    ['value: "{{ $value }}"', '{{ $value }}'],
    ['name: "{{cluster}}"', '{{cluster}}'],
    ['path: "{{path.basename}}"', '{{path.basename}}'],
    ['path: "{{ .path.basename }}"', '{{ .path.basename }}'],
  ])('flags %s', (text, action) => {
    expect(foreignActions(text).map((a) => a.action)).toEqual([action]);
  });

  it.each([
    'name: {{ include "app.name" . }}',
    'host: {{ .Values.captain_domain }}',
    '{{- $name := include "app.name" . }}name: {{ $name }}',
    '{{ range $i, $p := .Values.ports }}{{ $p }}{{ end }}',
    '{{ range .Values.ports }}- {{ .name }}{{ end }}',
    '{{ if .Release.IsInstall }}{{ else }}{{ end }}',
    '{{/* a comment */}}',
  ])('leaves Helm templates alone: %s', (text) => {
    expect(foreignActions(text)).toEqual([]);
  });
});

describe('host names', () => {
  it.each([
    ['db.apps.example.com', undefined],
    ['*.apps.example.com', undefined],
    ['db.apps.', 'ends with a dot'],
    ['.example.com', 'starts with a dot'],
    ['db..example.com', 'has an empty part'],
    ['{{ .Values.captain_domain }}', 'never rendered'],
    ['DB.example.com', 'upper-case'],
    ['db_1.example.com', 'not a DNS label'],
    ['', 'is empty'],
  ])('%j: %s', (host, problem) => {
    if (problem === undefined) expect(hostnameProblem(host)).toBeUndefined();
    else expect(hostnameProblem(host)).toContain(problem);
  });
});

describe('docs/lint-rules.md and the lint schemas', () => {
  it.each(Object.keys(generatedDocs()))('%s is up to date (npm run lint-docs)', (file) => {
    expect(readFileSync(join(repoRoot, file), 'utf8'), `${file} is stale: run npm run lint-docs`).toBe(generatedDocs()[file]);
  });

  it('documents every rule with why, fix and example', () => {
    const doc = generatedDocs()['docs/lint-rules.md'];
    for (const id of RULE_IDS) expect(doc).toContain(`### ${id}\n`);
  });
});
