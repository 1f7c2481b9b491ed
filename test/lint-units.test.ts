// The parts of lint that need no Helm: reading YAML as Helm does, the config, the partial schema, the
// template and host name checks, and the generated docs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledValidator } from '../scripts/compiled-validator.ts';
import { packageRoot } from '../scripts/install.ts';
import { pointerKeys } from '../scripts/json-pointer.ts';
import { ConfigError, loadConfig, severityFor, type LintConfig } from '../scripts/lint/config.ts';
import { describeServed, releaseOf, servedVersions } from '../scripts/lint/gateway-api.ts';
import { hostCovers, isHostsOnlyRule, matchers, tcpRoutePriority } from '../scripts/lint/k8s.ts';
import { lint } from '../scripts/lint/index.ts';
import { parseRender } from '../scripts/lint/rendered.ts';
import { objectsContext } from './rule-context.ts';
import { exampleFiles } from '../scripts/lint/rule-examples.ts';
import type { ObjectsContext } from '../scripts/lint/rules/rule.ts';
import { generatedDocs } from '../scripts/lint/write-docs.ts';
import { RULE_IDS, ruleById } from '../scripts/lint/rules/index.ts';
import { hostnameProblem } from '../scripts/lint/rules/routing.ts';
import { foreignActions } from '../scripts/lint/rules/values.ts';
import { chartDefaults, coalesce, mergeFiles } from '../scripts/lint/merge.ts';
import { chartSchema, checkFileSchema, checkMergedSchema, partialSchema } from '../scripts/lint/values-schema.ts';
import { helmScalar, nodeAt, parseValuesFile, readHelmYaml } from '../scripts/lint/yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'app-chart-lint-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (text: string, name = `f${n++}.yaml`) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const parse = (text: string) => parseValuesFile(write(text));
/** A chart of a repo's own (the config's `chart:`) with this values schema. */
const chartWith = (name: string, schema: object) => {
  const chart = join(dir, name);
  mkdirSync(chart, { recursive: true });
  writeFileSync(join(chart, 'values.schema.json'), JSON.stringify(schema));
  return chart;
};

describe('values read as Helm reads them', () => {
  // measured with Helm 3.18 and 4.1 (scripts/lint/yaml.ts)
  it.each([
    ['on', true],
    ['y', true],
    ['Yes', true],
    ['n', false],
    ['OFF', false],
    ['010', 8],
    ['0o17', 15],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1.10', 1.1],
    ['2.0', 2],
    ['1e3', 1000],
    ['1:30', '1:30'],
    ['~', null],
    ['', null],
    ['08', 8],
    ['v1.10', 'v1.10'],
  ])('%s is %j', (source, value) => {
    expect(helmScalar(source)).toEqual(value);
  });

  it('turns boolean-looking keys into "true" / "false" and reports them', () => {
    const parsed = parse('nodeSelector:\n  on: spot\n  "off": quoted\n');
    expect(parsed.values).toEqual({ nodeSelector: { true: 'spot', off: 'quoted' } });
    expect(parsed.findings.map((f) => [f.rule, f.line, f.col])).toEqual([['yaml-boolean-key', 2, 3]]);
  });

  it('reports values that are booleans only to YAML 1.1 (yes, On, n), never true or false in any case', () => {
    const parsed = parse('a: True\nb: FALSE\nc: true\nd: yes\ne: On\nf: n\ng: tRUE\n');
    expect(parsed.values).toEqual({ a: true, b: false, c: true, d: true, e: true, f: false, g: 'tRUE' });
    expect(parsed.findings.map((f) => [f.rule, f.line])).toEqual([
      ['yaml-boolean-value', 4],
      ['yaml-boolean-value', 5],
      ['yaml-boolean-value', 6],
    ]);
  });

  it('reports two keys that only Helm reads as the same', () => {
    const parsed = parse('a:\n  yes: 1\n  on: 2\n');
    const duplicate = parsed.findings.find((f) => f.rule === 'yaml-duplicate-key');
    expect(duplicate).toMatchObject({ line: 3, col: 3 });
    expect(duplicate?.message).toContain('(both are the key "true" to Helm)');
    expect(parsed.values).toEqual({ a: { true: 2 } });
  });

  it('applies a merge key as Helm does, and points a merged path at the map it comes from', () => {
    const parsed = parse('base: &b {a: 1, b: 2}\nother:\n  b: 0\n  <<: *b\n  c: 3\n');
    expect(parsed.findings).toEqual([]);
    // the merge overwrites b, written before it
    expect(parsed.values).toEqual({ base: { a: 1, b: 2 }, other: { a: 1, b: 2, c: 3 } });
    expect(nodeAt(parsed, ['other', 'b'])?.key).toMatchObject({ value: 'b', range: [16, 17, 17] });
    expect(nodeAt(parsed, ['other', 'c'])?.key).toMatchObject({ value: 'c', range: [47, 48, 48] });
  });

  it('leaves quoted words, file modes and plain versions alone', () => {
    const parsed = parse('a: "yes"\nb: \'010\'\nvolumes:\n  - defaultMode: 0644\ntag: 1.5\nc: "1.10"\n');
    expect(parsed.findings).toEqual([]);
    expect(parsed.values).toEqual({ a: 'yes', b: '010', volumes: [{ defaultMode: 420 }], tag: 1.5, c: '1.10' });
  });

  it('reports a second document and a tab inside a custom resource text', () => {
    expect(parse('a: 1\n---\nb: 2\n').findings.map((f) => [f.rule, f.line])).toEqual([['yaml-syntax', 2]]);
    const tab = parse('customResources:\n  - |\n    kind: ConfigMap\n    metadata:\n    \tname: x\n');
    expect(tab.findings.map((f) => [f.rule, f.line, f.col])).toEqual([['yaml-tab', 5, 5]]);
  });

  it('says a values file must be a map', () => {
    const parsed = parse('- a\n- b\n');
    expect(parsed.ok).toBe(false);
    expect(parsed.findings[0].message).toContain('must be a map of keys');
  });
});

