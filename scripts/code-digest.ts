// The identity of the toolkit's code, for caches whose entries a change of the code must not outlive.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The toolkit's code: scripts/ of a clone (TypeScript), dist/scripts/ of the package (compiled), or dist/cli/ of
 * the bundled command (whose shared code lives in dist/cli/chunks/), whose build writes the digest of its files
 * beside them.
 */
export const codeDirOf = (moduleDir: string): string => (basename(moduleDir) === 'chunks' ? dirname(moduleDir) : moduleDir);
const codeDir = codeDirOf(dirname(fileURLToPath(import.meta.url)));
export const CODE_DIGEST_FILE = 'code-digest.txt';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sourcesUnder(join(dir, d.name)) : [join(dir, d.name)]))
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
}

let ownDigest: string | undefined;

/** The digest of the code's files in `dir`: the one the bundle's build wrote, else computed now. */
export function codeDigest(dir = codeDir): string {
  const written = join(dir, CODE_DIGEST_FILE);
  if (existsSync(written)) return readFileSync(written, 'utf8').trim();
  const h = createHash('sha256');
  for (const file of sourcesUnder(dir)) h.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return h.digest('hex');
}

/** The digest of the running toolkit's own code, computed once a process. */
export const ownCodeDigest = (): string => (ownDigest ??= codeDigest());
