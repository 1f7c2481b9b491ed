// The schema: generated files are fresh, both Helms accept it, and it rejects typos with the values path.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import type { JSONSchema7 } from 'json-schema';
import { parse } from 'yaml';
import { writeGenerated } from '../scripts/generated-files.ts';
import { generatedFiles, valuesYaml } from '../scripts/write-schema.ts';
import { typesSchema, valuesTypes } from '../scripts/values-types.ts';
import { bool, count, int, mapOf, obj, port, str } from '../schema/dsl.ts';
import { helmSchema, subschemaCount } from '../scripts/helm-schema.ts';
import { reachableDefinitions, shorten } from '../scripts/kubernetes-schema.ts';
import { helmFor, runHelm } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { chartDir, planRender } from '../scripts/render.ts';
import { exampleEnvs, examplesDir, platformValues } from '../scripts/examples.ts';
import { HELMS, render, template } from './helpers.ts';

const readSchema = (file: string) => JSON.parse(readFileSync(join(chartDir, file), 'utf8'));
/** The full schema (editors, lint) and the one Helm checks: the same rules, written for Helm's speed. */
const schema = readSchema('values.editor.schema.json');
const helmChecked = readSchema('values.schema.json');

describe('generated files', () => {
  it('are written by their command, or with --check reported stale, one file or several, and left as they are', () => {
    const root = mkdtempSync(join(tmpdir(), 'app-chart-generated-'));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const files = { 'a.json': '{}\n', 'deep/b.md': '# b\n' };
      expect(writeGenerated(files, { check: false, command: 'npm run x', root })).toBe(0);
      expect(stdout.mock.calls.map(([line]) => line)).toEqual(['wrote a.json\n', 'wrote deep/b.md\n']);
      expect([readFileSync(join(root, 'a.json'), 'utf8'), readFileSync(join(root, 'deep', 'b.md'), 'utf8')]).toEqual(['{}\n', '# b\n']);
      expect(writeGenerated(files, { check: true, command: 'npm run x', root })).toBe(0);
      expect(stderr).not.toHaveBeenCalled();
      // one stale file fails the check
      writeFileSync(join(root, 'deep', 'b.md'), '# edited by hand\n');
      expect(writeGenerated(files, { check: true, command: 'npm run x', root })).toBe(1);
      expect(stderr.mock.calls.map(([line]) => line)).toEqual([
        'stale generated files: deep/b.md\nRun "npm run x" and commit the result.\n',
      ]);
      expect(readFileSync(join(root, 'deep', 'b.md'), 'utf8')).toBe('# edited by hand\n');
      rmSync(join(root, 'a.json'));
      expect(writeGenerated(files, { check: true, command: 'npm run x', root })).toBe(1);
      expect(stderr.mock.calls[1][0]).toBe('stale generated files: a.json, deep/b.md\nRun "npm run x" and commit the result.\n');
      expect(readdirSync(root).sort()).toEqual(['deep']);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('are what "npm run schema" writes (run it after editing schema/values.ts)', async () => {
    for (const [path, text] of Object.entries(await generatedFiles())) {
      expect(readFileSync(join(packageRoot, path), 'utf8'), `${path} is stale: run npm run schema`).toBe(text);
    }
  });

  it.each([
    ['values.editor.schema.json', schema],
    ['values.schema.json', helmChecked],
  ])('%s is a self-contained draft-07 schema: only local $refs', (_, json) => {
    expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const refs = JSON.stringify(json).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.filter((r) => !r.startsWith('"$ref":"#/'))).toEqual([]);
  });

  it('values.schema.json is values.editor.schema.json without its descriptions, each repeated subschema once', () => {
    expect(helmChecked).toEqual(helmSchema(schema));
    expect(JSON.stringify(helmChecked)).not.toMatch(/"description":"/);
    expect(subschemaCount(helmChecked)).toBeLessThan(subschemaCount(schema) * 0.8);
  });

  it('accepts chart/values.yaml and describes every property', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'))), ajv.errorsText(validate.errors)).toBe(true);
    // every property the chart defines, also inside list items, map entries and the alternatives of an anyOf
    // (what an editor shows); conditions (if / then / allOf / not) only constrain, and the Kubernetes
    // definitions are described upstream
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!child.description) undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.items && typeof node.items === 'object') walk(node.items as Record<string, unknown>, `${path}[]`);
      if (node.additionalProperties && typeof node.additionalProperties === 'object')
        walk(node.additionalProperties as Record<string, unknown>, `${path}.*`);
      for (const keyword of ['anyOf', 'oneOf']) {
        ((node[keyword] ?? []) as Record<string, unknown>[]).forEach((alternative, i) => {
          walk(alternative, `${path} (${keyword}[${i}])`);
        });
      }
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  // a default is what every app gets without asking: each is the GlueOps chart's (or, where it has none, the safe one)
  it('gives the defaults of chart/values.yaml, and no other key a value', () => {
    const set: Record<string, unknown> = {};
    const flatten = (value: unknown, path: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key);
      else if (value !== null) set[path] = value;
    };
    flatten(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')), '');
    const off = (...sections: string[]) => Object.fromEntries(sections.map((s) => [`${s}.enabled`, false]));
    expect(set).toEqual({
      appVersion: '0.0.1',
      appEnv: 'dev',
      'image.registry': 'docker.io',
      'image.repository': 'nginx',
      'image.tag': '1.29.5@sha256:341bf0f3ce6c5277d6002cf6e1fb0319fa4252add24ab6a0e262e0056d313208',
      'image.useChartVersionAsTagFallback': true,
      'image.pullPolicy': 'IfNotPresent',
      'image.port': 8080,
      ...off('deployment', 'deployment.serviceAccount', 'statefulSet', 'statefulSet.serviceAccount', 'cronJob', 'cronJob.serviceAccount'),
      ...off('job', 'job.serviceAccount', 'service', 'ingress', 'networkPolicy', 'podDisruptionBudget', 'horizontalPodAutoscaler'),
      ...off('keda', 'keda.scaledObject', 'persistentVolumeClaim', 'configMap', 'secret', 'externalSecret'),
      'deployment.replicas': 1,
      'service.type': 'ClusterIP',
      'serviceAccount.create': false,
      'podDisruptionBudget.minAvailable': 1,
      'horizontalPodAutoscaler.minReplicas': 1,
      'persistentVolumeClaim.accessMode': 'ReadWriteOnce',
      'externalSecret.secretStore.name': 'vault-backend',
      'externalSecret.refreshInterval': '2s',
    });
  });

  it('marks the keys that do nothing (and only them) for editors and lint, in the full schema only', () => {
    const marked: Record<string, string> = {};
    const walk = (node: Record<string, unknown>, path: string) => {
      if (typeof node.deprecationMessage === 'string') marked[path] = node.deprecationMessage;
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>))
        walk(child, path ? `${path}.${key}` : key);
    };
    walk(schema, '');
    expect(Object.keys(marked)).toEqual(['image.imagePullSecrets', 'persistentVolumeClaim.mountPVC']);
    expect(marked['image.imagePullSecrets']).toMatch(/did you mean image\.pullSecrets\?/);
    expect(marked['persistentVolumeClaim.mountPVC']).toMatch(/mountPath/);
    expect(JSON.stringify(helmChecked)).not.toContain('deprecationMessage');
  });

  it('lists the values of each fixed set in its description, as editors show it', () => {
    const { properties } = schema;
    expect(properties.service.properties.type.description).toBe('Service type. One of: ClusterIP, NodePort, LoadBalancer.');
    expect(properties.image.properties.pullPolicy.description).toBe('Image pull policy. One of: Always, IfNotPresent, Never.');
    expect(properties.persistentVolumeClaim.properties.volumeMode.description).toMatch(/One of: Filesystem, Block, \.$/);
  });

  it('has a "# --" comment on every key of values.yaml', () => {
    const lines = readFileSync(join(chartDir, 'values.yaml'), 'utf8').split('\n');
    const bare = lines.flatMap((line, i) =>
      /^\s*[A-Za-z][\w]*:/.test(line) && !/^\s*# /.test(lines[i - 1] ?? '') ? [`${i + 1}: ${line}`] : [],
    );
    expect(bare).toEqual([]);
  });

  it('types a map the schema leaves open as one that names no key, and one it closes without room for another', async () => {
    const closed = { type: 'object' as const, additionalProperties: false, properties: { tag: { type: 'string' as const } } };
    const types = await valuesTypes(
      { type: 'object', additionalProperties: false, properties: { image: closed, global: { type: 'object' } } },
      '',
    );
    expect(types).toBe('export interface Values {\n  image?: {\n    tag?: string;\n  };\n  global?: {};\n}\n');
  });

  it('writes a key of values.yaml whose map has a default of its own as that default, its keys otherwise', () => {
    const root = obj('Values.', {
      probe: obj('A probe.', { path: str('Its path.'), port: int('Its port.') }, { default: { path: '/healthz' } }),
      limits: obj('Limits.', { cpu: str('CPU.', { default: '1' }) }),
    });
    expect(valuesYaml(root).split('\n').slice(3)).toEqual([
      '# -- A probe.',
      'probe:',
      '  path: /healthz',
      '',
      '# -- Limits.',
      'limits:',
      '  # -- CPU.',
      '  cpu: "1"',
      '',
    ]);
  });

  it('keeps every line of values.yaml within 110 columns, nested keys and the "# --" line too', () => {
    const lines = readFileSync(join(chartDir, 'values.yaml'), 'utf8').split('\n');
    expect(lines.flatMap((line, i) => (line.length > 110 ? [`${i + 1}: ${line}`] : []))).toEqual([]);
  });

  it('wraps a description at exactly 110 columns, its "# --" on the first line only, and writes defaults and examples whole', () => {
    const long = `${'a'.repeat(50)} ${'b'.repeat(54)} ${'c'.repeat(10)}`;
    const banner = 'Deployed by the platform team of the shop, with every change reviewed by two people before it ships.';
    const root = obj('Values.', {
      owner: str(long, { default: banner, example: 'team-a' }),
      debug: bool('Debug logs.', { example: false }),
    });
    expect(valuesYaml(root).split('\n').slice(3)).toEqual([
      `# -- ${'a'.repeat(50)} ${'b'.repeat(54)}`,
      `# ${'c'.repeat(10)}`,
      `owner: ${banner}`,
      '  # team-a',
      '',
      '# -- Debug logs.',
      'debug:',
      '  # false',
      '',
    ]);
  });

  it('lets a key narrow what its kind of node allows: a port its range, a map its entries, a count its bounds', () => {
    expect(port('Node port.', { keywords: { minimum: 30000, maximum: 32767 } }).schema).toMatchObject({ minimum: 30000, maximum: 32767 });
    expect(mapOf('Jobs.', obj('A job.', {}), { keywords: { maxProperties: 10 } }).schema).toMatchObject({ maxProperties: 10 });
    expect(count('Retries.', { keywords: { minimum: 1, maximum: 10 } }).schema).toMatchObject({ minimum: 1, maximum: 10 });
  });

  it('holds in values.editor.schema.json the Kubernetes definitions the values refer to, and no other', () => {
    const schema = JSON.parse(readFileSync(join(chartDir, 'values.editor.schema.json'), 'utf8')) as JSONSchema7;
    const text = JSON.stringify({ ...schema, definitions: undefined });
    const referred = new Set<string>();
    const queue = [...text.matchAll(/"#\/definitions\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (referred.has(name)) continue;
      referred.add(name);
      for (const m of JSON.stringify(schema.definitions?.[name]).matchAll(/"#\/definitions\/([^"]+)"/g))
        queue.push(decodeURIComponent(m[1]));
    }
    expect(Object.keys(schema.definitions ?? {}).sort()).toEqual([...referred].sort());
  });
});

