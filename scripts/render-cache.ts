// Renders stored by a hash of what they are made of: the chart's files, the Helm, the release, the namespace
// and the contents of the values files in Helm's order. Paths are not part of the key, so the same app × env
// read from a base revision and from the working tree shares one render, and lint's renders serve diff.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_HELM, helmFor, helmIdentity } from './helm.ts';
import { defaultCacheDir, filesUnder, readCache, toolFingerprint, writeCache } from './lint/cache.ts';
import type { RenderFn } from './lint/target.ts';
import { chartDir, planRender, renderApp, type RenderRequest } from './render.ts';

/** The renders live inside lint's cache folder: `--no-cache` and a cleared cache drop both. */
export const rendersIn = (cacheDir: string) => join(cacheDir, 'renders');

const digests = new Map<string, { stamp: string; digest: string }>();

/**
 * A digest of a chart: every file of a chart folder (path and bytes), or the bytes of a .tgz. Kept while the
 * files' sizes and times stay the same, so a run hashes a chart once however many apps it renders.
 */
export function chartDigest(path: string): string {
  const files = statSync(path).isDirectory() ? filesUnder(path) : [path];
  const stamp = files.map((file) => {
    const stat = statSync(file);
    return `${file}:${stat.size}:${stat.mtimeMs}`;
  }).join('\0');
  const known = digests.get(path);
  if (known?.stamp === stamp) return known.digest;
  const h = createHash('sha256');
  for (const file of files) h.update(relative(path, file)).update('\0').update(readFileSync(file)).update('\0');
  const digest = h.digest('hex');
  digests.set(path, { stamp, digest });
  return digest;
}

/**
 * What a render is made of, as one hash; throws the errors planRender throws (missing files, bad names).
 * `digestOf` may answer for charts already digested in this run.
 */
export function renderKey(request: RenderRequest, digestOf: (chart: string) => string = chartDigest): string {
  const plan = planRender(request);
  const h = createHash('sha256')
    .update(toolFingerprint())
    .update(JSON.stringify([plan.release, plan.namespace, request.set ?? [], helmIdentity(helmFor(request.helm ?? DEFAULT_HELM)), digestOf(request.chart ?? chartDir)]));
  for (const file of plan.valueFiles) h.update('\0').update(readFileSync(file));
  return h.digest('hex');
}

/**
 * `render`, answered from the cache when the same inputs rendered before; only successful renders are kept.
 * Renders of the same inputs asked for at once (an unchanged app × env at two revisions) run once.
 */
export function cachedRender(render: RenderFn = renderApp, dir: string = rendersIn(defaultCacheDir)): RenderFn {
  const running = new Map<string, Promise<string>>();
  return async (request) => {
    const key = renderKey(request);
    const hit = readCache<{ output: string }>(dir, key, (value) => typeof (value as { output?: unknown } | null)?.output === 'string');
    if (hit) return hit.output;
    let output = running.get(key);
    if (!output) {
      output = render(request).then((text) => {
        writeCache(dir, key, { output: text });
        return text;
      });
      running.set(key, output);
      output.then(() => running.delete(key), () => running.delete(key));
    }
    return output;
  };
}
