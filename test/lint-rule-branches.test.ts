// Each condition of the rules that read rendered objects, one case on each side of it: what fires, what stays
// silent, the message it says and the field it points at. No Helm: the objects are written as Helm prints them
// (a `# Source:` line, and the chart's label line for a custom resource entry), and the rule runs on them alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type LintConfig } from '../scripts/lint/config.ts';
import { gatherFacts } from '../scripts/lint/facts.ts';
import { chartDefaults, coalesce, mergeFiles, type Values } from '../scripts/lint/merge.ts';
import { isHostsOnlyRule, isIpLiteral, matchers } from '../scripts/lint/k8s.ts';
import { ruleById } from '../scripts/lint/rules/index.ts';
import { foreignActions } from '../scripts/lint/rules/values.ts';
import type { ObjectsContext, ValuesContext } from '../scripts/lint/rules/rule.ts';
import { parseValuesFile } from '../scripts/lint/yaml.ts';
import { chartDir } from '../scripts/render.ts';
import { objectsContext } from './rule-context.ts';

const dir = mkdtempSync(join(tmpdir(), 'app-chart-rule-branches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context = objectsContext;

/** The findings of one rule: where each points, and its message. */
const findings = (id: string, ctx: ObjectsContext) =>
  ruleById(id).objects!(ctx).map((f) => ({ where: f.file, object: f.object, message: f.message }));
const where = (id: string, ctx: ObjectsContext) => findings(id, ctx).map((f) => f.where);

const tcpRoute = ({ match = 'HostSNI(`db.example.com`)', tls = '\n  tls:\n    passthrough: true', more = '' } = {}) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: db
spec:
  entryPoints: [websecure]
  routes:
    - match: ${match}
      services:
        - name: db-prod
          port: 5432${more}${tls}`;

const udpRoute = (routes: string) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteUDP
metadata:
  name: dns
spec:
  entryPoints: [dns-udp]
  routes:
${routes}`;

describe('hostsni-without-tls, hostsni-ip, udp-route-match', () => {
  it('hostsni-without-tls: a host name on a route without tls (absent or null), never HostSNI(`*`), pointing at the match', () => {
    expect(findings('hostsni-without-tls', context(tcpRoute({ tls: '' })))).toEqual([
      { where: 'spec.routes.0.match', object: 'IngressRouteTCP/db', message: expect.stringContaining('HostSNI(`db.example.com`)') },
    ]);
    expect(where('hostsni-without-tls', context(tcpRoute({ tls: '\n  tls: null' })))).toEqual(['spec.routes.0.match']);
    expect(where('hostsni-without-tls', context(tcpRoute()))).toEqual([]);
    expect(where('hostsni-without-tls', context(tcpRoute({ tls: '', match: 'HostSNI(`*`)' })))).toEqual([]);
    // the second route of an object is pointed at as the second
    const two = tcpRoute({ tls: '', match: 'HostSNI(`*`)', more: '\n    - match: HostSNI(`b.example.com`)' });
    expect(where('hostsni-without-tls', context(two))).toEqual(['spec.routes.1.match']);
  });

  it('hostsni-ip: an IPv4 or IPv6 address in HostSNI, not a host name', () => {
    expect(findings('hostsni-ip', context(tcpRoute({ match: 'HostSNI(`10.0.0.5`)' })))).toEqual([
      {
        where: 'spec.routes.0.match',
        object: 'IngressRouteTCP/db',
        message: expect.stringContaining('HostSNI(`10.0.0.5`) names an IP address'),
      },
    ]);
    expect(where('hostsni-ip', context(tcpRoute({ match: 'HostSNI(`2001:db8::1`)' })))).toEqual(['spec.routes.0.match']);
    expect(where('hostsni-ip', context(tcpRoute()))).toEqual([]);
    expect(where('hostsni-ip', context(tcpRoute({ match: 'HostSNI(`10.example.com`)' })))).toEqual([]);
  });

  it('udp-route-match: only a UDP route that has a match, at that route', () => {
    expect(where('udp-route-match', context(udpRoute('    - services: [{name: dns, port: 53}]')))).toEqual([]);
    expect(
      where('udp-route-match', context(udpRoute('    - services: [{name: dns, port: 53}]\n    - match: HostSNI(`*`)\n      services: []'))),
    ).toEqual(['spec.routes.1.match']);
    // a TCP route's match is not this rule's business
    expect(where('udp-route-match', context(tcpRoute()))).toEqual([]);
  });
});

describe('entrypoint-unknown', () => {
  const route = (kind: string, entryPoints: string) => `
apiVersion: traefik.io/v1alpha1
kind: ${kind}
metadata:
  name: r
spec:
  entryPoints: [${entryPoints}]
  routes: []`;

  it('names each entryPoint of a Traefik route the platform does not define, at its index, with a guess when one is close', () => {
    expect(findings('entrypoint-unknown', context(route('IngressRouteTCP', 'web, websecur, zzzz')))).toEqual([
      {
        where: 'spec.entryPoints.1',
        object: 'IngressRouteTCP/r',
        message: expect.stringMatching(
          /^entryPoint "websecur" is not one the platform defines \(web, websecure\); did you mean "websecure"\?/,
        ),
      },
      {
        where: 'spec.entryPoints.2',
        object: 'IngressRouteTCP/r',
        message: expect.stringMatching(/^entryPoint "zzzz" is not one the platform defines \(web, websecure\)/),
      },
    ]);
    expect(findings('entrypoint-unknown', context(route('IngressRouteTCP', 'zzzz')))[0].message).not.toContain('did you mean');
    expect(where('entrypoint-unknown', context(route('IngressRoute', 'webb')))).toEqual(['spec.entryPoints.0']);
    expect(where('entrypoint-unknown', context(route('IngressRouteUDP', 'dns')))).toEqual(['spec.entryPoints.0']);
    expect(where('entrypoint-unknown', context(route('IngressRouteUDP', 'dns'), { entryPoints: ['dns'] }))).toEqual([]);
    expect(where('entrypoint-unknown', context(route('IngressRouteTCP', 'web, websecure')))).toEqual([]);
  });

  it("reads an Ingress's router.entrypoints annotation, a list split at commas", () => {
    const ingress = (value: string) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    traefik.ingress.kubernetes.io/router.entrypoints: "${value}"
spec: {}`;
    const found = findings('entrypoint-unknown', context(ingress('web, internal ,,websecure')));
    expect(found.map((f) => [f.where, f.message.slice(0, 24)])).toEqual([
      ['metadata.annotations.traefik.ingress.kubernetes.io/router.entrypoints', 'entryPoint "internal" is'],
    ]);
    expect(where('entrypoint-unknown', context(ingress('')))).toEqual([]);
  });
});

describe('cluster-scoped-kind and foreign-namespace', () => {
  const object = (kind: string, more = '', apiVersion = 'rbac.authorization.k8s.io/v1') => `
apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: x${more}`;
  const binding = (roleKind: string, role: string) =>
    object('RoleBinding', `\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}`);

  it('cluster-scoped-kind: a custom resource of a cluster-wide kind, at its kind, unless allowedKinds lists it', () => {
    expect(findings('cluster-scoped-kind', context(object('ClusterRole')))).toEqual([
      { where: 'kind', object: 'ClusterRole/x', message: expect.stringMatching(/^ClusterRole is cluster-wide: /) },
    ]);
    expect(where('cluster-scoped-kind', context(object('Namespace', '', 'v1')))).toEqual(['kind']);
    expect(where('cluster-scoped-kind', context(object('ClusterRole'), { allowedKinds: ['ClusterRole'] }))).toEqual([]);
    expect(where('cluster-scoped-kind', context(object('Role')))).toEqual([]);
    // the chart's own templates are not the app's custom resources
    expect(where('cluster-scoped-kind', context(`# template\n${object('ClusterRole')}`))).toEqual([]);
  });

  it('cluster-scoped-kind: a RoleBinding to the ClusterRole admin or cluster-admin, at roleRef.name; to any other role, nothing', () => {
    expect(findings('cluster-scoped-kind', context(binding('ClusterRole', 'admin')))).toEqual([
      {
        where: 'roleRef.name',
        object: 'RoleBinding/x',
        message: "RoleBinding/x grants the ClusterRole admin to the app's namespace: grant a Role with only the permissions the app needs",
      },
    ]);
    expect(where('cluster-scoped-kind', context(binding('ClusterRole', 'cluster-admin')))).toEqual(['roleRef.name']);
    expect(where('cluster-scoped-kind', context(binding('ClusterRole', 'view')))).toEqual([]);
    expect(where('cluster-scoped-kind', context(binding('Role', 'admin')))).toEqual([]);
  });

  it('cluster-scoped-kind: every kind its summary names, a ClusterRoleBinding to cluster-admin at its kind, and a second allowedKinds entry', () => {
    const named = [
      'Namespace',
      'ClusterRole',
      'ClusterRoleBinding',
      'CustomResourceDefinition',
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
      'StorageClass',
      'ClusterIssuer',
    ];
    expect(named.flatMap((kind) => findings('cluster-scoped-kind', context(object(kind))).map((f) => f.object))).toEqual(
      named.map((kind) => `${kind}/x`),
    );
    expect(findings('cluster-scoped-kind', context(object('StorageClass')))[0].message).toBe(
      "StorageClass is cluster-wide: an app's custom resources should not create it (it outlives the app and affects every tenant). " +
        'Ask the platform team, or list StorageClass under allowedKinds in app-chart.config.yaml if apps may',
    );
    const clusterBinding = binding('ClusterRole', 'cluster-admin').replace('kind: RoleBinding', 'kind: ClusterRoleBinding');
    expect(where('cluster-scoped-kind', context(clusterBinding))).toEqual(['kind']);
    const allowedKinds = ['ClusterIssuer', 'StorageClass'];
    expect(where('cluster-scoped-kind', context(object('StorageClass'), { allowedKinds }))).toEqual([]);
  });

  const configMap = (namespace: string, name = 'settings', kind = 'ConfigMap') => `
apiVersion: v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}`;

  it("foreign-namespace: an object written to another namespace than the app's, at metadata.namespace", () => {
    expect(findings('foreign-namespace', context(configMap('default')))).toEqual([
      {
        where: 'metadata.namespace',
        object: 'ConfigMap/settings',
        message: expect.stringMatching(/^ConfigMap\/settings goes to namespace default, not the app's \(prod\): /),
      },
    ]);
    expect(where('foreign-namespace', context(configMap('prod')))).toEqual([]);
    expect(where('foreign-namespace', context(configMap('""')))).toEqual([]);
    // from a chart template as well as from an entry
    expect(where('foreign-namespace', context(`# template\n${configMap('default')}`))).toEqual(['metadata.namespace']);
  });

  it('foreign-namespace: allowedNamespaces lets a namespace through, narrowed by kinds and names when given', () => {
    const allow = (rule: Record<string, unknown>) => ({ allowedNamespaces: [{ namespace: 'ingress', ...rule }] as never });
    expect(where('foreign-namespace', context(configMap('ingress'), allow({})))).toEqual([]);
    expect(where('foreign-namespace', context(configMap('default'), allow({})))).toEqual(['metadata.namespace']);
    expect(where('foreign-namespace', context(configMap('ingress'), allow({ kinds: ['ConfigMap'] })))).toEqual([]);
    expect(where('foreign-namespace', context(configMap('ingress'), allow({ kinds: ['Secret'] })))).toEqual(['metadata.namespace']);
    expect(where('foreign-namespace', context(configMap('ingress'), allow({ names: ['settings'] })))).toEqual([]);
    expect(where('foreign-namespace', context(configMap('ingress'), allow({ names: ['other'] })))).toEqual(['metadata.namespace']);
  });

  it('foreign-namespace: a namespace, kind or name allowed by the second entry of its list', () => {
    const rules = (...list: Record<string, unknown>[]) => ({ allowedNamespaces: list as never });
    const ingress = { namespace: 'ingress', kinds: ['Secret', 'ConfigMap'], names: ['tcp-services', 'settings'] };
    expect(where('foreign-namespace', context(configMap('ingress'), rules({ namespace: 'monitoring' }, ingress)))).toEqual([]);
    expect(where('foreign-namespace', context(configMap('monitoring'), rules(ingress)))).toEqual(['metadata.namespace']);
  });
});

describe('database-port-unrestricted', () => {
  const service = ({
    type = 'LoadBalancer',
    port = 5432,
    targetPort = 5432 as number | string,
    more = '',
    own = false,
  } = {}) => `${own ? '# template\n' : ''}
apiVersion: v1
kind: Service
metadata:
  name: db-prod
spec:
  type: ${type}${more}
  ports:
    - name: pg
      port: ${port}
      targetPort: ${targetPort}`;
  const found = (docs: string, config: Partial<LintConfig> = {}) => findings('database-port-unrestricted', context(docs, config));

  it('a LoadBalancer or NodePort Service with a database port or target port, each with its own fix; a ClusterIP one is private', () => {
    expect(found(service({ own: true }))).toEqual([
      {
        where: 'values:service.type',
        object: 'Service/db-prod',
        message:
          'Service/db-prod publishes database port 5432 through a LoadBalancer Service to any address: set service.loadBalancerSourceRanges ' +
          'to the client ranges, or enable networkPolicy with the sources that may connect (allowCIDRs, allowNamespaces)',
      },
    ]);
    // an entry's Service is pointed at in its text, and its fix names the field of the object
    expect(found(service())).toEqual([
      expect.objectContaining({ where: 'spec.type', message: expect.stringContaining('set spec.loadBalancerSourceRanges') }),
    ]);
    expect(found(service({ type: 'NodePort' }))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'through a NodePort Service to any address: enable networkPolicy with the sources that may connect, or use a LoadBalancer',
        ),
      }),
    ]);
    expect(found(service({ type: 'ClusterIP' }))).toEqual([]);
    expect(found(service().replace('  type: LoadBalancer\n', ''))).toEqual([]);
    expect(found(service({ port: 80, targetPort: 5432 }))[0].message).toContain('publishes database port 80 ');
    expect(found(service({ port: 80, targetPort: 8080 }))).toEqual([]);
    expect(found(service({ port: 3306, targetPort: 3306 }))[0].message).toContain('database port 3306');
    expect(found(service({ port: 3306, targetPort: 3306 }), { databasePorts: [5432] })).toEqual([]);
  });

  it('loadBalancerSourceRanges restrict a LoadBalancer unless one of them is open to all; they do nothing for a NodePort', () => {
    const ranges = (list: string) => `\n  loadBalancerSourceRanges: [${list}]`;
    expect(found(service({ more: ranges('203.0.113.0/24') }))).toEqual([]);
    expect(found(service({ more: ranges('203.0.113.0/24, ::/0') }))).toHaveLength(1);
    expect(found(service({ more: ranges('0.0.0.0/0') }))).toHaveLength(1);
    expect(found(service({ more: ranges('') }))).toHaveLength(1);
    expect(found(service({ type: 'NodePort', more: ranges('203.0.113.0/24') }))).toHaveLength(1);
  });

  const policy = (spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: only-office
spec:
${spec}`;

  it("a NetworkPolicy of the app's pods restricts it when every ingress rule names sources, none of them open to all", () => {
    const office = '  ingress:\n    - from:\n        - ipBlock: {cidr: 203.0.113.0/24}';
    expect(found(`${service()}\n---\n${policy(`  podSelector: {}\n${office}`)}`)).toEqual([]);
    expect(found(`${service()}\n---\n${policy(`  podSelector: {matchLabels: {app.kubernetes.io/name: db-prod}}\n${office}`)}`)).toEqual([]);
    // another app's pods, an Egress-only policy, a rule open to everyone, or an open block: not a restriction
    expect(
      found(`${service()}\n---\n${policy(`  podSelector: {matchLabels: {app.kubernetes.io/name: web-prod}}\n${office}`)}`),
    ).toHaveLength(1);
    expect(found(`${service()}\n---\n${policy(`  podSelector: {}\n  policyTypes: [Egress]\n${office}`)}`)).toHaveLength(1);
    expect(found(`${service()}\n---\n${policy(`  podSelector: {}\n  policyTypes: [Ingress, Egress]\n${office}`)}`)).toEqual([]);
    expect(found(`${service()}\n---\n${policy('  podSelector: {}\n  ingress:\n    - from: []')}`)).toHaveLength(1);
    // every rule and every peer must be restricted: a second rule, or a second peer, open to all opens it
    const secondRule = `  podSelector: {}\n${office}\n    - from:\n        - ipBlock: {cidr: 0.0.0.0/0}`;
    expect(found(`${service()}\n---\n${policy(secondRule)}`)).toHaveLength(1);
    const secondPeer = `  podSelector: {}\n${office}\n        - ipBlock: {cidr: '::/0'}`;
    expect(found(`${service()}\n---\n${policy(secondPeer)}`)).toHaveLength(1);
    const open = '  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 0.0.0.0/0}';
    expect(found(`${service()}\n---\n${policy(open)}`)).toHaveLength(1);
    expect(found(`${service()}\n---\n${policy(open.replace('0.0.0.0/0}', '0.0.0.0/0, except: [10.0.0.0/8]}'))}`)).toEqual([]);
  });

  const route = ({ port = '5432', entryPoints = 'websecure', middlewares = '', annotations = '' } = {}) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: db${annotations}
spec:
  entryPoints: [${entryPoints}]
  routes:
    - match: HostSNI(\`*\`)${middlewares}
      services:
        - name: db-prod
          port: ${port}`;

  it('a Traefik route to a database port, by number or by the name of a port of a Service the app renders, at the port', () => {
    expect(found(route())).toEqual([
      {
        where: 'spec.routes.0.services.0.port',
        object: 'IngressRouteTCP/db',
        message: expect.stringMatching(
          /^IngressRouteTCP\/db publishes database port 5432 through Traefik \(entryPoints websecure\) to any address: add a MiddlewareTCP with ipAllowList/,
        ),
      },
    ]);
    expect(found(route({ port: '8080' }))).toEqual([]);
    expect(found(`${route({ port: 'pg' })}\n---\n${service({ type: 'ClusterIP' })}`)).toEqual([
      expect.objectContaining({ where: 'spec.routes.0.services.0.port', message: expect.stringContaining('database port 5432') }),
    ]);
    expect(found(route({ port: 'pg' }))).toEqual([]);
    expect(found(route({ entryPoints: '' }))[0].message).toContain('through Traefik (entryPoints all)');
  });

  it('a Traefik route is private on a private ingress class, or allow-listed by a MiddlewareTCP the app renders with ipAllowList', () => {
    const privateClass = '\n  annotations:\n    kubernetes.io/ingress.class: private-traefik';
    expect(found(route({ annotations: privateClass }))).toEqual([]);
    expect(found(route({ annotations: privateClass.replace('private-traefik', 'traefik') }))).toHaveLength(1);
    const middlewares = '\n      middlewares:\n        - name: office';
    const middleware = (spec: string, namespace = '') => `
apiVersion: traefik.io/v1alpha1
kind: MiddlewareTCP
metadata:
  name: office${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${spec}`;
    expect(found(`${route({ middlewares })}\n---\n${middleware('  ipAllowList:\n    sourceRange: [203.0.113.0/24]')}`)).toEqual([]);
    expect(found(`${route({ middlewares })}\n---\n${middleware('  ipWhiteList:\n    sourceRange: [203.0.113.0/24]')}`)).toEqual([]);
    expect(found(`${route({ middlewares })}\n---\n${middleware('  inFlightConn:\n    amount: 10')}`)).toHaveLength(1);
    expect(
      found(`${route({ middlewares })}\n---\n${middleware('  ipAllowList:\n    sourceRange: [203.0.113.0/24]', 'other')}`),
    ).toHaveLength(1);
    // the route names the middleware's namespace: the MiddlewareTCP there restricts it
    const elsewhere = `${middlewares}\n          namespace: other`;
    expect(
      found(`${route({ middlewares: elsewhere })}\n---\n${middleware('  ipAllowList:\n    sourceRange: [203.0.113.0/24]', 'other')}`),
    ).toEqual([]);
    expect(
      found(`${route({ middlewares: elsewhere })}\n---\n${middleware('  ipAllowList:\n    sourceRange: [203.0.113.0/24]')}`),
    ).toHaveLength(1);
  });

  const tcpRoute = (parentRef: string, port = 5432) => `
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata:
  name: db
spec:
  parentRefs:
    - ${parentRef}
  rules:
    - backendRefs:
        - name: db-prod
          port: ${port}`;

  it('a Gateway route to a database port, unless every Gateway it attaches to is a private one', () => {
    expect(found(tcpRoute('{name: edge, namespace: gateway}'))).toEqual([
      expect.objectContaining({
        where: 'spec.rules.0.backendRefs.0.port',
        message: expect.stringContaining('database port 5432 through a Gateway'),
      }),
    ]);
    expect(found(tcpRoute('{name: edge, namespace: gateway}', 8080))).toEqual([]);
    // a route that names no parent is not attached to a private Gateway
    const noParents = tcpRoute('{name: edge}').replace('  parentRefs:\n    - {name: edge}\n', '');
    expect(found(noParents, { privateGateways: [{ name: 'edge' }] as never })).toHaveLength(1);
    const privateGateways = (namespace?: string) => ({ privateGateways: [{ name: 'edge', ...(namespace ? { namespace } : {}) }] as never });
    expect(found(tcpRoute('{name: edge, namespace: gateway}'), privateGateways('gateway'))).toEqual([]);
    expect(found(tcpRoute('{name: edge, namespace: gateway}'), privateGateways())).toEqual([]);
    expect(found(tcpRoute('{name: edge, namespace: gateway}'), privateGateways('other'))).toHaveLength(1);
    // a parentRef without a namespace is a Gateway of the route's own namespace
    expect(found(tcpRoute('{name: edge}'), privateGateways('prod'))).toEqual([]);
    // attached to a private Gateway and a public one, the route is public
    const both = tcpRoute('{name: edge, namespace: gateway}\n    - {name: public, namespace: gateway}');
    expect(found(both, privateGateways('gateway'))).toHaveLength(1);
  });

  it('an ingress-nginx tcp-services entry forwarding to a database port, or listening on one', () => {
    const services = (data: string, name = 'tcp-services') => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${data}`;
    expect(found(services('  "15432": prod/db-prod:5432'))).toEqual([
      expect.objectContaining({
        where: 'data.15432',
        message: expect.stringContaining('database port 5432 through ingress-nginx (port 15432)'),
      }),
    ]);
    expect(found(services('  "5432": prod/web:8080'))[0].message).toContain('database port 5432 through ingress-nginx (port 5432)');
    expect(found(services('  "8080": prod/web:80'))).toEqual([]);
    // an entry without a port, or a route to a port name the Service lacks: nothing to judge, and no crash
    expect(found(services('  "8080": prod/web'))).toEqual([]);
    expect(found(`${route({ port: 'nope' })}\n---\n${service({ type: 'ClusterIP' })}`)).toEqual([]);
    expect(found(services('  "15432": prod/db-prod:5432', 'udp-services'))).toHaveLength(1);
    expect(found(services('  "15432": prod/db-prod:5432', 'settings'))).toEqual([]);
  });
});

describe('invalid-hostname', () => {
  const bad = 'db.apps.';
  it('reads a host name from every field that holds one, and points at that field', () => {
    const route = (apiVersion: string, kind: string, name: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  hostnames: [${bad}]`;
    const docs = `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: tcp
  annotations:
    external-dns.alpha.kubernetes.io/hostname: "ok.example.com, ${bad}, 10.0.0.1, 2001:db8::1"
    external-dns.alpha.kubernetes.io/target: "${bad}"
spec:
  routes:
    - match: HostSNI(\`*\`) || HostSNI(\`2001:db8::2\`)
    - match: HostSNI(\`${bad}\`)
  tls:
    domains:
      - main: ${bad}
        sans: [ok.example.com, ${bad}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: ok.example.com
    - host: ${bad}
  tls:
    - hosts: [${bad}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tls
spec:
  hostnames: [ok.example.com, ${bad}]
---
${route('gateway.networking.k8s.io/v1', 'HTTPRoute', 'http')}
---
${route('gateway.networking.k8s.io/v1', 'GRPCRoute', 'grpc')}
---
${route('example.com/v1', 'GRPCRoute', 'not-gateway-api')}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert
spec:
  dnsNames: [${bad}]
---
apiVersion: example.com/v1
kind: Certificate
metadata:
  name: not-cert-manager
spec:
  dnsNames: [${bad}]`;
    expect(findings('invalid-hostname', context(docs)).map((f) => `${f.object} ${f.where}`)).toEqual([
      'IngressRouteTCP/tcp metadata.annotations.external-dns.alpha.kubernetes.io/hostname',
      'IngressRouteTCP/tcp metadata.annotations.external-dns.alpha.kubernetes.io/target',
      'IngressRouteTCP/tcp spec.routes.1.match',
      'IngressRouteTCP/tcp spec.tls.domains.0.main',
      'IngressRouteTCP/tcp spec.tls.domains.0.sans.1',
      'Ingress/web spec.rules.1.host',
      'Ingress/web spec.tls.0.hosts.0',
      'TLSRoute/tls spec.hostnames.1',
      'HTTPRoute/http spec.hostnames.0',
      'GRPCRoute/grpc spec.hostnames.0',
      'Certificate/cert spec.dnsNames.0',
    ]);
  });

  it('says which .Values reference of the entry is empty, with a guess among the string values set, or what to correct', () => {
    const route = `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: web
spec:
  routes:
    - match: Host(\`db.apps.\`)`;
    const entry = '{{ .Values.captain_domian }} {{ .Values.team }}';
    const [typo] = findings(
      'invalid-hostname',
      context(route, {}, { customResourcesMap: { entry }, captain_domain: 'example.com', team: 'data' }),
    );
    expect(typo.message).toBe(
      'host "db.apps." ends with a dot: .Values.captain_domian is empty or unset (did you mean .Values.captain_domain?): set it ' +
        "(platform values or the app's files) or correct the reference",
    );
    // a reference set to "" or null is empty too; a root key that is empty is no guess
    const [empty] = findings(
      'invalid-hostname',
      context(route, {}, { customResourcesMap: { entry: '{{ .Values.a }}{{ .Values.b }}' }, a: '', b: null }),
    );
    expect(empty.message).toContain(': .Values.a is empty or unset; .Values.b is empty or unset: set it');
    const [unset] = findings('invalid-hostname', context(route, {}, { customResourcesMap: { entry }, captain_domain: '', team: 'data' }));
    expect(unset.message).toContain('.Values.captain_domian is empty or unset: set it');
    // the chart's own Ingress is built from the ingress section: its references are the ones named
    const ingress =
      '# template\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: web.apps.';
    const hosts = { ingress: { entries: [{ hosts: ['web.apps.{{ .Values.captain_domain }}'] }] }, captain_domain: '' };
    expect(findings('invalid-hostname', context(ingress, {}, hosts))[0].message).toContain('.Values.captain_domain is empty or unset');
    // a reference into a map names its whole path
    const nested = { customResourcesMap: { entry: '{{ .Values.cluster.domain }}' }, cluster: { domain: '' } };
    expect(findings('invalid-hostname', context(route, {}, nested))[0].message).toContain(
      ': .Values.cluster.domain is empty or unset: set it',
    );
    const [plain] = findings('invalid-hostname', context(route, {}, { customResourcesMap: { entry: 'no reference' } }));
    expect(plain.message).toBe('host "db.apps." ends with a dot: correct the host name where it is written');
    const [template] = findings('invalid-hostname', context(route.replace('db.apps.', '{{ .Values.host }}')));
    expect(template.message).toMatch(
      /^host "\{\{ \.Values\.host \}\}" still holds a template \("\{\{ \}\}"\) that was never rendered: the text is not rendered here/,
    );
  });
});

