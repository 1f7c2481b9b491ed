// The values reference (chart/README.md) is what "npm run docs" writes, and it lists every key of the schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { values, type Node } from '../schema/values.ts';
import { crd, int, k8sListOf, obj, raw, str } from '../schema/dsl.ts';
import { chartReadme, README, valuesTable } from '../scripts/write-chart-readme.ts';
import { packageRoot } from '../scripts/install.ts';

const readme = readFileSync(join(packageRoot, README), 'utf8');

function keys(prefix: string, node: Node): string[] {
  const children = node.properties ?? node.entry?.properties ?? node.item?.properties ?? {};
  const at = node.entry ? `${prefix}.<name>` : node.item ? `${prefix}[]` : prefix;
  return [prefix, ...Object.entries(children).flatMap(([key, child]) => keys(`${at}.${key}`, child))];
}

/** The table's rows: key, type, default, description. */
const rows = [...readme.matchAll(/^\| `([^`]+)` \| ([^|]*) \| ([^|]*) \| (.*) \|$/gm)].map((m) => ({
  key: m[1],
  type: m[2],
  default: m[3],
  description: m[4],
}));

describe('chart/README.md', () => {
  it('is what "npm run docs" writes (run it after editing schema/values.ts or Chart.yaml)', () => {
    expect(readme, `${README} is stale: run npm run docs`).toBe(chartReadme());
  });

  it('has a row, with a description, for every key of the values', () => {
    const all = Object.entries(values.properties ?? {}).flatMap(([key, node]) => keys(key, node));
    expect(all).toEqual(
      expect.arrayContaining([
        'statefulSet.volumeClaimTemplates.<name>.mountPath',
        'cronJob.jobs.<name>.schedule',
        'keda.scaledObject.spec',
      ]),
    );
    const missing = all.filter(
      (key) => !new RegExp(`^\\| \`${key.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')}\` \\| [^|]+ \\| [^|]* \\| \\S`, 'm').test(readme),
    );
    expect(missing).toEqual([]);
  });

  it('documents the fields of list items, with type, default and description', () => {
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(row('ingress.entries[].hosts[].hostname')).toMatchObject({ type: 'string', description: expect.stringMatching(/^Host name/) });
    expect(row('ingress.entries[].hosts[].paths[].pathType')).toMatchObject({ default: '`"ImplementationSpecific"`' });
    expect(row('service.ports[].protocol')).toMatchObject({ type: 'string (enum)', default: '`"TCP"`' });
    expect(row('deployment.envVariables[].name')).toMatchObject({ type: 'string', description: 'Variable name.' });
    expect(row('deployment.envSecrets[].secretName')).toMatchObject({ type: 'string', description: 'Name of the Secret.' });
    // fields of lists written as plain JSON schema, and of map entries
    expect(row('ingress.tls[].secretName')).toMatchObject({ type: 'string' });
    expect(row('deployment.envFrom[].type')).toMatchObject({ type: 'string (enum)' });
    expect(row('customResourcesMap.<name>.verbatim')).toMatchObject({ type: 'string' });
    expect(rows.filter((r) => !r.description.trim()).map((r) => r.key)).toEqual([]);
  });

  it('names types in words, with no empty alternative', () => {
    const types = new Map(rows.map((r) => [r.key, r.type]));
    expect(types.get('deployment.image')).toBe('string or object');
    expect(types.get('deployment.imagePullSecrets')).toBe('string or list of (string or object)');
    expect(types.get('deployment.labels')).toBe('object or list of object');
    expect(types.get('deployment.tolerations')).toBe('list of Toleration (Kubernetes)');
    expect(rows.filter((r) => / or \s*$|^\s*or |or {2}or/.test(r.type)).map((r) => `${r.key}: ${r.type}`)).toEqual([]);
  });

  it('names the type of each kind of key, and who defines a type the chart passes through', () => {
    const types = new Map(rows.map((r) => [r.key, r.type]));
    expect(types.get('deployment.resources')).toBe('ResourceRequirements (Kubernetes)');
    expect(types.get('deployment.volumes')).toBe('list of Volume (Kubernetes)');
    expect(types.get('keda.scaledObject.spec')).toBe('KedaScaledObjectSpec (KEDA)');
    expect(types.get('keda.triggerAuthentication.<name>.spec')).toBe('KedaTriggerAuthenticationSpec (KEDA)');
    expect(types.get('deployment.maxSurge')).toBe('integer or string');
    expect(types.get('cronJob.jobs.<name>.backoffLimit')).toBe('integer or string');
    expect(types.get('persistentVolumeClaim.storageSize')).toBe('string or number');
    expect(types.get('deployment.replicas')).toBe('integer');
    expect(types.get('image.port')).toBe('integer');
    expect(types.get('service.type')).toBe('string (enum)');
  });

  // values.yaml cannot show the defaults of list items and map entries: the reference is where users read them,
  // and each is what the templates apply when the key is left out
  it('gives the default of each field of a list item or map entry as the templates apply it', () => {
    const itemDefaults = Object.fromEntries(
      rows.filter((r) => /\[\]|<name>/.test(r.key) && r.default.trim()).map((r) => [r.key, r.default]),
    );
    const protocol = (at: string) => [`${at}.protocol`, '`"TCP"`'];
    const accountOff = (at: string) => [`${at}.serviceAccount.enabled`, '`false`'];
    expect(itemDefaults).toEqual(
      Object.fromEntries([
        protocol('deployment.containerPorts[]'),
        protocol('statefulSet.containerPorts[]'),
        protocol('cronJob.jobs.<name>.containerPorts[]'),
        accountOff('cronJob.jobs.<name>'),
        protocol('cronJob.containerPorts[]'),
        protocol('job.jobs.<name>.containerPorts[]'),
        accountOff('job.jobs.<name>'),
        protocol('job.containerPorts[]'),
        protocol('service.ports[]'),
        ['ingress.entries[].hosts[].paths[].path', '`"/"`'],
        ['ingress.entries[].hosts[].paths[].pathType', '`"ImplementationSpecific"`'],
      ]),
    );
  });

  // the chart's values do not hold every form a contributor may add: a bar or a line break in a description or a
  // default, a Kubernetes type given by a plain $ref
  it('keeps a row of a schema of its own on one line of four cells, names a type given by a $ref, and an enum of numbers as numbers', () => {
    const root = obj('Values.', {
      note: str('A note | with a bar\nover two lines.', { default: 'a|b' }),
      replicas: int('Replicas.', { default: 2 }),
      scaler: crd('ScaledObjectSpec', 'KEDA', 'Autoscaling.'),
      volumes: k8sListOf('Volume', 'Volumes.'),
      probe: raw({ description: 'A probe.', anyOf: [{ $ref: '#/definitions/Probe' }, { type: 'null' }] }),
      level: raw({ type: ['integer', 'null'], enum: [1, 2, null], description: 'A level.' }),
    });
    expect(valuesTable(root).split('\n').slice(2)).toEqual([
      '| `note` | string | `"a\\|b"` | A note \\| with a bar over two lines. |',
      '| `replicas` | integer | `2` | Replicas. |',
      '| `scaler` | ScaledObjectSpec (KEDA) |  | Autoscaling. |',
      '| `volumes` | list of Volume (Kubernetes) |  | Volumes. |',
      '| `probe` | Probe |  | A probe. |',
      '| `level` | integer |  | A level. |',
    ]);
  });

  it('explains customResources against customResourcesMap', () => {
    expect(readme).toMatch(/^## customResources or customResourcesMap$/m);
    expect(readme).toMatch(/tcp-route: null/);
  });
});

describe('the commands of package.json', () => {
  const scripts = Object.keys(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).scripts);
  const documented = ['README.md', 'CONTRIBUTING.md']
    .map((file) => readFileSync(join(packageRoot, file), 'utf8'))
    .join('\n')
    .split('\n')
    .filter((line) => line.startsWith('| `npm '))
    .join('\n');

  it.each(scripts.filter((name) => !/^(pre|post)/.test(name)))(
    'npm run %s has a row in the commands table of README.md or CONTRIBUTING.md',
    (name) => {
      const spelled = name === 'test' ? 'npm test' : `npm run ${name}`;
      expect(documented).toContain(`\`${spelled}`);
    },
  );
});
