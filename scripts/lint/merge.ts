// Values merged the way Helm merges them: the -f files in order (maps merge key by key, anything else
// replaces, a null is kept as a value), then the chart's defaults underneath, where a null from the files
// deletes the default (a null for a key the chart does not define stays a nil value).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { bundledChartDir } from '../install.ts';
import { setOwn } from '../own-property.ts';
import { defaultCacheDir, hash, readCache, toolFingerprint, writeCache } from './cache.ts';
import { readHelmYaml } from './yaml.ts';

export type Values = Record<string, unknown>;

export const isMapValue = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Later files win; maps merge recursively. */
export function mergeFiles(layers: unknown[]): Values {
  return layers.reduce<Values>((merged, layer) => (isMapValue(layer) ? mergeTwo(merged, layer) : merged), {});
}

function mergeTwo(base: Values, over: Values): Values {
  const result: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = Object.hasOwn(base, key) ? base[key] : undefined;
    setOwn(result, key, isMapValue(value) && isMapValue(under) ? mergeTwo(under, value) : value);
  }
  return result;
}

/** Helm's coalesce of user values over the chart's defaults. */
export function coalesce(defaults: Values, user: Values): Values {
  const result: Values = { ...user };
  for (const [key, fallback] of Object.entries(defaults)) {
    if (!Object.hasOwn(user, key)) setOwn(result, key, fallback);
    else if (user[key] === null) delete result[key];
    else if (isMapValue(user[key]) && isMapValue(fallback)) setOwn(result, key, coalesce(fallback, user[key]));
  }
  return result;
}

const defaults = new Map<string, Values>();
const valuesCacheDir = join(defaultCacheDir, 'chart-values');

/**
 * A chart's values.yaml as Helm reads it. The chart's generated values.yaml takes longer to read as YAML than
 * a warm lint has, so what it reads as is kept in the cache as JSON, under a hash of its text and lint's code,
 * when JSON holds it exactly.
 */
export function chartDefaults(chartDir = bundledChartDir): Values {
  let values = defaults.get(chartDir);
  if (!values) {
    const file = join(chartDir, 'values.yaml');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const key = hash(`${toolFingerprint()}\0${text}`);
    values = readCache<Values>(valuesCacheDir, key, isMapValue);
    if (!values) {
      const value = readHelmYaml(text);
      values = isMapValue(value) ? value : {};
      if (isDeepStrictEqual(JSON.parse(JSON.stringify(values)), values)) writeCache(valuesCacheDir, key, values);
    }
    defaults.set(chartDir, values);
  }
  return values;
}

/** The value at a path, or undefined. */
export function valueAt(values: unknown, path: (string | number)[]): unknown {
  let node = values;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isMapValue(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}
