// Where findings and errors point: the file that sets a values path last (the one whose value Helm keeps), the
// key's line and column, and a line inside a custom resource's text, written as a block (|) or as a quoted
// string. Expected positions are counted by hand in the texts below.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../scripts/lint/index.ts';
import { flowScalarOffset, locateInText, locatePath, readYamlTexts, splitDotted } from '../scripts/lint/positions.ts';
import { exampleFiles } from '../scripts/lint/rule-examples.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'app-chart-positions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const base = write('base.yaml', 'deployment:\n  replicas: 1\n  port: 80\nservice:\n  enabled: true\n');
const env = write('env.yaml', '# the env\ndeployment:\n    replicas: 3\n');
const texts = write(
  'texts.yaml',
  [
    'customResourcesMap:',
    '  block: |',
    '    apiVersion: v1',
    '    kind: ConfigMap',
    '  quoted: "apiVersion: v1\\nkind: \\"ConfigMap\\"\\nmetadata: {}\\n"',
    "  single: 'it''s one line'",
    '  plain: kind ConfigMap',
    '  folded: "first line',
    '    second line"',
    '',
  ].join('\n'),
);
const parsed = [base, env, texts].map((f) => parseValuesFile(f));
const [baseFile, envFile, textFile] = parsed;

describe('lint: where a values path is written', () => {
  it('is the last file that sets it, at its key', () => {
    expect(locatePath([baseFile, envFile], ['deployment', 'replicas'])).toEqual({
      file: env,
      line: 3,
      col: 5,
      path: ['deployment', 'replicas'],
    });
    expect(locatePath([baseFile, envFile], ['deployment', 'port'])).toEqual({ file: base, line: 3, col: 3, path: ['deployment', 'port'] });
  });

  it('is the nearest written ancestor for a path no file sets, and nothing when no ancestor is written', () => {
    expect(locatePath([baseFile, envFile], ['service', 'type'])).toEqual({ file: base, line: 4, col: 1, path: ['service', 'type'] });
    expect(locatePath([baseFile, envFile], ['ingress', 'enabled'])).toEqual({ path: ['ingress', 'enabled'] });
  });
});

describe('lint: where a line of a custom resource text is', () => {
  // line and column in the text, both counted from 1
  const at = (key: string, n: number, column = 1) => {
    const { line, col } = locateInText([textFile], ['customResourcesMap', key], n, column);
    return [line, col];
  };

  it('is below the header of a block, after its indentation', () => {
    expect(at('block', 1)).toEqual([3, 5]);
    expect(at('block', 2, 7)).toEqual([4, 11]);
  });

  it('is on the line of a double-quoted string, past the \\n and \\" escapes before it', () => {
    expect(at('quoted', 1)).toEqual([5, 12]);
    expect(at('quoted', 2, 7)).toEqual([5, 34]);
    expect(at('quoted', 3, 1)).toEqual([5, 49]);
  });

  it('is on the line of a single-quoted or plain string, which holds one line', () => {
    expect(at('single', 1, 6)).toEqual([6, 18]);
    expect(at('plain', 1, 6)).toEqual([7, 15]);
  });

  it('is the start of a string folded over several lines, past its first line', () => {
    expect(at('folded', 1, 7)).toEqual([8, 18]);
    expect(at('folded', 2, 3)).toEqual([8, 11]);
  });

  it('maps text lines and columns onto the source of a flow scalar', () => {
    expect(flowScalarOffset('"a\\nbc\\td\\ne"', 'QUOTE_DOUBLE', 2, 4)).toBe(8);
    expect(flowScalarOffset('"a\\nb"', 'QUOTE_DOUBLE', 2, 10)).toBe(5);
    expect(flowScalarOffset('"a\\nb"', 'QUOTE_DOUBLE', 3, 1)).toBeUndefined();
    expect(flowScalarOffset("'a''b'", 'QUOTE_SINGLE', 1, 3)).toBe(4);
    expect(flowScalarOffset("it's", 'PLAIN', 1, 4)).toBe(3);
  });
});

