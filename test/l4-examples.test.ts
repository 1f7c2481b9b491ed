// The key facts of each L4 exposure example, read from its committed golden renders: what the scenario
// promises (the passthrough route passes TLS through and the pod mounts its certificate, the DNS
// LoadBalancer carries UDP 53 and TCP 53, ...). examples.test.ts proves the goldens are current; this
// suite proves they still say what the example's README says, so a change to the chart or to an example
// that breaks a scenario fails here by name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exampleEnvs, examplesDir, goldenFile } from '../scripts/examples.ts';
import { loadConfig } from '../scripts/lint/config.ts';
import { releaseOf, servedVersions } from '../scripts/lint/gateway-api.ts';
import { RULE_IDS } from '../scripts/lint/rules/index.ts';
import { manifests, type Manifest } from './helpers.ts';

// Rendered objects are plain YAML data, read with `any`.
type Obj = Manifest & { spec?: any; data?: Record<string, string> };

const DOMAIN = 'nonprod.example.com'; // examples/platform-values.yaml

function golden(app: string, env: string) {
  const text = readFileSync(goldenFile({ app, env }), 'utf8');
  const objects = manifests(text) as Obj[];
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string, name?: string) => {
    const found = all(kind).filter((o) => name === undefined || o.metadata.name === name);
    expect(found, `${app}/${env}: exactly one ${kind}${name ? ` ${name}` : ''}`).toHaveLength(1);
    return found[0];
  };
  return { text, objects, all, one, name: `${app}-${env}`, namespace: env };
}

type Golden = ReturnType<typeof golden>;

const pod = (g: Golden) => g.one('Deployment', g.name).spec.template.spec;
const mainContainer = (g: Golden) => pod(g).containers.find((c: any) => c.name === g.name);
const appService = (g: Golden) => g.one('Service', g.name);
const servicePort = (g: Golden, port: number | string, protocol = 'TCP') =>
  appService(g).spec.ports.find((p: any) => (p.port === port || p.name === port) && p.protocol === protocol);
