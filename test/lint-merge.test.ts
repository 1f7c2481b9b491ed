// Lint merges values files the way Helm does, checked against Helm itself: a chart whose template prints
// .Values as JSON renders the cases below (each under a root key of its own) with two -f files, and lint's
// merge of the same files over the same defaults must give the same values. Null is the subtle part: a null
// deletes a default, and stays a nil value for a key only a values file sets.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { helmFor, runHelm } from '../scripts/helm.ts';
import { chartDefaults, coalesce, mergeFiles } from '../scripts/lint/merge.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';
import { HELMS, manifests } from './helpers.ts';

/** [what it shows, chart default, first -f file, second -f file] (undefined: the file does not set the key) */
const CASES: [string, unknown, unknown, unknown][] = [
  ['a null deletes a default', { a: 1, b: 2 }, { a: null }, undefined],
  ['a null deletes a nested default, its siblings stay', { m: { x: 1, y: 2 } }, { m: { x: null } }, undefined],
  ['a null for a key no default has stays null', {}, { k: null }, undefined],
  ['a later null over a key only a file set stays null', {}, { k: 1 }, { k: null }],
  ['a later null deletes a default a file changed', { m: { a: 1 } }, { m: { a: 2 } }, { m: null }],
  ['a map after a null merges over the default again', { m: { a: 1 } }, { m: null }, { m: { b: 2 } }],
  ['maps merge key by key across files and defaults', { m: { a: 1, b: 2 } }, { m: { b: 3 } }, { m: { c: 4 } }],
  ['lists are replaced, never merged', { l: [1, 2] }, { l: [3] }, undefined],
  ['a scalar replaces a map', { m: { a: 1 } }, { m: 'text' }, undefined],
  ['a later file wins', { s: 'default' }, { s: 'first' }, { s: 'second' }],
  ['a map replaces a nested scalar, whole', { m: { a: 1 } }, { m: { a: { deep: true } } }, undefined],
  ['false, 0 and "" are values, not unset', { f: true, n: 5, e: 'x' }, { f: false, n: 0, e: '' }, undefined],
  ['defaults the files do not touch stay', { keep: { a: 1 }, other: 2 }, { keep: { b: 1 } }, undefined],
];

const dir = mkdtempSync(join(tmpdir(), 'app-chart-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = (i: number) => `c${String(i).padStart(2, '0')}`;
/** Every case's part of one source, under its own root key; undefined parts left out. */
const layer = (pick: (c: (typeof CASES)[number]) => unknown) =>
  Object.fromEntries(CASES.flatMap((c, i) => (pick(c) === undefined ? [] : [[key(i), pick(c)]])));

const chart = join(dir, 'chart');
mkdirSync(join(chart, 'templates'), { recursive: true });
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: values-printer\nversion: 1.0.0\n');
writeFileSync(join(chart, 'values.yaml'), stringify(layer((c) => c[1])));
writeFileSync(
  join(chart, 'templates', 'values.yaml'),
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\ndata:\n  json: {{ toJson .Values | quote }}\n',
);
const files = [layer((c) => c[2]), layer((c) => c[3])].map((values, i) => {
  const file = join(dir, `values-${i}.yaml`);
  writeFileSync(file, stringify(values));
  return file;
});

describe('values merged by lint', () => {
  const merged = coalesce(chartDefaults(chart), mergeFiles(files.map((f) => parseValuesFile(f).values)));

  it('takes the defaults of the chart each app renders, two charts in one run kept apart', () => {
    expect(Object.keys(chartDefaults(chart)).sort()).toEqual(Object.keys(layer((c) => c[1])).sort());
    expect(chartDefaults()).toMatchObject({ deployment: { enabled: false }, service: { enabled: false } });
    expect(chartDefaults(chart)).not.toHaveProperty('deployment');
  });

  describe.each(HELMS)('against Helm %i', (helm) => {
    let helmValues: Record<string, unknown>;
    beforeAll(async () => {
      const result = await runHelm(helmFor(helm), ['template', 'merge', chart, ...files.flatMap((f) => ['--values', f])]);
      if (result.exitCode !== 0) throw new Error(result.stderr);
      helmValues = JSON.parse((manifests(result.stdout)[0].data as { json: string }).json) as Record<string, unknown>;
    });

    it.each(CASES.map((c, i) => [c[0], i] as const))('%s', (_, i) => {
      expect(merged[key(i)]).toEqual(helmValues[key(i)]);
    });
  });
});

describe("a chart's defaults, kept in the cache for the next run", () => {
  const cache = mkdtempSync(join(dir, 'defaults-cache-'));
  const entries = join(cache, 'lint', 'chart-values');
  const chartWith = (name: string, text: string) => {
    const chartDir = join(dir, `defaults-${name}`);
    mkdirSync(chartDir, { recursive: true });
    writeFileSync(join(chartDir, 'values.yaml'), text);
    return chartDir;
  };
  /** The chart's defaults as the next lint process reads them: its modules loaded afresh, only the cache carried over. */
  const nextRun = async (chartDir: string) => {
    const given = process.env.APP_CHART_CACHE_DIR;
    process.env.APP_CHART_CACHE_DIR = cache;
    try {
      vi.resetModules();
      return (await import('../scripts/lint/merge.ts')).chartDefaults(chartDir);
    } finally {
      if (given === undefined) delete process.env.APP_CHART_CACHE_DIR;
      else process.env.APP_CHART_CACHE_DIR = given;
    }
  };
  const forge = (result: unknown) => {
    for (const file of readdirSync(entries)) {
      const entry = JSON.parse(readFileSync(join(entries, file), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(entries, file), JSON.stringify({ ...entry, result }));
    }
  };

  it("are read again for another chart's values.yaml or an edited one, answered from the cache when unchanged, and kept only as JSON holds them", async () => {
    const first = chartWith('first', 'port: 1\n');
    expect(await nextRun(first)).toEqual({ port: 1 });
    const second = chartWith('second', 'port: 2\n');
    expect(await nextRun(second)).toEqual({ port: 2 });
    writeFileSync(join(second, 'values.yaml'), 'port: 3\n');
    expect(await nextRun(second)).toEqual({ port: 3 });
    expect(await nextRun(first)).toEqual({ port: 1 });
    // what a run kept answers the next: forged in the cache, it is taken; an entry that is not a map is not
    forge({ forged: true });
    expect(await nextRun(second)).toEqual({ forged: true });
    forge([1]);
    expect(await nextRun(second)).toEqual({ port: 3 });
    // a number JSON cannot hold is read from the file every time, never from a copy that lost it
    const huge = chartWith('huge', 'big: 1e400\n');
    expect(await nextRun(huge)).toEqual({ big: Number.POSITIVE_INFINITY });
    expect(await nextRun(huge)).toEqual({ big: Number.POSITIVE_INFINITY });
  });
});
