// Renders stored by a hash of what they are made of: the chart's files, the Helm, the release, the namespace
// and the contents of the values files in Helm's order. Paths are not part of the key, so the same app × env
// read from a base revision and from the working tree shares one render, and lint's renders serve diff.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_HELM } from './helm.ts';
import { defaultCacheDir, filesUnder, helmIdentity, readCache, toolFingerprint, writeCache } from './lint/cache.ts';
import type { RenderFn } from './lint/target.ts';
import { chartDir, planRender, renderApp, type RenderRequest } from './render.ts';

/** The renders live inside lint's cache folder: `--no-cache` and a cleared cache drop both. */
export const rendersIn = (cacheDir: string) => join(cacheDir, 'renders');

const digests = new Map<string, string>();

/** A digest of a chart: every file of a chart folder (path and bytes), or the bytes of a .tgz. */
export function chartDigest(path: string): string {
  let digest = digests.get(path);
  if (digest) return digest;
  const h = createHash('sha256');
  if (statSync(path).isDirectory()) {
    for (const file of filesUnder(path)) h.update(relative(path, file)).update('\0').update(readFileSync(file)).update('\0');
  } else {
    h.update(readFileSync(path));
  }
  digest = h.digest('hex');
  digests.set(path, digest);
  return digest;
}

/** What a render is made of, as one hash; throws the errors planRender throws (missing files, bad names). */
export function renderKey(request: RenderRequest): string {
  const plan = planRender(request);
  const h = createHash('sha256')
    .update(toolFingerprint())
    .update(JSON.stringify([plan.release, plan.namespace, request.set ?? [], helmIdentity(request.helm ?? DEFAULT_HELM), chartDigest(request.chart ?? chartDir)]));
  for (const file of plan.valueFiles) h.update('\0').update(readFileSync(file));
  return h.digest('hex');
}

/** `render`, answered from the cache when the same inputs rendered before; only successful renders are kept. */
export function cachedRender(render: RenderFn = renderApp, dir: string = rendersIn(defaultCacheDir)): RenderFn {
  return async (request) => {
    const key = renderKey(request);
    const hit = readCache<{ output: string }>(dir, key);
    if (hit && typeof hit.output === 'string') return hit.output;
    const output = await render(request);
    writeCache(dir, key, { output });
    return output;
  };
}
