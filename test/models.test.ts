import { describe, expect, it } from 'vitest';
import { modelFor, validateObject, validateObjects, type ModelFinding } from '../scripts/models.ts';

const meta = (name: string) => ({ name, namespace: 'apps' });

function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { 'app.kubernetes.io/name': 'web', 'helm.sh/chart': 'app-chart-0.1.0' },
      annotations: { 'checksum/config': 'abc', anything: 'goes' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ name: 'http', containerPort: 80 }],
              env: [{ name: 'A', value: '1' }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1 } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

function ingressRouteTCP() {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRouteTCP',
    metadata: meta('traefik-tcp-postgres'),
    spec: {
      entryPoints: ['postgres'],
      routes: [{ match: 'HostSNI(`db.example.com`)', services: [{ name: 'postgres', port: 5432 }] }],
      tls: { passthrough: false, options: { name: 'tls-opts', namespace: 'traefik' } },
    },
  };
}

const tlsRouteSpec = {
  parentRefs: [{ name: 'gw', sectionName: 'tls' }],
  hostnames: ['db.example.com'],
  rules: [{ backendRefs: [{ name: 'postgres', port: 5432 }] }],
};

const valid: Record<string, unknown> = {
  Deployment: deployment(),
  Service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web'),
    spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  },
  Ingress: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('web'),
    spec: {
      ingressClassName: 'traefik',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
        },
      ],
    },
  },
  IngressRouteTCP: ingressRouteTCP(),
  TLSOption: {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'TLSOption',
    metadata: meta('tls-opts'),
    spec: { alpnProtocols: ['postgresql'], minVersion: 'VersionTLS12', sniStrict: true },
  },
  IngressRouteUDP: {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRouteUDP',
    metadata: meta('dns'),
    spec: { entryPoints: ['dns'], routes: [{ services: [{ name: 'dns', port: 53, weight: 1 }] }] },
  },
  MiddlewareTCP: {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'MiddlewareTCP',
    metadata: meta('allow-office'),
    spec: { ipAllowList: { sourceRange: ['10.0.0.0/8', '192.168.1.7'] } },
  },
  ServersTransportTCP: {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'ServersTransportTCP',
    metadata: meta('pg-transport'),
    spec: { dialTimeout: '30s', dialKeepAlive: 15, tls: { serverName: 'db.internal', insecureSkipVerify: false } },
  },
  TCPRoute: {
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kind: 'TCPRoute',
    metadata: meta('postgres'),
    spec: { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'postgres', port: 5432 }] }] },
  },
  UDPRoute: {
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kind: 'UDPRoute',
    metadata: meta('dns'),
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] },
  },
  // The package ships TLSRoute in three versions.
  'TLSRoute v1alpha2': { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TLSRoute', metadata: meta('pg'), spec: tlsRouteSpec },
  'TLSRoute v1alpha3': { apiVersion: 'gateway.networking.k8s.io/v1alpha3', kind: 'TLSRoute', metadata: meta('pg'), spec: tlsRouteSpec },
  'TLSRoute v1': { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: meta('pg'), spec: tlsRouteSpec },
  NetworkPolicy: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('web'),
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }, { ipBlock: { cidr: '10.0.0.0/8' } }],
          ports: [{ protocol: 'TCP', port: 80 }],
        },
      ],
    },
  },
  // Free-form plugin config (preserve-unknown-fields) and string maps must not produce unknown-field errors.
  'Middleware with plugin config': {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: meta('plugin'),
    spec: { plugin: { geoblock: { allowed: ['DE'], nested: { deep: true } } }, headers: { customRequestHeaders: { 'X-A': 'b' } } },
  },
  // `description` is dropped from the compiled validators; it must not count as unknown.
  GatewayClass: {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'traefik' },
    spec: { controllerName: 'traefik.io/gateway-controller', description: 'Traefik' },
  },
};