describe('render errors: where a values path is written, in files read by name', () => {
  const files = readYamlTexts([base, env, texts]);

  it('is the last file that sets it, at its key', () => {
    expect(locatePath(files, ['deployment', 'replicas'])).toMatchObject({ file: env, line: 3, col: 5 });
    expect(locatePath(files, ['deployment', 'port'])).toMatchObject({ file: base, line: 3, col: 3 });
    expect(locatePath(files, ['service', 'type'])).toMatchObject({ file: base, line: 4, col: 1 });
  });

  it('is the line of a line of a custom resource text, for a block or a quoted string', () => {
    expect(locateInText(files, ['customResourcesMap', 'block'], 2)).toMatchObject({ file: texts, line: 4 });
    expect(locateInText(files, ['customResourcesMap', 'quoted'], 3)).toMatchObject({ file: texts, line: 5 });
    expect(locateInText(files, ['customResourcesMap', 'folded'], 2)).toMatchObject({ file: texts, line: 8 });
  });

  it('leaves out a file that cannot be read', () => {
    expect(readYamlTexts([join(dir, 'missing.yaml'), base]).map((f) => f.file)).toEqual([base]);
  });

  it('splits a path Helm 3 prints with dots where the files split it, keys holding dots kept whole', () => {
    const labels = readYamlTexts([
      write('labels.yaml', 'deployment:\n  nodeSelector:\n    kubernetes.io/os: [linux]\n  envVariables:\n    - name: a.b\n'),
    ]);
    expect(splitDotted('deployment.nodeSelector.kubernetes.io/os', labels)).toEqual(['deployment', 'nodeSelector', 'kubernetes.io/os']);
    expect(splitDotted('deployment.envVariables.0.name', labels)).toEqual(['deployment', 'envVariables', 0, 'name']);
    expect(splitDotted('image.port', labels)).toEqual(['image', 'port']);
  });
});

describe('keys found as Helm reads them', () => {
  // Helm reads values as YAML 1.1: `on:` is the key "true", `off:` the key "false", and `<<` merges a map in
  const helmKeys = write(
    'helm-keys.yaml',
    [
      'base: &base',
      '  port: 80',
      'deployment:',
      '  <<: *base',
      '  on: 1',
      '  "off": 2',
      '  Yes: 3',
      '  "quoted.key": 4',
      'service:',
      '  a.b: x',
      '  a:',
      '    b: y',
      '',
    ].join('\n'),
  );
  const [read] = readYamlTexts([helmKeys]);
  const parsedKeys = parseValuesFile(helmKeys);

  // `Yes:` is the key "true" too, written after `on:`: Helm keeps its value
  it.each([
    ['true', 7, 3],
    ['off', 6, 3],
    ['quoted.key', 8, 3],
    ['port', 2, 3],
  ] as const)('deployment.%s is at %i:%i (render errors and lint alike)', (key, line, col) => {
    expect(locatePath([read], ['deployment', key])).toMatchObject({ file: helmKeys, line, col });
    expect(locatePath([parsedKeys], ['deployment', key])).toMatchObject({ file: helmKeys, line, col });
  });

  it('does not take the text "on" for a key Helm reads as a boolean', () => {
    expect(locatePath([read], ['deployment', 'on'])).toMatchObject({ line: 3, col: 1 });
    expect(locatePath([read], ['deployment', 'false'])).toMatchObject({ line: 3, col: 1 });
  });

  it('splits a dotted path whose key is a YAML 1.1 boolean, or one holding a dot, as Helm 3 prints it', () => {
    expect(splitDotted('deployment.true', [read])).toEqual(['deployment', 'true']);
    expect(splitDotted('service.a.b', [read])).toEqual(['service', 'a.b']);
  });
});

describe('keys set through merges and aliases, found where Helm takes their value from', () => {
  const merged = write(
    'merged-keys.yaml',
    [
      'a: &a',
      '  port: 1',
      '  name: a',
      'b: &b',
      '  port: 2',
      '  tag: b',
      'svc:',
      '  name: before',
      '  <<: [*a, *b]',
      '  tag: after',
      'alias: *b',
      'list:',
      '  - x',
      '  - *a',
      '',
    ].join('\n'),
  );
  const [read] = readYamlTexts([merged]);

  // the first map of a merge list wins, a merge overwrites a key written before it, and a key after it wins
  it.each([
    ['svc.port', 2],
    ['svc.name', 3],
    ['svc.tag', 10],
    ['svc.other', 7],
    ['alias.tag', 6],
    ['list.1.name', 3],
    ['list.2', 12],
  ])('%s is at line %i', (dotted, line) => {
    const path = dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    expect(locatePath([read], path)).toMatchObject({ file: merged, line });
  });

  it('a map that merges itself (Helm refuses it; its error is placed all the same) is looked up without end', () => {
    const [loop] = readYamlTexts([write('merge-loop.yaml', 'a: &a\n  <<: *a\n  b: 1\n')]);
    expect(locatePath([loop], ['a', 'b'])).toMatchObject({ line: 3, col: 3 });
    expect(locatePath([loop], ['a', 'c'])).toMatchObject({ line: 1, col: 1 });
  });
});

describe('lint: a finding at a key Helm reads as a boolean', () => {
  it('points at the `on:` key of the values file, for the values schema and for the key itself', async () => {
    const repo = join(dir, 'repo');
    for (const [path, text] of Object.entries(exampleFiles({ values: '# env\ndeployment:\n  enabled: true\n  on: 1\n' }))) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    const { findings } = await lint({ paths: [repo], cache: false });
    const at = findings.filter((f) => f.path === 'deployment.true').map((f) => [f.rule, f.line, f.col]);
    expect(at).toEqual([
      ['values-schema', 4, 3],
      ['yaml-boolean-key', 4, 3],
    ]);
  });
});
