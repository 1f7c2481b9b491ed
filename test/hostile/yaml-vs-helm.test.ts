// Lint reads values as Helm reads them: each file of a corpus of YAML 1.1 cases (merge keys, tags, booleans,
// numbers, keys, aliases) is given to Helm 3 and Helm 4 as a values file of a chart that prints .Values with
// toJson, and lint's reading of it must be the same value; where Helm refuses the file, lint refuses it too.
// Alias bombs just under and over go-yaml's limit check that lint bounds expansion where Helm does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helmFor, runHelm } from '../../scripts/helm.ts';
import { parseValuesFile } from '../../scripts/lint/yaml.ts';
import { HELMS } from '../helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'app-chart-yaml-vs-helm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const chart = join(work, 'dump');
mkdirSync(join(chart, 'templates'), { recursive: true });
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: dump\nversion: 0.1.0\n');
writeFileSync(join(chart, 'templates', 'values.yaml'), '{{ toJson .Values }}\n');

/** A chain of `levels` anchors, each a list of `width` aliases of the one before: width^levels values. */
function aliasBomb(levels: number, width: number): string {
  const lines = [`a0: &a0 [${Array(width).fill('x').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const CASES: Record<string, string> = {
  // merge keys: set where they stand, so a key before "<<" is overwritten and one after it wins
  'merge an alias': 'b: &b {a: 1, c: 2}\nd:\n  <<: *b\n',
  'merge after a key': 'b: &b {a: 1, c: 2}\nd:\n  a: 5\n  <<: *b\n',
  'merge before a key': 'b: &b {a: 1, c: 2}\nd:\n  <<: *b\n  a: 5\n',
  'merge a list, the first wins': 'x: &x {a: 1, b: 1}\nw: &w {a: 2, c: 2}\nd:\n  <<: [*x, *w]\n',
  'merge a map written in place': 'd:\n  <<: {a: 1}\n  b: 2\n',
  'a quoted "<<" is a key': 'b: &b {a: 1}\nd:\n  "<<": *b\n',
  'merge with the !!merge tag': 'b: &b {a: 1}\nd:\n  !!merge <<: *b\n',
  'merge a number': 'd:\n  <<: 5\n',
  'merge a list of numbers': 'd:\n  <<: [1]\n',
  'merge null': 'd:\n  <<: ~\n',
  'merge an alias of a list': 's: &s [1]\nd:\n  <<: *s\n',
  'merge a map that merges': 'a: &a {x: 1}\nb: &b {<<: *a, z: 2}\nd:\n  <<: *b\n',
  'merge at the root': 'b: &b {a: 1}\n<<: *b\n',
  'merge twice': 'x: &x {a: 1}\nw: &w {a: 2}\nd:\n  <<: *x\n  <<: *w\n',
  'merge in a flow map': 'b: &b {a: 1}\nd: {<<: *b, c: 3}\n',
  'merge replaces a nested map whole': 'b: &b {a: {x: 1, z: 2}}\nd:\n  <<: *b\n  a: {x: 9}\n',
  'the deployment of the issue': 'b: &b\n  replicas: 2\ndeployment:\n  <<: *b\n',
  // scalars by YAML 1.1 rules
  booleans: 'a: y\nb: Y\nc: yes\nd: On\ne: off\nf: n\ng: NO\nh: True\ni: tRUE\nj: FALSE\nk: yEs\n',
  nulls: 'a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n',
  integers:
    'a: 010\nb: 0o17\nc: 0x1F\nd: 0b101\ne: 1_000\nf: +12\ng: -0\nh: 0\ni: 09\nj: -010\nk: 0x_1F\nl: -0x1F\nm: 1_\nn: _1\no: 0_17\n',
  floats: 'a: 1.10\nb: .5\nc: 1e3\nd: 1E3\ne: 1.5e-3\nf: 5.\ng: +.5\nh: 1_0.5\ni: -1.0\n',
  'big integers': 'a: 12345678901234567890\nb: 9223372036854775807\nc: 0x7FFFFFFFFFFFFFFF\nd: 9_223_372_036_854_775_807\n',
  infinity: 'a: .inf\n',
  'minus infinity': 'a: -.Inf\n',
  'not a number': 'a: .NaN\n',
  'strings that look like numbers': 'a: 1:30\nb: 2001-12-14\nc: 1.10.1\nd: 0.1.0\ne: 1e\nf: 0x\ng: 1__0\nh: "on"\ni: \'010\'\n',
  'block scalars': 'a: |\n  x\n  y\nb: >\n  x\n  y\nc: |-\n  x\nd: |+\n  x\n\ne: x\n',
  escapes: "a: \"\\u00e9\\x41\\t\"\nb: 'it''s'\n",
  // tags
  '!!str': 'a: !!str 123\nb: !!str yes\nc: !!str\nd: !!str 1.10\ne: !!str .inf\n',
  '!!int of a quoted number': 'a: !!int "5"\nb: !!int "0x1F"\n',
  '!!int of a word': 'a: !!int yes\n',
  '!!int of a fraction': 'a: !!int 1.5\n',
  '!!float of an integer': 'a: !!float 1\nb: !!float "1.5"\n',
  '!!bool of a quoted on': 'a: !!bool "on"\n',
  '!!null of text': 'a: !!null x\n',
  '!!null empty': 'a: !!null ""\nb: !!null\n',
  '!!binary': 'a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\n',
  '!!binary not base64': 'a: !!binary "!!!"\n',
  'a tag of its own': 'a: !foo bar\nb: !foo 010\nc: ! 010\nd: !<tag:yaml.org,2002:str> 5\ne: !custom\n  f: 010\n',
  'collection tags': 'a: !!map {b: 1}\nc: !!seq [1]\nd: !!set {e, f}\ng: !!omap [{h: 1}]\n',
  'an anchored tagged scalar': 'a: &x !!str 5\nb: *x\n',
  // keys
  'boolean keys, the last wins': 'on: 1\nyes: 2\n',
  'number keys': '1: a\n010: b\n0x10: c\n1.5: d\n1e3: e\n!!str 2: f\n!!int "5": g\n',
  'a null key': '~: 1\n',
  'an empty key': ': 1\n',
  'a list as key': '[a, b]: 1\n',
  'a map as key': '{a: 1}: 1\n',
  'an explicit key': '? a\n: 1\n',
  'an anchored key': '&k a: 1\nb: *k\n',
  'duplicate keys, the last wins': 'a: 1\na: 2\n',
  // aliases and documents
  'an alias to no anchor': 'a: *nope\n',
  'an anchored octal': 'a: &x 010\nb: *x\n',
  'a document start': '---\na: 1\n',
  'a document end': 'a: 1\n...\n',
  'an empty file': '',
  'only a comment': '# nothing\n',
  'a list at the root': '- a\n',
  'a word at the root': 'hello\n',
  'a tab after a colon': 'a:\tb\n',
  'a byte order mark': '\ufeffa: 1\n',
  'Windows line ends': 'a: 1\r\nb:\r\n  c: yes\r\n',
  'a NUL byte': 'a: "x\u0000y"\nb: x\u0000y\n',
  'a control character': 'a: x\u0007y\n',
  'a line separator': 'a: x\u2028y\n',
  'a very long key': `${'k'.repeat(2000)}: 1\n`,
  // go-yaml counts every value decoded and those reached through an alias: above 100 aliased values and
  // 1000 decoded, more than 99% aliased is refused
  'aliases well within the limit': aliasBomb(3, 9),
  'aliases at 9^4, beyond the limit': aliasBomb(4, 9),
  "aliases at 9^9 (the issue's bomb)": aliasBomb(9, 9),
  'a wide file with some aliases': `base: &b {a: 1}\n${Array.from({ length: 1200 }, (_, i) => `k${i}: v`).join('\n')}\n${Array.from({ length: 300 }, (_, i) => `m${i}: *b`).join('\n')}\n`,
};

type HelmReading = { ok: true; values: unknown } | { ok: false; error: string };

async function helmReads(helm: 3 | 4, file: string): Promise<HelmReading> {
  const result = await runHelm(helmFor(helm), ['template', 'x', chart, `--values=${file}`]);
  if (result.exitCode !== 0) return { ok: false, error: result.stderr.split('\n')[0] };
  const json = result.stdout.split('\n').find((line) => line.startsWith('{'));
  return { ok: true, values: JSON.parse(json ?? '{}') };
}

describe.concurrent.each(Object.entries(CASES))('%s', (name, text) => {
  const file = join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  writeFileSync(file, text);

  it.each(HELMS)('lint reads it as Helm %i does', async (helm) => {
    const helmReading = await helmReads(helm, file);
    const lint = parseValuesFile(file);
    if (helmReading.ok) {
      expect(lint.findings.filter((f) => f.rule === 'yaml-syntax')).toEqual([]);
      expect(lint.ok).toBe(true);
      // through JSON, as Helm's values are: numbers lose the same precision on both sides
      expect(JSON.parse(JSON.stringify(lint.values))).toEqual(helmReading.values);
    } else {
      expect(lint.ok, `Helm refuses it (${helmReading.error}); lint read ${JSON.stringify(lint.values)}`).toBe(false);
      expect(lint.findings.some((f) => f.rule === 'yaml-syntax')).toBe(true);
    }
  });
});

describe('a line break only Helm sees', () => {
  it('is refused by lint: after a NEL (U+0085) Helm reads a key that editors show inside the value before it', async () => {
    const file = join(work, 'next-line.yaml');
    writeFileSync(file, 'image:\n  tag: "1.27"\u0085  repository: evil.example.com/app\n');
    expect(await helmReads(4, file)).toEqual({ ok: true, values: { image: { tag: '1.27', repository: 'evil.example.com/app' } } });
    const lint = parseValuesFile(file);
    expect(lint.ok).toBe(false);
    expect(lint.findings).toEqual([
      expect.objectContaining({
        rule: 'yaml-syntax',
        line: 2,
        col: 14,
        message: expect.stringContaining('a U+0085 character, which Helm reads as a line break'),
      }),
    ]);
  });
});

describe('a values file with several documents', () => {
  it('is refused by lint, because Helm 3 reads only the first and Helm 4 merges them all', async () => {
    const file = join(work, 'several-documents.yaml');
    writeFileSync(file, 'a: 1\n---\nb: 2\n');
    expect(await helmReads(3, file)).toEqual({ ok: true, values: { a: 1 } });
    expect(await helmReads(4, file)).toEqual({ ok: true, values: { a: 1, b: 2 } });
    const lint = parseValuesFile(file);
    expect(lint.ok).toBe(false);
    expect(lint.findings[0]).toMatchObject({
      rule: 'yaml-syntax',
      line: 2,
      message: expect.stringContaining('Helm 3 reads only the first document and Helm 4 merges them'),
    });
  });
});
