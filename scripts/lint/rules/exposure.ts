// Databases published to the outside without anything that limits who may connect.
import ipaddr from 'ipaddr.js';
import { asList, asMap, isTraefik, servicePorts, asString, traefikRoutes } from '../k8s.ts';
import { valueAt } from '../merge.ts';
import type { RenderedObject } from '../rendered.ts';
import type { Finding, Location } from '../types.ts';
import { type ObjectsContext, report, type RuleDef } from './rule.ts';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** A NetworkPolicy of the app's pods whose ingress rules all name sources, none of them "anywhere". */
function restrictedByPolicy(ctx: ObjectsContext): boolean {
  return ctx.objects.some((o) => {
    if (o.kind !== 'NetworkPolicy') return false;
    const spec = asMap(o.obj.spec);
    const labels = asMap(asMap(spec.podSelector).matchLabels);
    const selectsApp = Object.keys(labels).length === 0 || labels['app.kubernetes.io/name'] === ctx.appName;
    const types = asList(spec.policyTypes);
    if (!selectsApp || (types.length > 0 && !types.includes('Ingress'))) return false;
    return asList(spec.ingress).every((rule) => {
      const from = asList(asMap(rule).from);
      return (
        from.length > 0 &&
        !from.some((peer) => OPEN.has(String(asMap(asMap(peer).ipBlock).cidr)) && asList(asMap(asMap(peer).ipBlock).except).length === 0)
      );
    });
  });
}

/** Middlewares that restrict client addresses: rendered MiddlewareTCPs with ipAllowList, or the platform's. */
function allowListed(ctx: ObjectsContext, name: string, namespace: string): boolean {
  const rendered = ctx.objects.find(
    (o) => isTraefik(o) && /^Middleware(TCP)?$/.test(o.kind) && o.name === name && o.namespace === namespace,
  );
  if (rendered) {
    const spec = asMap(rendered.obj.spec);
    return spec.ipAllowList !== undefined || spec.ipWhiteList !== undefined;
  }
  return ctx.config.middlewares.some(
    (m) => m.name === name && (m.namespace === undefined || m.namespace === namespace) && m.ipAllowList === true,
  );
}

/** A database port published to the outside: where, through what, and how to restrict it. */
interface Exposure {
  at: Location;
  object: RenderedObject;
  how: string;
  port: number;
  fix: string;
}

/** What restricting with a NetworkPolicy instead takes; every fix offers it. */
const POLICY_FIX = 'or enable networkPolicy with the sources that may connect (allowCIDRs, allowNamespaces)';

/** The number of a Service port a route names (by number, or by name on a Service the app renders). */
function servicePortOf(ctx: ObjectsContext, namespace: string, name: string, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  const service = ctx.objects.find((s) => s.kind === 'Service' && s.apiVersion === 'v1' && s.namespace === namespace && s.name === name);
  return service && servicePorts(service).find((p) => p.name === port)?.port;
}

/** LoadBalancer and NodePort Services with a database port, and no source ranges. */
function throughServices(ctx: ObjectsContext, db: Set<number>): Exposure[] {
  return ctx.objects.flatMap((object) => {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return [];
    const spec = asMap(object.obj.spec);
    const type = asString(spec.type) ?? 'ClusterIP';
    if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
    const exposed = servicePorts(object).find((p) => db.has(p.port) || (typeof p.targetPort === 'number' && db.has(p.targetPort)));
    if (!exposed) return [];
    const ranges = asList(spec.loadBalancerSourceRanges).map(String);
    if (type === 'LoadBalancer' && ranges.length > 0 && !ranges.some((r) => OPEN.has(r))) return [];
    const own = !object.entry;
    const fix =
      type === 'LoadBalancer'
        ? `set ${own ? 'service.loadBalancerSourceRanges' : 'spec.loadBalancerSourceRanges'} to the client ranges, ${POLICY_FIX}`
        : 'enable networkPolicy with the sources that may connect, or use a LoadBalancer with loadBalancerSourceRanges';
    const at = own ? ctx.locate(['service', 'type']) : ctx.at(object, ['spec', 'type']);
    return [{ at, object, how: `through a ${type} Service`, port: exposed.port, fix }];
  });
}

/** IngressRouteTCPs on public entryPoints to a database port, without an ipAllowList middleware. */
function throughTraefik(ctx: ObjectsContext, db: Set<number>): Exposure[] {
  const exposures: Exposure[] = [];
  for (const object of ctx.objects.filter((o) => isTraefik(o) && o.kind === 'IngressRouteTCP')) {
    const ingressClass = asString(asMap(asMap(object.obj.metadata).annotations)['kubernetes.io/ingress.class']);
    const entryPoints = asList(asMap(object.obj.spec).entryPoints).map(String);
    if (ingressClass && ctx.config.privateIngressClasses.includes(ingressClass)) continue;
    if (entryPoints.length > 0 && entryPoints.every((e) => ctx.config.privateEntryPoints.includes(e))) continue;
    for (const route of traefikRoutes(object)) {
      if (route.middlewares.some((m) => allowListed(ctx, m.name, m.namespace ?? object.namespace))) continue;
      const hit = route.services
        .map(({ index, service }) => ({
          index,
          port: servicePortOf(ctx, asString(service.namespace) ?? object.namespace, String(service.name), service.port),
        }))
        .find(({ port }) => port !== undefined && db.has(port));
      if (!hit) continue;
      exposures.push({
        at: ctx.at(object, ['spec', 'routes', route.index, 'services', hit.index, 'port']),
        object,
        how: `through Traefik (entryPoints ${entryPoints.join(', ') || 'all'})`,
        port: hit.port!,
        fix: `add a MiddlewareTCP with ipAllowList to the route's middlewares, ${POLICY_FIX}`,
      });
    }
  }
  return exposures;
}