const admittedNamespaces = (g: Golden) =>
  g
    .one('NetworkPolicy', g.name)
    .spec.ingress.flatMap((rule: any) =>
      (rule.from ?? []).map((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']).filter(Boolean),
    );
const admittedCIDRs = (g: Golden) =>
  g
    .one('NetworkPolicy', g.name)
    .spec.ingress.flatMap((rule: any) => (rule.from ?? []).map((peer: any) => peer.ipBlock?.cidr).filter(Boolean));

/** The cert Secret is a pod volume and mounted into the main container at the directory the args name. */
function expectMountedCertificate(g: Golden) {
  const volume = pod(g).volumes.find((v: any) => v.secret?.secretName === `${g.name}-tls`);
  expect(volume, 'a pod volume from the Secret <app>-tls').toBeDefined();
  expect(volume.secret.defaultMode).toBe(0o640);
  const mount = mainContainer(g).volumeMounts.find((m: any) => m.name === volume.name);
  expect(mount).toMatchObject({ readOnly: true });
  const args: string[] = mainContainer(g).args;
  expect(args).toContain('ssl=on');
  expect(args).toContain(`ssl_cert_file=${mount.mountPath}/tls.crt`);
  expect(args).toContain(`ssl_key_file=${mount.mountPath}/tls.key`);
  expect(pod(g).securityContext.fsGroup).toBe(999);
}

/** Every backend a Traefik route names is a port of a Service the same render holds. */
function expectTraefikBackendsExist(g: Golden, route: Obj) {
  for (const r of route.spec.routes) {
    for (const s of r.services) {
      const service = g.all('Service').find((o) => o.metadata.name === s.name);
      expect(service, `route backend Service ${s.name}`).toBeDefined();
      if (service!.spec.type === 'ExternalName') continue;
      expect(
        service!.spec.ports.some((p: any) => p.port === s.port || p.name === s.port),
        `${s.name} port ${s.port}`,
      ).toBe(true);
    }
  }
}

describe('postgres-tls-terminate', () => {
  it.each(['nonprod', 'prod'])('%s: Traefik ends TLS on websecure with a TLSOption that accepts ALPN postgresql', (env) => {
    const g = golden('postgres-tls-terminate', env);
    const option = g.one('TLSOption', `${g.name}-tls`);
    expect(option.spec.alpnProtocols).toContain('postgresql');
    const route = g.one('IngressRouteTCP', g.name);
    expect(route.spec.entryPoints).toEqual(['websecure']);
    expect(route.spec.routes).toEqual([{ match: `HostSNI(\`${g.name}.apps.${DOMAIN}\`)`, services: [{ name: g.name, port: 5432 }] }]);
    expect(route.spec.tls).toEqual({ options: { name: option.metadata.name, namespace: g.namespace } });
    expectTraefikBackendsExist(g, route);
  });

  it('nonprod: the base map entry (TLSOption) and the env map entry (route) both render', () => {
    const g = golden('postgres-tls-terminate', 'nonprod');
    expect(g.text).toMatch(/^# customResourcesMap\.tls-options\napiVersion: traefik\.io\/v1alpha1\nkind: TLSOption$/m);
    expect(g.text).toMatch(/^# customResourcesMap\.tcp-route\napiVersion: traefik\.io\/v1alpha1\nkind: IngressRouteTCP$/m);
    expect(g.text).not.toMatch(/^# customResources\[/m);
  });

  it('prod: the list form replaces the base map entry, with a stricter TLSOption and a NetworkPolicy', () => {
    const g = golden('postgres-tls-terminate', 'prod');
    expect(g.text).not.toMatch(/^# customResourcesMap\./m);
    expect(g.text).toMatch(/^# customResources\[0\]\napiVersion: traefik\.io\/v1alpha1\nkind: TLSOption$/m);
    expect(g.one('TLSOption').spec.minVersion).toBe('VersionTLS13');
    expect(admittedNamespaces(g)).toEqual(['traefik']);
    expect(mainContainer(g).env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
    });
  });
});

describe('postgres-tls-passthrough', () => {
  it.each([
    ['nonprod', 'websecure', `apps.${DOMAIN}`],
    ['prod', 'postgres', `db.${DOMAIN}`],
  ])('%s: routes by SNI on %s and passes TLS through to a pod that mounts its certificate', (env, entryPoint, zone) => {
    const g = golden('postgres-tls-passthrough', env);
    const route = g.one('IngressRouteTCP', g.name);
    expect(route.spec.entryPoints).toEqual([entryPoint]);
    expect(route.spec.routes[0].match).toBe(`HostSNI(\`${g.name}.${zone}\`)`);
    expect(route.spec.tls).toEqual({ passthrough: true });
    expect(g.all('TLSOption')).toEqual([]);
    expectTraefikBackendsExist(g, route);
    expectMountedCertificate(g);
    expect(admittedNamespaces(g)).toEqual(['traefik']);
  });

  it('prod: PostgreSQL itself refuses TLS below 1.3', () => {
    expect(mainContainer(golden('postgres-tls-passthrough', 'prod')).args).toContain('ssl_min_protocol_version=TLSv1.3');
  });
});

describe('tcp-dedicated-entrypoint', () => {
  it.each([
    ['nonprod', ['10.8.0.0/16', '198.51.100.0/24']],
    ['prod', ['10.8.0.0/16', '203.0.113.16/28']],
  ])('%s: plain TCP on its own entryPoint, HostSNI(`*`), behind an ipAllowList of %j', (env, ranges) => {
    const g = golden('tcp-dedicated-entrypoint', env);
    const route = g.one('IngressRouteTCP', g.name);
    expect(route.spec.entryPoints).toEqual(['redis']);
    expect(route.spec.tls).toBeUndefined();
    expect(route.spec.routes).toHaveLength(1);
    expect(route.spec.routes[0].match).toBe('HostSNI(`*`)');
    const middlewares = route.spec.routes[0].middlewares.map((m: any) => g.one('MiddlewareTCP', m.name));
    expect(middlewares.find((m: Obj) => m.spec.ipAllowList)?.spec.ipAllowList.sourceRange).toEqual(ranges);
    expect(middlewares.some((m: Obj) => m.spec.inFlightConn)).toBe(true);
    expectTraefikBackendsExist(g, route);
    expect(admittedNamespaces(g)).toEqual(['traefik']);
  });
});

describe('dns-udp-tcp', () => {
  it.each(['nonprod', 'prod', 'staging'])('%s: the pod serves DNS on UDP and TCP, and the Service maps 53 to both', (env) => {
    const g = golden('dns-udp-tcp', env);
    const ports = mainContainer(g).ports;
    expect(ports).toEqual(
      expect.arrayContaining([
        { name: 'dns-tcp', containerPort: 5353, protocol: 'TCP' },
        { name: 'dns-udp', containerPort: 5353, protocol: 'UDP' },
      ]),
    );
    expect(servicePort(g, 53, 'TCP')).toMatchObject({ targetPort: 'dns-tcp' });
    expect(servicePort(g, 53, 'UDP')).toMatchObject({ targetPort: 'dns-udp' });
  });

  it('nonprod: an IngressRouteUDP and an IngressRouteTCP, each on an entryPoint of its own', () => {
    const g = golden('dns-udp-tcp', 'nonprod');
    const udp = g.one('IngressRouteUDP');
    const tcp = g.one('IngressRouteTCP');
    expect(udp.spec.entryPoints).toEqual(['dns-udp']);
    expect(tcp.spec.entryPoints).toEqual(['dns-tcp']);
    expect(udp.spec.routes).toEqual([{ services: [{ name: g.name, port: 'dns-udp' }] }]);
    expect(tcp.spec.routes).toEqual([{ match: 'HostSNI(`*`)', services: [{ name: g.name, port: 'dns-tcp' }] }]);
    expect(appService(g).spec.type).toBe('ClusterIP');
  });

  it('prod: one LoadBalancer Service, from service values alone, carries UDP 53 and TCP 53 and keeps client addresses', () => {
    const g = golden('dns-udp-tcp', 'prod');
    const service = appService(g);
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports.map((p: any) => `${p.protocol}/${p.port}`).sort()).toEqual(['TCP/53', 'UDP/53']);
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(admittedCIDRs(g)).toEqual(service.spec.loadBalancerSourceRanges);
    expect(g.objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'Service']);
  });

  it('staging: a v1 UDPRoute and a v1 TCPRoute (Gateway API v1.6) on the listeners of the platform Gateway', () => {
    const g = golden('dns-udp-tcp', 'staging');
    for (const [kind, section] of [
      ['UDPRoute', 'dns-udp'],
      ['TCPRoute', 'dns-tcp'],
    ]) {
      const route = g.one(kind, g.name);
      expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(route.spec.parentRefs).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform-l4', namespace: 'gateway-system', sectionName: section },
      ]);
      expect(route.spec.rules).toEqual([{ backendRefs: [{ name: g.name, port: 53 }] }]);
    }
    expect(admittedNamespaces(g)).toEqual(['gateway-system']);
  });
});

describe('gateway-api', () => {
  it.each(['nonprod', 'prod'])('%s: a v1 TLSRoute by SNI on a Gateway of another namespace, TLS ended by the pod', (env) => {
    const g = golden('gateway-api', env);
    const route = g.one('TLSRoute', g.name);
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'platform-l4',
        namespace: 'gateway-system',
        sectionName: 'postgres-tls',
      },
    ]);
    expect(route.spec.parentRefs[0].namespace).not.toBe(g.namespace);
    expect(route.spec.hostnames).toEqual([`${g.name}.db.${DOMAIN}`]);
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: g.name, port: 5432 }] }]);
    expect(servicePort(g, 5432)).toBeDefined();
    expectMountedCertificate(g);
    expect(admittedNamespaces(g)).toEqual(['gateway-system']);
  });

  it('nonprod: adds a v1 TCPRoute (standard channel from Gateway API v1.6) on the internal Gateway', () => {
    const g = golden('gateway-api', 'nonprod');
    const route = g.one('TCPRoute', g.name);
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs[0]).toMatchObject({ name: 'internal-l4', namespace: 'gateway-system', sectionName: 'postgres' });
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: g.name, port: 5432 }] }]);
  });

  it('prod: needs only the standard channel: every Gateway API object is v1', () => {
    const g = golden('gateway-api', 'prod');
    const gatewayObjects = g.objects.filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(gatewayObjects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['gateway.networking.k8s.io/v1 TLSRoute']);
  });
});