describe('backend-unknown, across the app × envs of a repo', () => {
  const facts = (app: string, env: string, services: { name: string; ports: { port: number; name?: string }[] }[], backends: object[]) => ({
    root: '/repo',
    app,
    env,
    namespace: env,
    services: services.map((s) => ({ namespace: env, ...s })),
    backends: backends.map((b) => ({
      namespace: env,
      source: 'IngressRouteTCP/db spec.routes[0].services[0]',
      object: 'IngressRouteTCP/db',
      at: { line: 3 },
      portAt: { line: 4 },
      ...b,
    })),
    tlsOptions: [],
    tlsRefs: [],
    postgresWithoutOptions: [],
    tcpRoutes: [],
  });
  const repo = (all: ReturnType<typeof facts>[], services: object[] = [], apps = ['api', 'web']) =>
    ruleById('backend-unknown').repo!({
      facts: all as never,
      configs: [{ root: '/repo', services, tlsOptions: [], rules: {}, overrides: [], apps } as never],
      repoApps: new Map([['/repo', apps]]),
    }).map((f) => `${f.app}/${f.env} line ${f.line}: ${f.message}`);
  const api = facts('api', 'prod', [{ name: 'api-prod', ports: [{ port: 8080, name: 'http' }] }], []);

  it('a Service no app renders in that namespace: with a guess, with the list of those there, or alone', () => {
    expect(repo([api, facts('web', 'prod', [], [{ name: 'api', port: 8080 }])])).toEqual([
      'web/prod line 3: IngressRouteTCP/db spec.routes[0].services[0] sends traffic to Service "api", which no app renders in namespace prod; did you mean "api-prod"? (the chart names the Service <app>-<env>, or appName): correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
    ]);
    expect(repo([api, facts('web', 'prod', [], [{ name: 'zzz', port: 8080 }])])).toEqual([
      'web/prod line 3: IngressRouteTCP/db spec.routes[0].services[0] sends traffic to Service "zzz", which no app renders in namespace prod (Services there: api-prod): correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
    ]);
    // a name far from every Service, yet the start of one: that one is the guess
    const primary = facts('db', 'prod', [{ name: 'db-primary-prod', ports: [] }], []);
    expect(repo([primary, facts('web', 'prod', [], [{ name: 'db', port: 5432 }])], [], ['db', 'web'])[0]).toContain(
      'did you mean "db-primary-prod"?',
    );
    // only a whole first part counts: dbadmin-prod is no guess for db
    const admin = facts('dbadmin', 'prod', [{ name: 'dbadmin-prod', ports: [] }], []);
    expect(repo([admin, facts('web', 'prod', [], [{ name: 'db', port: 5432 }])], [], ['dbadmin', 'web'])[0]).toContain(
      '(Services there: dbadmin-prod)',
    );
    // a namespace no app of the run renders into is not judged
    expect(repo([api, facts('web', 'prod', [], [{ name: 'zzz', namespace: 'other' }])])).toEqual([]);
  });

  it('a Service of the platform (config services, in any namespace or in its own) or of an app this run did not render is known', () => {
    const web = facts('web', 'prod', [], [{ name: 'vault', port: 8200 }]);
    expect(repo([api, web], [{ name: 'vault' }])).toEqual([]);
    expect(repo([api, web], [{ name: 'vault', namespace: 'prod' }])).toEqual([]);
    expect(repo([api, web], [{ name: 'vault', namespace: 'vault' }])).toHaveLength(1);
    // the app "cache" of the repo was not linted in this run: cache-prod may well exist
    const cache = facts('web', 'prod', [], [{ name: 'cache-prod', port: 6379 }]);
    expect(repo([api, cache], [], ['api', 'web', 'cache'])).toEqual([]);
    expect(repo([api, cache], [], ['api', 'web'])).toHaveLength(1);
    // linted, and rendering no such Service: reported
    expect(repo([api, cache, facts('cache', 'prod', [], [])], [], ['api', 'web', 'cache'])).toHaveLength(1);
  });

  it('a port the Service does not have, by number or name, at the port; a port it has, or a number written as text, is fine', () => {
    expect(repo([api, facts('web', 'prod', [], [{ name: 'api-prod', port: 9090 }])])).toEqual([
      'web/prod line 4: IngressRouteTCP/db spec.routes[0].services[0] sends traffic to port 9090 of Service "api-prod", which has no such port (its ports: 8080 (http)): use one of those',
    ]);
    expect(repo([api, facts('web', 'prod', [], [{ name: 'api-prod', port: 'grpc' }])])[0]).toContain('port "grpc" of Service');
    // a port the Service lists second is one it has
    const two = facts(
      'api',
      'prod',
      [
        {
          name: 'api-prod',
          ports: [
            { port: 8080, name: 'http' },
            { port: 9090, name: 'metrics' },
          ],
        },
      ],
      [],
    );
    for (const port of [9090, 'metrics']) expect(repo([two, facts('web', 'prod', [], [{ name: 'api-prod', port }])])).toEqual([]);
    for (const port of [8080, 'http', '8080', undefined])
      expect(repo([api, facts('web', 'prod', [], [{ name: 'api-prod', port }])]), String(port)).toEqual([]);
  });
});

