// Results of an app × env stored by a hash of everything they depend on (chart, config, values files,
// platform values, the Helm used, lint's own code and the model packages), so an unchanged repo lints
// without rendering.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CACHE_VERSION, writeEntry } from '../cache-entry.ts';
import { ownCodeDigest } from '../code-digest.ts';
import { cacheDir } from '../install.ts';
import { MODEL_PACKAGES } from '../models.ts';

export { CACHE_VERSION, readCache, writeCache } from '../cache-entry.ts';

export const defaultCacheDir = join(cacheDir, 'lint');

export const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

let fingerprint: string | undefined;

/**
 * Everything lint's results depend on besides the app's files and its chart: the toolkit's code (`code`, its
 * digest; by default the running code's, and then computed once a process) and the models.
 */
export function toolFingerprint(code?: string): string {
  if (code === undefined && fingerprint) return fingerprint;
  const h = createHash('sha256').update(`${code ?? ownCodeDigest()}\0`);
  const require = createRequire(import.meta.url);
  for (const pkg of MODEL_PACKAGES) {
    const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
    h.update(`${pkg}@${manifest.version}\0`);
  }
  const digest = h.digest('hex');
  if (code === undefined) fingerprint = digest;
  return digest;
}

/** What a file contributes to a key: a digest of its bytes, or what stands in its place when lint will not read it. */
function fileDigest(file: string, maxBytes: number): string {
  try {
    const stat = statSync(file);
    // a folder, a device or a file beyond the size limit is reported, never read: its kind and size stand in
    if (!stat.isFile() || stat.size > maxBytes) return `${stat.isFile() ? 'file' : 'other'}:${stat.size}:${stat.mtimeMs}`;
    return `sha256:${hash(readFileSync(file))}`;
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/**
 * The digests of the files of one run: a file that several keys name (an app's base values, a platform file)
 * is read once. Made afresh for every run, so an edit between two runs is always seen.
 */
export function fileDigests(maxBytes: number): (file: string) => string {
  const digests = new Map<string, string>();
  return (file) => {
    let digest = digests.get(file);
    if (digest === undefined) {
      digest = fileDigest(file, maxBytes);
      digests.set(file, digest);
    }
    return digest;
  };
}

/** The key of a result: the tool, the cache's version, `parts` (as JSON) and the files' paths and contents. */
export function cacheKey(parts: unknown[], files: string[], digestOf: (file: string) => string): string {
  const h = createHash('sha256').update(toolFingerprint()).update(`cache-v${CACHE_VERSION}\0`).update(JSON.stringify(parts));
  for (const file of files) h.update('\0').update(file).update('\0').update(digestOf(file));
  return h.digest('hex');
}

/**
 * The results of one set of app × envs linted together, in one file named by `name` (a hash of the set): a
 * warm run reads it once instead of a file per app × env. An entry is taken under its key only, the key that
 * would name its file of its own, so the index answers exactly what those files would.
 */
export function readIndex(dir: string, name: string): Map<string, unknown> {
  const file = join(dir, 'index', `${name}.json`);
  if (!existsSync(file)) return new Map();
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; name?: unknown; entries?: unknown } | null;
    if (index?.version !== CACHE_VERSION || index.name !== name || !index.entries || typeof index.entries !== 'object') return new Map();
    return new Map(Object.entries(index.entries));
  } catch {
    return new Map();
  }
}

/** Stores the results of a run as its index; false when the cache cannot be written. */
export function writeIndex(dir: string, name: string, entries: Map<string, unknown>): boolean {
  return writeEntry(join(dir, 'index', `${name}.json`), { version: CACHE_VERSION, name, entries: Object.fromEntries(entries) });
}
