// The tool fingerprint in every lint cache key covers the versions of the model packages: an upgrade of the
// Kubernetes models must check every app × env again. Proven with two copies of the toolkit, alike but for the
// version of kubernetes-models, each asked for its fingerprint and a cache key in a process of its own.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { codeDigest, ownCodeDigest } from '../scripts/code-digest.ts';
import { cacheKey, toolFingerprint } from '../scripts/lint/cache.ts';
import { parsedOnce } from '../scripts/parsed-cache.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-fingerprint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MODELS = 'kubernetes-models';
const modules = join(packageRoot, 'node_modules');

/** The parts of one app × env's key: the same in every copy, so only the tool can tell two keys apart. */
const PARTS = ['web', 'prod', 'production'];

/** The fingerprint of a copy of scripts/ whose kubernetes-models says `version`, and the key it gives the same app × env. */
async function fingerprintWith(name: string, version: string): Promise<{ fingerprint: string; key: string }> {
  const root = join(tmp, name);
  cpSync(join(packageRoot, 'scripts'), join(root, 'scripts'), { recursive: true });
  cpSync(join(packageRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(packageRoot, 'chart'), join(root, 'chart'));
  mkdirSync(join(root, 'node_modules', MODELS), { recursive: true });
  for (const entry of readdirSync(modules))
    if (!entry.startsWith('.') && entry !== MODELS) symlinkSync(join(modules, entry), join(root, 'node_modules', entry));
  for (const entry of readdirSync(join(modules, MODELS))) {
    if (entry !== 'package.json') symlinkSync(join(modules, MODELS, entry), join(root, 'node_modules', MODELS, entry));
  }
  const manifest = JSON.parse(readFileSync(join(modules, MODELS, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(root, 'node_modules', MODELS, 'package.json'), JSON.stringify({ ...manifest, version }));
  const module = pathToFileURL(join(root, 'scripts', 'lint', 'cache.ts')).href;
  const { stdout } = await execa(
    'node',
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const cache = await import(${JSON.stringify(module)});\n` +
        `console.log(JSON.stringify({ fingerprint: cache.toolFingerprint(), key: cache.cacheKey(${JSON.stringify(PARTS)}, [], () => '') }));`,
    ],
    { cwd: root },
  );
  return JSON.parse(stdout) as { fingerprint: string; key: string };
}

describe('the tool fingerprint', () => {
  it('is the same for the same code and models, and changes with the version of a model package, and so does every cache key', async () => {
    const { version } = JSON.parse(readFileSync(join(modules, MODELS, 'package.json'), 'utf8')) as { version: string };
    const key = cacheKey(PARTS, [], () => '');
    expect(await fingerprintWith('same', version)).toEqual({ fingerprint: toolFingerprint(), key });
    const upgraded = await fingerprintWith('upgraded', `${version}-next`);
    expect(upgraded.fingerprint).not.toBe(toolFingerprint());
    // an unchanged app × env is linted again after the upgrade, not answered with the old version's findings
    expect(upgraded.key).not.toBe(key);
  });

  it('changes with the code of any module of the toolkit, not only those of lint, and so does every cache key', () => {
    // render.ts is outside scripts/lint: how Helm is called decides what lint checks as much as the rules do
    const scripts = codeDigest(join(packageRoot, 'scripts'));
    expect(ownCodeDigest()).toBe(scripts);
    expect(toolFingerprint(scripts)).toBe(toolFingerprint());
    expect(toolFingerprint('other code')).not.toBe(toolFingerprint());
  });
});

describe('the code digest', () => {
  it('follows the compiled code the package ships (its dist/cli holds JavaScript only): an upgrade checks everything again', () => {
    const dir = join(tmp, 'compiled');
    mkdirSync(join(dir, 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'cli.js'), 'import "./chunks/rules.js";\n');
    writeFileSync(join(dir, 'chunks', 'rules.js'), 'export const limit = 63;\n');
    const before = codeDigest(dir);
    expect(codeDigest(dir)).toBe(before);
    writeFileSync(join(dir, 'chunks', 'rules.js'), 'export const limit = 64;\n');
    expect(codeDigest(dir)).not.toBe(before);
  });
});

describe('what YAML files held, kept as JSON', () => {
  it('is keyed by the code too: a new version of the toolkit parses again what an older one stored', async () => {
    const dir = join(tmp, 'parsed');
    expect(parsedOnce('purpose', 'text', () => 'older', dir)).toBe('older');
    expect(parsedOnce('purpose', 'text', () => 'parsed again', dir)).toBe('older');
    // a copy of the toolkit with one module more: other code
    const root = join(tmp, 'newer');
    cpSync(join(packageRoot, 'scripts'), join(root, 'scripts'), { recursive: true });
    cpSync(join(packageRoot, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(packageRoot, 'chart'), join(root, 'chart'));
    symlinkSync(modules, join(root, 'node_modules'));
    writeFileSync(join(root, 'scripts', 'newer.ts'), 'export const newer = true;\n');
    const module = pathToFileURL(join(root, 'scripts', 'parsed-cache.ts')).href;
    const read = `console.log((await import(${JSON.stringify(module)})).parsedOnce('purpose', 'text', () => 'newer', ${JSON.stringify(dir)}));`;
    const { stdout } = await execa('node', ['--import', 'tsx', '--input-type=module', '-e', read], { cwd: root });
    expect(stdout).toBe('newer');
  });
});