/** The values of an app × env as the values rules see them: its files in order (base first), platform values under them. */
let fileCount = 0;
function valuesContext(
  texts: string[],
  { platform = {}, config = {} }: { platform?: Values; config?: Partial<LintConfig> } = {},
): ValuesContext {
  const files = texts.map((text, i) => {
    const file = join(dir, `${fileCount++}-${i === 0 && texts.length > 1 ? 'base' : 'env'}.yaml`);
    writeFileSync(file, text);
    return parseValuesFile(file);
  });
  const user = mergeFiles([platform, ...files.map((f) => f.values)]);
  return {
    target: {} as never,
    config: { ...defaultConfig(dir), ...config },
    files,
    platform,
    user,
    merged: coalesce(chartDefaults(chartDir), user),
    chartDir,
  };
}
/** A values rule's findings as "file index:line:col message" (file 0 is the first file given). */
const valueFindings = (id: string, ctx: ValuesContext) =>
  ruleById(id).values!(ctx).map((f) => `${ctx.files.findIndex((file) => file.file === f.file)}:${f.line}:${f.col} ${f.message}`);

describe('root-key-typo and root-key-unused', () => {
  it('a root key nothing reads: a typo of a chart key, a key of a section, one under a section left empty, or none of those', () => {
    const ctx = valuesContext(['deploymnet:\n  replicas: 2\nreplicaCount: 2\ndeployment:\nreplicas: 3\nowner: data\n']);
    expect(valueFindings('root-key-typo', ctx)).toEqual([
      '0:1:1 nothing reads the root key "deploymnet"; did you mean "deployment"? Rename it',
    ]);
    expect(valueFindings('root-key-unused', ctx)).toEqual([
      '0:3:1 nothing reads the root key "replicaCount" (not a chart key, and no template in the values uses .Values.replicaCount): remove it, or list it under rootKeys in app-chart.config.yaml if another tool reads it',
      '0:5:1 nothing reads the root key "replicas"; did you mean deployment.replicas? deployment: is written just above it with nothing under it: indent "replicas:" under it',
      '0:6:1 nothing reads the root key "owner" (not a chart key, and no template in the values uses .Values.owner): remove it, or list it under rootKeys in app-chart.config.yaml if another tool reads it',
    ]);
    // not just above a null section: every section that has the key
    const [away] = valueFindings('root-key-unused', valuesContext(['replicas: 3\n']));
    expect(away).toMatch(
      /^0:1:1 nothing reads the root key "replicas"; did you mean deployment\.replicas or [a-zA-Z.]+replicas.*\? Move it under that section$/,
    );
    // a null above that is not a section with the key is passed over
    const pastNull = valueFindings('root-key-unused', valuesContext(['deployment:\nowner: null\nreplicas: 3\n']))[1];
    expect(pastNull).toContain('did you mean deployment.replicas? deployment: is written just above it');
    const notSection = valueFindings('root-key-unused', valuesContext(['owner: null\nreplicas: 3\n']))[1];
    expect(notSection).toContain('Move it under that section');
    // a section with a value of its own in between is not "just above"
    const [after] = valueFindings('root-key-unused', valuesContext(['deployment:\nappPort: 8080\nreplicas: 3\n']));
    expect(after).toContain('Move it under that section');
  });

  it('a root key is read when the config lists it, the platform sets it, or a template string of the values reads it', () => {
    const keys = 'owner: data\nteam: db\nregion: eu\nglobal: {}\n';
    const reads = 'customResourcesMap:\n  a: "{{ .Values.team }}"\n  b: \'{{ index $.Values "region" }}\'\n';
    expect(valueFindings('root-key-unused', valuesContext([keys + reads], { config: { rootKeys: ['owner'] } }))).toEqual([]);
    for (const id of ['root-key-unused', 'root-key-typo'])
      expect(valueFindings(id, valuesContext([keys + reads], { platform: { owner: 'x' } }))).toEqual([]);
    expect(valueFindings('root-key-unused', valuesContext([keys + reads])).map((f) => f.slice(0, 40))).toEqual([
      '0:1:1 nothing reads the root key "owner"',
    ]);
    // the second forms: index without $, $.Values, and a template in a list item of customResources
    const forms =
      'zone: a\nowner: b\nteam: c\ncustomResources:\n  - \'{{ index .Values "zone" }} {{ $.Values.owner }}\'\n  - "{{ .Values.team }}"\n';
    expect(valueFindings('root-key-unused', valuesContext([forms]))).toEqual([]);
    // a typo of a key a template reads, or of a key the platform sets, is guessed as that key
    const typo = valuesContext(['teem: db\nownr: x\ncustomResourcesMap:\n  a: "{{ .Values.team }}"\n'], { platform: { owner: 'x' } });
    expect(valueFindings('root-key-typo', typo).map((f) => f.replace(/ Rename it$/, ''))).toEqual([
      '0:1:1 nothing reads the root key "teem"; did you mean "team"?',
      '0:2:1 nothing reads the root key "ownr"; did you mean "owner"?',
    ]);
    // a verbatim entry is emitted as written: what it says is not read
    const verbatim = 'team: db\ncustomResourcesMap:\n  a:\n    verbatim: "{{ .Values.team }}"\n';
    expect(valueFindings('root-key-unused', valuesContext([verbatim])).map((f) => f.slice(0, 39))).toEqual([
      '0:1:1 nothing reads the root key "team"',
    ]);
  });
});

describe('section-nulled, custom-resources-list-replaced and null-removes-nothing', () => {
  it('section-nulled: a later file nulls a section an earlier file enables; the root keys after it are named when they are its own', () => {
    const base = 'deployment:\n  enabled: true\nservice:\n  enabled: false\n';
    expect(valueFindings('section-nulled', valuesContext([base, 'service: null\nowner: x\n']))).toEqual([]);
    expect(valueFindings('section-nulled', valuesContext([base, 'deployment: null\nreplicas: 2\nowner: x\n']))).toEqual([
      expect.stringMatching(
        /^1:1:1 is null here, which removes the whole section an earlier file enables \(strlint-[^)]*-base\.yaml, line 2\)|^1:1:1 is null here, which removes the whole section an earlier file enables \([^)]*base\.yaml, line 2\), so nothing of it is rendered: the keys after it \(replicas\) look like its own; indent them under deployment:$/,
      ),
    ]);
    expect(valueFindings('section-nulled', valuesContext([base, 'deployment: null\n']))).toEqual([
      expect.stringMatching(
        /, line 2\), so nothing of it is rendered: to turn it off, write deployment\.enabled: false; to keep it, remove this line$/,
      ),
    ]);
    // the platform enables it: no file to name
    expect(valueFindings('section-nulled', valuesContext(['deployment: null\n'], { platform: { deployment: { enabled: true } } }))).toEqual(
      [
        '0:1:1 is null here, which removes the whole section an earlier file enables, so nothing of it is rendered: to turn it off, write deployment.enabled: false; to keep it, remove this line',
      ],
    );
    // nested: a section inside another
    const nested = valueFindings(
      'section-nulled',
      valuesContext(['ingress:\n  tls:\n    enabled: true\n', 'ingress:\n  tls: null\nreplicas: 2\n']),
    );
    expect(nested).toEqual([expect.stringMatching(/^1:2:3 .*to turn it off, write ingress\.tls\.enabled: false/)]);
  });

  it('custom-resources-list-replaced: a non-empty list over an earlier non-empty one, counting its entries', () => {
    const list = (n: number) => `customResources:\n${'  - "kind: ConfigMap"\n'.repeat(n)}`;
    expect(valueFindings('custom-resources-list-replaced', valuesContext([list(1), list(1)]))).toEqual([
      expect.stringMatching(
        /^1:1:1 this customResources list replaces the 1 entry of the list in .*base\.yaml \(Helm never merges lists\)/,
      ),
    ]);
    expect(valueFindings('custom-resources-list-replaced', valuesContext([list(2), list(1)]))).toEqual([
      expect.stringContaining('replaces the 2 entries of the list in'),
    ]);
    expect(valueFindings('custom-resources-list-replaced', valuesContext([list(1), 'customResources: []\n']))).toEqual([]);
    expect(valueFindings('custom-resources-list-replaced', valuesContext(['customResources: []\n', list(1)]))).toEqual([]);
    expect(valueFindings('custom-resources-list-replaced', valuesContext([list(1)]))).toEqual([]);
  });

  it('null-removes-nothing: a null no earlier source (chart defaults, platform, earlier files) sets, at any depth', () => {
    expect(valueFindings('null-removes-nothing', valuesContext(['commonLabels:\n  team: null\n']))).toEqual([
      "0:2:3 commonLabels.team is null, but no earlier file (nor the chart's defaults) sets it, so it removes nothing: delete the line, or give it a value (check the key's spelling if you meant to remove something)",
    ]);
    expect(valueFindings('null-removes-nothing', valuesContext(['commonLabels:\n  team: a\n', 'commonLabels:\n  team: null\n']))).toEqual(
      [],
    );
    expect(
      valueFindings(
        'null-removes-nothing',
        valuesContext(['commonLabels:\n  team: null\n'], { platform: { commonLabels: { team: 'a' } } }),
      ),
    ).toEqual([]);
    // a key of the chart's defaults
    expect(valueFindings('null-removes-nothing', valuesContext(['service:\n  type: null\n']))).toEqual([]);
    // the same null in the base and in the env: both remove nothing
    expect(valueFindings('null-removes-nothing', valuesContext(['extra: null\n', 'extra: null\n'])).map((f) => f.slice(0, 5))).toEqual([
      '0:1:1',
      '1:1:1',
    ]);
  });
});

