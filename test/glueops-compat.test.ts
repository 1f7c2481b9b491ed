// Compatibility with the GlueOps `app` chart (v0.14.1): values written for that chart give the objects that chart
// gives, feature by feature. Each file of test/glueops-compat/ holds cases: a values file (written here, from what
// the GlueOps chart does with it) and what the render must hold:
//   objects  Kind/name -> a part of the object (matched as a subset; lists must match whole)
//   absent   "Kind/name field.path" that the object must not have
//   fails    a pattern the error of a refused render must match (Helm 3 and Helm 4 word schema errors differently)
//   differs  why this case encodes a deliberate difference from the GlueOps chart (README, "Differences")
// Every case renders under Helm 3 and Helm 4, alike, as release demo-prod in namespace prod, and every object it
// renders validates against its model.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { helmFor, runHelm } from '../scripts/helm.ts';
import { validateObjects } from '../scripts/models.ts';
import { chartDir } from '../scripts/render.ts';
import { find, HELMS, manifests, template, toValuesYaml } from './helpers.ts';

interface Case {
  it: string;
  values: Record<string, unknown>;
  objects?: Record<string, Record<string, unknown>>;
  absent?: string[];
  fails?: string;
  differs?: string;
}

const dir = join(import.meta.dirname, 'glueops-compat');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** The value at a dotted path ("spec.template.spec.volumes"; a number is a list index), or undefined. */
function valueAt(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      object,
    );
}

describe.each(files)('GlueOps compatibility: %s', (file) => {
  const cases = parse(readFileSync(join(dir, file), 'utf8')) as Case[];

  it('is a list of cases, each with values and something to check', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(
        Object.keys(c).every((k) => ['it', 'values', 'objects', 'absent', 'fails', 'differs'].includes(k)),
        c.it,
      ).toBe(true);
      expect(c.objects || c.absent || c.fails, c.it).toBeTruthy();
      expect(!(c.fails && (c.objects || c.absent)), `${c.it}: a refused render has no objects`).toBe(true);
    }
  });

  it.concurrent.each(cases.map((c) => [c.it, c] as const))('%s', async (_name, c) => {
    const values = toValuesYaml({ captain_domain: 'nonprod.example.com', ...c.values });
    const [three, four] = await Promise.all([template(3, [values]), template(4, [values])]);
    if (c.fails) {
      for (const result of [three, four]) {
        expect(result.exitCode, `rendered, but the GlueOps chart refuses it:\n${result.stdout.slice(0, 400)}`).not.toBe(0);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(new RegExp(c.fails));
      }
      return;
    }
    expect(three.stderr, 'Helm 3').toBe('');
    expect(four.stderr, 'Helm 4').toBe('');
    expect(four.stdout, 'Helm 3 and Helm 4 render alike').toBe(three.stdout);
    const objects = manifests(four.stdout);
    const byName = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    for (const [name, part] of Object.entries(c.objects ?? {})) {
      expect(byName.has(name), `${name} is not rendered; rendered: ${[...byName.keys()].join(', ')}`).toBe(true);
      expect(byName.get(name), name).toMatchObject(part);
    }
    for (const entry of c.absent ?? []) {
      const [name, path] = entry.split(' ');
      if (!path) expect(byName.has(name), `${name} is rendered`).toBe(false);
      else {
        expect(byName.has(name), `${name} is not rendered`).toBe(true);
        expect(valueAt(byName.get(name), path), entry).toBeUndefined();
      }
    }
    expect(await validateObjects(objects)).toEqual([]);
  });
});

describe.each(HELMS)('the app version under Helm %i', (helm) => {
  it('is appVersion, else the chart version as in the GlueOps chart, never the appVersion of Chart.yaml', async () => {
    // a copy of the chart whose Chart.yaml says an appVersion: it must never become the app's version or tag
    const dir = mkdtempSync(join(tmpdir(), 'app-chart-version-'));
    try {
      const chart = join(dir, 'chart');
      cpSync(chartDir, chart, { recursive: true });
      const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(chart, 'Chart.yaml'), stringify({ ...meta, appVersion: '99.0.0-chart' }));
      const values = join(dir, 'values.yaml');
      const run = async (text: string) => {
        writeFileSync(values, text);
        const result = await runHelm(helmFor(helm), ['template', 'demo-prod', chart, '--namespace', 'prod', '--values', values]);
        expect(result.stderr).toBe('');
        const pod = (
          find(manifests(result.stdout), 'Deployment')!.spec as {
            template: {
              metadata: { labels: Record<string, string> };
              spec: { containers: { image: string; env: { name: string; value?: string }[] }[] };
            };
          }
        ).template;
        return {
          label: pod.metadata.labels['app.kubernetes.io/version'],
          image: pod.spec.containers[0].image,
          env: pod.spec.containers[0].env.find((e) => e.name === 'ENV_APP_VERSION')?.value,
        };
      };
      expect(await run('deployment: {enabled: true}\n')).toEqual({
        label: '0.0.1',
        image: 'docker.io/nginx:1.29.5@sha256:341bf0f3ce6c5277d6002cf6e1fb0319fa4252add24ab6a0e262e0056d313208',
        env: '0.0.1',
      });
      const version = String(meta.version);
      expect(await run('appVersion: null\nimage: {tag: ""}\ndeployment: {enabled: true}\n')).toEqual({
        label: version,
        image: `docker.io/nginx:${version}`,
        env: version,
      });
      // useChartVersionAsTagFallback: null is the default (true): the chart version stays the last fallback
      expect(
        await run('appVersion: ""\nimage: {tag: "", useChartVersionAsTagFallback: null}\ndeployment: {enabled: true}\n'),
      ).toMatchObject({ image: `docker.io/nginx:${version}` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