describe('loadbalancer-service', () => {
  it.each(['aws', 'onprem'])('%s: a LoadBalancer Service that keeps client addresses, restricted twice to the same ranges', (env) => {
    const g = golden('loadbalancer-service', env);
    const service = appService(g);
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP', appProtocol: 'postgresql' }]);
    expect(service.spec.loadBalancerSourceRanges.length).toBeGreaterThan(0);
    expect(admittedCIDRs(g)).toEqual(service.spec.loadBalancerSourceRanges);
    expectMountedCertificate(g);
    const hba = g.one('ConfigMap', `${g.name}-hba`).data!['pg_hba.conf'];
    expect(
      hba
        .split('\n')
        .filter((l) => /^host/.test(l))
        .every((l) => l.startsWith('hostssl ')),
    ).toBe(true);
    expect(mainContainer(g).args).toContain('hba_file=/etc/postgresql/hba/pg_hba.conf');
  });

  it('aws: an internet-facing NLB from the AWS Load Balancer Controller, instance targets', () => {
    const service = appService(golden('loadbalancer-service', 'aws'));
    expect(service.spec.loadBalancerClass).toBe('service.k8s.aws/nlb');
    expect(service.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance',
    });
  });

  it('onprem: a MetalLB address from a named pool, no node ports', () => {
    const service = appService(golden('loadbalancer-service', 'onprem'));
    expect(service.spec.loadBalancerClass).toBeUndefined();
    expect(service.spec.allocateLoadBalancerNodePorts).toBe(false);
    expect(service.metadata.annotations).toMatchObject({ 'metallb.io/address-pool': 'databases' });
    // the metallb.io/ prefix is read from MetalLB v0.14.9: the README must say so
    expect(readFileSync(join(examplesDir, 'loadbalancer-service', 'README.md'), 'utf8')).toMatch(/MetalLB v0\.14\.9/);
  });
});

