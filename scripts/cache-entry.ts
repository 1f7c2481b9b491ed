// One entry of the toolkit's caches (lint results, renders, parsed files): a JSON file named by its key that holds
// the format's version, the key and the result, written whole. An entry of another version or key, a damaged or
// forged file, is a miss; a cache that cannot be written only costs the work it would have saved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './write-file.ts';

/** Bumped when what the caches hold changes shape: entries of another version are ignored (and rewritten). */
export const CACHE_VERSION = 2;

/**
 * The result stored under a key, when the entry is of this version, for this key, and of the shape `valid`
 * accepts; anything else (a damaged, foreign or forged file) is ignored, and the caller does the work again.
 */
export function readCache<T>(dir: string, key: string, valid: (value: unknown) => boolean): T | undefined {
  const file = join(dir, `${key}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; key?: unknown; result?: unknown } | null;
    if (entry?.version !== CACHE_VERSION || entry.key !== key || !valid(entry.result)) return undefined;
    return entry.result as T;
  } catch {
    return undefined;
  }
}

/** Stores a result; false when the cache cannot be written (it is only a speed-up). */
export const writeCache = (dir: string, key: string, result: unknown): boolean =>
  writeEntry(join(dir, `${key}.json`), { version: CACHE_VERSION, key, result });

/** Writes a whole entry file; false when it cannot be written. */
export function writeEntry(file: string, entry: unknown): boolean {
  try {
    writeFileAtomic(file, JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}