describe('env-literal-secret', () => {
  it('a variable named like a secret with a literal value, in envVariables and envMap (plain or {value}), not under custom resources', () => {
    const text = `deployment:
  envVariables:
    - name: DB_PASSWORD
      value: hunter2
    - name: DB_PASSWORD_FILE
      value: /run/secrets/db
    - name: API_TOKEN
      value: "{{ .Values.token }}"
    - name: SECRET_KEY
      value: ""
    - name: GITHUB_TOKEN
      value: 42
  envMap:
    api_key: abc
    ACCESS_KEY:
      value: xyz
    HOST: db.example.com
customResourcesMap:
  creds:
    envMap:
      PASSWORD: literal
customResources:
  - kind: Pod
    envMap:
      PASSWORD: literal
`;
    expect(valueFindings('env-literal-secret', valuesContext([text]))).toEqual([
      '0:4:7 DB_PASSWORD looks like a secret, and its value is written here in plain text: put it in a Secret and read it with deployment.envSecrets (variable, secretName, secretKey)',
      '0:14:5 api_key looks like a secret, and its value is written here in plain text: put it in a Secret and read it with deployment.envSecrets (variable, secretName, secretKey)',
      '0:16:7 ACCESS_KEY looks like a secret, and its value is written here in plain text: put it in a Secret and read it with deployment.envSecrets (variable, secretName, secretKey)',
    ]);
  });
});

describe('service-port-targets-app-port', () => {
  const found = (text: string) => valueFindings('service-port-targets-app-port', valuesContext([text]));
  it('an extra Service port with no targetPort, on a number no container declares and not the app port', () => {
    const service = (ports: string, more = '') => `${more}service:\n  enabled: true\n  ports:\n${ports}`;
    expect(found(service('    - port: 9090\n'))).toEqual([
      expect.stringMatching(/^0:4:7 has no targetPort, so the Service sends port 9090 to the app port 8080 /),
    ]);
    expect(found(service('    - port: 9090\n      targetPort: 9090\n'))).toEqual([]);
    // the port listed second, under its name: the finding points at its port line
    expect(found(service('    - port: 8080\n    - name: metrics\n      port: 9090\n'))).toEqual([
      expect.stringMatching(/^0:6:7 has no targetPort, so the Service sends port 9090 to the app port 8080 /),
    ]);
    expect(found(service('    - port: 8080\n'))).toEqual([]);
    expect(found(service('    - port: 8080\n', 'appPort: 3000\n'))).toEqual([
      expect.stringMatching(/^0:5:7 has no targetPort, so the Service sends port 8080 to the app port 3000 /),
    ]);
    expect(found(service('    - port: 9090\n', 'deployment:\n  containerPorts:\n    - port: 9090\n'))).toEqual([]);
    // the chart also takes a container port written as Kubernetes writes it, containerPort:
    expect(found(service('    - port: 9090\n', 'deployment:\n  containerPorts:\n    - containerPort: 9090\n'))).toEqual([]);
    expect(found(service('    - port: 9090\n', 'deployment:\n  sidecar:\n    - ports:\n        - containerPort: 9090\n'))).toEqual([]);
    expect(found(service('    - port: 9090\n').replace('enabled: true', 'enabled: false'))).toEqual([]);
    expect(found(`${service('    - port: 9090\n').replace('enabled: true', 'enabled: false')}ingress:\n  enabled: true\n`)).toHaveLength(1);
  });
});

describe('rules across the app × envs of a repo: TLSOptions and shadowed TCP routes', () => {
  type Partial = Record<string, unknown>;
  const facts = (app: string, env: string, more: Partial) => ({
    root: '/repo',
    app,
    env,
    namespace: env,
    services: [],
    backends: [],
    tlsOptions: [],
    tlsRefs: [],
    postgresWithoutOptions: [],
    tcpRoutes: [],
    ...more,
  });
  const run = (id: string, all: ReturnType<typeof facts>[], tlsOptions: object[] = []) =>
    ruleById(id).repo!({
      facts: all as never,
      configs: [{ root: '/repo', services: [], tlsOptions, rules: {}, overrides: [], apps: ['db', 'web'] } as never],
      repoApps: new Map([['/repo', ['db', 'web']]]),
    }).map((f) => `${f.app}/${f.env} line ${f.line}: ${f.message}`);
  const ref = (name: string, postgres = false, namespace = 'prod') => ({
    namespace,
    name,
    object: 'IngressRouteTCP/db',
    at: { line: 7 },
    postgres,
  });
  const option = (name: string, alpnProtocols: string[] = [], namespace = 'prod') => ({ namespace, name, alpnProtocols });

  it('tls-option-unknown: a TLSOption no app of the env renders in that namespace and the platform does not provide', () => {
    const db = (refs: object[]) => facts('db', 'prod', { tlsRefs: refs });
    const web = facts('web', 'prod', { tlsOptions: [option('strict')] });
    expect(run('tls-option-unknown', [db([ref('strict')]), web])).toEqual([]);
    expect(run('tls-option-unknown', [db([ref('stritc')]), web])).toEqual([
      'db/prod line 7: tls.options names TLSOption prod/stritc, which no app renders and the platform does not provide; did you mean ' +
        '"strict"?: render it (customResources) or add it to tlsOptions in app-chart.config.yaml; Traefik otherwise refuses the route\'s TLS',
    ]);
    // rendered in another namespace or in another env: unknown here
    expect(run('tls-option-unknown', [db([ref('strict', false, 'other')]), web])).toHaveLength(1);
    expect(
      run('tls-option-unknown', [db([ref('strict')]), facts('web', 'dev', { tlsOptions: [option('strict', [], 'dev')] })]),
    ).toHaveLength(1);
    // the platform's, in any namespace or in its own
    expect(run('tls-option-unknown', [db([ref('edge')])], [{ name: 'edge' }])).toEqual([]);
    expect(run('tls-option-unknown', [db([ref('edge')])], [{ name: 'edge', namespace: 'prod' }])).toEqual([]);
    expect(run('tls-option-unknown', [db([ref('edge')])], [{ name: 'edge', namespace: 'traefik' }])).toHaveLength(1);
    expect(run('tls-option-unknown', [db([ref('zzzzzz')])])[0]).not.toContain('did you mean');
  });

  it('postgres-alpn: a TLSOption in front of PostgreSQL whose ALPN list lacks postgresql, or no TLSOption at all', () => {
    const db = (refs: object[], more: Partial = {}) => facts('db', 'prod', { tlsRefs: refs, ...more });
    expect(run('postgres-alpn', [db([ref('pg', true)], { tlsOptions: [option('pg', ['h2', 'http/1.1'])] })])).toEqual([
      expect.stringMatching(/^db\/prod line 7: .*TLSOption prod\/pg offers ALPN h2, http\/1\.1/),
    ]);
    expect(run('postgres-alpn', [db([ref('pg', true)], { tlsOptions: [option('pg', ['postgresql'])] })])).toEqual([]);
    // no ALPN list: Traefik's default, which does not speak postgresql either
    expect(run('postgres-alpn', [db([ref('pg', true)], { tlsOptions: [option('pg', [])] })])[0]).toContain('(none)');
    // not in front of PostgreSQL
    expect(run('postgres-alpn', [db([ref('pg', false)], { tlsOptions: [option('pg', ['h2'])] })])).toEqual([]);
    // an app's own TLSOption before the platform's of the same name
    const own = db([ref('edge', true)], { tlsOptions: [option('edge', ['postgresql'])] });
    expect(run('postgres-alpn', [own], [{ name: 'edge', alpnProtocols: ['h2'] }])).toEqual([]);
    // the platform's TLSOption
    expect(run('postgres-alpn', [db([ref('edge', true)])], [{ name: 'edge', alpnProtocols: ['h2'] }])).toHaveLength(1);
    expect(run('postgres-alpn', [db([ref('edge', true)])], [{ name: 'edge', alpnProtocols: ['postgresql', 'h2'] }])).toEqual([]);
    const bare = run('postgres-alpn', [db([], { postgresWithoutOptions: [{ object: 'IngressRouteTCP/db', at: { line: 9 } }] })]);
    expect(bare).toEqual([expect.stringMatching(/^db\/prod line 9: .*add a TLSOption with alpnProtocols \[postgresql\]/)]);
  });

  const route = (source: string, more: Partial) => ({
    entryPoints: ['websecure'],
    tls: true,
    hosts: ['db.example.com'],
    hostsOnly: true,
    priority: 10,
    object: source.split(' ')[0],
    source,
    at: { line: 3 },
    ...more,
  });
  const shadowed = (routes: [string, ReturnType<typeof route>][], env = 'prod') =>
    run(
      'tcp-route-shadowed',
      ['db', 'web'].map((app) => facts(app, env, { tcpRoutes: routes.filter(([a]) => a === app).map(([, r]) => r) })),
    );

  it('tcp-route-shadowed: a route whose hosts another takes first, at a higher or the same priority, on a shared entryPoint', () => {
    const a = route('IngressRouteTCP/a spec.routes[0]', { priority: 20 });
    const b = route('IngressRouteTCP/b spec.routes[0]', {});
    expect(
      shadowed([
        ['db', a],
        ['web', b],
      ]),
    ).toEqual([
      expect.stringMatching(
        /^web\/prod line 3: IngressRouteTCP\/b spec\.routes\[0\] never receives a connection on entryPoint websecure: db: IngressRouteTCP\/a spec\.routes\[0\] matches the same host with a higher priority \(20 > 10\)/,
      ),
    ]);
    // the same priority: both are reported, each naming the other
    expect(
      shadowed([
        ['db', { ...a, priority: 10 }],
        ['web', b],
      ]),
    ).toEqual([
      expect.stringMatching(
        /^db\/prod line 3: IngressRouteTCP\/a spec\.routes\[0\] and web: IngressRouteTCP\/b spec\.routes\[0\] match the same host on entryPoint websecure with the same priority \(10\)/,
      ),
      expect.stringMatching(
        /^web\/prod line 3: IngressRouteTCP\/b spec\.routes\[0\] and db: IngressRouteTCP\/a spec\.routes\[0\] match the same host/,
      ),
    ]);
    // a lower priority takes nothing; another entryPoint, TLS against plain TCP, or another env: no meeting
    expect(
      shadowed([
        ['db', { ...a, priority: 5 }],
        ['web', b],
      ]),
    ).toEqual([expect.stringContaining('IngressRouteTCP/a spec.routes[0] never receives')]);
    expect(
      shadowed([
        ['db', { ...a, entryPoints: ['internal'] }],
        ['web', b],
      ]),
    ).toEqual([]);
    expect(
      shadowed([
        ['db', { ...a, tls: false }],
        ['web', b],
      ]),
    ).toEqual([]);
    // a route of no entryPoint is on all of them
    expect(
      shadowed([
        ['db', { ...a, entryPoints: ['*'] }],
        ['web', b],
      ])[0],
    ).toContain('on entryPoint websecure');
    // a route that is not HostSNI alone (ClientIP too) takes nothing away
    expect(
      shadowed([
        ['db', { ...a, hostsOnly: false }],
        ['web', b],
      ]),
    ).toEqual([expect.stringContaining('IngressRouteTCP/a spec.routes[0] never receives')].slice(0, 0));
  });

  it('tcp-route-shadowed: a wildcard of the parent domain or "*" takes a host; a route keeps the hosts no other takes', () => {
    const b = route('IngressRouteTCP/b spec.routes[0]', { hosts: ['db.example.com', 'other.example.org'] });
    const wildcard = route('IngressRouteTCP/w spec.routes[0]', { hosts: ['*.example.com'], priority: 50 });
    expect(
      shadowed([
        ['db', wildcard],
        ['web', b],
      ]),
    ).toEqual([
      expect.stringContaining('IngressRouteTCP/b spec.routes[0] never receives connections for db.example.com on entryPoint websecure'),
    ]);
    const any = route('IngressRouteTCP/any spec.routes[0]', { hosts: ['*'], priority: 50 });
    expect(
      shadowed([
        ['db', any],
        ['web', b],
      ])[0],
    ).toContain('never receives a connection on entryPoint websecure');
    const deeper = route('IngressRouteTCP/d spec.routes[0]', { hosts: ['*.example.com'], priority: 50 });
    expect(
      shadowed([
        ['db', deeper],
        ['web', route('IngressRouteTCP/b spec.routes[0]', { hosts: ['a.db.example.com'] })],
      ]),
    ).toEqual([]);
  });
  it("tcp-route-shadowed: names every route that takes the hosts, and where: a route on every entryPoint loses them on the taker's", () => {
    const b = route('IngressRouteTCP/b spec.routes[0]', {});
    const a = route('IngressRouteTCP/a spec.routes[0]', { priority: 20 });
    const c = route('IngressRouteTCP/c spec.routes[0]', { priority: 30 });
    expect(
      shadowed([
        ['db', a],
        ['db', c],
        ['web', b],
      ]).filter((f) => f.startsWith('web/')),
    ).toEqual([
      expect.stringContaining(
        'IngressRouteTCP/b spec.routes[0] never receives a connection on entryPoint websecure: db: IngressRouteTCP/a spec.routes[0] ' +
          '(and db: IngressRouteTCP/c spec.routes[0]) matches the same host with a higher priority (20 > 10)',
      ),
    ]);
    expect(
      shadowed([
        ['db', a],
        ['web', { ...b, entryPoints: ['*'] }],
      ]),
    ).toEqual([expect.stringContaining('never receives a connection on entryPoint websecure:')]);
    expect(
      shadowed([
        ['db', { ...a, entryPoints: ['*'] }],
        ['web', { ...b, entryPoints: ['*'] }],
      ]),
    ).toEqual([expect.stringContaining('never receives a connection on every entryPoint:')]);
    // two hosts taken of two: every connection; one host of a wildcard: "host", two: "hosts"
    const two = route('IngressRouteTCP/b spec.routes[0]', { hosts: ['a.example.com', 'b.example.com'] });
    const wildcard = route('IngressRouteTCP/w spec.routes[0]', { hosts: ['*.example.com'], priority: 10 });
    expect(
      shadowed([
        ['db', wildcard],
        ['web', two],
      ]),
    ).toEqual([expect.stringContaining('match the same hosts on entryPoint websecure with the same priority (10)')]);
  });

  it("tls-option-unknown guesses among the TLSOptions of the namespace the route names, and the platform's", () => {
    const db = facts('db', 'prod', { tlsRefs: [ref('stritc')] });
    expect(run('tls-option-unknown', [db, facts('web', 'prod', { tlsOptions: [option('strict', [], 'other')] })])[0]).not.toContain(
      'did you mean',
    );
    expect(run('tls-option-unknown', [db], [{ name: 'strict', namespace: 'traefik' }])[0]).toContain('did you mean "strict"?');
  });

  it('tls-option-unknown and postgres-alpn each report their own case; a platform TLSOption counts by its name only', () => {
    const db = (refs: object[], more: Partial = {}) => facts('db', 'prod', { tlsRefs: refs, ...more });
    const pg = db([ref('pg', true)], { tlsOptions: [option('pg', ['h2'])] });
    expect(run('tls-option-unknown', [pg])).toEqual([]);
    expect(run('tls-option-unknown', [db([], { postgresWithoutOptions: [{ object: 'IngressRouteTCP/db', at: { line: 9 } }] })])).toEqual(
      [],
    );
    expect(run('postgres-alpn', [db([ref('missing', true)])])).toEqual([]);
    expect(run('tls-option-unknown', [db([ref('stritc')])], [{ name: 'strict' }])).toEqual([
      expect.stringContaining(
        'names TLSOption prod/stritc, which no app renders and the platform does not provide; did you mean "strict"?',
      ),
    ]);
  });

  it('tcp-route-shadowed: the second forms: a taker of two hosts, the same app, two shared entryPoints, HostSNI(`*`) on both, plain TCP', () => {
    const b = route('IngressRouteTCP/b spec.routes[0]', { entryPoints: ['web', 'websecure'] });
    const a = route('IngressRouteTCP/a spec.routes[0]', {
      priority: 20,
      hosts: ['other.example.org', 'db.example.com'],
      entryPoints: ['web', 'websecure'],
    });
    expect(
      shadowed([
        ['db', a],
        ['db', b],
      ]),
    ).toEqual([
      'db/prod line 3: IngressRouteTCP/b spec.routes[0] never receives a connection on entryPoint web, websecure: IngressRouteTCP/a ' +
        'spec.routes[0] matches the same host with a higher priority (20 > 10) and is tried first. Traefik hands each connection to ' +
        'the first route that matches, whatever TLS options the routes name: give the routes different hosts or entryPoints, or tell ' +
        'them apart with another matcher (ClientIP) and set priorities',
    ]);
    const any = (name: string) => route(`IngressRouteTCP/${name} spec.routes[0]`, { hosts: ['*'], tls: false });
    expect(
      shadowed([
        ['db', any('x')],
        ['web', any('y')],
      ]),
    ).toEqual([
      expect.stringMatching(
        /^db\/prod line 3: IngressRouteTCP\/x spec\.routes\[0\] and web: IngressRouteTCP\/y spec\.routes\[0\] match the same connections on entryPoint websecure with the same priority \(10\): .*the first route that matches: give/,
      ),
      expect.stringContaining('IngressRouteTCP/y spec.routes[0] and db: IngressRouteTCP/x spec.routes[0] match the same connections'),
    ]);
    // three routes take the hosts: each other one is named
    const c = route('IngressRouteTCP/c spec.routes[0]', { priority: 30 });
    const d = route('IngressRouteTCP/d spec.routes[0]', { priority: 40 });
    expect(
      shadowed([
        ['db', a],
        ['db', c],
        ['db', d],
        ['web', route('IngressRouteTCP/v spec.routes[0]', {})],
      ]).filter((f) => f.startsWith('web/')),
    ).toEqual([
      expect.stringContaining(
        ': db: IngressRouteTCP/a spec.routes[0] (and db: IngressRouteTCP/c spec.routes[0], db: IngressRouteTCP/d spec.routes[0]) matches',
      ),
    ]);
  });

  it('two repos linted together with the same app and env names: the TLSOptions, platform and TCP routes of one are not the other’s', () => {
    const config = (root: string, tlsOptions: object[] = []) => ({
      root,
      services: [],
      tlsOptions,
      rules: {},
      overrides: [],
      apps: ['db', 'web'],
    });
    const lint = (id: string, all: ReturnType<typeof facts>[], configs = [config('/repo'), config('/other')]) =>
      ruleById(id).repo!({
        facts: all as never,
        configs: configs as never,
        repoApps: new Map([
          ['/repo', ['db', 'web']],
          ['/other', ['db', 'web']],
        ]),
      }).map((f) => `${f.root} ${f.app}/${f.env}: ${f.message}`);
    const other = (f: ReturnType<typeof facts>) => ({ ...f, root: '/other' });
    // a TLSOption another repo renders in an env of the same name is not there for this repo's route
    const web = facts('web', 'prod', { tlsOptions: [option('strict', ['h2'])] });
    expect(lint('tls-option-unknown', [web, other(facts('db', 'prod', { tlsRefs: [ref('strict')] }))])).toEqual([
      expect.stringMatching(/^\/other db\/prod: tls\.options names TLSOption prod\/strict, which no app renders/),
    ]);
    // nor are its ALPN protocols: the route's own repo renders the option it names
    const db = other(facts('db', 'prod', { tlsRefs: [ref('strict', true)], tlsOptions: [option('strict', ['postgresql'])] }));
    expect(lint('postgres-alpn', [web, db])).toEqual([]);
    // the platform options of each repo's own config
    const edge = other(facts('db', 'prod', { tlsRefs: [ref('edge')] }));
    expect(lint('tls-option-unknown', [edge], [config('/repo', [{ name: 'edge' }]), config('/other')])).toHaveLength(1);
    expect(lint('tls-option-unknown', [edge], [config('/repo'), config('/other', [{ name: 'edge' }])])).toEqual([]);
    // a TCP route of one repo takes no connection from a route of the other
    const a = route('IngressRouteTCP/a spec.routes[0]', { priority: 20 });
    const b = route('IngressRouteTCP/b spec.routes[0]', {});
    expect(lint('tcp-route-shadowed', [facts('db', 'prod', { tcpRoutes: [a] }), other(facts('web', 'prod', { tcpRoutes: [b] }))])).toEqual(
      [],
    );
    expect(
      lint('tcp-route-shadowed', [other(facts('db', 'prod', { tcpRoutes: [a] })), other(facts('web', 'prod', { tcpRoutes: [b] }))]),
    ).toEqual([expect.stringMatching(/^\/other web\/prod: IngressRouteTCP\/b spec\.routes\[0\] never receives a connection/)]);
  });
});