describe.each(HELMS)('Helm %i', (helm) => {
  // Every example env under one Helm or the other, taken in turn: lint's strict render (a missing key is an error)
  // is Go's template engine in both, and examples.test.ts renders every env under both.
  it('lints every other example env with --strict', async () => {
    for (const example of exampleEnvs().filter((_, i) => HELMS[i % HELMS.length] === helm)) {
      const plan = planRender({ appDir: join(examplesDir, example.app), env: example.env, values: [platformValues] });
      const args = ['lint', '--strict', chartDir, '--namespace', plan.namespace, ...plan.valueFiles.flatMap((f) => ['--values', f])];
      const result = await runHelm(helmFor(helm), args);
      expect(result.exitCode, `${example.app}/${example.env}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  const typos: [string, string, RegExp][] = [
    ['deployment.replicsa', 'deployment:\n  replicsa: 2\n', /replicsa/],
    ['deployment.replicas as a string', 'deployment:\n  replicas: two\n', /deployment(\.|\/)replicas/],
    ['deployment.envVariables[0].vaule', 'deployment:\n  envVariables:\n    - name: A\n      vaule: b\n', /vaule/],
    ['service.tpye', 'service:\n  tpye: LoadBalancer\n', /tpye/],
    ['service.type not a Service type', 'service:\n  type: Loadbalancer\n', /service(\.|\/)type/],
    [
      'service.ports[0].protocol',
      'service:\n  ports:\n    - name: dns\n      port: 53\n      protocol: udp\n',
      /service(\.|\/)ports(\.|\/)0(\.|\/)protocol/,
    ],
    ['image.repo', 'image:\n  repo: nginx\n', /repo/],
    ['image.port out of range', 'image:\n  port: 70000\n', /image(\.|\/)port/],
    ['ingress.entires', 'ingress:\n  entires: []\n', /entires/],
    [
      'ingress.entries[0].hosts[0].hostnme',
      'ingress:\n  entries:\n    - name: a\n      hosts:\n        - hostnme: a.example.com\n',
      /hostnme/,
    ],
  ];
  it.each(typos)('rejects %s, naming it', async (_name, text, message) => {
    const result = await template(helm, [text]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/schema/);
    expect(result.stderr).toMatch(message);
  });

  it('keeps the root open, allows global, and accepts null for keys an env file clears', async () => {
    const objects = await render(helm, [
      'captain_domain: example.com\nglobal:\n  anything: 1\ndeployment:\n  enabled: true\n  resources:\n    limits:\n      cpu: 1\n',
      'deployment:\n  resources: null\n  envVariables: null\nservice: null\n',
    ]);
    expect(objects.map((o) => o.kind)).toEqual(['Deployment']);
  });
});

// The Kubernetes definitions the values schema keeps: those its $refs reach, at any depth, and an error naming a
// $ref to a type schema/kubernetes.ts does not export.
const ref = (name: string) => ({ $ref: `#/definitions/${encodeURIComponent(name)}` });

describe('reachableDefinitions', () => {
  const definitions = {
    Probe: { type: 'object' as const, properties: { httpGet: ref('HTTPGetAction'), exec: ref('ExecAction') } },
    HTTPGetAction: { type: 'object' as const, properties: { port: ref('IntOrString') } },
    IntOrString: { type: ['integer' as const, 'string' as const] },
    ExecAction: { type: 'object' as const },
    'Model<IProbe>': { type: 'object' as const },
    // a type that holds itself (JSON schema props do)
    Node: { type: 'object' as const, properties: { children: { type: 'array' as const, items: ref('Node') } } },
    Unused: { type: 'string' as const },
  };

  it('keeps what the refs reach, at any depth and through cycles, sorted by name', () => {
    const schema = { properties: { liveness: { anyOf: [ref('Probe'), { type: 'null' }] }, tree: ref('Node') } };
    const kept = reachableDefinitions(schema, definitions);
    expect(Object.keys(kept)).toEqual(['ExecAction', 'HTTPGetAction', 'IntOrString', 'Node', 'Probe']);
    expect(kept.Probe).toBe(definitions.Probe);
  });

  it('decodes a ref to a name that needs escaping, and ignores refs outside the definitions', () => {
    const schema = { items: [ref('Model<IProbe>'), { $ref: 'https://example.com/other.json' }, { $ref: '#/properties/a' }] };
    expect(Object.keys(reachableDefinitions(schema, definitions))).toEqual(['Model<IProbe>']);
  });

  it('names a ref to a type that is not exported', () => {
    expect(() => reachableDefinitions({ properties: { a: ref('Probe'), b: ref('Lifecycle') } }, definitions)).toThrow(
      'the values schema refers to #/definitions/Lifecycle, which schema/kubernetes.ts does not export',
    );
    expect(() => reachableDefinitions({ properties: { a: ref('Probe') } }, { Probe: definitions.Probe })).toThrow(
      '#/definitions/HTTPGetAction',
    );
  });
});

describe('the shapes of the TypeScript types', () => {
  it('declares a shape of the values that occurs twice once, named after its key, and leaves a small one inline', () => {
    const ports: JSONSchema7 = {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', description: 'The name the port is known by.' },
        port: { type: 'integer', description: 'Its number.' },
      },
    };
    const tags: JSONSchema7 = { type: 'array', items: { type: 'string' } };
    const probe: JSONSchema7 = { type: 'object', properties: { path: { type: 'string' } } };
    const shaped = typesSchema({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { ports, tags, x: { type: 'string' } } },
        // a $ref with a description beside it: the generator would declare a copy of Probe for it
        b: { type: 'object', properties: { ports, tags, probe: { $ref: '#/definitions/Probe', description: 'A probe.' } } },
      },
      definitions: { Probe: probe },
    });
    const [a, b] = ['a', 'b'].map((key) => (shaped.properties?.[key] as JSONSchema7 | undefined)?.properties);
    expect([a?.ports, b?.ports]).toEqual([{ $ref: '#/definitions/Ports' }, { $ref: '#/definitions/Ports' }]);
    expect(b?.probe).toEqual({ $ref: '#/definitions/Probe' });
    expect(shaped.definitions).toEqual({ Probe: { ...probe, title: 'Probe' }, Ports: { ...ports, title: 'Ports' } });
    expect([a?.tags, b?.tags]).toEqual([tags, tags]);
  });
});

describe('the description of a Kubernetes field', () => {
  it('is its first paragraph on one line, cut at a sentence', () => {
    // a paragraph wrapped over lines, as the models' comments may hold it, is kept whole
    expect(shorten('The UID to run the entrypoint\nof the container process.\n\nNote that this field cannot be set.')).toBe(
      'The UID to run the entrypoint of the container process.',
    );
    const long = `${'A sentence of ten words that says one thing only. '.repeat(8)}`;
    expect(shorten(long)).toBe('A sentence of ten words that says one thing only. '.repeat(6).trim());
    expect(shorten('x'.repeat(400))).toBe(`${'x'.repeat(299)}…`);
    // two sentences that join (with their space) to 301 characters: the second is one character too many; to 300, it fits
    const first = `${'a'.repeat(149)}.`;
    expect(shorten(`${first} ${'b'.repeat(149)}.`)).toBe(first);
    expect(shorten(`${first} ${'b'.repeat(148)}. Then more.`)).toBe(`${first} ${'b'.repeat(148)}.`);
  });
});