/** Gateway API routes to a database port, attached to a Gateway that is not listed as private. */
function throughGateways(ctx: ObjectsContext, db: Set<number>): Exposure[] {
  return ctx.objects.flatMap((object) => {
    if (!object.apiVersion.startsWith('gateway.networking.k8s.io/') || !/^(TCP|TLS|UDP)Route$/.test(object.kind)) return [];
    const spec = asMap(object.obj.spec);
    const parents = asList(spec.parentRefs).map(asMap);
    const isPrivate =
      parents.length > 0 &&
      parents.every((p) =>
        ctx.config.privateGateways.some(
          (g) => g.name === p.name && (g.namespace === undefined || g.namespace === (asString(p.namespace) ?? object.namespace)),
        ),
      );
    if (isPrivate) return [];
    const refs = asList(spec.rules).flatMap((rule, r) => asList(asMap(rule).backendRefs).map((ref, i) => ({ ref: asMap(ref), r, i })));
    const hit = refs.find(({ ref }) => {
      const port = servicePortOf(ctx, asString(ref.namespace) ?? object.namespace, String(ref.name), ref.port);
      return port !== undefined && db.has(port);
    });
    if (!hit) return [];
    return [
      {
        at: ctx.at(object, ['spec', 'rules', hit.r, 'backendRefs', hit.i, 'port']),
        object,
        how: 'through a Gateway',
        port: Number(hit.ref.port),
        fix:
          `attach it to a Gateway listener that only private networks reach (list it under privateGateways in ` +
          `app-chart.config.yaml), ${POLICY_FIX}`,
      },
    ];
  });
}

/** ingress-nginx tcp-services / udp-services entries that forward a database port. */
function throughIngressNginx(ctx: ObjectsContext, db: Set<number>): Exposure[] {
  return ctx.objects.flatMap((object) => {
    if (object.kind !== 'ConfigMap' || !/^(tcp|udp)-services$/.test(object.name)) return [];
    return Object.entries(asMap(object.obj.data)).flatMap(([key, value]) => {
      const port = Number(/:(\d+)/.exec(String(value))?.[1]);
      if (!db.has(port) && !db.has(Number(key))) return [];
      const fix = `restrict the controller Service with loadBalancerSourceRanges, ${POLICY_FIX}`;
      return [
        {
          at: ctx.at(object, ['data', key]),
          object,
          how: `through ingress-nginx (port ${key})`,
          port: db.has(port) ? port : Number(key),
          fix,
        },
      ];
    });
  });
}