describe('gateway-api-version and gateway-api-deprecated', () => {
  const route = (kind: string, version: string) => `
apiVersion: gateway.networking.k8s.io/${version}
kind: ${kind}
metadata:
  name: r
spec: {}`;
  const both = (doc: string, gatewayAPI: Record<string, unknown> = { channel: 'standard', gateways: [] }) =>
    ['gateway-api-version', 'gateway-api-deprecated'].flatMap((id) =>
      findings(id, context(doc, { gatewayAPI: gatewayAPI as never })).map((f) => `${id} ${f.where}: ${f.message}`),
    );
  const installed = (version: string, channel = 'standard') => ({ version, channel, gateways: [] });

  it('without a release in the config: a version no release serves, or one the latest release no longer serves or deprecates', () => {
    expect(both(route('TCPRoute', 'v1'))).toEqual([]);
    expect(both(route('TCPRoute', 'v1beta1'))).toEqual([
      expect.stringMatching(
        /^gateway-api-version apiVersion: .*gateway\.networking\.k8s\.io\/v1beta1 TCPRoute .*use gateway\.networking\.k8s\.io\/v1 \(standard channel from v1\.6\)/,
      ),
    ]);
    expect(both(route('TCPRoute', 'v1alpha2'))).toEqual([expect.stringMatching(/^gateway-api-deprecated apiVersion: .*deprecated/)]);
    expect(both(route('GRPCRoute', 'v1alpha2'))).toEqual([expect.stringMatching(/^gateway-api-deprecated apiVersion: .*no longer served/)]);
    // not a Gateway API kind, or another group: not these rules' business
    expect(both(route('Widget', 'v1beta1'))).toEqual([]);
    expect(both(route('TCPRoute', 'v1beta1').replace('gateway.networking.k8s.io', 'example.com'))).toEqual([]);
  });

  it("with the cluster's release: what its channel serves, else what the other channel or a later release offers", () => {
    expect(both(route('TCPRoute', 'v1'), installed('v1.6'))).toEqual([]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('v1.6'))).toEqual([
      expect.stringMatching(
        /^gateway-api-version apiVersion: .*serves TCPRoute as gateway\.networking\.k8s\.io\/v1\b.*use gateway\.networking\.k8s\.io\/v1, or correct gatewayAPI/,
      ),
    ]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('v1.2'))).toEqual([
      expect.stringMatching(
        /^gateway-api-version apiVersion: .*has no TCPRoute.*upgrade the CRDs to v1\.6 or later \(standard channel\), or install the experimental channel of v1\.2 and use gateway\.networking\.k8s\.io\/v1alpha2/,
      ),
    ]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('v1.2', 'experimental'))).toEqual([]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('v1.6', 'experimental'))).toEqual([
      expect.stringMatching(/^gateway-api-deprecated apiVersion: .*Gateway API v1\.6, experimental channel/),
    ]);
  });

  it('names every version the channel serves, or the other channel offers, when there are two', () => {
    expect(both(route('ReferenceGrant', 'v1alpha2'), installed('v1.6'))).toEqual([
      expect.stringContaining(
        "the cluster's Gateway API v1.6, standard channel serves ReferenceGrant as gateway.networking.k8s.io/v1, " +
          'gateway.networking.k8s.io/v1beta1; gateway.networking.k8s.io/v1alpha2 is served by',
      ),
    ]);
    // v1.4 has TLSRoute in its experimental channel only, as v1alpha2 and v1alpha3
    expect(both(route('TLSRoute', 'v1'), installed('v1.4'))).toEqual([
      expect.stringContaining(
        'upgrade the CRDs to v1.5 or later (standard channel), or install the experimental channel of v1.4 and use ' +
          'gateway.networking.k8s.io/v1alpha2 or gateway.networking.k8s.io/v1alpha3, or correct gatewayAPI',
      ),
    ]);
  });

  it('a kind the newest release no longer has: no apiVersion to advise, only a look at the release', () => {
    expect(both(route('BackendLBPolicy', 'v1beta1'))).toEqual([
      expect.stringMatching(
        /BackendLBPolicy exists in no Gateway API release \(v1\.0–v1\.6\): check the kinds of your Gateway API release$/,
      ),
    ]);
  });

  it('a release newer than lint knows is checked as the newest it knows, and the message says so', () => {
    expect(both(route('TCPRoute', 'v1'), installed('v1.9.2'))).toEqual([]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('1.9', 'experimental'))).toEqual([
      expect.stringContaining(
        "is deprecated in the cluster's Gateway API v1.6 (lint knows releases up to v1.6; 1.9 is checked as v1.6), experimental channel",
      ),
    ]);
    expect(both(route('TCPRoute', 'v1alpha2'), installed('v1.6.1', 'experimental'))).toEqual([
      expect.stringContaining("is deprecated in the cluster's Gateway API v1.6, experimental channel"),
    ]);
  });

  it('names a version the channel serves without deprecation, though a deprecated one is listed first', () => {
    // v1.0 serves ReferenceGrant as v1alpha2 (deprecated) and v1beta1
    expect(both(route('ReferenceGrant', 'v1'), installed('v1.0'))).toEqual([
      expect.stringMatching(/^gateway-api-version apiVersion: .*use gateway\.networking\.k8s\.io\/v1beta1, or correct gatewayAPI/),
    ]);
  });

  it('asks for CRDs that have a kind no release since serves, instead of an upgrade', () => {
    // BackendLBPolicy was only ever in the experimental channel of early releases
    expect(both(route('BackendLBPolicy', 'v1alpha2'), installed('v1.2'))).toEqual([
      expect.stringMatching(
        /^gateway-api-version apiVersion: .*has no BackendLBPolicy.*install CRDs that have it, or install the experimental channel of v1\.2 and use gateway\.networking\.k8s\.io\/v1alpha2/,
      ),
    ]);
  });
});

