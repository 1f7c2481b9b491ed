// The values reference (chart/README.md) is what "npm run docs" writes, and it lists every key of the schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { values, type Node } from '../schema/values.ts';
import { chartReadme, README } from '../scripts/docs.ts';
import { repoRoot } from '../scripts/helm.ts';

const readme = readFileSync(join(repoRoot, README), 'utf8');

function keys(prefix: string, node: Node): string[] {
  const children = node.properties ?? node.entry?.properties ?? {};
  const at = node.entry ? `${prefix}.<name>` : prefix;
  return [prefix, ...Object.entries(children).flatMap(([key, child]) => keys(`${at}.${key}`, child))];
}

describe('chart/README.md', () => {
  it('is what "npm run docs" writes (run it after editing schema/values.ts or Chart.yaml)', () => {
    expect(readme, `${README} is stale: run npm run docs`).toBe(chartReadme());
  });

  it('has a row, with a description, for every key of the values', () => {
    const all = Object.entries(values.properties ?? {}).flatMap(([key, node]) => keys(key, node));
    expect(all).toEqual(expect.arrayContaining(['statefulSet.volumeClaimTemplates.<name>.mountPath', 'cronJob.jobs.<name>.schedule', 'keda.scaledObject.spec']));
    const missing = all.filter((key) => !new RegExp(`^\\| \`${key.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')}\` \\| [^|]+ \\| [^|]* \\| \\S`, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  it('explains customResources against customResourcesMap', () => {
    expect(readme).toMatch(/^## customResources or customResourcesMap$/m);
    expect(readme).toMatch(/tcp-route: null/);
  });
});
