// JSON pointers (RFC 6901), as the schema validators report where a problem is: "/deployment/ports/0/name".
import type { ValuesPath } from './values-path.ts';

/** The keys of a pointer, unescaped ("~1" is "/", "~0" is "~"); "" and "#" are the root. */
export function pointerKeys(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A pointer as a values path: given the data it points into, a key is an index where the data holds a list;
 * without the data, any all-digit key is taken as an index.
 */
export function pointerPath(pointer: string, data?: unknown): ValuesPath {
  if (data === undefined) return pointerKeys(pointer).map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const path: ValuesPath = [];
  let node: unknown = data;
  for (const key of pointerKeys(pointer)) {
    path.push(Array.isArray(node) ? Number(key) : key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}