describe('ingress-nginx-tcp', () => {
  it('nonprod: tcp-services and udp-services in the controller namespace point at the Service port of that protocol', () => {
    const g = golden('ingress-nginx-tcp', 'nonprod');
    for (const [name, protocol] of [
      ['tcp-services', 'TCP'],
      ['udp-services', 'UDP'],
    ]) {
      const map = g.one('ConfigMap', name);
      expect(map.metadata.namespace).toBe('ingress-nginx');
      expect(map.data).toEqual({ '53': `${g.namespace}/${g.name}:53` });
      expect(servicePort(g, 53, protocol), `Service port 53/${protocol}`).toBeDefined();
    }
    expect(admittedNamespaces(g)).toEqual(['ingress-nginx']);
  });

  it('prod: leaves the shared ConfigMaps to the platform and renders nothing in the controller namespace', () => {
    const g = golden('ingress-nginx-tcp', 'prod');
    expect(g.objects.filter((o) => o.metadata.namespace === 'ingress-nginx')).toEqual([]);
    expect(servicePort(g, 53, 'TCP')).toBeDefined();
    expect(servicePort(g, 53, 'UDP')).toBeDefined();
  });
});

describe('ingressroutetcp-full', () => {
  /** Every field of Traefik's IngressRouteTCP reference (seed 001), as paths with [] for list items. */
  const REFERENCE_FIELDS = [
    'entryPoints',
    'routes[].match',
    'routes[].priority',
    'routes[].middlewares[].name',
    'routes[].middlewares[].namespace',
    'routes[].services[].name',
    'routes[].services[].port',
    'routes[].services[].weight',
    'routes[].services[].proxyProtocol.version',
    'routes[].services[].serversTransport',
    'routes[].services[].nativeLB',
    'routes[].services[].nodePortLB',
    'routes[].services[].tls',
    'tls.secretName',
    'tls.options.name',
    'tls.options.namespace',
    'tls.certResolver',
    'tls.domains[].main',
    'tls.domains[].sans',
    'tls.passthrough',
  ];

  const fieldPaths = (value: unknown, prefix = ''): string[] => {
    if (Array.isArray(value)) return value.flatMap((item) => fieldPaths(item, `${prefix}[]`));
    if (value === null || typeof value !== 'object' || prefix.endsWith('sans[]')) return prefix ? [prefix] : [];
    return Object.entries(value).flatMap(([k, v]) => [
      `${prefix ? `${prefix}.` : ''}${k}`,
      ...fieldPaths(v, `${prefix ? `${prefix}.` : ''}${k}`),
    ]);
  };

  it.each([
    ['nonprod', 'letsencrypt-staging'],
    ['prod', 'letsencrypt'],
  ])('%s: one IngressRouteTCP uses every field of the reference, with certResolver %s', (env, resolver) => {
    const g = golden('ingressroutetcp-full', env);
    const route = g.one('IngressRouteTCP');
    expect([...new Set(fieldPaths(route.spec))]).toEqual(expect.arrayContaining(REFERENCE_FIELDS));
    expect(route.spec.tls.certResolver).toBe(resolver);
    expect(route.spec.tls.passthrough).toBe(false);
  });

  it.each(['nonprod', 'prod'])('%s: every name the route refers to is an object of the render', (env) => {
    const g = golden('ingressroutetcp-full', env);
    const route = g.one('IngressRouteTCP');
    const routes: any[] = route.spec.routes;
    const priorities = routes.map((r) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(new Set(priorities).size).toBe(routes.length);
    expect(g.one('TLSOption', route.spec.tls.options.name).metadata.name).toBe(`${g.name}-tls`);
    expect(route.spec.tls.options.namespace).toBe(g.namespace);
    for (const m of routes.flatMap((r) => r.middlewares ?? [])) {
      // a middleware without a namespace is this app's; one with another namespace is the platform's
      if (m.namespace === undefined) g.one('MiddlewareTCP', m.name);
      else expect(m.namespace).not.toBe(g.namespace);
    }
    const services = routes.flatMap((r) => r.services);
    for (const s of services.filter((s) => s.serversTransport)) {
      expect(s.tls).toBe(true);
      expect(g.one('ServersTransportTCP', s.serversTransport).spec.tls.serverName).toBe(`${g.name}.${g.namespace}.svc`);
    }
    expect(services.filter((s) => s.weight).map((s) => s.weight)).toEqual([9, 1]);
    for (const s of services.filter((s) => s.nodePortLB)) expect(g.one('Service', s.name).spec.type).toBe('NodePort');
    expectTraefikBackendsExist(g, route);
  });

  it('routes to an ExternalName Service with the same port on both sides', () => {
    const g = golden('ingressroutetcp-full', 'prod');
    const route = g.one('IngressRouteTCP');
    const external = g.all('Service').filter((s) => s.spec.type === 'ExternalName');
    expect(external).toHaveLength(1);
    const [service] = external;
    const backend = route.spec.routes.flatMap((r: any) => r.services).find((s: any) => s.name === service.metadata.name);
    expect(backend.port).toBe(9000);
    expect(service.spec.ports).toEqual([{ port: 9000 }]);
  });

  it('the TLS sidecar listens on the port the Service sends echo-tls to', () => {
    const g = golden('ingressroutetcp-full', 'prod');
    const sidecar = pod(g).containers.find((c: any) => c.name === 'echo-tls');
    expect(sidecar.ports).toEqual([{ name: 'echo-tls', containerPort: 8443, protocol: 'TCP' }]);
    expect(servicePort(g, 'echo-tls')).toMatchObject({ port: 8443, targetPort: 8443 });
    expect(g.one('TLSOption').spec.minVersion).toBe('VersionTLS13');
  });
});

describe('what the examples assume of the cluster (examples/app-chart.config.yaml)', () => {
  const config = loadConfig(join(examplesDir, 'app-chart.config.yaml'), RULE_IDS);
  const all = exampleEnvs().map(({ app, env }) => golden(app, env));

  it('names the Gateway API release, the cluster ranges and the platform Gateways', () => {
    expect(config.gatewayAPI.version).toBe('v1.6');
    expect(config.clusterNetwork.podCIDRs.length).toBeGreaterThan(0);
    expect(config.gatewayAPI.gateways.map((g) => `${g.namespace}/${g.name}`)).toEqual([
      'gateway-system/platform-l4',
      'gateway-system/internal-l4',
    ]);
  });

  it('every Gateway API object is of an apiVersion that release and channel serve, not deprecated', () => {
    const { release } = releaseOf(config.gatewayAPI.version!)!;
    const objects = all.flatMap((g) => g.objects).filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(objects.length).toBeGreaterThan(3);
    for (const o of objects) {
      const served = servedVersions(release, config.gatewayAPI.channel, o.kind)?.find(
        (v) => `gateway.networking.k8s.io/${v.version}` === o.apiVersion,
      );
      expect(served, `${o.kind} ${o.apiVersion}`).toMatchObject({ deprecated: false });
    }
  });

  it('no NetworkPolicy ipBlock reaches into the pod or Service range', () => {
    const cluster = [...config.clusterNetwork.podCIDRs, ...config.clusterNetwork.serviceCIDRs].map((c) => ipaddr.parseCIDR(c));
    const blocks = all
      .flatMap((g) => g.all('NetworkPolicy'))
      .flatMap((p) => p.spec.ingress.flatMap((rule: any) => (rule.from ?? []).map((peer: any) => peer.ipBlock?.cidr).filter(Boolean)));
    expect(blocks.length).toBeGreaterThan(3);
    for (const block of blocks) {
      const [address, bits] = ipaddr.parseCIDR(block);
      for (const [other, otherBits] of cluster) {
        if (address.kind() !== other.kind()) continue;
        expect(address.match(other, otherBits) || other.match(address, bits), `${block} overlaps ${other.toString()}/${otherBits}`).toBe(
          false,
        );
      }
    }
  });

  it('the platform Gateways the config describes are the ones gateway-api/README.md shows', () => {
    const readme = readFileSync(join(examplesDir, 'gateway-api', 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .flatMap((m) => parseAllDocuments(m[1]).map((d) => d.toJS() as any))
      .filter((o) => o?.kind === 'Gateway');
    const strip = (listener: any) => {
      const { tls, ...rest } = listener;
      return rest;
    };
    expect(shown.map((g) => ({ name: g.metadata.name, namespace: g.metadata.namespace, listeners: g.spec.listeners.map(strip) }))).toEqual(
      config.gatewayAPI.gateways.map((g) => ({ ...g, listeners: g.listeners.map(strip) })),
    );
  });
});

describe('the PostgreSQL guides say which clients they serve', () => {
  it.each(['postgres-tcp', 'postgres-tls-terminate', 'postgres-tls-passthrough'])(
    '%s: libpq 14+ for SNI, 13 and older never match, Traefik v3.0',
    (app) => {
      const readme = readFileSync(join(examplesDir, app, 'README.md'), 'utf8');
      expect(readme).toMatch(/^## Which clients it serves$/m);
      expect(readme).toMatch(/\| libpq 13 and older \| no \|/);
      expect(readme).toMatch(/\| Traefik \| v3\.0 \|/);
    },
  );

  it('the TLS-terminating ones explain that libpq 17+ needs the TLSOption in every negotiation mode', () => {
    for (const app of ['postgres-tcp', 'postgres-tls-terminate']) {
      const readme = readFileSync(join(examplesDir, app, 'README.md'), 'utf8');
      expect(readme).toContain('Without the TLSOption, every libpq 17+ client fails, in either negotiation');
      expect(golden(app, 'prod').one('TLSOption').spec.alpnProtocols).toEqual(['postgresql']);
    }
  });

  it('gateway-api: libpq 17+ with sslnegotiation=direct for the TLSRoute', () => {
    const readme = readFileSync(join(examplesDir, 'gateway-api', 'README.md'), 'utf8');
    expect(readme).toMatch(/\| PostgreSQL clients, TLSRoute \| libpq 17 or later with `sslnegotiation=direct` \|/);
  });
});
