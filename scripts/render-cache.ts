// Renders stored by a hash of what they are made of: the chart's files, the Helm, the release, the namespace
// and the contents of the values files in Helm's order. Paths are not part of the key, so the same app × env
// read from a base revision and from the working tree shares one render, and lint's renders serve diff.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDigest } from './chart-source.ts';
import { DEFAULT_HELM, helmFor, helmIdentity } from './helm.ts';
import { defaultCacheDir, readCache, toolFingerprint, writeCache } from './lint/cache.ts';
import type { RenderFn } from './lint/target.ts';
import { chartDir, planRender, renderApp, type RenderRequest } from './render.ts';

/** The renders live inside lint's cache folder: `--no-cache` and a cleared cache drop both. */
export const rendersIn = (cacheDir: string) => join(cacheDir, 'renders');

/**
 * What a render is made of, as one hash; throws the errors planRender throws (missing files, bad names).
 * `digestOf` may answer for charts already digested in this run.
 */
export function renderKey(request: RenderRequest, digestOf: (chart: string) => string = chartDigest): string {
  const plan = planRender(request);
  const h = createHash('sha256')
    .update(toolFingerprint())
    .update(
      JSON.stringify([
        plan.release,
        plan.namespace,
        request.set ?? [],
        helmIdentity(helmFor(request.helm ?? DEFAULT_HELM)),
        digestOf(request.chart ?? chartDir),
      ]),
    );
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
      output.then(
        () => running.delete(key),
        () => running.delete(key),
      );
    }
    return output;
  };
}
