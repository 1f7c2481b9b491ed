// Results of an app × env stored by a hash of everything they depend on (chart, config, values files,
// platform values, the Helm used, lint's own code and the model packages), so an unchanged repo lints
// without rendering.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../install.ts';
import { MODEL_PACKAGES } from '../models.ts';

export const defaultCacheDir = join(cacheDir, 'lint');

export const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]))
    .sort();
}

/** The toolkit's code: scripts/ of a clone (TypeScript), or dist/scripts/ of the package (compiled). */
const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));

let fingerprint: string | undefined;

/** Everything lint's results depend on besides the app's files and its chart: lint's code, the models. */
export function toolFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  const sources = filesUnder(codeDir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
  for (const file of sources) h.update(relative(codeDir, file)).update('\0').update(readFileSync(file)).update('\0');
  const require = createRequire(import.meta.url);
  for (const pkg of MODEL_PACKAGES) {
    const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
    h.update(`${pkg}@${manifest.version}\0`);
  }
  fingerprint = h.digest('hex');
  return fingerprint;
}

export function cacheKey(parts: unknown[], files: string[]): string {
  const h = createHash('sha256').update(toolFingerprint()).update(JSON.stringify(parts));
  for (const file of files) h.update('\0').update(file).update('\0').update(existsSync(file) ? readFileSync(file) : 'missing');
  return h.digest('hex');
}

export function readCache<T>(dir: string, key: string): T | undefined {
  const file = join(dir, `${key}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.json`);
  // Written beside the target and renamed: parallel lint runs never read half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
}

