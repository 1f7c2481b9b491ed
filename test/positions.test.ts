// Where findings and errors point: the file that sets a values path last (the one whose value Helm keeps), the
// key's line and column, and a line inside a custom resource's text, written as a block (|) or as a quoted
// string. Expected positions are counted by hand in the texts below.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locatePath, locateInText } from '../scripts/lint/positions.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';
import { clearLocateCache, flowScalarOffset, locate, locateInString, splitDotted } from '../scripts/locate.ts';

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
  const at = (key: string, n: number, column = 0) => {
    const { line, col } = locateInText([textFile], ['customResourcesMap', key], n, column);
    return [line, col];
  };

  it('is below the header of a block, after its indentation', () => {
    expect(at('block', 0)).toEqual([3, 5]);
    expect(at('block', 1, 6)).toEqual([4, 11]);
  });

  it('is on the line of a double-quoted string, past the \\n and \\" escapes before it', () => {
    expect(at('quoted', 0)).toEqual([5, 12]);
    expect(at('quoted', 1, 6)).toEqual([5, 34]);
    expect(at('quoted', 2, 0)).toEqual([5, 49]);
  });

  it('is on the line of a single-quoted or plain string, which holds one line', () => {
    expect(at('single', 0, 5)).toEqual([6, 18]);
    expect(at('plain', 0, 5)).toEqual([7, 15]);
  });

  it('is the start of a string folded over several lines, past its first line', () => {
    expect(at('folded', 0, 6)).toEqual([8, 18]);
    expect(at('folded', 1, 2)).toEqual([8, 11]);
  });

  it('maps text lines and columns onto the source of a flow scalar', () => {
    expect(flowScalarOffset('"a\\nbc\\td\\ne"', 'QUOTE_DOUBLE', 1, 3)).toBe(8);
    expect(flowScalarOffset('"a\\nb"', 'QUOTE_DOUBLE', 1, 9)).toBe(5);
    expect(flowScalarOffset('"a\\nb"', 'QUOTE_DOUBLE', 2, 0)).toBeUndefined();
    expect(flowScalarOffset("'a''b'", 'QUOTE_SINGLE', 0, 2)).toBe(4);
    expect(flowScalarOffset("it's", 'PLAIN', 0, 3)).toBe(3);
  });
});

describe('render errors: where a values path is written', () => {
  const files = [base, env, texts];
  const shown = (file: string) => relative(process.cwd(), file);

  it('is the last file that sets it, at its key', () => {
    clearLocateCache();
    expect(locate(files, ['deployment', 'replicas'])).toEqual({ file: shown(env), line: 3, col: 5 });
    expect(locate(files, ['deployment', 'port'])).toEqual({ file: shown(base), line: 3, col: 3 });
    expect(locate(files, ['service', 'type'])).toEqual({ file: shown(base), line: 4, col: 1 });
  });

  it('is the line of a line of a custom resource text (1-based), for a block or a quoted string', () => {
    expect(locateInString(files, ['customResourcesMap', 'block'], 2)).toEqual({ file: shown(texts), line: 4, col: 1 });
    expect(locateInString(files, ['customResourcesMap', 'quoted'], 3)).toEqual({ file: shown(texts), line: 5, col: 1 });
    expect(locateInString(files, ['customResourcesMap', 'folded'], 2)).toEqual({ file: shown(texts), line: 8, col: 1 });
  });

  it('splits a path Helm 3 prints with dots where the files split it, keys holding dots kept whole', () => {
    const labels = write('labels.yaml', 'deployment:\n  nodeSelector:\n    kubernetes.io/os: [linux]\n  envVariables:\n    - name: a.b\n');
    expect(splitDotted('deployment.nodeSelector.kubernetes.io/os', [labels])).toEqual(['deployment', 'nodeSelector', 'kubernetes.io/os']);
    expect(splitDotted('deployment.envVariables.0.name', [labels])).toEqual(['deployment', 'envVariables', 0, 'name']);
    expect(splitDotted('image.port', [labels])).toEqual(['image', 'port']);
  });
});
