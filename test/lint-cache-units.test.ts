// The pieces of lint's cache that need no lint run: what enters a key (each part, each file's path and content,
// their order), what a file's digest is made of at the size limit and beyond it, the code digest, the render
// cache's key, and entries and indexes written and read back. Each change of one input must give another key;
// no change must give the same key.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { JSONSchema7, JSONSchema7TypeName } from 'json-schema';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chartSchema, chartSchemaFile, schemaText } from '../scripts/chart-schema.ts';
import { compiledValidator, validatorsDir } from '../scripts/compiled-validator.ts';
import {
  cacheKey,
  defaultCacheDir,
  fileDigests,
  readCache,
  readIndex,
  toolFingerprint,
  writeCache,
  writeIndex,
} from '../scripts/lint/cache.ts';
import { CODE_DIGEST_FILE, codeDigest, codeDirOf } from '../scripts/code-digest.ts';
import { DEFAULT_HELM } from '../scripts/helm.ts';
import { cacheDir, packageRoot } from '../scripts/install.ts';
import { parsedDir } from '../scripts/parsed-cache.ts';
import { cachedRender, renderKey, rendersIn } from '../scripts/render-cache.ts';
import { renderApp, type RenderRequest } from '../scripts/render.ts';
import { checkedSchema, checkFileSchema, checkMergedSchema, partialSchema } from '../scripts/lint/values-schema.ts';
import { schemaErrors, type CheckedSchema } from '../scripts/lint/key-checks.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';
import { writeFileAtomic } from '../scripts/write-file.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-cache-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const fresh = (name: string) => {
  const dir = join(tmp, `${name}-${n++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** Sets a file's modification time to `mtime` (whole seconds, which every file system keeps exactly). */
const keepTime = (file: string, mtime: Date) => utimesSync(file, mtime, mtime);
const mtime = new Date('2026-01-01T00:00:00Z');

describe('a cache key', () => {
  const dir = fresh('key');
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(a, 'x: 1\n');
  writeFileSync(b, 'y: 2\n');
  const key = (parts: unknown[], files: string[]) => cacheKey(parts, files, fileDigests(1024));

  it('is the same for the same parts and files, read afresh', () => {
    expect(key(['web', 'prod'], [a, b])).toBe(key(['web', 'prod'], [a, b]));
  });

  it('changes with any one part, with the order of the parts, and with a part of another type', () => {
    const base = key(['web', 'prod', 'prod', { limits: 1 }], [a]);
    const others = [
      key(['api', 'prod', 'prod', { limits: 1 }], [a]),
      key(['web', 'dev', 'prod', { limits: 1 }], [a]),
      key(['web', 'prod', 'team', { limits: 1 }], [a]),
      key(['web', 'prod', 'prod', { limits: 2 }], [a]),
      key(['prod', 'web', 'prod', { limits: 1 }], [a]),
      key(['web', 'prod', 'prod', { limits: '1' }], [a]),
      key(['web', 'prod', 'prod'], [a]),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it("changes with a file's content, its path, the order of the files, and a file added or dropped", () => {
    const base = key([], [a, b]);
    const copy = join(dir, 'copy-of-a.yaml');
    writeFileSync(copy, readFileSync(a));
    const others = [key([], [b, a]), key([], [a]), key([], [a, b, a]), key([], [copy, b])];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    writeFileSync(a, 'x: 2\n');
    expect(key([], [a, b])).not.toBe(base);
    writeFileSync(a, 'x: 1\n');
    expect(key([], [a, b])).toBe(base);
  });

  it('tells a part apart from a file: the same text as a part and as a path gives two keys', () => {
    expect(key([a], [])).not.toBe(key([], [a]));
  });

  it("tells a file's path from its digest and from the next file where they meet", () => {
    const digests: Record<string, string> = { a: 'bc', ab: 'c', b: '', 'a\0b': '' };
    const keyOf = (files: string[]) => cacheKey([], files, (file) => digests[file]);
    const keys = [keyOf(['a']), keyOf(['ab']), keyOf(['a', 'b']), keyOf(['a\0b'])];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("a file's digest", () => {
  it('is its content within the size limit, up to a file of exactly the limit: an edit that keeps size and time still counts', () => {
    const dir = fresh('digest');
    const file = join(dir, 'values.yaml');
    writeFileSync(file, 'replicas: 1\n'); // 12 bytes
    keepTime(file, mtime);
    const before = fileDigests(12)(file);
    writeFileSync(file, 'replicas: 2\n');
    keepTime(file, mtime);
    expect(fileDigests(12)(file)).not.toBe(before);
    // back as it was: the same digest again
    writeFileSync(file, 'replicas: 1\n');
    keepTime(file, mtime);
    expect(fileDigests(12)(file)).toBe(before);
    expect(before).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('of a file beyond the size limit is its size and time, never its content: either changing is a change', () => {
    const dir = fresh('digest-big');
    const file = join(dir, 'values.yaml');
    writeFileSync(file, 'replicas: 1\n');
    keepTime(file, mtime);
    const before = fileDigests(11)(file);
    expect(before).not.toMatch(/^sha256:/);
    // the same size and time: lint will not read it, so nothing tells the two apart
    writeFileSync(file, 'replicas: 2\n');
    keepTime(file, mtime);
    expect(fileDigests(11)(file)).toBe(before);
    keepTime(file, new Date(mtime.getTime() + 5000));
    expect(fileDigests(11)(file)).not.toBe(before);
    writeFileSync(file, 'replicas: 10\n');
    keepTime(file, mtime);
    expect(fileDigests(11)(file)).not.toBe(before);
  });

  it('of a folder or of a missing file stands for it, and changes when a file takes its place', () => {
    const dir = fresh('digest-kinds');
    const file = join(dir, 'values.yaml');
    const missing = fileDigests(1024)(file);
    mkdirSync(file);
    const folder = fileDigests(1024)(file);
    rmSync(file, { recursive: true });
    writeFileSync(file, '');
    const empty = fileDigests(1024)(file);
    expect(new Set([missing, folder, empty]).size).toBe(3);
    expect(missing).toBe('unreadable:ENOENT');
  });
});

describe('the code digest', () => {
  const code = () => {
    const dir = fresh('code');
    mkdirSync(join(dir, 'lint', 'rules'), { recursive: true });
    writeFileSync(join(dir, 'cli.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'lint', 'rules', 'ports.js'), 'export const max = 65535;\n');
    return dir;
  };

  it('follows every .ts and .js file below the folder, by path and content', () => {
    const dir = code();
    const before = codeDigest(dir);
    writeFileSync(join(dir, 'lint', 'rules', 'ports.js'), 'export const max = 65536;\n');
    const edited = codeDigest(dir);
    expect(edited).not.toBe(before);
    // the same content under another name is other code
    rmSync(join(dir, 'lint', 'rules', 'ports.js'));
    writeFileSync(join(dir, 'lint', 'rules', 'port.js'), 'export const max = 65536;\n');
    expect(codeDigest(dir)).not.toBe(edited);
  });

  it('leaves out type declarations and files that are not code', () => {
    const dir = code();
    const before = codeDigest(dir);
    writeFileSync(join(dir, 'cli.d.ts'), 'export declare const a: number;\n');
    writeFileSync(join(dir, 'notes.md'), '# notes\n');
    // names that hold .ts or .js without ending in it are not code either
    writeFileSync(join(dir, 'settings.json'), '{}\n');
    writeFileSync(join(dir, 'cli.js.map'), '{}\n');
    writeFileSync(join(dir, 'lint', 'rules', 'ports.tsx.orig'), 'old\n');
    expect(codeDigest(dir)).toBe(before);
  });

  it('is the same for the same code wherever it sits: two clones in other folders share their caches', () => {
    const dir = code();
    const moved = join(fresh('elsewhere'), 'deeper', 'scripts');
    cpSync(dir, moved, { recursive: true });
    expect(codeDigest(moved)).toBe(codeDigest(dir));
  });

  it("is the digest the bundle's build wrote beside the code, when there is one", () => {
    const dir = code();
    writeFileSync(join(dir, CODE_DIGEST_FILE), 'written-by-the-build\n');
    expect(codeDigest(dir)).toBe('written-by-the-build');
  });

  it("is the bundled command's whole folder when the code runs from its chunks/, else the module's own folder", () => {
    expect(codeDirOf(join('/pkg', 'dist', 'cli', 'chunks'))).toBe(join('/pkg', 'dist', 'cli'));
    expect(codeDirOf(join('/pkg', 'dist', 'cli'))).toBe(join('/pkg', 'dist', 'cli'));
    expect(codeDirOf(join('/pkg', 'dist', 'scripts'))).toBe(join('/pkg', 'dist', 'scripts'));
    expect(codeDirOf(join('/repo', 'scripts'))).toBe(join('/repo', 'scripts'));
  });
});

describe("a chart's schema checks, whose validators and outcomes are kept across files and runs", () => {
  /** A chart folder whose values schema wants `port` of the given type. */
  const writeSchema = (chartDir: string, portType: string) =>
    writeFileSync(join(chartDir, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { port: { type: portType } } }));
  const chartOf = (portType: string) => {
    const dir = fresh('schema-chart');
    writeSchema(dir, portType);
    return dir;
  };
  const portFile = () => {
    const file = join(fresh('schema-values'), 'values.yaml');
    writeFileSync(file, 'port: 80\n');
    return parseValuesFile(file);
  };
  const shown = (findings: { rule: string; line?: number; message: string }[]) => findings.map((f) => `${f.rule} ${f.line}: ${f.message}`);
  const wrongType = ['values-schema 1: port: must be a string, not integer 80: quote it, "80"'];

  it("give one values file, checked against two charts in one run, each chart's own problems", () => {
    const file = portFile();
    const [numeric, text] = [chartOf('integer'), chartOf('string')];
    expect(shown(checkFileSchema(file, numeric))).toEqual([]);
    expect(shown(checkFileSchema(file, text))).toEqual(wrongType);
    expect(shown(checkMergedSchema({ port: 80 }, [file], numeric))).toEqual([]);
    expect(shown(checkMergedSchema({ port: 80 }, [file], text))).toEqual(wrongType);
  });

  it('follow an edit of the values.schema.json of a repo chart in the next run, though the compiled validators stay on disk', async () => {
    const chartDir = chartOf('integer');
    // a fresh load of lint's modules is what the next lint process starts from: only the disk cache carries over
    const nextRun = async () => {
      vi.resetModules();
      return import('../scripts/lint/values-schema.ts');
    };
    expect(shown((await nextRun()).checkFileSchema(portFile(), chartDir))).toEqual([]);
    writeSchema(chartDir, 'string');
    expect(shown((await nextRun()).checkFileSchema(portFile(), chartDir))).toEqual(wrongType);
  });
});

describe('cache entries and indexes', () => {
  const valid = (value: unknown) => typeof (value as { n?: unknown } | null)?.n === 'number';

  it('read back what was written, under its key only, and leave no partial file behind', () => {
    const dir = join(fresh('entries'), 'not-yet-made');
    expect(readCache(dir, 'k1', valid)).toBeUndefined();
    expect(writeCache(dir, 'k1', { n: 1 })).toBe(true);
    expect(readCache(dir, 'k1', valid)).toEqual({ n: 1 });
    expect(readCache(dir, 'k2', valid)).toBeUndefined();
    // an entry copied under another key's name is not that key's
    writeFileSync(join(dir, 'k2.json'), readFileSync(join(dir, 'k1.json')));
    expect(readCache(dir, 'k2', valid)).toBeUndefined();
    rmSync(join(dir, 'k2.json'));
    expect(readCache(dir, 'k1', () => false)).toBeUndefined();
    expect(writeCache(dir, 'k1', { n: 2 })).toBe(true);
    expect(readCache(dir, 'k1', valid)).toEqual({ n: 2 });
    expect(readdirSync(dir)).toEqual(['k1.json']);
  });

  it("live in folders of their own in the cache folder: lint's results, renders and validators under lint/, parsed files under parsed/", () => {
    // the README names lint/ as the place of lint's results: clearing it never drops the Helm binaries beside it
    expect(defaultCacheDir).toBe(join(cacheDir, 'lint'));
    expect(rendersIn(defaultCacheDir)).toBe(join(cacheDir, 'lint', 'renders'));
    expect(validatorsDir).toBe(join(cacheDir, 'lint', 'validators'));
    expect(parsedDir).toBe(join(cacheDir, 'parsed'));
  });

  it('say false when the folder cannot be made, and write nothing', () => {
    const blocked = join(fresh('blocked'), 'a-file');
    writeFileSync(blocked, '');
    expect(writeCache(blocked, 'k', { n: 1 })).toBe(false);
    expect(writeIndex(blocked, 'run', new Map([['k', { n: 1 }]]))).toBe(false);
    expect(readFileSync(blocked, 'utf8')).toBe('');
  });

  it('an index holds the entries of its run under their keys, and another run name reads nothing', () => {
    const dir = fresh('index');
    expect(readIndex(dir, 'run')).toEqual(new Map());
    const entries = new Map<string, unknown>([
      ['k1', { n: 1 }],
      ['k2', { n: 2 }],
    ]);
    expect(writeIndex(dir, 'run', entries)).toBe(true);
    expect(readIndex(dir, 'run')).toEqual(entries);
    expect(readIndex(dir, 'other')).toEqual(new Map());
    expect(readdirSync(join(dir, 'index'))).toEqual(['run.json']);
    writeFileSync(join(dir, 'index', 'other.json'), readFileSync(join(dir, 'index', 'run.json')));
    expect(readIndex(dir, 'other')).toEqual(new Map());
    writeFileSync(join(dir, 'index', 'run.json'), 'null');
    expect(readIndex(dir, 'run')).toEqual(new Map());
  });
  it('pass over an entry or an index of another version, one that is not JSON, and an index whose entries are not a map', () => {
    const dir = fresh('versions');
    expect(writeCache(dir, 'k', { n: 1 })).toBe(true);
    const entry = JSON.parse(readFileSync(join(dir, 'k.json'), 'utf8')) as Record<string, unknown>;
    for (const text of [
      JSON.stringify({ ...entry, version: 1 }),
      JSON.stringify({ ...entry, version: `${entry.version}` }),
      '{"version": 2, "key"',
      'null',
      '[]',
    ]) {
      writeFileSync(join(dir, 'k.json'), text);
      expect(readCache(dir, 'k', valid), text).toBeUndefined();
    }
    expect(writeIndex(dir, 'run', new Map([['k', { n: 1 }]]))).toBe(true);
    const index = JSON.parse(readFileSync(join(dir, 'index', 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(readIndex(dir, 'run').get('k')).toEqual({ n: 1 });
    for (const text of [
      JSON.stringify({ ...index, version: 1 }),
      JSON.stringify({ ...index, entries: null }),
      JSON.stringify({ ...index, entries: 'k' }),
      '{"version": 2, "name": "run", "entries": {',
    ]) {
      writeFileSync(join(dir, 'index', 'run.json'), text);
      expect(readIndex(dir, 'run'), text).toEqual(new Map());
    }
  });
});

describe("the render cache's key", () => {
  /** An app folder `app` with a base file and an env file of the given texts. */
  const app = (root: string, name: string, base: string, env: string) => {
    const appDir = join(root, name);
    mkdirSync(join(appDir, 'base'), { recursive: true });
    mkdirSync(join(appDir, 'envs', 'prod'), { recursive: true });
    writeFileSync(join(appDir, 'base', 'base-values.yaml'), base);
    writeFileSync(join(appDir, 'envs', 'prod', 'values.yaml'), env);
    return appDir;
  };
  const chart = (digest: string) => () => digest;
  const key = (request: RenderRequest, digest = 'chart-1') => renderKey(request, chart(digest));

  it('is made of the contents of the values files, not their paths: the same app in another folder shares its renders', () => {
    const one = app(fresh('render-key'), 'web', 'a: 1\n', 'b: 2\n');
    const two = app(fresh('render-key'), 'web', 'a: 1\n', 'b: 2\n');
    expect(key({ appDir: one, env: 'prod' })).toBe(key({ appDir: two, env: 'prod' }));
  });

  it('changes with the namespace, the release (the app folder), --set, the Helm, the chart and each file', () => {
    const root = fresh('render-key');
    const web = app(root, 'web', 'a: 1\n', 'b: 2\n');
    const request = { appDir: web, env: 'prod' };
    const base = key(request);
    const others = [
      key({ ...request, namespace: 'team' }),
      key({ appDir: app(root, 'api', 'a: 1\n', 'b: 2\n'), env: 'prod' }),
      key({ ...request, set: ['a=2'] }),
      key({ ...request, helm: DEFAULT_HELM === 3 ? 4 : 3 }),
      key(request, 'chart-2'),
      key({ appDir: app(fresh('render-key'), 'web', 'a: 2\n', 'b: 2\n'), env: 'prod' }),
      key({ appDir: app(fresh('render-key'), 'web', 'a: 1\n', 'b: 3\n'), env: 'prod' }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    // the namespace given as the env's own name, and the default Helm named, are the same render
    expect(key({ ...request, namespace: 'prod' })).toBe(base);
    expect(key({ ...request, helm: DEFAULT_HELM })).toBe(base);
  });

  it('is made of the chart given, not the bundled one: an edit to that chart renders again', () => {
    const root = fresh('render-key-chart');
    const web = app(root, 'web', 'a: 1\n', 'b: 2\n');
    const chart = join(root, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: mine\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
    const request = { appDir: web, env: 'prod', chart };
    const before = renderKey(request);
    expect(renderKey({ appDir: web, env: 'prod' })).not.toBe(before);
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'kind: Secret\n');
    expect(renderKey(request)).not.toBe(before);
  });

  it('changes when the files trade contents or text moves from one file to the next: Helm applies them in order', () => {
    const base = key({ appDir: app(fresh('render-key'), 'web', 'a: 1\n', 'a: 2\n'), env: 'prod' });
    expect(key({ appDir: app(fresh('render-key'), 'web', 'a: 2\n', 'a: 1\n'), env: 'prod' })).not.toBe(base);
    const split = key({ appDir: app(fresh('render-key'), 'web', 'a: 1\nb: 2\n', ''), env: 'prod' });
    expect(key({ appDir: app(fresh('render-key'), 'web', 'a: 1\n', 'b: 2\n'), env: 'prod' })).not.toBe(split);
    // platform values files come first, as their own files
    const root = fresh('render-key');
    const platform = join(root, 'platform.yaml');
    writeFileSync(platform, 'a: 1\n');
    const withPlatform = key({ appDir: app(root, 'web', '', 'a: 2\n'), env: 'prod', values: [platform] });
    expect(withPlatform).not.toBe(key({ appDir: app(fresh('render-key'), 'web', 'a: 1\n', 'a: 2\n'), env: 'prod' }));
    // the same files, named by an ArgoCD Application in the other order
    const web = app(fresh('render-key'), 'web', 'a: 1\n', 'a: 2\n');
    const files = [join(web, 'base', 'base-values.yaml'), join(web, 'envs', 'prod', 'values.yaml')];
    const named = key({ appDir: web, env: 'prod', valueFiles: files });
    expect(key({ appDir: web, env: 'prod', valueFiles: [...files].reverse() })).not.toBe(named);
  });
});

describe('cached renders', () => {
  it('keep a render of no manifests too: an app × env with nothing enabled is not asked of Helm again', async () => {
    const dir = join(fresh('empty-render'), 'renders');
    const appDir = join(fresh('empty-render-app'), 'web');
    mkdirSync(join(appDir, 'envs', 'prod'), { recursive: true });
    writeFileSync(join(appDir, 'envs', 'prod', 'values.yaml'), 'x: 1\n');
    let asked = 0;
    // what Helm prints for a chart whose templates make nothing
    const render = cachedRender(async () => {
      asked++;
      return '';
    }, dir);
    expect(await render({ appDir, env: 'prod' })).toBe('');
    expect(await render({ appDir, env: 'prod' })).toBe('');
    expect(asked).toBe(1);
  });

  it('keep only what rendered: a failed render is tried again, a good one is asked of Helm once, however many ask at once', async () => {
    const root = fresh('cached-render');
    const dir = join(root, 'renders');
    const appDir = join(root, 'web');
    mkdirSync(join(appDir, 'envs', 'prod'), { recursive: true });
    const envFile = join(appDir, 'envs', 'prod', 'values.yaml');
    const rendered: string[] = [];
    const render = cachedRender((request) => {
      rendered.push(request.env);
      return renderApp(request);
    }, dir);
    // a template that fails: `required` of a value the chart reads
    writeFileSync(envFile, 'customResourcesMap:\n  bad: \'{{ required "set x" .Values.x }}\'\n');
    await expect(render({ appDir, env: 'prod' })).rejects.toThrow(/set x/);
    await expect(render({ appDir, env: 'prod' })).rejects.toThrow(/set x/);
    expect(rendered).toHaveLength(2);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);

    writeFileSync(envFile, 'deployment:\n  enabled: true\n  image:\n    repository: nginx\n    tag: "1.27"\n');
    rendered.length = 0;
    const [one, two] = await Promise.all([render({ appDir, env: 'prod' }), render({ appDir, env: 'prod' })]);
    expect(one).toBe(two);
    expect(one).toContain('image: "docker.io/nginx:1.27"');
    expect(await render({ appDir, env: 'prod' })).toBe(one);
    expect(rendered).toEqual(['prod']);
  });
});

describe("the key checks' outcomes, kept on disk for the next run", () => {
  const schema = JSON.parse('{"type": "object", "properties": {"port": {"type": "integer"}, "name": {"type": "string"}}}') as JSONSchema7;
  const checked: CheckedSchema = { identity: `outcomes-on-disk\0${n++}`, root: schema, schema: () => schema };
  const cache = fresh('outcomes-cache');
  const outcomesFile = join(cache, 'lint', 'validators', 'key-checks.json');

  /**
   * The next lint process, as far as its modules go: loaded afresh with a cache folder of their own, it checks the
   * values, then writes its outcomes as it does on exit.
   */
  const nextRun = async () => {
    const listening = new Set(process.listeners('exit'));
    const given = process.env.APP_CHART_CACHE_DIR;
    process.env.APP_CHART_CACHE_DIR = cache;
    try {
      vi.resetModules();
      const { schemaErrors } = await import('../scripts/lint/key-checks.ts');
      return schemaErrors(checked, { port: '80', name: 'web' }).map((e) => `${e.instancePath} ${e.keyword}`);
    } finally {
      if (given === undefined) delete process.env.APP_CHART_CACHE_DIR;
      else process.env.APP_CHART_CACHE_DIR = given;
      for (const listener of process.listeners('exit')) {
        if (listening.has(listener)) continue;
        process.removeListener('exit', listener);
        (listener as (code: number) => void)(0);
      }
    }
  };
  /** The outcomes file with every kept outcome replaced by `outcome`, as `version`. */
  const forge = (outcome: unknown, version: unknown = 1) => {
    const kept = JSON.parse(readFileSync(outcomesFile, 'utf8')) as { entries: Record<string, unknown> };
    const entries = Object.fromEntries(Object.keys(kept.entries).map((digest) => [digest, outcome]));
    writeFileSync(outcomesFile, JSON.stringify({ version, entries }));
  };

  it('answer an unchanged value from the last run, and pass over an entry of another version or shape, or a damaged file', async () => {
    const wrongType = ['/port type'];
    expect(await nextRun()).toEqual(wrongType);
    const written = JSON.parse(readFileSync(outcomesFile, 'utf8')) as { version: number; entries: Record<string, unknown[]> };
    expect({
      version: written.version,
      outcomes: Object.values(written.entries)
        .map((e) => e.length)
        .sort(),
    }).toEqual({
      version: 1,
      outcomes: [0, 1],
    });
    // what the last run kept answers: an outcome forged clean is taken, the values are not checked again
    forge([]);
    expect(await nextRun()).toEqual([]);

    // an error of the right shape, at another key: taken, it would show as a problem of `name`
    const error = { instancePath: '/name', schemaPath: '#/properties/name/type', keyword: 'type', params: { type: 'integer' } };
    forge([error]);
    expect(await nextRun()).toEqual(['/name type', '/name type']);
    const { instancePath, schemaPath, keyword, params } = error;
    const passedOver = [
      ['another version', [error], 2],
      ['not a list', error, 1],
      ['a number for the instance path', [{ instancePath: 1, schemaPath, keyword, params }], 1],
      ['no schema path', [{ instancePath, keyword, params }], 1],
      ['no keyword', [{ instancePath, schemaPath, params }], 1],
      ['params that are not a map', [{ instancePath, schemaPath, keyword, params: 'integer' }], 1],
      ['null params', [{ instancePath, schemaPath, keyword, params: null }], 1],
    ] as const;
    for (const [what, outcome, version] of passedOver) {
      forge(outcome, version);
      expect(await nextRun(), what).toEqual(wrongType);
    }
    writeFileSync(outcomesFile, '{"version": 1, "entries": ');
    expect(await nextRun()).toEqual(wrongType);
    // and the run that checked again kept its outcomes for the next
    forge([]);
    expect(await nextRun()).toEqual([]);
  });

  it("hold at most 20,000 outcomes: this run's first, then the most recent of the others", async () => {
    // outcomes of earlier runs, the most recent first (the order a run writes them in)
    const earlier = Array.from({ length: 20_000 }, (_, i) => [`earlier-${i}`, []]);
    writeFileSync(outcomesFile, JSON.stringify({ version: 1, entries: Object.fromEntries(earlier) }));
    expect(await nextRun()).toEqual(['/port type']);
    const digests = Object.keys((JSON.parse(readFileSync(outcomesFile, 'utf8')) as { entries: object }).entries);
    expect(digests).toHaveLength(20_000);
    // the two of this run (port and name) lead, and the two least recent others make room for them
    expect(digests.slice(0, 2).every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    expect(digests.slice(2, 4)).toEqual(['earlier-0', 'earlier-1']);
    expect(digests.at(-1)).toBe('earlier-19997');
  });

  it('keep an outcome this run took from the last run once, so it never costs another its room', async () => {
    rmSync(outcomesFile, { force: true });
    await nextRun();
    const first = (JSON.parse(readFileSync(outcomesFile, 'utf8')) as { entries: Record<string, unknown[]> }).entries;
    const [port, name] = Object.keys(first);
    // the last run kept the outcome of name (clean) as its most recent, but not that of port: port is checked again
    const earlier = [[name, []], ...Array.from({ length: 19_999 }, (_, i) => [`earlier-${i}`, []])];
    writeFileSync(outcomesFile, JSON.stringify({ version: 1, entries: Object.fromEntries(earlier) }));
    expect(await nextRun()).toEqual(['/port type']);
    const digests = Object.keys((JSON.parse(readFileSync(outcomesFile, 'utf8')) as { entries: object }).entries);
    expect(digests).toHaveLength(20_000);
    expect(digests.slice(0, 3)).toEqual([port, name, 'earlier-0']);
    expect(digests.at(-1)).toBe('earlier-19997');
  });
});

describe('compiled validators kept on disk', () => {
  const schemaOf = (type: JSONSchema7TypeName): JSONSchema7 => ({ type: 'object', properties: { port: { type } } });
  const errorsOf = (validate: ValidateFunction, data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => e.message));
  const notMade = () => {
    throw new Error('the schema was made, though its validator is kept');
  };

  it('named by an identity: the next process loads the code without making the schema; another identity compiles its own', () => {
    const dir = fresh('validators');
    const integers = compiledValidator(() => schemaOf('integer'), {}, 'chart-1', dir);
    expect(errorsOf(integers, { port: 'x' })).toEqual(['must be integer']);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(errorsOf(compiledValidator(notMade, {}, 'chart-1', dir), { port: 'x' })).toEqual(['must be integer']);
    const strings = compiledValidator(() => schemaOf('string'), {}, 'chart-2', dir);
    expect(errorsOf(strings, { port: 1 })).toEqual(['must be string']);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('named by the schema without an identity: another schema is compiled apart, the same one shares its file', () => {
    const dir = fresh('validators');
    expect(errorsOf(compiledValidator(schemaOf('integer'), {}, undefined, dir), { port: 'x' })).toEqual(['must be integer']);
    expect(errorsOf(compiledValidator(schemaOf('string'), {}, undefined, dir), { port: 1 })).toEqual(['must be string']);
    expect(errorsOf(compiledValidator(schemaOf('string'), {}, undefined, dir), { port: 'x' })).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("named by ajv's options too: the same schema checked for every error and for the first has two validators", () => {
    const dir = fresh('validators');
    const schema: JSONSchema7 = { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string' } } };
    const data = { port: 'x', name: 1 };
    expect(errorsOf(compiledValidator(schema, {}, 'chart', dir), data)).toHaveLength(1);
    expect(errorsOf(compiledValidator(schema, { allErrors: true }, 'chart', dir), data)).toEqual(['must be integer', 'must be string']);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("load with V8's code cache of their code, written as the process exits, again when V8 refuses the one on disk", () => {
    const dir = fresh('validators');
    compiledValidator(schemaOf('integer'), {}, 'code-cache', dir);
    const [file] = readdirSync(dir);
    // code this process has not run yet (V8 would answer code it ran from memory), with a code cache V8 refuses
    appendFileSync(join(dir, file), '\n// kept code\n');
    const source = readFileSync(join(dir, file), 'utf8');
    const v8 = join(
      dir,
      `${file.slice(0, -'.cjs'.length)}-${createHash('sha256').update(`${process.version}\0${source}`).digest('hex').slice(0, 16)}.v8`,
    );
    writeFileSync(v8, 'not what V8 wrote');
    expect(errorsOf(compiledValidator(schemaOf('integer'), {}, 'code-cache', dir), { port: 'x' })).toEqual(['must be integer']);
    // what the process does as it exits, for the code caches only
    for (const listener of process.listeners('exit')) {
      if (listener.name !== 'writeCodeCaches') continue;
      process.removeListener('exit', listener);
      (listener as () => void)();
    }
    expect(readFileSync(v8).length).toBeGreaterThan(100);
    expect(readdirSync(dir).sort()).toEqual([file, basename(v8)].sort());
  });

  it('add one exit listener for all the validators a run loads, not one each (Node warns past ten)', () => {
    const dir = fresh('validators');
    const writers = () => process.listeners('exit').filter((l) => l.name === 'writeCodeCaches');
    // made, then loaded from disk without a code cache of V8's, which the exit writes
    for (let i = 0; i < 12; i++) for (const _ of [1, 2]) compiledValidator(schemaOf('integer'), {}, `listeners-${i}`, dir);
    expect(writers()).toHaveLength(1);
    for (const listener of writers()) {
      process.removeListener('exit', listener);
      (listener as () => void)();
    }
  });

  it('compiled again over a damaged file, which is rewritten whole', () => {
    const dir = fresh('validators');
    compiledValidator(schemaOf('integer'), {}, 'chart', dir);
    const [file] = readdirSync(dir);
    const code = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), code.slice(0, code.length / 2));
    expect(errorsOf(compiledValidator(schemaOf('integer'), {}, 'chart', dir), { port: 'x' })).toEqual(['must be integer']);
    expect(readFileSync(join(dir, file), 'utf8')).toBe(code);
    expect(readdirSync(dir)).toEqual([file]);
  });
});

describe('a file written for other processes', () => {
  it('appears whole, with its mode, in a folder made for it, and leaves nothing beside it', () => {
    const dir = join(fresh('atomic'), 'a', 'b');
    const file = join(dir, 'helm');
    writeFileAtomic(file, '#!/bin/sh\n', 0o755);
    expect({ text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777, files: readdirSync(dir) }).toEqual({
      text: '#!/bin/sh\n',
      mode: 0o755,
      files: ['helm'],
    });
    writeFileAtomic(file, new Uint8Array([1, 2]));
    expect({ bytes: [...readFileSync(file)], files: readdirSync(dir) }).toEqual({ bytes: [1, 2], files: ['helm'] });
  });

  it('that cannot be written throws and leaves no partial file (a folder where the file goes)', () => {
    const dir = fresh('refused');
    const file = join(dir, 'entry.json');
    mkdirSync(join(file, 'in-the-way'), { recursive: true });
    expect(() => writeFileAtomic(file, 'data')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(readdirSync(dir)).toEqual(['entry.json']);
  });

  it("never touches another process's partial file of the same file (lint shards, lint beside diff)", () => {
    const dir = fresh('shared');
    const file = join(dir, 'entry.json');
    // another process dies between writing its partial file and renaming it into place, as a slower writer would
    // still be there: its rename ends the process
    const module = pathToFileURL(join(packageRoot, 'scripts', 'write-file.ts')).href;
    const script = `import fs from 'node:fs'; import { syncBuiltinESMExports } from 'node:module';
      fs.renameSync = () => process.exit(0); syncBuiltinESMExports();
      const { writeFileAtomic } = await import(${JSON.stringify(module)});
      writeFileAtomic(${JSON.stringify(file)}, 'theirs');`;
    execFileSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: packageRoot });
    const [theirs, ...more] = readdirSync(dir);
    expect({ theirs, more }).toEqual({ theirs: expect.stringMatching(/^entry\.json\.\d+\.partial$/), more: [] });
    writeFileAtomic(file, 'ours');
    expect({ ours: readFileSync(file, 'utf8'), theirs: readFileSync(join(dir, theirs), 'utf8') }).toEqual({
      ours: 'ours',
      theirs: 'theirs',
    });
    expect(readdirSync(dir).sort()).toEqual(['entry.json', theirs].sort());
  });
});

describe("a chart's values schema as lint reads it", () => {
  const portSchema = (type: string, description?: string) =>
    JSON.stringify({ type: 'object', properties: { port: { type, ...(description ? { description } : {}) } } });

  it("is the editor's schema where the chart ships one, else values.schema.json; a chart without one accepts any values", () => {
    const both = fresh('schema-both');
    writeFileSync(join(both, 'values.schema.json'), portSchema('integer'));
    writeFileSync(join(both, 'values.editor.schema.json'), portSchema('integer', 'the port'));
    expect(chartSchemaFile(both)).toBe(join(both, 'values.editor.schema.json'));
    expect(chartSchema(both)).toEqual(JSON.parse(portSchema('integer', 'the port')));
    const plain = fresh('schema-plain');
    writeFileSync(join(plain, 'values.schema.json'), portSchema('string'));
    expect(chartSchemaFile(plain)).toBe(join(plain, 'values.schema.json'));
    expect(schemaText(plain)).toBe(portSchema('string'));
    expect(chartSchema(plain)).toEqual(JSON.parse(portSchema('string')));
    const none = fresh('schema-none');
    expect(schemaText(none)).toBe('');
    expect(chartSchema(none)).toEqual({});
    const file = join(fresh('schema-none-values'), 'values.yaml');
    writeFileSync(file, 'port: [1]\nanything: {}\n');
    expect(checkFileSchema(parseValuesFile(file), none)).toEqual([]);
  });
});

describe('the outcome of a root key, kept by its value', () => {
  const schema = JSON.parse('{"type": "object", "properties": {"port": {"type": "integer"}, "name": {"type": "string"}}}') as JSONSchema7;
  const checked: CheckedSchema = { identity: `outcome-units\0${tmp}\0${n++}`, root: schema, schema: () => schema };
  const paths = (data: unknown) => schemaErrors(checked, data).map((e) => `${e.instancePath} ${e.keyword}`);

  it('is kept under its key too: the same value under another key is checked against that key', () => {
    expect(paths({ name: 'web' })).toEqual([]);
    expect(paths({ port: 'web' })).toEqual(['/port type']);
    expect(paths({ name: 80 })).toEqual(['/name type']);
    expect(paths({ port: 80 })).toEqual([]);
  });

  it('is kept apart for a value JSON cannot write: .nan is checked itself, never answered by the outcome of null', () => {
    const nullable = JSON.parse('{"type": "object", "properties": {"port": {"type": ["integer", "null"]}}}') as JSONSchema7;
    const allowsNull: CheckedSchema = { identity: `outcome-units\0${tmp}\0${n++}`, root: nullable, schema: () => nullable };
    const errors = (data: unknown) => schemaErrors(allowsNull, data).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(errors({ port: null })).toEqual([]);
    expect(errors({ port: Number.NaN })).toEqual(['/port type']);
  });

  it('is checked by a validator that keeps the definitions a key refers to, under $defs and definitions', () => {
    const withDefs = JSON.parse(
      '{"type": "object", "$defs": {"port": {"type": "integer"}}, "definitions": {"name": {"type": "string"}},' +
        ' "properties": {"port": {"$ref": "#/$defs/port"}, "name": {"$ref": "#/definitions/name"}}}',
    ) as JSONSchema7;
    const refers: CheckedSchema = { identity: `outcome-units\0${tmp}\0${n++}`, root: withDefs, schema: () => withDefs };
    const errors = (data: unknown) => schemaErrors(refers, data).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(errors({ port: 'x', name: 1 })).toEqual(['/port type', '/name type']);
    expect(errors({ port: 80, name: 'web' })).toEqual([]);
  });

  it("is named by the schema checked: the partial and the full schema, each chart's schema, and the code that derives them", () => {
    const dir = fresh('identity-chart');
    writeFileSync(join(dir, 'values.schema.json'), JSON.stringify(schema));
    const [partial, full] = [checkedSchema('partial', dir).identity, checkedSchema('full', dir).identity];
    expect(partial).not.toBe(full);
    const other = fresh('identity-chart');
    writeFileSync(join(other, 'values.schema.json'), JSON.stringify({ ...schema, required: ['port'] }));
    expect(checkedSchema('full', other).identity).not.toBe(full);
    // validators and outcomes another version of lint derived are not this one's
    for (const identity of [partial, full]) expect(identity).toContain(toolFingerprint());
  });
});

describe('the schema a values file is checked against alone', () => {
  // written as JSON: `then` is a keyword of the schemas here, never a promise's
  const json = (text: string) => JSON.parse(text) as JSONSchema7;
  const across = '"required": ["a"], "if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}, "else": {"required": ["c"]}';
  const either =
    '"either": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}], "oneOf": [{"required": ["a"]}], "not": {"required": ["c"]}}';
  const fixed = '"fixed": {"const": {"required": ["x"]}, "enum": [{"if": 1}], "default": {"then": 2}, "examples": [{"else": 3}]}';

  it('leaves out what ties keys together, which another file may complete, and keeps what tells the forms of a value apart', () => {
    const schema = json(`{"type": "object", ${across}, "dependencies": {"a": ["b"]}, "dependentRequired": {"a": ["b"]},
      "dependentSchemas": {"a": {"required": ["b"]}},
      "properties": {
        "nested": {"type": "object", ${across}, "dependentRequired": {"x": ["y"]}, "properties": {"x": {"type": "string"}}},
        ${either}, ${fixed}},
      "allOf": [{"if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"type": "object"}]}`);
    expect(partialSchema(schema)).toEqual(
      json(`{"type": "object", "properties": {"nested": {"type": "object", "properties": {"x": {"type": "string"}}}, ${either}, ${fixed}},
        "allOf": [{"type": "object"}]}`),
    );
    // an allOf of conditionals only is dropped whole
    expect(partialSchema(json('{"allOf": [{"if": {"required": ["a"]}, "then": {"required": ["b"]}}]}'))).toEqual({});
  });
});
