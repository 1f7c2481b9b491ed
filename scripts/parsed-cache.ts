// What a YAML file holds, kept as JSON under the digest of its text: a command that reads files it read before
// (the config, a chart's Chart.yaml, the repo's ArgoCD Applications) reads that JSON and never runs the YAML
// parser, whose first use in a process costs more than the rest of a render's own work. Entries are keyed by
// the toolkit's code too, so a new version never reads what an older one stored.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCache, writeCache } from './cache-entry.ts';
import { ownCodeDigest } from './code-digest.ts';
import { cacheDir } from './install.ts';

export const parsedDir = join(cacheDir, 'parsed');

/** Whether JSON gives `value` back exactly: plain data, finite numbers, no -0, no key JSON would read otherwise. */
export function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, item]) => key !== '__proto__' && isJsonData(item));
}

/**
 * `parse()`, the result of reading `text` for `purpose` (which names the reader and every option that changes
 * what it returns), from the cache when this code stored it before. A result JSON cannot hold exactly is not
 * stored; a parse that throws stores nothing; a cache that cannot be read or written only costs the parse.
 */
export function parsedOnce<T>(purpose: string, text: string, parse: () => T, dir = parsedDir): T {
  const key = createHash('sha256').update(`${ownCodeDigest()}\0${purpose}\0${text}`).digest('hex');
  const stored = readCache<T>(dir, key, (value) => value !== undefined);
  if (stored !== undefined) return stored;
  const data = parse();
  if (isJsonData(data)) writeCache(dir, key, data);
  return data;
}
