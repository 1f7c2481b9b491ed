// The cache of what YAML files hold: a hit is what a parse gives, a miss parses, and nothing a parse would
// refuse or could not give back exactly is ever read from it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArgoApps } from '../scripts/argocd.ts';
import { ConfigError, loadConfig } from '../scripts/lint/config.ts';
import { RULE_IDS } from '../scripts/lint/rules/ids.ts';
import { isJsonData, parsedOnce } from '../scripts/parsed-cache.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-parsed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let made = 0;
const fresh = (name: string) => join(tmp, `${name}-${++made}`);

function write(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('isJsonData', () => {
  it('takes plain data JSON gives back exactly, and nothing else', () => {
    for (const value of [null, 'x', '', 0, 1.5, -3, true, false, [], {}, { a: [1, { b: null }] }]) {
      expect(isJsonData(value), JSON.stringify(value)).toBe(true);
    }
    const proto = JSON.parse('{"__proto__": 1}') as unknown;
    for (const value of [
      undefined,
      Number.NaN,
      Infinity,
      -Infinity,
      -0,
      10n,
      new Date(0),
      new Map(),
      [1, undefined],
      { a: undefined },
      { a: { b: Infinity } },
      proto,
      () => 1,
    ]) {
      expect(isJsonData(value), String(value)).toBe(false);
    }
  });
});

describe('parsedOnce', () => {
  it('parses a text once for each purpose, and again when the text changes', () => {
    const dir = fresh('cache');
    const calls: string[] = [];
    const read = (purpose: string, text: string) =>
      parsedOnce(
        purpose,
        text,
        () => {
          calls.push(`${purpose}:${text}`);
          return { text, purpose };
        },
        dir,
      );
    expect(read('a', 'x: 1')).toEqual({ text: 'x: 1', purpose: 'a' });
    expect(read('a', 'x: 1')).toEqual({ text: 'x: 1', purpose: 'a' });
    expect(read('b', 'x: 1')).toEqual({ text: 'x: 1', purpose: 'b' });
    expect(read('a', 'x: 2')).toEqual({ text: 'x: 2', purpose: 'a' });
    expect(calls).toEqual(['a:x: 1', 'b:x: 1', 'a:x: 2']);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('tells the purpose and the text apart where they meet: "ab" reading "c" is not "a" reading "bc"', () => {
    const dir = fresh('cache');
    expect(parsedOnce('a', 'bc', () => 'a reads bc', dir)).toBe('a reads bc');
    expect(parsedOnce('ab', 'c', () => 'ab reads c', dir)).toBe('ab reads c');
  });

  it('stores nothing for a parse that throws or gives what JSON cannot hold', () => {
    const dir = fresh('cache');
    let calls = 0;
    const failing = () =>
      parsedOnce(
        'p',
        'bad',
        () => {
          calls++;
          throw new Error('no');
        },
        dir,
      );
    expect(failing).toThrow('no');
    expect(failing).toThrow('no');
    const infinite = () =>
      parsedOnce(
        'p',
        'inf',
        () => {
          calls++;
          return { x: Infinity };
        },
        dir,
      );
    expect(infinite()).toEqual({ x: Infinity });
    expect(infinite()).toEqual({ x: Infinity });
    expect(calls).toBe(4);
    expect(existsSync(dir)).toBe(false);
  });

  it('parses again past an entry that is not one, and parses without a cache it cannot write', () => {
    const dir = fresh('cache');
    parsedOnce('p', 't', () => 1, dir);
    const [entry] = readdirSync(dir);
    for (const broken of ['', '{', '{"other": 1}', 'null']) {
      writeFileSync(join(dir, entry), broken);
      expect(parsedOnce('p', 't', () => 2, dir)).toBe(2);
    }
    // a folder that cannot be made, whoever runs this: its parent is a file
    const file = fresh('file');
    writeFileSync(file, '');
    expect(parsedOnce('p', 't', () => 3, join(file, 'cache'))).toBe(3);
  });
});

describe('a config read from the cache', () => {
  it('is the config a parse gives, and its later problems keep their lines', () => {
    const root = write(fresh('repo'), {
      'app-chart.config.yaml': '# settings\nentryPoints: [web, postgres]\nplatformValuesFiles:\n  - platform.yaml\n',
      'platform.yaml': 'captain_domain: example.com\n',
    });
    const file = join(root, 'app-chart.config.yaml');
    const first = loadConfig(file, RULE_IDS);
    expect(loadConfig(file, RULE_IDS)).toEqual(first);
    expect(first.entryPoints).toEqual(['web', 'postgres']);
    // the cached data passed the checks once; the files it names are checked on every read
    rmSync(join(root, 'platform.yaml'));
    for (let i = 0; i < 2; i++) {
      expect(() => loadConfig(file, RULE_IDS)).toThrow(`${file}:4:5: ${join(root, 'platform.yaml')}: no such values file`);
    }
  });

  it('is never a config that was refused, nor one checked against other rule ids', () => {
    const root = write(fresh('repo'), { 'app-chart.config.yaml': 'rules:\n  hostsni-ip: warn\n  no-such-rule: error\n' });
    const file = join(root, 'app-chart.config.yaml');
    for (let i = 0; i < 2; i++) expect(() => loadConfig(file, RULE_IDS)).toThrow(ConfigError);
    expect(() => loadConfig(file, [...RULE_IDS, 'no-such-rule'])).not.toThrow();
    expect(() => loadConfig(file, RULE_IDS)).toThrow(/no-such-rule/);
    write(root, { 'app-chart.config.yaml': 'entryPoints: web\n' });
    for (let i = 0; i < 2; i++) expect(() => loadConfig(file, RULE_IDS)).toThrow(`${file}:1:1: entryPoints: must be array`);
  });
  it('is read again under tighter YAML bounds, which refuse it', () => {
    const root = write(fresh('repo'), { 'app-chart.config.yaml': 'allowedNamespaces:\n  - namespace: a\n    kinds: [ConfigMap]\n' });
    const file = join(root, 'app-chart.config.yaml');
    expect(loadConfig(file, RULE_IDS).allowedNamespaces).toEqual([{ namespace: 'a', kinds: ['ConfigMap'] }]);
    process.env.APP_CHART_YAML_MAX_DEPTH = '2';
    try {
      expect(() => loadConfig(file, RULE_IDS)).toThrow(`${file}:2:5: nested more than 2 levels deep here`);
    } finally {
      delete process.env.APP_CHART_YAML_MAX_DEPTH;
    }
  });
});

describe('ArgoCD files read from the cache', () => {
  it('name the file and line they are read from, whatever file held the same text before', () => {
    const app = `# the shop\napiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  source:
    path: chart
    helm:
      valueFiles: [../apps/shop/envs/prod/values.yaml]
  destination:
    namespace: shop
`;
    const repo = (file: string) =>
      write(fresh('argo'), {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
        'apps/shop/envs/prod/values.yaml': 'appName: shop\n',
        [file]: app,
      });
    for (const file of ['deploy/shop.yaml', 'other/place/app.yaml']) {
      const root = repo(file);
      expect(readArgoApps(root, true).forTarget(join(root, 'apps', 'shop'), 'prod')?.from).toBe(`${join(root, file)}:2`);
    }
  });
});
