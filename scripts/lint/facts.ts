// What one app × env renders that rules across apps need: its Services, the Services and TLSOptions its
// routes name, its TLSOptions, and its SNI routes. Plain data, so it is cached with the app's findings.
import type { ValuesPath } from '../values-path.ts';
import {
  asList,
  asMap,
  entryPointsOf,
  isGatewayRoute,
  isTraefik,
  isHostsOnlyRule,
  matchers,
  ruleSyntaxOf,
  servicePorts,
  asString,
  tcpRoutePriority,
  traefikRoutes,
} from './k8s.ts';
import type { ObjectsContext } from './rules/rule.ts';
import type { Values } from './merge.ts';
import type { RenderedObject } from './rendered.ts';
import { list, location, number, object, oneOf, string, boolean } from './shape.ts';
import type { Location } from './types.ts';

export interface ServiceFact {
  namespace: string;
  name: string;
  ports: { port: number; name?: string }[];
}

export interface BackendFact {
  namespace: string;
  name: string;
  port?: number | string;
  /** what names it, e.g. "IngressRouteTCP/db spec.routes[0].services[0]" */
  source: string;
  object: string;
  at: Location;
  /** where the port is written */
  portAt: Location;
}

export interface TlsRefFact {
  namespace: string;
  name: string;
  object: string;
  at: Location;
  /** the route terminates TLS in front of PostgreSQL */
  postgres: boolean;
}

/** A route of an IngressRouteTCP that Traefik accepts, as its TCP router sees it. */
export interface TcpRouteFact {
  /** its entryPoints; ["*"] when it names none (Traefik then uses its default entryPoints) */
  entryPoints: string[];
  /** TLS routes (ended by Traefik or passed through) and plain TCP routes are matched apart */
  tls: boolean;
  /** lower-case HostSNI host expressions the route is limited to; ["*"] when it names none */
  hosts: string[];
  /** the rule is HostSNI matchers joined by ||: it takes every connection for its hosts */
  hostsOnly: boolean;
  priority: number;
  object: string;
  /** e.g. "IngressRouteTCP/db spec.routes[0]" */
  source: string;
  at: Location;
}

export interface Facts {
  /** the repo root (config folder), apps of other roots never meet */
  root: string;
  app: string;
  env: string;
  namespace: string;
  services: ServiceFact[];
  backends: BackendFact[];
  tlsOptions: { namespace: string; name: string; alpnProtocols: string[] }[];
  tlsRefs: TlsRefFact[];
  /** TLS-terminating routes to PostgreSQL with no tls.options at all */
  postgresWithoutOptions: { object: string; at: Location }[];
  tcpRoutes: TcpRouteFact[];
}

/** The shape of Facts, to check them when they are read back from the cache. */
export const factsShape = object({
  root: string,
  app: string,
  env: string,
  namespace: string,
  services: list(object({ namespace: string, name: string, ports: list(object({ port: number }, { name: string })) })),
  backends: list(
    object(
      { namespace: string, name: string, source: string, object: string, at: location, portAt: location },
      { port: oneOf(number, string) },
    ),
  ),
  tlsOptions: list(object({ namespace: string, name: string, alpnProtocols: list(string) })),
  tlsRefs: list(object({ namespace: string, name: string, object: string, at: location, postgres: boolean })),
  postgresWithoutOptions: list(object({ object: string, at: location })),
  tcpRoutes: list(
    object({
      entryPoints: list(string),
      tls: boolean,
      hosts: list(string),
      hostsOnly: boolean,
      priority: number,
      object: string,
      source: string,
      at: location,
    }),
  ),
});

const POSTGRES_PORT = 5432;