function unrestrictedDatabases(ctx: ObjectsContext): Finding[] {
  if (restrictedByPolicy(ctx)) return [];
  const db = new Set(ctx.config.databasePorts);
  return [throughServices, throughTraefik, throughGateways, throughIngressNginx]
    .flatMap((find) => find(ctx, db))
    .map(({ at, object, how, port, fix }) =>
      report(databasePortUnrestricted, 'published', { object: object.ref, port, how, fix }, { ...at, object: object.ref }),
    );
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const range = (cidr: unknown): Range | undefined =>
  typeof cidr === 'string' && ipaddr.isValidCIDR(cidr) ? ipaddr.parseCIDR(cidr) : undefined;
const contains = (outer: Range, inner: Range) => outer[0].kind() === inner[0].kind() && outer[1] <= inner[1] && inner[0].match(outer);
const show = ([address, bits]: Range) => `${address.toString()}/${bits}`;

/** NetworkPolicy ipBlocks that reach into the cluster's own pod or Service ranges (clusterNetwork in the config). */
function clusterCidrs(ctx: ObjectsContext): Finding[] {
  const { podCIDRs, serviceCIDRs } = ctx.config.clusterNetwork;
  const cluster = [
    ...podCIDRs.map((c) => ({ kind: 'pod' as const, range: range(c) })),
    ...serviceCIDRs.map((c) => ({ kind: 'Service' as const, range: range(c) })),
  ].filter((c): c is { kind: 'pod' | 'Service'; range: Range } => c.range !== undefined);
  if (!cluster.length) return [];
  const findings: Finding[] = [];
  const allowCIDRs = asList(valueAt(ctx.merged, ['networkPolicy', 'allowCIDRs']));
  for (const object of ctx.objects.filter((o) => o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1')) {
    const spec = asMap(object.obj.spec);
    for (const direction of ['ingress', 'egress'] as const) {
      const peersKey = direction === 'ingress' ? 'from' : 'to';
      asList(spec[direction]).forEach((rule, r) => {
        asList(asMap(rule)[peersKey]).forEach((peer, p) => {
          const block = asMap(asMap(peer).ipBlock);
          const cidr = range(block.cidr);
          if (!cidr) return;
          const except = asList(block.except)
            .map(range)
            .filter((e): e is Range => e !== undefined);
          const problems = cluster.flatMap(({ kind, range: own }) => {
            if (kind === 'Service' && direction === 'egress') return [];
            const overlap = contains(cidr, own) ? own : contains(own, cidr) ? cidr : undefined;
            if (!overlap || except.some((e) => contains(e, overlap))) return [];
            if (kind === 'Service')
              return [
                `covers the cluster's Service range ${show(own)}, whose cluster IPs are virtual and never the source of a connection`,
              ];
            const ingress = direction === 'ingress';
            return overlap === own
              ? [
                  `contains the cluster's pod range ${show(own)}, so it ${ingress ? 'admits connections from' : 'allows connections to'} ` +
                    'every pod of the cluster, in every namespace',
                ]
              : [
                  `lies inside the cluster's pod range ${show(own)}, so it ${ingress ? 'admits' : 'allows connections to'} ` +
                    'whichever pods get those addresses, which change as pods come and go',
                ];
          });
          if (!problems.length) return;
          const index = object.entry ? -1 : allowCIDRs.indexOf(block.cidr);
          const at =
            index >= 0
              ? ctx.locate(['networkPolicy', 'allowCIDRs', index])
              : ctx.at(object, ['spec', direction, r, peersKey, p, 'ipBlock', 'cidr']);
          const data = { object: object.ref, direction, cidr: String(block.cidr), problems: problems.join(', and ') };
          findings.push(report(networkpolicyClusterCidr, 'clusterRange', data, { ...at, object: object.ref }));
        });
      });
    }
  }
  return findings;
}

const networkpolicyClusterCidr = {
  id: 'networkpolicy-cluster-cidr',
  severity: 'warn',
  family: 'exposure',
  summary:
    "A NetworkPolicy ipBlock (networkPolicy.allowCIDRs, or a NetworkPolicy of the custom resources) that covers the cluster's " +
    'pod or Service range, when clusterNetwork in app-chart.config.yaml names them.',
  why:
    'A wide private range such as 10.0.0.0/8 usually contains the pod range, so a policy meant for outside clients admits every ' +
    'pod of the cluster, in any namespace. Kubernetes documents ipBlock for cluster-external addresses: pod addresses come and ' +
    "go, and traffic from outside may reach the pod with a rewritten source (a node's address unless externalTrafficPolicy is " +
    'Local or the load balancer keeps it). Cluster IPs never appear as a source at all.',
  fix:
    "Narrow the range to the clients' own networks (or put the pod range under except), and admit pods of the cluster with " +
    'namespace and pod selectors (networkPolicy.allowNamespaces, allowPodSelectors).',
  messages: {
    clusterRange:
      '{object} {direction} ipBlock {cidr} {problems}. An ipBlock is meant for addresses outside the cluster: narrow it to ' +
      "the clients' own networks (or list the cluster's ranges under except), and select pods of the cluster with namespace " +
      'and pod selectors (allowNamespaces, allowPodSelectors)',
  },
  example: {
    values: `deployment:
  enabled: true
networkPolicy:
  enabled: true
  allowCIDRs:
    - 10.0.0.0/8   # holds the pod network, 10.244.0.0/16
`,
  },
  objects: clusterCidrs,
} satisfies RuleDef;

const databasePortUnrestricted = {
  id: 'database-port-unrestricted',
  severity: 'warn',
  family: 'exposure',
  summary:
    'A database port (5432, 3306, 6379, 27017, ...) published through a LoadBalancer or NodePort Service, a public Traefik ' +
    'route, a Gateway route or an ingress-nginx tcp-services entry, with nothing that limits who may connect.',
  why:
    'A database reachable from the whole internet is scanned and brute-forced within hours: every database port that leaves the ' +
    'cluster needs a limit on who may connect.',
  fix:
    'Restrict sources: service.loadBalancerSourceRanges for a LoadBalancer, a MiddlewareTCP with ipAllowList on a Traefik ' +
    'route, or networkPolicy (allowCIDRs, allowNamespaces). Routes on a private ingress class, entryPoint or Gateway ' +
    '(app-chart.config.yaml) are not public.',
  messages: {
    published: '{object} publishes database port {port} {how} to any address: {fix}',
  },
  example: {
    values: `deployment:
  enabled: true
service:
  enabled: true
  type: LoadBalancer
  port: 5432
`,
  },
  objects: unrestrictedDatabases,
} satisfies RuleDef;

export const exposureRules: RuleDef[] = [networkpolicyClusterCidr, databasePortUnrestricted];