describe('rendered objects', () => {
  it('are in the app namespace unless metadata.namespace names another: "" is the release namespace, as Helm and kubectl take it', () => {
    const output = ['default', '""', null]
      .map(
        (ns, i) =>
          `---\n# Source: app/templates/x.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}${ns ? `\n  namespace: ${ns}` : ''}\n`,
      )
      .join('');
    expect(parseRender(output, 'prod').objects.map((o) => [o.name, o.namespace, o.explicitNamespace])).toEqual([
      ['c0', 'default', true],
      ['c1', 'prod', false],
      ['c2', 'prod', false],
    ]);
  });
});

describe('JSON pointers', () => {
  it('unescape ~1 as / and ~0 as ~, in that order (RFC 6901): "~01" is the key "~1"', () => {
    expect(pointerKeys('/annotations/a~1b/c~0d/e~01')).toEqual(['annotations', 'a/b', 'c~d', 'e~1']);
  });
});

describe('compiled validators', () => {
  it('are kept apart by the ajv options they were compiled with', () => {
    const cache = mkdtempSync(join(dir, 'validators-'));
    const schema = { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } } } as const;
    const first = compiledValidator(schema, {}, cache);
    first({ a: 'x', b: 'y' });
    expect(first.errors).toHaveLength(1);
    const all = compiledValidator(schema, { allErrors: true }, cache);
    all({ a: 'x', b: 'y' });
    expect(all.errors).toHaveLength(2);
  });

  it('still validate when the cache cannot be written, and write nothing', () => {
    // a file where the cache folder should be: the process may not create the folder
    const blocked = join(write('not a folder'), 'validators');
    const validate = compiledValidator({ type: 'integer' }, {}, undefined, blocked);
    expect([validate(1), validate('1')]).toEqual([true, false]);
    expect(validate.errors?.[0]?.message).toBe('must be integer');
  });
});