const describePath = (path: ValuesPath) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** What one app × env renders that rules across apps need: each rendered object adds what it holds. */
export function gatherFacts(ctx: ObjectsContext): Facts {
  const services = ctx.objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const facts: Facts = {
    root: ctx.config.root,
    app: ctx.target.app,
    env: ctx.target.env,
    namespace: ctx.namespace,
    services: services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      ports: servicePorts(s).map(({ port, name }) => ({ port, name })),
    })),
    backends: [],
    tlsOptions: [],
    tlsRefs: [],
    postgresWithoutOptions: [],
    tcpRoutes: [],
  };
  for (const object of ctx.objects) {
    const backend = backendRecorder(ctx, object, facts.backends);
    if (isTraefik(object) && /^IngressRoute(TCP|UDP)?$/.test(object.kind)) traefikRouteFacts(ctx, object, services, backend, facts);
    if (object.kind === 'TLSOption' && isTraefik(object)) facts.tlsOptions.push(tlsOptionFact(object));
    if (object.kind === 'Ingress' && object.apiVersion.startsWith('networking.k8s.io/')) ingressBackends(object, backend);
    if (isGatewayRoute(object)) gatewayRouteBackends(object, backend);
    if (object.kind === 'ConfigMap' && /^(tcp|udp)-services$/.test(object.name)) nginxPortMapBackends(object, backend);
  }
  return facts;
}

/**
 * Records a Service an object sends traffic to: its name, namespace (default: the object's) and port, where
 * `path` leads to the reference in the object, and `nameKey` and `portPath` lead inside it to the name and port.
 */
type RecordBackend = (
  name: unknown,
  namespace: unknown,
  port: unknown,
  path: ValuesPath,
  nameKey: string | undefined,
  portPath: ValuesPath,
) => void;

function backendRecorder(ctx: ObjectsContext, object: RenderedObject, backends: BackendFact[]): RecordBackend {
  return (name, namespace, port, path, nameKey, portPath) => {
    if (typeof name !== 'string' || !name) return;
    backends.push({
      namespace: asString(namespace) ?? object.namespace,
      name,
      port: typeof port === 'number' || typeof port === 'string' ? port : undefined,
      source: `${object.ref} ${describePath(path)}`,
      object: object.ref,
      at: ctx.at(object, nameKey ? [...path, nameKey] : path),
      portAt: ctx.at(object, [...path, ...portPath]),
    });
  };
}

/**
 * Whether a route's service port is PostgreSQL's: port 5432 (by number, or by the name of a port of one of this
 * app's Services), or a Service port with appProtocol postgresql.
 */
function isPostgres(services: RenderedObject[], namespace: string, name: string, port: unknown): boolean {
  const service = services.find((s) => s.namespace === namespace && s.name === name);
  const ports = service ? servicePorts(service) : [];
  const number = typeof port === 'number' ? port : ports.find((p) => p.name === port)?.port;
  return number === POSTGRES_PORT || ports.some((p) => (p.port === port || p.name === port) && p.appProtocol === 'postgresql');
}

/**
 * A Traefik IngressRoute, IngressRouteTCP or IngressRouteUDP: the Services its routes send to, its TCP routes as
 * Traefik matches them, and the TLSOption it names (or, for PostgreSQL behind terminated TLS, that it names none).
 */
function traefikRouteFacts(ctx: ObjectsContext, object: RenderedObject, services: RenderedObject[], backend: RecordBackend, facts: Facts) {
  const spec = asMap(object.obj.spec);
  const tls = spec.tls === undefined || spec.tls === null ? undefined : asMap(spec.tls);
  const terminates = tls !== undefined && tls.passthrough !== true;
  const options = asMap(tls?.options);
  const optionName = asString(options.name);
  const entryPoints = entryPointsOf(object);
  let postgres = false;
  for (const route of traefikRoutes(object)) {
    for (const { index, service } of route.services) {
      if (service.kind !== undefined && service.kind !== 'Service') continue;
      backend(service.name, service.namespace, service.port, ['spec', 'routes', route.index, 'services', index], 'name', ['port']);
      const namespace = asString(service.namespace) ?? object.namespace;
      if (
        object.kind === 'IngressRouteTCP' &&
        typeof service.name === 'string' &&
        isPostgres(services, namespace, service.name, service.port)
      )
        postgres = true;
    }
    if (object.kind === 'IngressRouteTCP' && route.match) {
      const fact = tcpRouteFact(route.route, route.match, tls !== undefined, ctx.config.traefikRuleSyntax);
      if (fact) {
        facts.tcpRoutes.push({
          entryPoints: entryPoints.length ? entryPoints : ['*'],
          ...fact,
          object: object.ref,
          source: `${object.ref} spec.routes[${route.index}]`,
          at: ctx.at(object, ['spec', 'routes', route.index, 'match']),
        });
      }
    }
  }
  if (optionName) {
    facts.tlsRefs.push({
      namespace: asString(options.namespace) ?? object.namespace,
      name: optionName,
      object: object.ref,
      at: ctx.at(object, ['spec', 'tls', 'options', 'name']),
      postgres: postgres && terminates,
    });
  } else if (postgres && terminates) {
    facts.postgresWithoutOptions.push({ object: object.ref, at: ctx.at(object, ['spec', 'tls']) });
  }
}