/** A copy of `obj` with `value` set at `path`. */
function withField(obj: object, path: (string | number)[], value: unknown): object {
  const copy = structuredClone(obj);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

const messages = (findings: ModelFinding[]) => findings.map((f) => `${f.level} ${f.object} ${f.message}`);

describe('valid objects', () => {
  it.each(Object.entries(valid))('%s has no findings', async (_, obj) => {
    expect(messages(await validateObject(obj))).toEqual([]);
  });
});

describe('errors', () => {
  it('reports a wrong type with its path', async () => {
    const obj = withField(deployment(), ['spec', 'replicas'], 'two');
    expect(messages(await validateObject(obj))).toEqual(['error Deployment/web spec.replicas: must be integer']);
  });

  it('reports an unknown field in a Deployment spec', async () => {
    const obj = withField(deployment(), ['spec', 'replicsa'], 3);
    expect(await validateObject(obj)).toEqual([
      { level: 'error', object: 'Deployment/web', message: 'spec.replicsa: unknown field "replicsa"' },
    ]);
  });

  it('reports a typo inside a container', async () => {
    const obj = withField(deployment(), ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicyy'], 'Always');
    expect(messages(await validateObject(obj))).toEqual([
      'error Deployment/web spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy"',
    ]);
  });

  it('reports an unknown field in a Traefik route', async () => {
    const obj = withField(ingressRouteTCP(), ['spec', 'routes', 0, 'matchh'], 'HostSNI(`*`)');
    expect(messages(await validateObject(obj))).toEqual([
      'error IngressRouteTCP/traefik-tcp-postgres spec.routes[0].matchh: unknown field "matchh"',
    ]);
  });

  it('reports only the outermost unknown field, not what is under it', async () => {
    const obj = withField(deployment(), ['spec', 'strategyy'], { rollingUpdate: { maxSurge: 1, bogus: 2 } });
    expect(messages(await validateObject(obj))).toEqual(['error Deployment/web spec.strategyy: unknown field "strategyy"']);
  });

  it('quotes keys that are not identifiers', async () => {
    const findings = await validateObject(withField(valid.Service as object, ['spec', 'type.x'], 1));
    expect(messages(findings)).toEqual(['error Service/web spec["type.x"]: unknown field "type.x"']);
  });

  it('lists the allowed values of an enum', async () => {
    const findings = await validateObject(withField(valid.Service as object, ['spec', 'type'], 'Clusterip'));
    expect(messages(findings)).toEqual([
      'error Service/web spec.type: must be equal to one of the allowed values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('reports a missing required field at its parent', async () => {
    const { spec, ...noSpec } = ingressRouteTCP();
    expect(spec).toBeDefined();
    expect(messages(await validateObject(noSpec))).toEqual([
      'error IngressRouteTCP/traefik-tcp-postgres (root): must have required property spec',
    ]);
  });

  it('reports a missing apiVersion or kind as an error', async () => {
    expect(await validateObject({ kind: 'Service', metadata: { name: 'x' } })).toEqual([
      { level: 'error', object: 'Service/x', message: 'missing or invalid apiVersion' },
    ]);
    expect((await validateObject('nope'))[0].level).toBe('error');
  });
});

describe('Gateway API v1 TCPRoute and UDPRoute (no model yet: the v1alpha2 model and the one-rule limit of v1)', () => {
  const route = (kind: string, rules: unknown[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: meta('r'),
    spec: { parentRefs: [{ name: 'gw', sectionName: 'l' }], rules },
  });
  const rule = { backendRefs: [{ name: 'svc', port: 53 }] };

  it.each(['TCPRoute', 'UDPRoute'])('validates a v1 %s', async (kind) => {
    expect(messages(await validateObject(route(kind, [rule])))).toEqual([]);
  });

  it.each(['TCPRoute', 'UDPRoute'])('refuses a v1 %s with two rules, which v1alpha2 allows', async (kind) => {
    expect(messages(await validateObject(route(kind, [rule, rule])))).toEqual([
      `error ${kind}/r spec.rules: must NOT have more than 1 items (a v1 route holds one rule; write one route per rule)`,
    ]);
    expect(messages(await validateObject({ ...route(kind, [rule, rule]), apiVersion: 'gateway.networking.k8s.io/v1alpha2' }))).toEqual([]);
  });

  it('still reports unknown fields and wrong types', async () => {
    const obj = withField(route('TCPRoute', [rule]), ['spec', 'rules', 0, 'backendRefs', 0, 'prot'], 53);
    expect(messages(await validateObject(withField(obj, ['spec', 'rules', 0, 'backendRefs', 0, 'port'], 'x')))).toEqual([
      'error TCPRoute/r spec.rules[0].backendRefs[0].port: must be integer',
      'error TCPRoute/r spec.rules[0].backendRefs[0].prot: unknown field "prot"',
    ]);
  });

  it('has no stand-in for kinds v1 never had', async () => {
    expect((await validateObject({ ...route('TCPRoute', [rule]), apiVersion: 'gateway.networking.k8s.io/v1beta1' }))[0].level).toBe(
      'warning',
    );
  });
});

describe('models', () => {
  it('warns about kinds without a model', async () => {
    expect(await validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      { level: 'warning', object: 'Widget/w', message: 'no model for example.com/v1 Widget; not validated' },
    ]);
    // traefik.io/v1alpha1 Service is a nested type in the package, not a kind.
    const [finding] = await validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'Service', metadata: { name: 's' } });
    expect(finding.level).toBe('warning');
  });

  it('maps apiVersion and kind to the package classes', async () => {
    expect((await modelFor('v1', 'ConfigMap'))?.kind).toBe('ConfigMap');
    expect((await modelFor('apps/v1', 'StatefulSet'))?.apiVersion).toBe('apps/v1');
    expect((await modelFor('traefik.io/v1alpha1', 'IngressRouteTCP'))?.kind).toBe('IngressRouteTCP');
    expect((await modelFor('gateway.networking.k8s.io/v1', 'HTTPRoute'))?.kind).toBe('HTTPRoute');
    expect(await modelFor('apps/v1', 'Service')).toBeUndefined();
    expect(await modelFor('../../etc', 'Passwd')).toBeUndefined();
    expect(await modelFor('apps/v1', 'Deployment')).toBe(await modelFor('apps/v1', 'Deployment'));
  });

  it('validates a batch and keeps the input order', async () => {
    const bad = withField(deployment(), ['spec', 'replicas'], 'two');
    const batch = [...Array.from({ length: 48 }, () => deployment()), bad, valid.IngressRouteTCP];
    const findings = await validateObjects(batch);
    expect(messages(findings)).toEqual(['error Deployment/web spec.replicas: must be integer']);
  });
});