describe('the partial schema', () => {
  it('requires nothing and drops conditions across keys, but keeps how one value tells its forms apart', () => {
    const partial = JSON.stringify(partialSchema(chartSchema()));
    expect(partial).not.toMatch(/"(if|then|else)":/);
    const custom = partialSchema(chartSchema()).properties?.customResources as { items: { anyOf: { required?: string[] }[] } };
    expect(custom.items.anyOf.some((form) => form.required?.includes('verbatim'))).toBe(true);
    const stripped = (node: unknown, inAlternative: boolean): boolean => {
      if (!node || typeof node !== 'object') return true;
      return Object.entries(node).every(([key, value]) =>
        key === 'required' ? inAlternative : stripped(value, inAlternative || ['anyOf', 'oneOf', 'not'].includes(key)),
      );
    };
    expect(stripped(partialSchema(chartSchema()), false)).toBe(true);
  });

  it("keeps a chart's values keys named like schema keywords, and drops what they require", () => {
    // a chart of the repo's own (the config's `chart:`), whose values have keys named `dependencies`, `required`, `default`
    const chart = chartWith('keyword-keys-chart', {
      type: 'object',
      additionalProperties: false,
      properties: {
        dependencies: { type: 'array', items: { type: 'string' } },
        required: { type: 'boolean' },
        default: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
    });
    const alone = (text: string) => checkFileSchema(parse(text), chart).map((f) => f.message);
    // another file may give default.name: only the merged values must have it
    expect(alone('dependencies: [redis]\nrequired: true\ndefault: {}\n')).toEqual([]);
    expect(alone('dependencies: redis\nrequired: "yes"\n')).toEqual([
      'dependencies: must be a list, not string "redis"',
      'required: must be a boolean, not string "yes"',
    ]);
    expect(checkMergedSchema({ default: {} }, [], chart).map((f) => f.message)).toEqual([
      'default: is missing "name", which this item needs',
    ]);
  });

  it('checks one file with the partial schema and the merged values with the full one, both in one run', () => {
    // a cron job without its schedule: another file may give it, so only the merged values lack it
    const parsed = parseValuesFile(
      write('cronJob:\n  enabled: true\n  jobs:\n    backup:\n      command: [/backup]\n', 'partial-vs-full.yaml'),
    );
    for (let round = 0; round < 2; round++) {
      expect(checkFileSchema(parsed)).toEqual([]);
      expect(
        checkMergedSchema(coalesce(chartDefaults(), parsed.values as Record<string, unknown>), [parsed]).map((f) => f.message),
      ).toEqual(['cronJob.jobs.backup.enabled: when cronJob.jobs.backup.enabled is not false, set cronJob.jobs.backup.schedule']);
    }
  });
});

describe("the chart schema's findings in words", () => {
  const merged = (text: string) => {
    const parsed = parse(text);
    return {
      alone: checkFileSchema(parsed).map((f) => f.message),
      merged: checkMergedSchema(coalesce(chartDefaults(), parsed.values as Record<string, unknown>), [parsed]).map((f) => f.message),
    };
  };

  it('say the bound, the form or the forms a value breaks, and what an item of a list lacks', () => {
    const { alone, merged: all } = merged(
      'appPort: 0\nimage:\n  digest: "sha256:xyz"\n  useChartVersionAsTagFallback: maybe\nnetworkPolicy:\n  ports:\n    - protocol: TCP\n',
    );
    const forms = [
      'appPort: must be >= 1 (it is 0)',
      'image.digest: "sha256:xyz" does not have the expected form (pattern ^$|^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$)',
      'image.useChartVersionAsTagFallback: is not any of the forms this key takes: Fall back to the chart version when ' +
        'neither tag nor appVersion is set: true or false, or "true" / "false" in any case.',
    ];
    expect(alone).toEqual(forms);
    // a list replaces the other files' list: only the merged values can lack an item's key
    expect(all).toEqual([...forms, 'networkPolicy.ports[0]: is missing "port", which this item needs']);
  });

  it('name a map, a list or null by its kind, and the keys of a map that may also be null', () => {
    expect(
      merged('appPort: [1]\ndeployment:\n  replicas: {a: 1}\n  resources:\n    limts: {}\n  securityContext:\n    runAsUsr: 1\n').alone,
    ).toEqual([
      'appPort: must be an integer, not list',
      'deployment.replicas: must be an integer, not map',
      'deployment.resources.limts: unknown key; did you mean "limits"?',
      'deployment.securityContext.runAsUsr: unknown key; did you mean "runAsUser"?',
    ]);
    // "not any of the forms" stays where no problem inside the value says what is wrong: a value of another type
    expect(merged('deployment:\n  resources: 5\n').alone).toEqual([
      'deployment.resources: must be a map, not integer 5',
      'deployment.resources: is not any of the forms this key takes: Resource requests and limits of the main container.',
    ]);
  });

  it('tell a quoted boolean or number to lose its quotes only where the value then fits, and guess a misspelt choice', () => {
    expect(
      merged(
        'deployment:\n  enabled: "True"\n  replicas: "-3"\n  revisionHistoryLimit: "2.5"\n  hostNetwork: "yes"\n' +
          'service:\n  type: clusterip\n',
      ).alone,
    ).toEqual([
      'deployment.enabled: must be a boolean, not string "True": remove the quotes',
      'deployment.replicas: must be an integer, not string "-3": remove the quotes',
      // 2.5 without its quotes is still no integer
      'deployment.revisionHistoryLimit: must be an integer, not string "2.5"',
      'deployment.hostNetwork: must be a boolean, not string "yes"',
      'service.type: must be one of ClusterIP, NodePort, LoadBalancer, not "clusterip"; did you mean "ClusterIP"?',
    ]);
  });

  it('name the type a key of a number, a nullable or a string wants, and the fix that makes the value fit', () => {
    const chart = chartWith('typed-keys-chart', {
      type: 'object',
      properties: {
        ratio: { type: 'number' },
        count: { type: 'integer' },
        flag: { type: ['boolean', 'null'] },
        name: { type: 'string' },
        secrets: { type: ['string', 'array', 'null'] },
      },
    });
    const problems = (text: string) => checkFileSchema(parse(text), chart).map((f) => f.message);
    expect(problems('ratio: "-0.5"\ncount: 1.5\nflag: "FALSE"\nname: true\nsecrets: 5\n')).toEqual([
      'ratio: must be a number, not string "-0.5": remove the quotes',
      'count: must be an integer, not number 1.5',
      'flag: must be a boolean, not string "FALSE": remove the quotes',
      'name: must be a string, not boolean true: quote it, "true"',
      // a key that also takes a list (image.imagePullSecrets): quoting is one fix of several, not offered
      'secrets: must be a string or a list, not integer 5',
    ]);
    // a quoted value that is no number even without its quotes
    expect(problems('ratio: "1.5.0"\n')).toEqual(['ratio: must be a number, not string "1.5.0"']);
  });

  it('name the choices of a key that may be null without null, and the forms of a value in a list or a map through a $ref', () => {
    const port = { description: 'A port: its number or its name.', anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[a-z]+$' }] };
    const chart = chartWith('forms-chart', {
      type: 'object',
      properties: {
        protocol: { enum: ['tcp', 'udp', null] },
        ports: { type: 'array', items: { $ref: '#/definitions/Port' } },
        named: { type: 'object', additionalProperties: { $ref: '#/definitions/Port' } },
        bare: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
      },
      definitions: { Port: port },
    });
    const problems = (text: string) => checkFileSchema(parse(text), chart).map((f) => f.message);
    expect(problems('protocol: UPD\nports: [HTTP]\nnamed:\n  web: WEB\nbare: x\n')).toEqual([
      'protocol: must be one of tcp, udp, not "UPD"; did you mean "udp"?',
      'ports[0]: is not any of the forms this key takes: A port: its number or its name.',
      'named.web: is not any of the forms this key takes: A port: its number or its name.',
      'bare: is not any of the forms this key takes',
    ]);
    expect(problems('protocol: 6\n')).toEqual(['protocol: must be one of tcp, udp, not 6']);
  });

  it("say a condition of a chart's own in words: a value set, a key required, under a map, and its else", () => {
    const chart = chartWith('conditions-chart', {
      type: 'object',
      properties: {
        tls: { type: 'object', properties: { enabled: { type: 'boolean' }, secret: { type: 'string' } } },
        proxy: { type: 'string' },
      },
      allOf: [
        {
          if: { properties: { tls: { properties: { enabled: { const: true } }, required: ['enabled'] } }, required: ['tls'] },
          // biome-ignore lint/suspicious/noThenProperty: a JSON schema keyword
          then: { properties: { tls: { required: ['secret'] } } },
        },
        {
          // `type: object` at the root of a condition says nothing of a key
          if: { type: 'object', required: ['proxy'] },
          // biome-ignore lint/suspicious/noThenProperty: a JSON schema keyword
          then: { required: ['noProxy'] },
        },
        { if: { properties: { mode: { const: 'managed' } }, required: ['mode'] }, else: { required: ['endpoint'] } },
        {
          if: { properties: { mode: { const: 'local' }, replicas: { const: 1 } }, required: ['mode', 'replicas'] },
          else: { required: ['storage'] },
        },
      ],
    });
    const parsed = parse('tls:\n  enabled: true\nproxy: http://proxy:3128\n');
    expect(checkFileSchema(parsed, chart)).toEqual([]);
    expect(checkMergedSchema(parsed.values, [parsed], chart).map((f) => f.message)).toEqual([
      'tls.enabled: when tls.enabled is true, set tls.secret',
      '(root): when proxy is set, set noProxy',
      // the else of a condition applies where the condition does not hold
      'mode: when mode is not "managed", set endpoint',
      'mode: when not (mode is "local" and replicas is 1), set storage',
    ]);
  });

  it('name the item of a map of named items that breaks a condition, and what it lacks', () => {
    // a cron job's schedule: needed unless the job is disabled
    const jobs = merged('cronJob:\n  enabled: true\n  jobs:\n    nightly:\n      command: [run]\n    paused:\n      enabled: false\n');
    expect(jobs.merged).toEqual([
      'cronJob.jobs.nightly.enabled: when cronJob.jobs.nightly.enabled is not false, set cronJob.jobs.nightly.schedule',
    ]);
    // an item that may be left empty and is not: what the item lacks, not "any of the forms"
    const claims = merged(
      'statefulSet:\n  enabled: true\n  volumeClaimTemplates:\n    data:\n      requestsStorage: 1Gi\n    empty: null\n',
    );
    expect(claims.merged).toEqual(['statefulSet.volumeClaimTemplates.data: is missing "mountPath", which this item needs']);
  });

  it('say which keys would satisfy a condition, and which to avoid', () => {
    expect(
      merged(
        'horizontalPodAutoscaler:\n  enabled: true\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 50\n' +
          'keda:\n  enabled: true\n  scaledObject:\n    enabled: true\n',
      ).merged,
    ).toEqual([
      'horizontalPodAutoscaler.enabled: when horizontalPodAutoscaler.enabled is true, set deployment.enabled to true or set statefulSet.enabled to true',
      'horizontalPodAutoscaler.enabled: when horizontalPodAutoscaler.enabled is true, avoid (keda.enabled is true and keda.scaledObject.enabled is true)',
    ]);
  });
});

describe('app-chart.config.yaml', () => {
  const configFile = (text: string) => write(text, `app-chart.config.${n++}.yaml`);

  it("reads the platform's Gateway API, namespaces and networks, with defaults for what it leaves out", () => {
    const config = loadConfig(
      configFile(
        'gatewayAPI:\n  version: v1.6\nnamespaceLabels:\n  staging: {team: dns}\nclusterNetwork:\n  podCIDRs: [10.244.0.0/16]\ntraefikRuleSyntax: v2\n',
      ),
      RULE_IDS,
    );
    expect(config.gatewayAPI).toEqual({ version: 'v1.6', channel: 'standard', gateways: [] });
    expect(config.clusterNetwork).toEqual({ podCIDRs: ['10.244.0.0/16'], serviceCIDRs: [] });
    expect(config.namespaceLabels).toEqual({ staging: { team: 'dns' } });
    expect(config.traefikRuleSyntax).toBe('v2');
    expect(loadConfig(configFile('rules: {}\n'), RULE_IDS).traefikRuleSyntax).toBe('v3');
  });

  it('reads a valid config, with `off` as a word', () => {
    const config = loadConfig(
      configFile('entryPoints: [web]\nrules:\n  root-key-unused: off\noverrides:\n  - apps: [db]\n    rules: {env-literal-secret: warn}\n'),
      RULE_IDS,
    );
    expect(config.entryPoints).toEqual(['web']);
    expect(severityFor(config, 'root-key-unused', 'warn', 'web', 'prod')).toBe('off');
    expect(severityFor(config, 'env-literal-secret', 'error', 'db', 'prod')).toBe('warn');
    expect(severityFor(config, 'env-literal-secret', 'error', 'web', 'prod')).toBe('error');
  });

  it.each([
    ['entrypoints: [web]\n', /:1:1: entrypoints: unknown setting; did you mean "entryPoints"\?/],
    ['rules:\n  root-key-unsued: off\n', /:2:3: no rule "root-key-unsued"; did you mean "root-key-unused"\?/],
    ['rules:\n  yaml-tab: fatal\n', /:2:3: rules\.yaml-tab: must be equal to one of the allowed values/],
    ['platformValuesFiles: [missing.yaml]\n', /:1:23: .*missing\.yaml: no such values file/],
    ['entryPoints: [web\n', /:2:1: Flow sequence .* end with a \]: fix the YAML here/],
    [
      'clusterNetwork:\n  podCIDRs: [10.244.0.0/16, 10.300.0.0/16]\n',
      /:2:29: clusterNetwork\.podCIDRs\[1\]: "10\.300\.0\.0\/16" is not an address range/,
    ],
    ['gatewayAPI:\n  version: latest\n', /:2:3: gatewayAPI\.version: must match pattern/],
    ['gatewayAPI:\n  chanel: standard\n', /:2:3: gatewayAPI\.chanel: unknown setting/],
    ['traefikRuleSyntax: v1\n', /:1:1: traefikRuleSyntax: must be equal to one of the allowed values/],
  ])('rejects %j with file, line and key', (text, message) => {
    const file = configFile(text);
    expect(() => loadConfig(file, RULE_IDS)).toThrow(ConfigError);
    expect(() => loadConfig(file, RULE_IDS)).toThrow(message);
  });
});

describe('templates of other engines', () => {
  it.each([
    ['summary: "{{ $labels.instance }} is down"', '{{ $labels.instance }}'],
    ['value: "{{ $value }}"', '{{ $value }}'],
    ['name: "{{cluster}}"', '{{cluster}}'],
    ['path: "{{path.basename}}"', '{{path.basename}}'],
    ['path: "{{ .path.basename }}"', '{{ .path.basename }}'],
  ])('flags %s', (text, action) => {
    expect(foreignActions(text).map((a) => a.action)).toEqual([action]);
  });

  it.each([
    'name: {{ include "app.name" . }}',
    'host: {{ .Values.captain_domain }}',
    '{{- $name := include "app.name" . }}name: {{ $name }}',
    '{{ range $i, $p := .Values.ports }}{{ $p }}{{ end }}',
    '{{ range .Values.ports }}- {{ .name }}{{ end }}',
    '{{ if .Release.IsInstall }}{{ else }}{{ end }}',
    '{{/* a comment */}}',
  ])('leaves Helm templates alone: %s', (text) => {
    expect(foreignActions(text)).toEqual([]);
  });
});

describe('host names', () => {
  it.each([
    ['db.apps.example.com', undefined],
    ['*.apps.example.com', undefined],
    ['db.apps.', 'ends with a dot'],
    ['.example.com', 'starts with a dot'],
    ['db..example.com', 'has an empty part'],
    ['{{ .Values.captain_domain }}', 'never rendered'],
    ['DB.example.com', 'upper-case'],
    ['db_1.example.com', 'not a DNS label'],
    ['', 'is empty'],
    // the second form of each: a template's closing braces alone, any white space, a hyphen at either end of a part
    ['db.{{ .Values.x', 'never rendered'],
    ['db.}}.example.com', 'never rendered'],
    ['db example.com', 'contains spaces'],
    ['db.example.com\t', 'contains spaces'],
    ['db-.example.com', 'not a DNS label ("db-"'],
    ['-db.example.com', 'not a DNS label ("-db"'],
    ['db-1.x9.example.com', undefined],
    ['*.', 'not a DNS label'],
    ['a.*.example.com', 'not a DNS label ("*"'],
    // the limits of RFC 1123: 63 characters a part, 253 the name
    [`${'a'.repeat(63)}.example.com`, undefined],
    [`${'a'.repeat(64)}.example.com`, 'has a part longer than 63 characters'],
    [`${'a.'.repeat(126)}a`, undefined],
    [`${'a.'.repeat(126)}ab`, 'is longer than 253 characters'],
  ])('%j: %s', (host, problem) => {
    if (problem === undefined) expect(hostnameProblem(host)).toBeUndefined();
    else expect(hostnameProblem(host)).toContain(problem);
  });
});

describe('docs/lint-rules.md and the lint schemas', () => {
  it.each(Object.keys(generatedDocs()))('%s is up to date (npm run lint-docs)', (file) => {
    expect(readFileSync(join(packageRoot, file), 'utf8'), `${file} is stale: run npm run lint-docs`).toBe(generatedDocs()[file]);
  });

  it('documents every rule with why, fix and example', () => {
    const doc = generatedDocs()['docs/lint-rules.md'];
    for (const id of RULE_IDS) expect(doc).toContain(`### ${id}\n`);
  });
});

describe('Gateway API releases and channels', () => {
  it('knows where each version of the L4 routes is served', () => {
    expect(servedVersions('v1.6', 'standard', 'TCPRoute')).toEqual([{ version: 'v1', deprecated: false }]);
    expect(servedVersions('v1.6', 'experimental', 'UDPRoute')).toEqual([
      { version: 'v1', deprecated: false },
      { version: 'v1alpha2', deprecated: true },
    ]);
    expect(servedVersions('v1.5', 'standard', 'TCPRoute')).toBeUndefined();
    expect(servedVersions('v1.5', 'standard', 'TLSRoute')).toEqual([{ version: 'v1', deprecated: false }]);
    // the v1.5 release notes say TLSRoute v1alpha2 left the experimental channel; the CRDs v1.5.0 to v1.6.1 ship still serve it
    expect(servedVersions('v1.6', 'experimental', 'TLSRoute')?.map((v) => `${v.version}${v.deprecated ? '!' : ''}`)).toEqual([
      'v1',
      'v1alpha2!',
      'v1alpha3!',
    ]);
    expect(describeServed('TCPRoute', 'v1alpha2')).toBe('experimental v1.0–v1.6 (deprecated from v1.6)');
    expect(describeServed('TCPRoute', 'v1')).toBe('standard v1.6; experimental v1.6');
    expect(describeServed('TCPRoute', 'v1beta1')).toBe('no release');
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(servedVersions('v1.6', 'standard', kind)).toBeUndefined();
    expect(servedVersions('constructor', 'standard', 'TCPRoute')).toBeUndefined();
  });

  it('serves the L4 routes as v1alpha2 in the experimental channel of every release, and says from when a version is deprecated', () => {
    const releases = ['v1.0', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6'];
    for (const kind of ['TCPRoute', 'TLSRoute', 'UDPRoute']) {
      const served = releases.filter((r) => servedVersions(r, 'experimental', kind)?.some((v) => v.version === 'v1alpha2'));
      expect(served, kind).toEqual(releases);
    }
    // TLSRoute v1alpha2 is deprecated in v1.5 and in v1.6: the first of them is named
    expect(describeServed('TLSRoute', 'v1alpha2')).toBe('experimental v1.0–v1.6 (deprecated from v1.5)');
  });

  it.each([
    ['v1.6', { release: 'v1.6', beyond: false }],
    ['1.5.1', { release: 'v1.5', beyond: false }],
    ['v1.7.0', { release: 'v1.6', beyond: true }],
    ['v2.0', { release: 'v1.6', beyond: true }],
    ['v0.8', undefined],
    ['latest', undefined],
  ])('reads the configured version %s', (version, expected) => {
    expect(releaseOf(version)).toEqual(expected);
  });
});

describe('Traefik TCP routes as the TCP router sees them', () => {
  it('reads the arguments of a matcher in backquotes or in double quotes (escapes undone), as Traefik does', () => {
    expect(matchers('HostSNI(`a.example.com`, "b.example.com") && ClientIP("10.0.0.0/8")')).toEqual([
      { name: 'HostSNI', args: ['a.example.com', 'b.example.com'] },
      { name: 'ClientIP', args: ['10.0.0.0/8'] },
    ]);
    expect(matchers('HostSNI("a\\"b.example.com", "c\\\\d", `e\\f`)')).toEqual([
      { name: 'HostSNI', args: ['a"b.example.com', 'c\\d', 'e\\f'] },
    ]);
  });

  it.each([
    ['HostSNI(`db.example.com`)', 25],
    ['HostSNI(`*`)', -1],
    ['HostSNI(`*`) && ClientIP(`10.0.0.0/8`)', 38],
  ])('gives %s the default priority %i', (match, priority) => {
    expect(tcpRoutePriority({ match })).toBe(priority);
    expect(tcpRoutePriority({ match, priority: 7 })).toBe(7);
    // Traefik takes priority 0 as unset (the field's zero value): the route keeps its default priority
    expect(tcpRoutePriority({ match, priority: 0 })).toBe(priority);
  });

  it.each([
    ['HostSNI(`a`)', true],
    ['HostSNI(`a`) || (HostSNI(`b`))', true],
    ['HostSNI(`a`, `b`)', true],
    ['HostSNI(`a`) && ClientIP(`10.0.0.0/8`)', false],
    ['!HostSNI(`a`)', false],
    ['ClientIP(`10.0.0.0/8`)', false],
  ])('%s takes every connection for its hosts: %s', (rule, expected) => {
    expect(isHostsOnlyRule(rule)).toBe(expected);
  });

  it.each([
    ['*', 'db.example.com', true],
    ['db.example.com', 'db.example.com', true],
    ['*.example.com', 'db.example.com', true],
    ['*.example.com', 'a.db.example.com', false],
    ['*.example.com', '*.example.com', true],
    ['db.example.com', '*.example.com', false],
    ['*.example.com', '*', false],
  ])('HostSNI(`%s`) covers %s: %s', (expression, host, expected) => {
    expect(hostCovers(expression, host)).toBe(expected);
  });
});

describe('rules that read the platform config', () => {
  const run = (id: string, ctx: ObjectsContext) => ruleById(id).objects!(ctx).map((f) => f.message);

  const listRoute = (syntax?: string) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: db
spec:
  routes:
    - match: HostSNI(\`a.example.com\`, \`b.example.com\`)
${syntax ? `      syntax: ${syntax}\n` : ''}      services:
        - name: db-prod
          port: 5432
  tls:
    passthrough: true`;

  it("hostsni-multiple-args follows the syntax in force: the route's, else the platform's default", () => {
    expect(run('hostsni-multiple-args', objectsContext(listRoute(), {}))).toHaveLength(1);
    expect(run('hostsni-multiple-args', objectsContext(listRoute(), { traefikRuleSyntax: 'v2' }))).toEqual([]);
    expect(run('hostsni-multiple-args', objectsContext(listRoute('v2'), {}))).toEqual([]);
    const [message] = run('hostsni-multiple-args', objectsContext(listRoute('v3'), { traefikRuleSyntax: 'v2' }));
    expect(message).toContain('the route sets syntax: v3');
  });

  const policy = (peer: string, direction = 'ingress', key = 'from') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector: {}
  ${direction}:
    - ${key}:
        - ipBlock:
${peer}`;
  const network = { clusterNetwork: { podCIDRs: ['10.244.0.0/16', 'fd00:10:244::/56'], serviceCIDRs: ['10.96.0.0/12'] } };

  it.each([
    ['            cidr: 10.0.0.0/8', "contains the cluster's pod range 10.244.0.0/16"],
    ['            cidr: 10.244.3.0/24', "lies inside the cluster's pod range 10.244.0.0/16"],
    ['            cidr: fd00::/8', "contains the cluster's pod range fd00:10:244::/56"],
    ['            cidr: 10.0.0.0/8\n            except: [10.244.0.0/16, 10.96.0.0/12]', undefined],
    ['            cidr: 10.0.0.0/8\n            except: [10.244.0.0/16]', "covers the cluster's Service range 10.96.0.0/12"],
    ['            cidr: 192.0.2.0/24', undefined],
  ])('networkpolicy-cluster-cidr: %s', (peer, expected) => {
    const messages = run('networkpolicy-cluster-cidr', objectsContext(policy(peer), network));
    if (expected === undefined) expect(messages).toEqual([]);
    else expect(messages.join('\n')).toContain(expected);
  });

  it('database-port-unrestricted: a NetworkPolicy of every pod of the namespace (podSelector {}) restricts the app too', () => {
    const service = `
apiVersion: v1
kind: Service
metadata:
  name: db-prod
spec:
  type: LoadBalancer
  ports:
    - port: 5432
      targetPort: 5432`;
    expect(run('database-port-unrestricted', objectsContext(service, {}))).toHaveLength(1);
    expect(run('database-port-unrestricted', objectsContext(`${service}\n---\n${policy('            cidr: 192.0.2.0/24')}`, {}))).toEqual(
      [],
    );
  });

  it('database-port-unrestricted: a Traefik route is private on private entryPoints only, allow-listed by a middleware of its namespace only', () => {
    const route = (entryPoints: string, middleware = '') => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: db
spec:
  entryPoints: [${entryPoints}]
  routes:
    - match: HostSNI(\`*\`)
      services:
        - name: db-prod
          port: 5432${middleware}`;
    const found = (doc: string, config: Partial<LintConfig>) => run('database-port-unrestricted', objectsContext(doc, config));
    expect(found(route('internal'), { privateEntryPoints: ['internal'] })).toEqual([]);
    expect(found(route('internal, websecure'), { privateEntryPoints: ['internal'] })).toHaveLength(1);
    const allow = '\n      middlewares:\n        - name: allow-office';
    const platform = (namespace: string) => [{ name: 'allow-office', namespace, ipAllowList: true }] as never;
    expect(found(route('websecure', allow), { middlewares: platform('prod') })).toEqual([]);
    expect(found(route('websecure', allow), { middlewares: platform('other') })).toHaveLength(1);
  });

  it('networkpolicy-cluster-cidr: egress to the pod range, and silence without clusterNetwork', () => {
    expect(run('networkpolicy-cluster-cidr', objectsContext(policy('            cidr: 10.0.0.0/8', 'egress', 'to'), network))).toEqual([
      expect.stringMatching(
        /^NetworkPolicy\/db egress ipBlock 10\.0\.0\.0\/8 contains the cluster's pod range 10\.244\.0\.0\/16, so it allows connections to every pod of the cluster, in every namespace\. /,
      ),
    ]);
    expect(run('networkpolicy-cluster-cidr', objectsContext(policy('            cidr: 10.0.0.0/8'), {}))).toEqual([]);
  });

  const tcpRoute = (apiVersion: string, extra = '') => `
apiVersion: ${apiVersion}
kind: TCPRoute
metadata:
  name: db
spec:
  parentRefs:
    - name: l4
      namespace: gateway-system
      sectionName: pg${extra}
  rules:
    - backendRefs:
        - name: db-prod
          port: 5432`;

  it.each([
    ['v1.6', 'standard', 'gateway.networking.k8s.io/v1', [], []],
    [
      'v1.5',
      'experimental',
      'gateway.networking.k8s.io/v1',
      [
        'serves TCPRoute as gateway.networking.k8s.io/v1alpha2; gateway.networking.k8s.io/v1 is served by standard v1.6; experimental v1.6: use gateway.networking.k8s.io/v1alpha2',
      ],
      [],
    ],
    [
      'v1.5',
      'standard',
      'gateway.networking.k8s.io/v1',
      [
        'Gateway API v1.5, standard channel has no TCPRoute; gateway.networking.k8s.io/v1 is served by standard v1.6; experimental v1.6: upgrade the CRDs to v1.6 or later (standard channel), or install the experimental channel of v1.5 and use gateway.networking.k8s.io/v1alpha2',
      ],
      [],
    ],
    [
      'v1.6',
      'standard',
      'gateway.networking.k8s.io/v1alpha2',
      [
        'serves TCPRoute as gateway.networking.k8s.io/v1; gateway.networking.k8s.io/v1alpha2 is served by experimental v1.0–v1.6 (deprecated from v1.6)',
      ],
      [],
    ],
    [
      'v1.6',
      'experimental',
      'gateway.networking.k8s.io/v1alpha2',
      [],
      ["is deprecated in the cluster's Gateway API v1.6, experimental channel"],
    ],
    ['v1.9', 'standard', 'gateway.networking.k8s.io/v1', [], []],
    [undefined, 'standard', 'gateway.networking.k8s.io/v1alpha2', [], ['is deprecated in Gateway API v1.6']],
    [
      undefined,
      'standard',
      'gateway.networking.k8s.io/v1beta1',
      ['exists in no Gateway API release (v1.0–v1.6): use gateway.networking.k8s.io/v1 (standard channel from v1.6)'],
      [],
    ],
  ])('Gateway API %s %s: a TCPRoute of %s', (version, channel, apiVersion, errors, warnings) => {
    const ctx = objectsContext(tcpRoute(apiVersion), { gatewayAPI: { version, channel: channel as 'standard', gateways: [] } });
    const found = (id: string) => run(id, ctx);
    expect(found('gateway-api-version')).toHaveLength(errors.length);
    errors.forEach((e, i) => {
      expect(found('gateway-api-version')[i]).toContain(e);
    });
    expect(found('gateway-api-deprecated')).toHaveLength(warnings.length);
    warnings.forEach((w, i) => {
      expect(found('gateway-api-deprecated')[i]).toContain(w);
    });
  });

  it('gateway-listener: Same is the default, and a Selector sees kubernetes.io/metadata.name and the configured labels', () => {
    const gateway = (namespaces?: object) => ({
      name: 'l4',
      namespace: 'gateway-system',
      listeners: [{ name: 'pg', protocol: 'TCP', port: 5432, ...(namespaces ? { allowedRoutes: { namespaces } } : {}) }],
    });
    const check = (namespaces: object | undefined, labels: Record<string, Record<string, string>> = {}) =>
      run(
        'gateway-listener',
        objectsContext(tcpRoute('gateway.networking.k8s.io/v1'), {
          gatewayAPI: { channel: 'standard', gateways: [gateway(namespaces) as never] },
          namespaceLabels: labels,
        }),
      );
    expect(check(undefined)[0]).toContain('it admits routes of its own namespace (gateway-system) only');
    expect(check({ from: 'All' })).toEqual([]);
    expect(check({ from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } } })).toEqual([]);
    expect(check({ from: 'Selector', selector: { matchLabels: { tier: 'db' } } })[0]).toContain('kubectl label namespace prod tier=db');
    expect(check({ from: 'Selector', selector: { matchLabels: { tier: 'db' } } }, { prod: { tier: 'db' } })).toEqual([]);
    expect(
      check(
        { from: 'Selector', selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] } },
        { prod: { tier: 'web' } },
      ),
    ).toHaveLength(1);
    expect(
      check({ from: 'Selector', selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }, { prod: { tier: 'web' } }),
    ).toEqual([]);
    // DoesNotExist admits a namespace without the label, and refuses one that has it: the fix removes the label
    const unlabelled = { from: 'Selector', selector: { matchExpressions: [{ key: 'restricted', operator: 'DoesNotExist' }] } };
    expect(check(unlabelled, { prod: { tier: 'web' } })).toEqual([]);
    expect(check(unlabelled, { prod: { restricted: 'true' } })[0]).toContain(
      'match restricted DoesNotExist, and namespace prod has restricted=true, kubernetes.io/metadata.name=prod (namespaceLabels in app-chart.config.yaml): label it (kubectl label namespace prod restricted-)',
    );
    // each failed requirement gets its own change; one that only another namespace name meets gets none
    const mixed = {
      from: 'Selector',
      selector: {
        matchLabels: { tier: 'db' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['eu', 'us'] },
          { key: 'team', operator: 'Exists' },
          { key: 'legacy', operator: 'NotIn', values: ['yes'] },
        ],
      },
    };
    expect(check(mixed, { prod: { team: 'data', legacy: 'yes' } })[0]).toContain(
      'label it (kubectl label namespace prod tier=db zone=eu legacy-) and record its labels under namespaceLabels, or attach',
    );
    const byName = { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'staging', tier: 'db' } } };
    expect(check(byName)[0]).toMatch(/\(namespaceLabels in app-chart\.config\.yaml\): attach to a listener that admits prod/);
  });

  it('gateway-listener: a wildcard listener hostname takes the names below it, not the name itself nor one that only ends alike', () => {
    // the TCP route of the tests above as a TLSRoute, with host names
    const tlsRoute = (host: string) =>
      tcpRoute('gateway.networking.k8s.io/v1alpha2', `\n  hostnames: [${host}]`).replace('kind: TCPRoute', 'kind: TLSRoute');
    const listener = { name: 'pg', protocol: 'TLS', port: 443, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } };
    const config = {
      gatewayAPI: {
        channel: 'experimental' as const,
        gateways: [{ name: 'l4', namespace: 'gateway-system', listeners: [listener] }] as never,
      },
    };
    const check = (host: string) => run('gateway-listener', objectsContext(tlsRoute(host), config));
    expect(check('db.example.com')).toEqual([]);
    expect(check('a.db.example.com')).toEqual([]);
    expect(check('example.com')[0]).toContain('its hostname *.example.com matches none of the route');
    expect(check('db.badexample.com')[0]).toContain('its hostname *.example.com matches none of the route');
  });

  it('gateway-listener: a route without sectionName is refused only when no listener takes it; port narrows the listeners', () => {
    const gateways = [
      {
        name: 'l4',
        namespace: 'gateway-system',
        listeners: [
          { name: 'dns', protocol: 'UDP', port: 53, allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    ];
    const route = (extra: string) => tcpRoute('gateway.networking.k8s.io/v1', extra).replace('      sectionName: pg', '');
    const config = { gatewayAPI: { channel: 'standard' as const, gateways: gateways as never } };
    expect(run('gateway-listener', objectsContext(route(''), config))).toEqual([]);
    const odd = {
      gatewayAPI: {
        channel: 'standard' as const,
        gateways: [{ ...gateways[0], listeners: [{ ...gateways[0].listeners[1], protocol: 'constructor' }] }] as never,
      },
    };
    expect(run('gateway-listener', objectsContext(route(''), odd))).toEqual([]);
    expect(run('gateway-listener', objectsContext(route('\n      port: 53'), config))[0]).toContain(
      'listener "dns": it is a UDP listener that takes UDPRoute, not TCPRoute',
    );
    expect(run('gateway-listener', objectsContext(route('\n      port: 6379'), config))[0]).toContain(
      'asks for port 6379, which no listener of Gateway gateway-system/l4 has',
    );
  });
});

describe('keys named like the properties of every JavaScript object', () => {
  // Helm reads "__proto__" and "constructor" as keys like any other; lint must keep them, and change no prototype
  const text = '__proto__:\n  polluted: true\nconstructor:\n  prototype:\n    x: 1\ndeployment:\n  __proto__: 1\n';

  it('are own keys of the values read, merged over the base and over the chart defaults', () => {
    const read = readHelmYaml(text) as Record<string, unknown>;
    expect(Object.keys(read)).toEqual(['__proto__', 'constructor', 'deployment']);
    const merged = mergeFiles([{ deployment: { enabled: true } }, read]);
    expect(Object.keys(merged)).toEqual(['deployment', '__proto__', 'constructor']);
    expect(Object.keys(merged.deployment as object)).toEqual(['enabled', '__proto__']);
    const values = coalesce(chartDefaults(), merged);
    expect(Object.hasOwn(values, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(JSON.parse(JSON.stringify(values)), '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it('are reported as unused root keys, each at its line, by a lint of the repo', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'proto-'));
    const files = exampleFiles({ values: '__proto__:\n  polluted: true\nconstructor:\n  x: 1\ndeployment:\n  enabled: true\n' });
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), content);
    }
    const { findings } = await lint({ paths: [repo], cache: false });
    rmSync(repo, { recursive: true, force: true });
    const unused = findings.filter((f) => f.rule === 'root-key-unused').map((f) => [f.path, f.line]);
    expect(unused).toEqual([
      ['__proto__', 1],
      ['constructor', 3],
    ]);
  });
});