function tlsOptionFact(object: RenderedObject): Facts['tlsOptions'][number] {
  const alpnProtocols = asList(asMap(object.obj.spec).alpnProtocols).filter((p): p is string => typeof p === 'string');
  return { namespace: object.namespace, name: object.name, alpnProtocols };
}

/** The Services of an Ingress: its default backend and the backend of each path of each rule. */
function ingressBackends(object: RenderedObject, backend: RecordBackend) {
  const spec = asMap(object.obj.spec);
  const byNumberOrName = (port: Record<string, unknown>) => ['port', port.number !== undefined ? 'number' : 'name'];
  const fallback = asMap(asMap(spec.defaultBackend).service);
  const fallbackPort = asMap(fallback.port);
  backend(
    fallback.name,
    undefined,
    fallbackPort.number ?? fallbackPort.name,
    ['spec', 'defaultBackend', 'service'],
    'name',
    byNumberOrName(fallbackPort),
  );
  asList(spec.rules).forEach((rule, r) => {
    asList(asMap(asMap(rule).http).paths).forEach((p, i) => {
      const service = asMap(asMap(asMap(p).backend).service);
      const port = asMap(service.port);
      const path = ['spec', 'rules', r, 'http', 'paths', i, 'backend', 'service'];
      backend(service.name, undefined, port.number ?? port.name, path, 'name', byNumberOrName(port));
    });
  });
}

/** The Services a Gateway API route's rules send to (backendRefs of the core group and kind Service). */
function gatewayRouteBackends(object: RenderedObject, backend: RecordBackend) {
  asList(asMap(object.obj.spec).rules).forEach((rule, r) => {
    asList(asMap(rule).backendRefs).forEach((ref, i) => {
      const b = asMap(ref);
      if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') return;
      backend(b.name, b.namespace, b.port, ['spec', 'rules', r, 'backendRefs', i], 'name', ['port']);
    });
  });
}

/** The Services of ingress-nginx's tcp-services / udp-services ConfigMap: "<port>": "<namespace>/<service>:<port>". */
function nginxPortMapBackends(object: RenderedObject, backend: RecordBackend) {
  for (const [key, value] of Object.entries(asMap(object.obj.data))) {
    const target = /^([^/\s]+)\/([^:\s]+):([^:\s]+)/.exec(String(value));
    if (!target) continue;
    const port = /^\d+$/.test(target[3]) ? Number(target[3]) : target[3];
    backend(target[2], target[1], port, ['data', key], undefined, []);
  }
}

/**
 * What a TCP route matches, or undefined for a route Traefik refuses (a HostSNI with several hosts under the
 * v3 syntax, a host name without TLS) or whose rule is too intricate to compare (|| mixed with other
 * matchers, a negation).
 */
function tcpRouteFact(route: Values, rule: string, tls: boolean, platformSyntax: 'v2' | 'v3') {
  const hostSni = matchers(rule).filter((m) => m.name === 'HostSNI');
  if (ruleSyntaxOf(route, platformSyntax) === 'v3' && hostSni.some((m) => m.args.length !== 1)) return undefined;
  const hosts = [...new Set(hostSni.flatMap((m) => m.args).map((h) => h.toLowerCase()))];
  if (!tls && hosts.some((h) => h !== '*')) return undefined;
  const hostsOnly = isHostsOnlyRule(rule);
  if (!hostsOnly && (/\|\|/.test(rule) || /!/.test(rule))) return undefined;
  return { tls, hosts: hosts.length ? hosts : ['*'], hostsOnly, priority: tcpRoutePriority(route) };
}