describe('what an app × env tells the rules across apps (facts)', () => {
  const factsOf = (docs: string) => gatherFacts({ ...context(docs), target: { app: 'db', env: 'prod' } } as ObjectsContext);
  const backends = (docs: string) =>
    factsOf(docs).backends.map((b) => `${b.namespace}/${b.name}:${b.port ?? '-'} ${b.source} at ${b.at.file} port at ${b.portAt.file}`);

  it('the Services an Ingress, a Gateway route and an ingress-nginx port map send to, with where the name and port are', () => {
    const ingress = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service: {name: fallback, port: {number: 80}}
  rules:
    - http:
        paths:
          - backend:
              service: {name: web-prod, port: {name: http}}`;
    expect(backends(ingress)).toEqual([
      'prod/fallback:80 Ingress/web spec.defaultBackend.service at spec.defaultBackend.service.name port at spec.defaultBackend.service.port.number',
      'prod/web-prod:http Ingress/web spec.rules[0].http.paths[0].backend.service at spec.rules.0.http.paths.0.backend.service.name port at spec.rules.0.http.paths.0.backend.service.port.name',
    ]);
    const gateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata:
  name: db
spec:
  rules:
    - backendRefs:
        - {name: db-prod, port: 5432}
        - {name: other, namespace: shared, port: 5432, kind: Service, group: ""}
        - {name: imported, kind: ServiceImport, port: 5432}
        - {name: foreign, group: example.com, port: 5432}`;
    expect(backends(gateway)).toEqual([
      'prod/db-prod:5432 TCPRoute/db spec.rules[0].backendRefs[0] at spec.rules.0.backendRefs.0.name port at spec.rules.0.backendRefs.0.port',
      'shared/other:5432 TCPRoute/db spec.rules[0].backendRefs[1] at spec.rules.0.backendRefs.1.name port at spec.rules.0.backendRefs.1.port',
    ]);
    const nginx = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: tcp-services
data:
  "15432": prod/db-prod:5432
  "8080": "staging/web:http:PROXY"
  "9000": not-a-target`;
    expect(backends(nginx)).toEqual([
      'staging/web:http ConfigMap/tcp-services data.8080 at data.8080 port at data.8080',
      'prod/db-prod:5432 ConfigMap/tcp-services data.15432 at data.15432 port at data.15432',
    ]);
    // a port number as a number, as the Service's ports are
    expect(factsOf(nginx).backends.map((b) => b.port)).toEqual(['http', 5432]);
  });

  const tcp = ({
    tls = '\n  tls: {}',
    port = '5432',
    match = 'HostSNI(`DB.example.com`)',
    entryPoints = '\n  entryPoints: [websecure]',
    kind = '',
  } = {}) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: db
spec:${entryPoints}
  routes:
    - match: ${match}
      services:
        - name: db-prod
          port: ${port}${kind}${tls}`;
  const service = `
apiVersion: v1
kind: Service
metadata:
  name: db-prod
spec:
  ports:
    - {name: pg, port: 6000, appProtocol: postgresql}
    - {name: sql, port: 5432}`;

  it('PostgreSQL behind TLS that Traefik ends: by port 5432, by the name of such a port, or by appProtocol; with or without a TLSOption', () => {
    expect(factsOf(tcp()).postgresWithoutOptions).toEqual([{ object: 'IngressRouteTCP/db', at: { file: 'spec.tls' } }]);
    expect(factsOf(`${tcp({ port: 'sql' })}\n---\n${service}`).postgresWithoutOptions).toHaveLength(1);
    expect(factsOf(`${tcp({ port: '6000' })}\n---\n${service}`).postgresWithoutOptions).toHaveLength(1);
    expect(factsOf(tcp({ port: '6000' })).postgresWithoutOptions).toEqual([]);
    expect(factsOf(tcp({ tls: '\n  tls:\n    passthrough: true' })).postgresWithoutOptions).toEqual([]);
    expect(factsOf(tcp({ tls: '' })).postgresWithoutOptions).toEqual([]);
    // a TraefikService is not a Service
    expect(factsOf(tcp({ kind: '\n          kind: TraefikService' })).postgresWithoutOptions).toEqual([]);
    const named = factsOf(tcp({ tls: '\n  tls:\n    options: {name: pg-tls, namespace: shared}' }));
    expect(named.tlsRefs).toEqual([
      { namespace: 'shared', name: 'pg-tls', object: 'IngressRouteTCP/db', at: { file: 'spec.tls.options.name' }, postgres: true },
    ]);
    expect(named.postgresWithoutOptions).toEqual([]);
    expect(factsOf(tcp({ port: '8080', tls: '\n  tls:\n    options: {name: web-tls}' })).tlsRefs).toEqual([
      expect.objectContaining({ namespace: 'prod', postgres: false }),
    ]);
  });

  it('TCP routes as Traefik matches them: hosts in lower case, every entryPoint when it names none; none for a rule Traefik refuses or too intricate to compare', () => {
    expect(factsOf(tcp()).tcpRoutes).toEqual([
      {
        entryPoints: ['websecure'],
        tls: true,
        hosts: ['db.example.com'],
        hostsOnly: true,
        priority: expect.any(Number),
        object: 'IngressRouteTCP/db',
        source: 'IngressRouteTCP/db spec.routes[0]',
        at: { file: 'spec.routes.0.match' },
      },
    ]);
    expect(factsOf(tcp({ entryPoints: '' })).tcpRoutes[0].entryPoints).toEqual(['*']);
    expect(factsOf(tcp({ tls: '', match: 'HostSNI(`*`)' })).tcpRoutes[0]).toMatchObject({ tls: false, hosts: ['*'] });
    expect(factsOf(tcp({ tls: '' })).tcpRoutes).toEqual([]);
    expect(factsOf(tcp({ match: 'HostSNI(`a.example.com`, `b.example.com`)' })).tcpRoutes).toEqual([]);
    expect(factsOf(tcp({ match: 'HostSNI(`a.example.com`) && ClientIP(`10.0.0.0/8`)' })).tcpRoutes[0]).toMatchObject({ hostsOnly: false });
    expect(factsOf(tcp({ match: 'HostSNI(`a.example.com`) || ClientIP(`10.0.0.0/8`)' })).tcpRoutes).toEqual([]);
    expect(factsOf(tcp({ match: '!ClientIP(`10.0.0.0/8`)' })).tcpRoutes).toEqual([]);
  });

  it("a TLSOption's ALPN protocols, the Services with their ports", () => {
    const option = `
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata:
  name: pg-tls
spec:
  alpnProtocols: [postgresql, 7]`;
    const facts = factsOf(`${option}\n---\n${service}`);
    expect(facts.tlsOptions).toEqual([{ namespace: 'prod', name: 'pg-tls', alpnProtocols: ['postgresql'] }]);
    expect(facts.services).toEqual([
      {
        namespace: 'prod',
        name: 'db-prod',
        ports: [
          { port: 6000, name: 'pg' },
          { port: 5432, name: 'sql' },
        ],
      },
    ]);
  });
});

describe('the edges of the Traefik rules and of the readers they share (k8s.ts)', () => {
  it('an older traefik.containo.us route is a Traefik route; a route of another group with the same kind is not', () => {
    const old = tcpRoute({ tls: '' }).replace('traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1');
    expect(where('hostsni-without-tls', context(old))).toEqual(['spec.routes.0.match']);
    const foreign = tcpRoute({ tls: '' }).replace('traefik.io/v1alpha1', 'example.com/v1');
    expect(where('hostsni-without-tls', context(foreign))).toEqual([]);
  });

  it('hostsni-ip: a host name of hexadecimal letters and dots (db.cafe) is a name, not an IPv6 address', () => {
    expect(where('hostsni-ip', context(tcpRoute({ match: 'HostSNI(`db.cafe`)' })))).toEqual([]);
    expect(isIpLiteral('db.cafe')).toBe(false);
    expect(isIpLiteral('[fd00::1]')).toBe(true);
  });

  it('hostsni-ip: a name that starts with an IPv4 address (10.0.0.1.nip.io) is a name; a matcher with a space before its ( is read', () => {
    expect(where('hostsni-ip', context(tcpRoute({ match: 'HostSNI(`10.0.0.1.nip.io`)' })))).toEqual([]);
    expect(isIpLiteral('10.0.0.1.nip.io')).toBe(false);
    expect(where('hostsni-ip', context(tcpRoute({ match: 'HostSNI (`10.0.0.1`)' })))).toEqual(['spec.routes.0.match']);
    expect(matchers('HostSNI (`a.example.com`) && ClientIP\t(`10.0.0.0/8`)')).toEqual([
      { name: 'HostSNI', args: ['a.example.com'] },
      { name: 'ClientIP', args: ['10.0.0.0/8'] },
    ]);
  });

  it('hostsni-without-tls: a v3 list of hosts is refused for its own reason only; under v2 each host lacks TLS', () => {
    const list = (syntax = '') =>
      tcpRoute({ tls: '', match: 'HostSNI(`a.example.com`, `b.example.com`)' }).replace('services:', `${syntax}services:`);
    expect(where('hostsni-without-tls', context(list()))).toEqual([]);
    expect(where('hostsni-multiple-args', context(list()))).toEqual(['spec.routes.0.match']);
    expect(findings('hostsni-without-tls', context(list('syntax: v2\n      ')))).toEqual([
      expect.objectContaining({ where: 'spec.routes.0.match', message: expect.stringContaining('HostSNI(`a.example.com`)') }),
      expect.objectContaining({ where: 'spec.routes.0.match', message: expect.stringContaining('HostSNI(`b.example.com`)') }),
    ]);
    expect(where('hostsni-multiple-args', context(list('syntax: v2\n      ')))).toEqual([]);
  });

  it("hostsni-multiple-args says where v3 comes from: the route's syntax, else the platform's default", () => {
    const list = (syntax: string) =>
      tcpRoute({ match: 'HostSNI(`a.example.com`, `b.example.com`)' }).replace('services:', `${syntax}services:`);
    expect(findings('hostsni-multiple-args', context(list('')))[0].message).toContain(
      "HostSNI(`a.example.com`, `b.example.com`) is the v2 rule syntax, but the route sets no syntax and the platform's default is v3 " +
        '(traefikRuleSyntax in app-chart.config.yaml), and v3 takes one host per HostSNI: Traefik refuses the route; write ' +
        'HostSNI(`a.example.com`) || HostSNI(`b.example.com`)',
    );
    // a syntax Traefik does not know is no syntax: the platform's default applies
    expect(findings('hostsni-multiple-args', context(list('syntax: v4\n      ')))[0].message).toContain('the route sets no syntax');
  });

  it('a rule without HostSNI is not a hosts-only rule', () => {
    expect(isHostsOnlyRule('')).toBe(false);
    expect(isHostsOnlyRule('( )')).toBe(false);
    expect(isHostsOnlyRule('HostSNI(`a.example.com`) || HostSNI(`b.example.com`)')).toBe(true);
    expect(isHostsOnlyRule('HostSNI(`a.example.com`) && ClientIP(`10.0.0.0/8`)')).toBe(false);
  });

  it("entrypoint-unknown points at the router.entrypoints annotation of the chart's Ingress entry before ingress.annotations", () => {
    const key = 'traefik.ingress.kubernetes.io/router.entrypoints';
    const ingress = `# template
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: db-prod-public
  annotations:
    ${key}: internal
spec: {}`;
    const both = {
      ingress: { annotations: { [key]: 'web' }, entries: [{ name: 'other' }, { name: 'public', annotations: { [key]: 'internal' } }] },
    };
    expect(where('entrypoint-unknown', context(ingress, {}, both))).toEqual([`values:ingress.entries.1.annotations.${key}`]);
    const shared = { ingress: { annotations: { [key]: 'internal' }, entries: [{ name: 'public' }] } };
    expect(where('entrypoint-unknown', context(ingress, {}, shared))).toEqual([`values:ingress.annotations.${key}`]);
    // written nowhere in the values (a platform file, say): the annotation of the object
    expect(where('entrypoint-unknown', context(ingress, {}, {}))).toEqual([`metadata.annotations.${key}`]);
    // the entry listed first, over ingress.annotations as well
    const first = { ingress: { annotations: { [key]: 'web' }, entries: [{ name: 'public', annotations: { [key]: 'internal' } }] } };
    expect(where('entrypoint-unknown', context(ingress, {}, first))).toEqual([`values:ingress.entries.0.annotations.${key}`]);
  });

  it('each HostSNI rule reports its own case only, reads HostSNI alone among the matchers, and one host is no list', () => {
    const ip = context(tcpRoute({ match: 'HostSNI(`10.0.0.5`)' }));
    expect(['hostsni-without-tls', 'hostsni-ip', 'hostsni-multiple-args'].map((id) => where(id, ip))).toEqual([
      [],
      ['spec.routes.0.match'],
      [],
    ]);
    // one host under v3 is the v3 form
    expect(where('hostsni-multiple-args', context(tcpRoute({ tls: '' })))).toEqual([]);
    // ClientIP's address is the client's, not a host name
    const clientIp = context(tcpRoute({ tls: '', match: 'HostSNI(`db.example.com`) && ClientIP(`10.0.0.5`)' }));
    expect(findings('hostsni-without-tls', clientIp).map((f) => f.message.slice(0, 27))).toEqual(['HostSNI(`db.example.com`) o']);
    expect(where('hostsni-ip', clientIp)).toEqual([]);
    // a UDP route with a HostSNI match, or a TCP route without a match: only udp-route-match speaks
    const udp = context(udpRoute('    - match: HostSNI(`dns.example.com`)\n      services: [{name: dns, port: 53}]'));
    expect(['hostsni-without-tls', 'hostsni-ip', 'udp-route-match'].map((id) => where(id, udp))).toEqual([[], [], ['spec.routes.0.match']]);
    const noMatch = context(tcpRoute({ tls: '', match: 'HostSNI(`*`)', more: '\n    - services: [{name: db-prod, port: 5432}]' }));
    expect(where('hostsni-without-tls', noMatch)).toEqual([]);
    // the route's own syntax: v3 is named as where v3 comes from
    const list = tcpRoute({ match: 'HostSNI(`a.example.com`, `b.example.com`)' }).replace('services:', 'syntax: v3\n      services:');
    expect(findings('hostsni-multiple-args', context(list))[0].message).toContain(
      'is the v2 rule syntax, but the route sets syntax: v3, and v3',
    );
  });

  it('entrypoint-unknown: a route of the same kind in another API group is not a Traefik route', () => {
    const route = 'apiVersion: example.com/v1\nkind: IngressRoute\nmetadata:\n  name: r\nspec:\n  entryPoints: [webb]\n  routes: []';
    expect(where('entrypoint-unknown', context(route))).toEqual([]);
    expect(where('entrypoint-unknown', context(route.replace('example.com/v1', 'traefik.io/v1alpha1')))).toEqual(['spec.entryPoints.0']);
  });
});

describe('database-port-unrestricted and networkpolicy-cluster-cidr: restrictions and the Services routes name', () => {
  const found = (docs: string, config: Partial<LintConfig> = {}) => where('database-port-unrestricted', context(docs, config));
  const route = ({ port = '5432', service = '', middlewares = '' } = {}) =>
    tcpRoute({ match: `HostSNI(\`*\`)${middlewares}`, more: service }).replace('port: 5432', `port: ${port}`);

  it('a middleware of the platform restricts a route only when the config says it has an ipAllowList', () => {
    const middlewares = '\n      middlewares:\n        - name: office';
    const platform = (more: object) => ({ middlewares: [{ name: 'office', ...more }] as never });
    expect(found(route({ middlewares }), platform({ ipAllowList: true }))).toEqual([]);
    expect(found(route({ middlewares }), platform({ ipAllowList: false }))).toEqual(['spec.routes.0.services.0.port']);
    // a middleware of another name restricts nothing, rendered or the platform's
    expect(found(route({ middlewares }), { middlewares: [{ name: 'vpn', ipAllowList: true }] as never })).toEqual([
      'spec.routes.0.services.0.port',
    ]);
    const vpn =
      'apiVersion: traefik.io/v1alpha1\nkind: MiddlewareTCP\nmetadata:\n  name: vpn\nspec:\n  ipAllowList:\n    sourceRange: [10.8.0.0/16]';
    expect(found(`${route({ middlewares })}\n---\n${vpn}`)).toEqual(['spec.routes.0.services.0.port']);
    expect(found(route({ middlewares }), platform({}))).toEqual(['spec.routes.0.services.0.port']);
  });

  it("a port name is read from the Service of the route's namespace (the route's own unless it names one)", () => {
    const service = `# template
apiVersion: v1
kind: Service
metadata:
  name: db-prod
  namespace: data
spec:
  ports:
    - name: pg
      port: 5432`;
    expect(found(`${route({ port: 'pg' })}\n---\n${service}`)).toEqual([]);
    // the port name of another Service is not the route's
    const cache = service.replace('name: db-prod\n  namespace: data', 'name: cache-prod');
    expect(found(`${route({ port: 'pg' })}\n---\n${cache}`)).toEqual([]);
    expect(found(`${route({ port: 'pg', service: '\n          namespace: data' })}\n---\n${service}`)).toEqual([
      'spec.routes.0.services.0.port',
    ]);
  });

  it('a UDPRoute or TLSRoute of the Gateway API publishes a database port too; an HTTPRoute is not a database route', () => {
    const gatewayRoute = (kind: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata:
  name: db
spec:
  parentRefs: [{name: edge, namespace: gateway}]
  rules:
    - backendRefs:
        - name: db-prod
          port: 5432`;
    expect(found(gatewayRoute('UDPRoute'))).toEqual(['spec.rules.0.backendRefs.0.port']);
    expect(found(gatewayRoute('TLSRoute'))).toEqual(['spec.rules.0.backendRefs.0.port']);
    expect(found(gatewayRoute('HTTPRoute'))).toEqual([]);
  });

  const policy = (cidr: string, extra = '', template = false) => `${template ? '# template\n' : ''}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {}
        - ipBlock:
            cidr: ${cidr}${extra}`;
  const network = { clusterNetwork: { podCIDRs: ['10.244.0.0/16'], serviceCIDRs: ['10.96.0.0/12'] } };
  const cidrFindings = (docs: string, merged: Record<string, unknown> = {}) =>
    findings('networkpolicy-cluster-cidr', context(docs, network, merged));

  it('networkpolicy-cluster-cidr: an except range that leaves part of the pod range admitted excepts nothing of it', () => {
    expect(cidrFindings(policy('10.0.0.0/8', '\n            except: [10.244.1.0/24, 10.96.0.0/12]'))).toEqual([
      expect.objectContaining({ message: expect.stringContaining("contains the cluster's pod range 10.244.0.0/16") }),
    ]);
    expect(cidrFindings(policy('10.0.0.0/8', '\n            except: [10.128.0.0/9, 10.96.0.0/12]'))).toEqual([]);
    // a range exactly the pod range contains it; one bit wider too
    expect(cidrFindings(policy('10.244.0.0/16'))[0].message).toContain("contains the cluster's pod range");
    expect(cidrFindings(policy('10.244.0.0/17'))[0].message).toContain("lies inside the cluster's pod range");
  });

  it('networkpolicy-cluster-cidr: a policy of the chart points at the allowCIDRs item written in the values, an entry at its own field', () => {
    const merged = { networkPolicy: { allowCIDRs: ['192.0.2.0/24', '10.0.0.0/8'] } };
    expect(cidrFindings(policy('10.0.0.0/8', '', true), merged)).toEqual([
      expect.objectContaining({ where: 'values:networkPolicy.allowCIDRs.1', object: 'NetworkPolicy/db' }),
    ]);
    expect(cidrFindings(policy('10.0.0.0/8'), merged)).toEqual([expect.objectContaining({ where: 'spec.ingress.0.from.1.ipBlock.cidr' })]);
    expect(cidrFindings(policy('10.0.0.0/8', '', true), { networkPolicy: { allowCIDRs: ['10.0.0.0/8'] } })).toEqual([
      expect.objectContaining({ where: 'values:networkPolicy.allowCIDRs.0' }),
    ]);
    expect(cidrFindings(policy('10.0.0.0/9', '', true), merged)).toEqual([
      expect.objectContaining({ where: 'spec.ingress.0.from.1.ipBlock.cidr' }),
    ]);
  });
});

describe('gateway-listener: the edges of attaching a route', () => {
  const route = (kind: string, parentRef: string, hostnames = '') => `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata:
  name: db
spec:
  parentRefs:
    - ${parentRef}${hostnames}
  rules: []`;
  const gateways = (listeners: object[]) => ({
    gatewayAPI: { channel: 'experimental' as const, gateways: [{ name: 'l4', namespace: 'gateway-system', listeners }] as never },
  });
  const all = { namespaces: { from: 'All' } };
  const found = (docs: string, listeners: object[]) => findings('gateway-listener', context(docs, gateways(listeners)));

  it('a parentRef that is not a Gateway (a Service of a mesh, another group) is not checked', () => {
    const listeners = [{ name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: all }];
    expect(found(route('TCPRoute', '{kind: Service, name: db-prod}'), listeners)).toEqual([]);
    expect(found(route('TCPRoute', '{group: example.com, kind: Gateway, name: nope}'), listeners)).toEqual([]);
    expect(found(route('TCPRoute', '{kind: Gateway, name: nope}'), listeners)).toEqual([
      expect.objectContaining({ where: 'spec.parentRefs.0.name' }),
    ]);
  });

  it('a listener of a sectionName without the port asked for is named in the message; a refusal points at sectionName', () => {
    const listeners = [
      { name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: all },
      { name: 'dns', protocol: 'UDP', port: 53, allowedRoutes: all },
    ];
    expect(found(route('TCPRoute', '{name: l4, namespace: gateway-system, sectionName: pg, port: 6379}'), listeners)).toEqual([
      {
        where: 'spec.parentRefs.0.port',
        object: 'TCPRoute/db',
        message: expect.stringContaining('listener "pg"'),
      },
    ]);
    expect(found(route('TCPRoute', '{name: l4, namespace: gateway-system, sectionName: dns}'), listeners)).toEqual([
      {
        where: 'spec.parentRefs.0.sectionName',
        object: 'TCPRoute/db',
        message: expect.stringContaining('listener "dns": it is a UDP listener that takes UDPRoute, not TCPRoute'),
      },
    ]);
    expect(found(route('TCPRoute', '{name: l4, namespace: gateway-system, port: 53}'), listeners)).toEqual([
      expect.objectContaining({ where: 'spec.parentRefs.0.name' }),
    ]);
  });

  it('hostnames: a wildcard route below a wildcard listener, or above it, shares names; a route without hostnames takes the listener', () => {
    const listener = (hostname: string) => [{ name: 'tls', protocol: 'TLS', port: 443, hostname, allowedRoutes: all }];
    const tls = (hosts: string) => route('TLSRoute', '{name: l4, namespace: gateway-system}', hosts ? `\n  hostnames: [${hosts}]` : '');
    expect(found(tls('"*.db.example.com"'), listener('*.example.com'))).toEqual([]);
    expect(found(tls('"*.example.com"'), listener('*.db.example.com'))).toEqual([]);
    expect(found(tls('"*.example.org"'), listener('*.example.com'))).toHaveLength(1);
    expect(found(tls(''), listener('*.example.com'))).toEqual([]);
    expect(found(tls('db.example.com'), listener('db.example.com'))).toEqual([]);
    expect(found(tls('db.example.com'), listener('pg.example.com'))).toHaveLength(1);
    // a host name that is not text (the model check reports it) is passed over, not a crash
    expect(found(tls('42, db.example.com'), listener('db.example.com'))).toEqual([]);
  });

  it("a Gateway is found by name and namespace: two of the same name, and a parentRef without namespace (the route's own)", () => {
    const twins = {
      gatewayAPI: {
        channel: 'experimental' as const,
        gateways: [
          { name: 'l4', namespace: 'dns-system', listeners: [{ name: 'dns', protocol: 'UDP', port: 53, allowedRoutes: all }] },
          { name: 'l4', namespace: 'gateway-system', listeners: [{ name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: all }] },
          { name: 'l4', namespace: 'prod', listeners: [{ name: 'pg', protocol: 'TCP', port: 5432 }] },
        ] as never,
      },
    };
    const check = (ref: string) => findings('gateway-listener', context(route('TCPRoute', ref), twins));
    expect(check('{name: l4, namespace: gateway-system}')).toEqual([]);
    expect(check('{name: l4}')).toEqual([]);
    expect(check('{name: l4, namespace: dns-system}')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Gateway dns-system/l4, so the route is not attached') }),
    ]);
  });

  it('a parentRef listed second is named by its index, and a Gateway or listener with no name alike gets no guess', () => {
    const listeners = [{ name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: all }];
    const second = route('TCPRoute', '{name: l4, namespace: gateway-system}\n    - {name: zzzzzz, namespace: other}');
    expect(found(second, listeners)).toEqual([
      {
        where: 'spec.parentRefs.1.name',
        object: 'TCPRoute/db',
        message:
          "TCPRoute/db spec.parentRefs[1] names Gateway other/zzzzzz, which is not one of the platform's Gateways (gateway-system/l4): " +
          "correct name and namespace (a parentRef without namespace means the route's own), or describe the Gateway under " +
          'gatewayAPI.gateways in app-chart.config.yaml',
      },
    ]);
    expect(found(route('TCPRoute', '{name: l4, namespace: gateway-systen}'), listeners)[0].message).toContain(
      'did you mean "gateway-system/l4"?',
    );
    expect(found(route('TCPRoute', '{name: l4, namespace: gateway-system, sectionName: zzzzzz}'), listeners)).toEqual([
      {
        where: 'spec.parentRefs.0.sectionName',
        object: 'TCPRoute/db',
        message:
          'TCPRoute/db spec.parentRefs[0] names listener "zzzzzz", which Gateway gateway-system/l4 does not have (its listeners: pg): ' +
          'the route is not attached',
      },
    ]);
  });

  it('the route kinds of each protocol, and the kinds a listener lists of its own (those of another group do not count)', () => {
    const listener = (protocol: string, kinds?: object[]) => [
      { name: 'l', protocol, port: 443, allowedRoutes: { ...all, ...(kinds ? { kinds } : {}) } },
    ];
    const refused = (kind: string, protocol: string, kinds?: object[]) =>
      found(route(kind, '{name: l4, namespace: gateway-system}'), listener(protocol, kinds)).map(
        (f) => f.message.split('(Accepted: False): ')[1],
      );
    expect(refused('GRPCRoute', 'HTTPS')).toEqual([]);
    expect(refused('GRPCRoute', 'HTTP')).toEqual([]);
    expect(refused('TLSRoute', 'TLS')).toEqual([]);
    expect(refused('TCPRoute', 'HTTPS')).toEqual(['listener "l": it is a HTTPS listener that takes HTTPRoute, GRPCRoute, not TCPRoute']);
    expect(refused('TLSRoute', 'TLS', [])).toEqual([]);
    expect(refused('GRPCRoute', 'TCP')).toEqual(['listener "l": it is a TCP listener that takes TCPRoute, not GRPCRoute']);
    expect(refused('UDPRoute', 'TLS')).toEqual(['listener "l": it is a TLS listener that takes TLSRoute, not UDPRoute']);
    expect(refused('TCPRoute', 'TLS', [{ kind: 'TCPRoute' }])).toEqual([]);
    expect(refused('TCPRoute', 'TLS', [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }])).toEqual([]);
    expect(refused('TCPRoute', 'TLS', [{ group: 'example.com', kind: 'TCPRoute' }])).toEqual([
      'listener "l": it is a TLS listener that takes TLSRoute, not TCPRoute',
    ]);
    expect(refused('HTTPRoute', 'HTTPS', [{ kind: 'GRPCRoute' }])).toEqual([
      'listener "l": it is a HTTPS listener that takes GRPCRoute, not HTTPRoute',
    ]);
  });

  it('a Selector listener: the label an In or Exists requirement asks for, and the selector as the message words it', () => {
    const selecting = (matchExpressions: object[]) => [
      { name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions } } } },
    ];
    const reason = (matchExpressions: object[]) =>
      found(route('TCPRoute', '{name: l4, namespace: gateway-system}'), selecting(matchExpressions))[0]?.message.split(
        '(Accepted: False): ',
      )[1];
    expect(reason([{ key: 'zone', operator: 'In', values: ['eu', 'us'] }])).toBe(
      'listener "pg": it admits only namespaces whose labels match zone In (eu, us), and namespace prod has ' +
        'kubernetes.io/metadata.name=prod (namespaceLabels in app-chart.config.yaml): label it (kubectl label namespace prod zone=eu) ' +
        'and record its labels under namespaceLabels, or attach to a listener that admits prod',
    );
    expect(reason([{ key: 'team', operator: 'Exists' }])).toContain('match team Exists, and namespace prod has');
    expect(reason([{ key: 'team', operator: 'Exists' }])).toContain('(kubectl label namespace prod team=<value>)');
    expect(reason([{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['prod'] }])).toBeUndefined();
    expect(reason([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['prod'] }])).toMatch(
      /\(namespaceLabels in app-chart\.config\.yaml\): attach to a listener that admits prod$/,
    );
  });
});

describe('the edges of the placement, backend and values rules', () => {
  it("foreign-namespace: an object without metadata.namespace is in the release's namespace, never another's", () => {
    const doc = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings`;
    // namespaceOverride: the app's namespace is not the release's, and an entry that names none stays in the release's
    const overridden = { ...context(doc), namespace: 'billing' } as ObjectsContext;
    expect(where('foreign-namespace', overridden)).toEqual([]);
    const named = { ...context(`${doc}\n  namespace: prod`), namespace: 'billing' } as ObjectsContext;
    expect(findings('foreign-namespace', named)).toEqual([
      expect.objectContaining({
        where: 'metadata.namespace',
        message: expect.stringContaining("goes to namespace prod, not the app's (billing)"),
      }),
    ]);
  });

  it('backend-unknown: a Service that lists no ports is not judged by port', () => {
    const facts = (app: string, services: object[], backends: object[]) => ({
      root: '/repo',
      app,
      env: 'prod',
      namespace: 'prod',
      services,
      backends: backends.map((b) => ({
        namespace: 'prod',
        source: 'IngressRouteTCP/db spec.routes[0].services[0]',
        object: 'x',
        at: {},
        portAt: {},
        ...b,
      })),
      tlsOptions: [],
      tlsRefs: [],
      postgresWithoutOptions: [],
      tcpRoutes: [],
    });
    const run = (services: object[]) =>
      ruleById('backend-unknown').repo!({
        facts: [facts('api', services, []), facts('web', [], [{ name: 'api-prod', port: 9090 }])] as never,
        configs: [{ root: '/repo', services: [], tlsOptions: [], rules: {}, overrides: [], apps: ['api', 'web'] } as never],
        repoApps: new Map([['/repo', ['api', 'web']]]),
      });
    expect(run([{ namespace: 'prod', name: 'api-prod', ports: [] }])).toEqual([]);
    expect(run([{ namespace: 'prod', name: 'api-prod', ports: [{ port: 8080 }] }])).toHaveLength(1);
  });

  it('section-nulled: a null over a section an earlier file writes without enabling it removes nothing the file turned on', () => {
    expect(valueFindings('section-nulled', valuesContext(['service:\n  type: ClusterIP\n', 'service: null\n']))).toEqual([]);
    expect(valueFindings('section-nulled', valuesContext(['service:\n  enabled: "true"\n', 'service: null\n']))).toEqual([]);
  });

  it('custom-resources-list-replaced: each later list is reported once, naming the first earlier list', () => {
    const list = 'customResources:\n  - "kind: ConfigMap"\n';
    expect(valueFindings('custom-resources-list-replaced', valuesContext([list, list, list])).map((f) => f.slice(0, 6))).toEqual([
      '1:1:1 ',
      '2:1:1 ',
    ]);
  });

  it('env-literal-secret: every word of a secret name, and every suffix that makes it a reference instead', () => {
    const words = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'API_KEY', 'PRIVATEKEY', 'PRIVATE_KEY'];
    const more = ['ACCESSKEY', 'ACCESS_KEY', 'CREDENTIAL', 'CREDENTIALS', 'db_password'];
    const suffixes = ['FILE', 'PATH', 'NAME', 'REF', 'URL', 'HOST', 'PORT', 'USER', 'USERNAME', 'ID', 'TTL', 'LENGTH', 'EXPIRY'];
    const notSecret = [...suffixes, 'TIMEOUT', 'ENABLED', 'url'].map((s) => `OAUTH_TOKEN_${s}`);
    const envMap = [...words, ...more, ...notSecret].map((name) => `    ${name}: literal\n`).join('');
    const reported = valueFindings('env-literal-secret', valuesContext([`deployment:\n  envMap:\n${envMap}`])).map((f) =>
      f.replace(/^\d+:\d+:\d+ (\S+) .*$/, '$1'),
    );
    expect(reported).toEqual([...words, ...more]);
  });
});

describe('image-default-tag, service-port-targets-app-port and foreign-template: the values they read', () => {
  const deployment = 'deployment:\n  enabled: true\n';
  it('image-default-tag: a digest of its own pins the image; a job image counts unless the job is disabled', () => {
    const image = 'image:\n  repository: ghcr.io/example/api\n';
    expect(valueFindings('image-default-tag', valuesContext([image + deployment]))).toEqual([
      expect.stringMatching(/^0:2:3 is "ghcr\.io\/example\/api", but no values file sets a tag/),
    ]);
    const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    expect(valueFindings('image-default-tag', valuesContext([`${image}  digest: "${digest}"\n${deployment}`]))).toEqual([]);
    const cron = (enabled: string) =>
      `cronJob:\n  enabled: true\n  jobs:\n    backup:\n${enabled}      schedule: "0 1 * * *"\n      image:\n        repository: ghcr.io/example/backup\n`;
    expect(valueFindings('image-default-tag', valuesContext([cron('')]))).toEqual([
      expect.stringMatching(
        /^0:7:9 is "ghcr\.io\/example\/backup", but no values file sets a tag: .*Set cronJob\.jobs\.backup\.image\.tag/,
      ),
    ]);
    expect(valueFindings('image-default-tag', valuesContext([cron('      enabled: false\n')]))).toEqual([]);
    // a workload's own repository, without a tag of its own
    const own = 'deployment:\n  enabled: true\n  image:\n    repository: ghcr.io/example/worker\n';
    expect(valueFindings('image-default-tag', valuesContext([own]))).toEqual([
      expect.stringMatching(/^0:4:5 is "ghcr\.io\/example\/worker", but no values file sets a tag: .*Set deployment\.image\.tag/),
    ]);
  });

  it('image-default-tag: the second forms: a StatefulSet, a Job, and a workload image written as one string', () => {
    const found = (text: string) => valueFindings('image-default-tag', valuesContext([text]));
    const own = (key: string) => `${key}:\n  enabled: true\n  image:\n    repository: ghcr.io/example/${key}\n`;
    expect(found(own('statefulSet'))).toEqual([
      expect.stringMatching(/^0:4:5 is "ghcr\.io\/example\/statefulSet", but no values file sets a tag: .*Set statefulSet\.image\.tag/),
    ]);
    const job = 'job:\n  enabled: true\n  jobs:\n    migrate:\n      image:\n        repository: ghcr.io/example/migrate\n';
    expect(found(job)).toEqual([
      expect.stringMatching(/^0:6:9 is "ghcr\.io\/example\/migrate", but no values file sets a tag: .*Set job\.jobs\.migrate\.image\.tag/),
    ]);
    // a workload whose image is one string names its own tag: the app's repository is not its image
    const image = 'image:\n  repository: ghcr.io/example/api\n';
    expect(found(`${image}deployment:\n  enabled: true\n  image: ghcr.io/example/worker:1.0\n`)).toEqual([]);
    expect(found(`${image}deployment:\n  enabled: true\n  image: " "\n`)).toHaveLength(1);
  });

  it("service-port-targets-app-port: the app port falls back to the chart's 8080; a StatefulSet's container ports are the pods'", () => {
    const found = (text: string) => valueFindings('service-port-targets-app-port', valuesContext([text]));
    const service = (port: number) => `service:\n  enabled: true\n  ports:\n    - port: ${port}\n`;
    expect(found(`image:\n  port: null\n${service(8080)}`)).toEqual([]);
    expect(found(`image:\n  port: null\n${service(9090)}`)).toEqual([expect.stringContaining('sends port 9090 to the app port 8080')]);
    // the app port as the chart reads it: appPort, else image.port, else deployment.port
    expect(found(`image:\n  port: 3000\n${service(3000)}`)).toEqual([]);
    expect(found(`image:\n  port: 3000\n${service(8080)}`)).toEqual([expect.stringContaining('sends port 8080 to the app port 3000')]);
    expect(found(`image:\n  port: null\ndeployment:\n  port: 4000\n${service(4000)}`)).toEqual([]);
    expect(found(`image:\n  port: 3000\ndeployment:\n  port: 4000\n${service(4000)}`)).toHaveLength(1);
    const ports = '  containerPorts:\n    - port: 9090\n';
    expect(found(`statefulSet:\n  enabled: true\n${ports}${service(9090)}`)).toEqual([]);
    expect(found(`statefulSet:\n  enabled: true\ndeployment:\n${ports}${service(9090)}`)).toHaveLength(1);
  });

  it('foreign-template: at the line and column of the action inside a block string', () => {
    const text = 'customResourcesMap:\n  alerts: |\n    kind: PrometheusRule\n    summary: "{{ $labels.instance }} is down"\n';
    expect(valueFindings('foreign-template', valuesContext([text]))).toEqual([
      expect.stringMatching(/^0:4:15 \{\{ \$labels\.instance \}\} is a template of Prometheus, not Helm/),
    ]);
  });

  it('glueops-ignored-key: an ignored key in either of its types, at the key; a null one is no key at all', () => {
    const text = 'image:\n  imagePullSecrets: [ghcr-pull]\npersistentVolumeClaim:\n  mountPVC: "yes"\n';
    expect(valueFindings('glueops-ignored-key', valuesContext([text])).map((f) => f.slice(0, 62))).toEqual([
      '0:2:3 does nothing (the GlueOps chart ignores it too); did you',
      '0:4:3 does nothing (the GlueOps chart ignores it too): the cla',
    ]);
    expect(valueFindings('glueops-ignored-key', valuesContext(['image:\n  imagePullSecrets: null\n']))).toEqual([]);
  });

  it('foreign-template: in a customResources list item and in a nested string of an entry; never in a verbatim entry', () => {
    const text = `customResources:
  - 'summary: "{{ $labels.a }}"'
  - verbatim: '{{ $labels.b }}'
customResourcesMap:
  c:
    verbatim: '{{ $labels.c }}'
  d:
    spec:
      items: ['{{ $value }}']
`;
    expect(valueFindings('foreign-template', valuesContext([text])).map((f) => f.split(' is ')[0])).toEqual([
      '0:2:16 {{ $labels.a }}',
      '0:9:16 {{ $value }}',
    ]);
  });

  it.each(['end', 'else', 'break', 'continue', 'nil', 'true', 'false', 'now', 'uuidv4'])(
    'foreign-template: {{ %s }} is a Helm action',
    (word) => {
      expect(foreignActions(`a: {{ ${word} }}`)).toEqual([]);
    },
  );

  it.each(['range .Values.ports', 'with .Values.service', 'define "ports"', 'block "ports" .'])(
    'foreign-template: a field inside {{ %s }} is its dot, not a root of Helm',
    (action) => {
      expect(foreignActions(`{{ ${action} }}{{ .name }}{{ end }}`)).toEqual([]);
    },
  );

  it("foreign-template: Helm's own forms pass (declared variables, a scope without a space, comments, .Values); others are named", () => {
    const helm = [
      '{{ $name := .Values.a }}{{ $name }}',
      '{{- range $i, $item := .Values.list }}{{ $item }}{{ end }}',
      '{{ $x = 1 }}{{ $x }}',
      '{{range .Values.x}}{{ .name }}{{end}}',
      '{{/* uses $labels */}}',
      '{{ .Values.name }} {{ .Release.Namespace }}',
    ];
    for (const text of helm) expect(foreignActions(text), text).toEqual([]);
    const engine = (text: string) => foreignActions(text).map((a) => `${a.index} ${a.action} ${a.engine.split(' (')[0]}`);
    expect(engine('{{ app.name }}')).toEqual(['0 {{ app.name }} Argo CD ApplicationSet, Grafana or another engine']);
    expect(engine('a {{ .metadata.name }}')).toEqual(['2 {{ .metadata.name }} another engine']);
    expect(engine('{{ $myvalue }} {{ $value }}')).toEqual(['0 {{ $myvalue }} another engine', '15 {{ $value }} Prometheus']);
  });

  it('foreign-template: the engine a $variable belongs to', () => {
    const engine = (text: string) => foreignActions(text).map((a) => a.engine);
    for (const name of ['labels', 'value', 'externalLabels', 'externalURL']) expect(engine(`a: "{{ $${name} }}"`)).toEqual(['Prometheus']);
    expect(engine('a: "{{ $values }}"')).toEqual(['another engine']);
    expect(engine('a: "{{ cluster }}"')).toEqual(['Argo CD ApplicationSet, Grafana or another engine']);
  });
});

describe('what an app × env tells the rules across apps (facts): objects that only look alike', () => {
  const factsOf = (docs: string) => gatherFacts({ ...context(docs), target: { app: 'db', env: 'prod' } } as ObjectsContext);
  it('a Service of another API group is not a Service; an Ingress of another group names no backends; an empty name is no backend', () => {
    const knative = `
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: api
spec:
  ports:
    - port: 80`;
    expect(factsOf(knative).services).toEqual([]);
    const ingress = (apiVersion: string, name: string) => `
apiVersion: ${apiVersion}
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service: {name: "${name}", port: {number: 80}}`;
    expect(factsOf(ingress('networking.k8s.io/v1', 'web-prod')).backends.map((b) => b.name)).toEqual(['web-prod']);
    expect(factsOf(ingress('example.com/v1', 'web-prod')).backends).toEqual([]);
    expect(factsOf(ingress('networking.k8s.io/v1', '')).backends).toEqual([]);
    // a UDP route of Traefik sends to its Services as a TCP route does
    const udp = udpRoute('    - services:\n        - {name: dns-prod, port: 53}');
    expect(factsOf(udp).backends.map((b) => `${b.namespace}/${b.name}:${b.port} at ${b.at.file}`)).toEqual([
      'prod/dns-prod:53 at spec.routes.0.services.0.name',
    ]);
  });
});
