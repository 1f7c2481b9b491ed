// app-chart lint on the fixture deployment repo (test/fixtures/lint-repo): every rule fires where a bad app
// breaks it, with file, line and a message that says the fix, and the good apps stay silent. The repo is
// linted once, with real Helm renders, and every assertion reads that one result.
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { lint, type LintResult } from '../scripts/lint/index.ts';
import { reportSchema, toGithub, toJson, toSarif, toText } from '../scripts/lint/report.ts';
import { RULES } from '../scripts/lint/rules/index.ts';
import { renderApp } from '../scripts/render.ts';

const repo = join(packageRoot, 'test', 'fixtures', 'lint-repo');
const file = (app: string, env = 'prod') => relative(process.cwd(), join(repo, 'apps', app, 'envs', env, 'values.yaml'));

let result: LintResult;
let renders = 0;

beforeAll(async () => {
  result = await lint({
    paths: [repo],
    cache: false,
    render: (request) => {
      renders++;
      return renderApp(request);
    },
  });
});

/** rule, app (env prod unless given), line, what the message says */
const expected: [string, string, number | undefined, string][] = [
  ['yaml-syntax', 'bad-yaml-syntax', 2, 'quote opened here is never closed'],
  ['yaml-tab', 'bad-yaml-tab', 2, 'replace the tab with spaces'],
  ['yaml-version-number', 'bad-yaml-traps', 1, 'Helm reads 1.10 as the number 1.1, so it renders as "1.1": quote it, "1.10"'],
  ['yaml-octal', 'bad-yaml-traps', 3, 'Helm reads 010 as the octal number 8'],
  ['yaml-duplicate-key', 'bad-yaml-traps', 6, 'key "replicas" is also written at line 5; Helm keeps only this one'],
  ['yaml-boolean-key', 'bad-yaml-traps', 8, 'Helm reads the key on as the boolean true'],
  ['yaml-boolean-value', 'bad-yaml-traps', 11, 'Helm reads yes as the boolean true: write true if you mean a boolean, or "yes" in quotes'],
  ['values-schema', 'bad-schema', 2, 'unknown key; did you mean "replicas"?'],
  ['values-schema', 'bad-schema', 4, 'must be one of ClusterIP, NodePort, LoadBalancer, not "Loadbalancer"; did you mean "LoadBalancer"?'],
  ['values-schema', 'bad-schema', 5, 'must be an integer, not string "8080": remove the quotes'],
  ['root-key-typo', 'bad-values', 1, 'nothing reads the root key "deploymnet"; did you mean "deployment"?'],
  ['root-key-unused', 'bad-values', 3, 'nothing reads the root key "replicaCount"'],
  ['env-literal-secret', 'bad-values', 7, 'API_TOKEN looks like a secret'],
  ['custom-resources-list-replaced', 'bad-values', 8, 'replaces the 1 entry of the list in bad-values/base/base-values.yaml'],
  ['null-removes-nothing', 'bad-values', 15, 'customResourcesMap.extar is null, but no earlier file'],
  ['glueops-ignored-key', 'bad-glueops', 3, 'does nothing (the GlueOps chart ignores it too); did you mean image.pullSecrets?'],
  [
    'glueops-ignored-key',
    'bad-glueops',
    6,
    'does nothing (the GlueOps chart ignores it too): the claim is mounted wherever mountPath says',
  ],
  [
    'image-default-tag',
    'bad-glueops',
    2,
    'is "ghcr.io/example/bad-glueops", but no values file sets a tag: the chart\'s default tag "1.29.5@sha256:',
  ],
  ['service-port-targets-app-port', 'bad-glueops', 13, 'has no targetPort, so the Service sends port 9090 to the app port 8080'],
  ['foreign-template', 'bad-foreign-template', 8, '{{ $labels.instance }} is a template of Prometheus, not Helm'],
  ['render-failed', 'bad-render', 6, 'no template named "app.nmae"'],
  [
    'invalid-name',
    'bad_name',
    undefined,
    'the release name "bad_name-prod" (the app folder "bad_name", "-", the env "prod") is not a valid Helm release name',
  ],
  ['model-unknown-field', 'bad-models', 8, 'spec.entrypoints: unknown field "entrypoints"; did you mean "entryPoints"?'],
  ['model-invalid', 'bad-models', 15, 'spec.routes[0].services[0].weight: must be integer'],
  ['model-missing', 'bad-models', 17, 'no model for traefik.io/v1alpha2 IngressRouteTCP'],
  [
    'entrypoint-unknown',
    'bad-traefik-routes',
    9,
    'entryPoint "websecur" is not one the platform defines (web, websecure, dns-udp); did you mean "websecure"?',
  ],
  ['hostsni-without-tls', 'bad-traefik-routes', 11, 'on a route without tls never matches'],
  ['hostsni-ip', 'bad-traefik-routes', 24, 'HostSNI(`10.0.0.5`) names an IP address'],
  ['hostsni-multiple-args', 'bad-traefik-routes', 28, 'write HostSNI(`a.nonprod.example.com`) || HostSNI(`b.nonprod.example.com`)'],
  ['udp-route-match', 'bad-traefik-routes', 43, 'an IngressRouteUDP route has no match'],
  ['hostsni-without-tls', 'bad-traefik-routes', 73, 'on a route without tls never matches'],
  ['hostsni-without-tls', 'bad-traefik-routes', 86, 'on a route without tls never matches'],
  ['postgres-alpn', 'bad-postgres-alpn', 28, 'TLSOption prod/db-tls offers ALPN h2'],
  ['postgres-alpn', 'bad-postgres-alpn/nonprod', 18, 'add a TLSOption with alpnProtocols [postgresql]'],
  [
    'tls-option-unknown',
    'bad-tls',
    40,
    'TLSOption prod/strict-tsl, which no app renders and the platform does not provide; did you mean "strict-tls"?',
  ],
  [
    'tcp-route-shadowed',
    'bad-tls',
    18,
    'IngressRouteTCP/first spec.routes[0] and IngressRouteTCP/second spec.routes[0] match the same host on entryPoint websecure with the same priority (37): which one Traefik tries first is not defined (it can change on any reload), and the other never receives a connection. Traefik hands each connection to the first route that matches, whatever TLS options the routes name',
  ],
  [
    'tcp-route-shadowed',
    'bad-tls',
    34,
    'IngressRouteTCP/second spec.routes[0] and IngressRouteTCP/first spec.routes[0] match the same host',
  ],
  [
    'tcp-route-shadowed',
    'bad-shadow',
    11,
    'IngressRouteTCP/late spec.routes[0] never receives a connection on entryPoint websecure: good-postgres: IngressRouteTCP/good-postgres-prod spec.routes[0] matches the same host with a higher priority (54 > 1) and is tried first',
  ],
  [
    'tcp-route-shadowed',
    'bad-shadow/nonprod',
    12,
    'IngressRouteTCP/plain-a spec.routes[0] and IngressRouteTCP/plain-b spec.routes[0] match the same connections on entryPoint web with the same priority (-1)',
  ],
  ['tcp-route-shadowed', 'bad-shadow/nonprod', 25, 'IngressRouteTCP/plain-b spec.routes[0] and IngressRouteTCP/plain-a spec.routes[0]'],
  // two apps' catch-all routes of plain TCP on websecure (bad-models names no entryPoints: it is on all of them)
  [
    'tcp-route-shadowed',
    'bad-backend',
    21,
    'IngressRouteTCP/bad-backend-prod spec.routes[0] and bad-models: IngressRouteTCP/bad-models-prod spec.routes[0] match the same connections on entryPoint websecure',
  ],
  [
    'tcp-route-shadowed',
    'bad-models',
    11,
    'IngressRouteTCP/bad-models-prod spec.routes[0] and bad-backend: IngressRouteTCP/bad-backend-prod spec.routes[0] match the same connections on entryPoint websecure with the same priority (-1): which one Traefik tries first is not defined (it can change on any reload), and the other never receives a connection. Traefik hands each connection to the first route that matches: give',
  ],
  [
    'gateway-api-deprecated',
    'bad-gateway',
    3,
    "gateway.networking.k8s.io/v1alpha2 TCPRoute is deprecated in the cluster's Gateway API v1.6, experimental channel (served with a warning, to be removed): use gateway.networking.k8s.io/v1 (standard channel from v1.6)",
  ],
  [
    'gateway-api-version',
    'bad-gateway',
    17,
    "the cluster's Gateway API v1.6, experimental channel serves GRPCRoute as gateway.networking.k8s.io/v1; gateway.networking.k8s.io/v1alpha2 is served by experimental v1.0–v1.1 (deprecated from v1.1)",
  ],
  [
    'gateway-listener',
    'bad-gateway',
    35,
    'listener "dns": it admits only namespaces whose labels match platform.example.com/dns=true, and namespace prod has kubernetes.io/metadata.name=prod (namespaceLabels in app-chart.config.yaml): label it (kubectl label namespace prod platform.example.com/dns=true)',
  ],
  [
    'gateway-listener',
    'bad-gateway',
    49,
    'names listener "pgg", which Gateway gateway-system/edge does not have (its listeners: pg, dns, tls); did you mean "pg"?',
  ],
  ['gateway-listener', 'bad-gateway', 63, 'listener "dns": it is a UDP listener that takes UDPRoute, not TCPRoute'],
  [
    'gateway-listener',
    'bad-gateway',
    77,
    'listener "tls": its hostname *.db.nonprod.example.com matches none of the route\'s hostnames (bad-gateway-prod.apps.nonprod.example.com)',
  ],
  ['gateway-listener', 'bad-gateway', 91, "names Gateway gateway/edge, which is not one of the platform's Gateways (gateway-system/edge)"],
  [
    'networkpolicy-cluster-cidr',
    'bad-netpol',
    4,
    "ingress ipBlock 10.0.0.0/8 contains the cluster's pod range 10.244.0.0/16, so it admits connections from every pod of the cluster, in every namespace, and covers the cluster's Service range 10.96.0.0/12",
  ],
  ['networkpolicy-cluster-cidr', 'bad-netpol', 5, "ingress ipBlock 10.96.0.0/16 covers the cluster's Service range 10.96.0.0/12"],
  [
    'invalid-hostname',
    'bad-hostname',
    11,
    'host "bad-hostname-prod.apps." ends with a dot: .Values.captain_domian is empty or unset (did you mean .Values.captain_domain?)',
  ],
  [
    'invalid-hostname',
    'bad-hostname',
    26,
    'host "db.{{ .Values.captain_domain }}" still holds a template ("{{ }}") that was never rendered',
  ],
  ['backend-unknown', 'bad-backend', 23, 'Service "bad-backend", which no app renders in namespace prod; did you mean "bad-backend-prod"?'],
  ['backend-unknown', 'bad-backend', 10, 'port 9999 of Service "bad-backend-prod", which has no such port (its ports: 8080 (http))'],
  [
    'database-port-unrestricted',
    'bad-db-exposed',
    3,
    'publishes database port 3306 through a LoadBalancer Service to any address: set service.loadBalancerSourceRanges',
  ],
  ['cluster-scoped-kind', 'bad-placement', 4, 'ClusterRoleBinding is cluster-wide'],
  ['foreign-namespace', 'bad-placement', 20, "ConfigMap/shared-settings goes to namespace default, not the app's (prod)"],
  ['cluster-scoped-kind', 'bad-placement', 32, "RoleBinding/editors grants the ClusterRole admin to the app's namespace"],
  ['foreign-namespace', 'bad-quoted-entry', 4, "ConfigMap/settings goes to namespace default, not the app's (prod)"],
  ['foreign-namespace', 'bad-quoted-entry', 16, "ConfigMap/second goes to namespace default, not the app's (prod)"],
  [
    'section-nulled',
    'bad-section-nulled',
    2,
    'is null here, which removes the whole section an earlier file enables (bad-section-nulled/base/base-values.yaml, line 6), so nothing of it is rendered: the keys after it (replicas) look like its own; indent them under deployment:',
  ],
  [
    'root-key-unused',
    'bad-section-nulled',
    3,
    'nothing reads the root key "replicas"; did you mean deployment.replicas? deployment: is written just above it with nothing under it: indent "replicas:" under it',
  ],
  [
    'input-limit',
    'bad-input-limit',
    2,
    'nested more than 256 levels deep here, deeper than lint reads (APP_CHART_YAML_MAX_DEPTH; Helm reads 10000)',
  ],
  ['path-unreadable', 'bad-path', undefined, 'apps/bad-path/envs/prod/values.yaml leads through a symbolic link to'],
];

/**
 * The rules that are warnings; every other rule is an error. Written here by hand, apart from the rules, so that a
 * severity changed by mistake fails a test instead of being compared with itself.
 */
const WARNINGS = new Set([
  'yaml-boolean-value',
  'yaml-octal',
  'yaml-version-number',
  'custom-resources-list-replaced',
  'null-removes-nothing',
  'glueops-ignored-key',
  'image-default-tag',
  'service-port-targets-app-port',
  'model-missing',
  'gateway-api-deprecated',
  'networkpolicy-cluster-cidr',
  'database-port-unrestricted',
]);
const severityOf = (rule: string) => (WARNINGS.has(rule) ? 'warn' : 'error');
/** What the fixture repo must give: one finding per row of the table. */
const expectedWarnings = expected.filter(([rule]) => WARNINGS.has(rule)).length;
const expectedErrors = expected.length - expectedWarnings;

const findingsOf = (app: string) => result.findings.filter((f) => f.targets.some((t) => t.startsWith(`${app}/`)));

describe('app-chart lint on the fixture repo', () => {
  it.each(expected)('%s fires in %s at line %s', (rule, app, line, message) => {
    const [name, env] = app.split('/');
    const match = result.findings.find((f) => f.rule === rule && f.file === file(name, env) && f.line === line);
    expect(
      match,
      `no ${rule} at ${file(name, env)}:${line}; found:\n${findingsOf(name)
        .map((f) => `${f.rule} ${f.file}:${f.line}`)
        .join('\n')}`,
    ).toBeDefined();
    expect(match?.message).toContain(message);
    expect(match?.severity).toBe(severityOf(rule));
  });

  it('has a bad app for every rule', () => {
    expect(new Set(expected.map(([rule]) => rule))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it('gives every rule the severity it is documented with', () => {
    expect(RULES.map((r) => `${r.id}: ${r.severity}`)).toEqual(RULES.map((r) => `${r.id}: ${severityOf(r.id)}`));
  });

  it('reports nothing else on the bad apps', () => {
    const unexpected = result.findings.filter(
      (f) =>
        !expected.some(
          ([rule, app, line]) => f.rule === rule && f.file === file(...(app.split('/') as [string, string?])) && f.line === line,
        ),
    );
    expect(unexpected.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([]);
  });

  it('stays silent on the good apps', () => {
    for (const app of ['good-postgres', 'good-web', 'good-dns']) expect(findingsOf(app)).toEqual([]);
    expect(result.targets.filter((t) => t.app.startsWith('good-')).map((t) => `${t.app}/${t.env}`)).toEqual([
      'good-dns/prod',
      'good-postgres/nonprod',
      'good-postgres/prod',
      'good-web/prod',
    ]);
  });

  it('gives the values path and the rendered object a finding comes from', () => {
    const route = result.findings.find((f) => f.rule === 'hostsni-ip');
    expect(route).toMatchObject({
      path: 'customResourcesMap.tls',
      object: 'IngressRouteTCP/tls',
      col: 11,
      targets: ['bad-traefik-routes/prod'],
    });
    const port = result.findings.find((f) => f.rule === 'backend-unknown' && f.line === 10);
    expect(port).toMatchObject({
      path: 'ingress.entries[0].hosts[0].paths[0].servicePortNumber',
      object: 'Ingress/bad-backend-prod-public',
    });
    // inside a double-quoted entry on one line: the column of the key, past the \n and \" escapes before it
    const quoted = result.findings.find((f) => f.rule === 'foreign-namespace' && f.targets.includes('bad-quoted-entry/prod'));
    expect(quoted).toMatchObject({ path: 'customResourcesMap.settings', object: 'ConfigMap/settings', line: 4, col: 108 });
  });

  it('renders every app whose files parse and whose name Helm takes, once each', () => {
    const parse = new Set(['bad-yaml-syntax', 'bad-yaml-tab', 'bad_name', 'bad-input-limit', 'bad-path']);
    expect(renders).toBe(result.targets.filter((t) => !parse.has(t.app)).length);
    expect(
      result.targets
        .filter((t) => !t.rendered)
        .map((t) => t.app)
        .sort(),
    ).toEqual([
      'bad-foreign-template',
      'bad-input-limit',
      'bad-path',
      'bad-render',
      'bad-schema',
      'bad-yaml-syntax',
      'bad-yaml-tab',
      'bad_name',
    ]);
  });

  it('counts errors and warnings by severity', () => {
    expect(result.findings).toHaveLength(expected.length);
    expect(result.errors).toBe(expectedErrors);
    expect(result.warnings).toBe(expectedWarnings);
  });
});

describe('lint output formats', () => {
  it('prints JSON that matches its published schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
    const report = toJson(result);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.version).toBe(1);
    expect(report.findings.find((f) => f.rule === 'yaml-boolean-value')?.severity).toBe('warning');
  });

  it('rejects a report the schema does not describe', () => {
    const validate = new Ajv({ strict: false }).compile(reportSchema);
    expect(validate({ ...toJson(result), findings: [{ rule: 'x', severity: 'fatal', message: 'm', targets: ['a/b'] }] })).toBe(false);
  });

  it('prints GitHub workflow annotations with escaped properties', () => {
    const lines = toGithub(result).trimEnd().split('\n');
    expect(lines).toHaveLength(result.findings.length);
    const tab = lines.find((l) => l.includes('yaml-tab'));
    expect(tab).toBe(
      `::error file=${file('bad-yaml-tab')},line=2,col=1,title=app-chart lint%3A yaml-tab::a tab in the indentation: YAML indents with spaces only; replace the tab with spaces (bad-yaml-tab/prod)`,
    );
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(expectedWarnings);
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(expectedErrors);
    for (const line of lines) {
      const rule = /title=app-chart lint%3A ([a-z0-9-]+)::/.exec(line)?.[1] ?? '';
      expect(line.startsWith(severityOf(rule) === 'warn' ? '::warning ' : '::error '), line).toBe(true);
    }
  });

  it('keeps each finding on one annotation line, whatever its text holds: a repo cannot write workflow commands of its own', () => {
    const finding = {
      rule: 'invalid-hostname',
      severity: 'error',
      message: 'bad host "a\n::error::injected"',
      file: 'apps/x,y/envs/prod/values.yaml',
      line: 1,
      col: 1,
      targets: ['x,y/prod'],
    };
    const lines = toGithub({ ...result, findings: [finding] } as LintResult)
      .trimEnd()
      .split('\n');
    expect(lines).toEqual([
      '::error file=apps/x%2Cy/envs/prod/values.yaml,line=1,col=1,title=app-chart lint%3A invalid-hostname::bad host "a%0A::error::injected" (x,y/prod)',
    ]);
    // SARIF locates it by a URI: a folder name with a space or a # is escaped
    const sarif = toSarif({ ...result, findings: [{ ...finding, file: 'apps/a b#1/envs/prod/values.yaml' }] } as LintResult, [], '0.0.0');
    expect(sarif.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('apps/a%20b%231/envs/prod/values.yaml');
  });

  it('prints text grouped by file, without colour unless asked', () => {
    const text = toText(result, false);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain(
      `${file('bad-schema')}\n  2:3     error  deployment.replicsa: unknown key; did you mean "replicas"?  values-schema (bad-schema/prod)\n`,
    );
    const { chart } = result.targets[0];
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      `✖ ${expectedErrors} errors, ${expectedWarnings} warnings in ${result.targets.length} app × envs`,
      `chart ${chart.name} ${chart.version}: the chart bundled with app-chart`,
    ]);
    expect(toText(result, true)).toMatch(/\u001b\[/);
  });
});
