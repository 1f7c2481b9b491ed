// Small readers of Kubernetes, Traefik and Gateway API objects shared by the rules.
import { isMapValue, type Values } from './merge.ts';
import type { RenderedObject } from './rendered.ts';

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asMap = (value: unknown): Values => (isMapValue(value) ? value : {});
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const isTraefik = (o: RenderedObject) => /^traefik\.(io|containo\.us)\//.test(o.apiVersion);
export const isGatewayRoute = (o: RenderedObject) =>
  o.apiVersion.startsWith('gateway.networking.k8s.io/') && /^(TCP|TLS|UDP|HTTP|GRPC)Route$/.test(o.kind);

export interface Matcher {
  /** HostSNI, Host, HostSNIRegexp, ... */
  name: string;
  args: string[];
}

/** The matchers of a Traefik rule: HostSNI(`a`) && ClientIP(`10.0.0.0/8`) -> two matchers. */
export function matchers(rule: string): Matcher[] {
  return [...rule.matchAll(/([A-Za-z]+)\s*\(([^)]*)\)/g)].map((m) => ({
    name: m[1],
    args: [...m[2].matchAll(/`([^`]*)`|"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1] ?? unescapeGo(a[2] ?? '')),
  }));
}

const GO_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
/** A Go string literal's escapes undone, as Traefik reads a double-quoted argument (`\"`, `\\`, `\n`, …). */
const unescapeGo = (text: string) => text.replace(/\\(.)/g, (_, c: string) => GO_ESCAPES[c] ?? c);

export const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const isIpLiteral = (host: string) => IPV4.test(host) || (host.includes(':') && /^[0-9a-fA-F:.[\]]+$/.test(host));

export interface TraefikRoute {
  index: number;
  route: Values;
  match?: string;
  services: { index: number; service: Values }[];
  middlewares: { name: string; namespace?: string }[];
}

export function traefikRoutes(object: RenderedObject): TraefikRoute[] {
  const spec = asMap(object.obj.spec);
  return asList(spec.routes).map((route, index) => {
    const r = asMap(route);
    return {
      index,
      route: r,
      match: asString(r.match),
      services: asList(r.services).map((service, i) => ({ index: i, service: asMap(service) })),
      middlewares: asList(r.middlewares)
        .map(asMap)
        .filter((m) => typeof m.name === 'string')
        .map((m) => ({ name: m.name as string, namespace: asString(m.namespace) })),
    };
  });
}

export const entryPointsOf = (object: RenderedObject): string[] =>
  asList(asMap(object.obj.spec).entryPoints).filter((e): e is string => typeof e === 'string');

/** A Service's ports: number, name and protocol. */
export function servicePorts(
  object: RenderedObject,
): { port: number; name?: string; targetPort?: number | string; nodePort?: number; appProtocol?: string }[] {
  return asList(asMap(object.obj.spec).ports)
    .map(asMap)
    .filter((p) => typeof p.port === 'number')
    .map((p) => ({
      port: p.port as number,
      name: asString(p.name),
      targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined,
      nodePort: typeof p.nodePort === 'number' ? p.nodePort : undefined,
      appProtocol: asString(p.appProtocol),
    }));
}

/** The rule syntax Traefik applies to a route: its own `syntax`, else the platform's default. */
export const ruleSyntaxOf = (route: Values, platformDefault: 'v2' | 'v3'): 'v2' | 'v3' =>
  route.syntax === 'v2' || route.syntax === 'v3' ? route.syntax : platformDefault;

/**
 * The priority Traefik gives a TCP route: its own, else the length of its rule, except the catch-all
 * HostSNI(`*`) alone, which gets -1 so that it is tried last.
 */
export function tcpRoutePriority(route: Values): number {
  if (typeof route.priority === 'number' && route.priority !== 0) return route.priority;
  const rule = asString(route.match) ?? '';
  return /^\s*HostSNI\(\s*`\*`\s*\)\s*$/.test(rule) ? -1 : rule.length;
}

/** A TCP rule made of HostSNI matchers joined by || and nothing else: it takes every connection for its hosts. */
export function isHostsOnlyRule(rule: string): boolean {
  const rest = rule.replace(/HostSNI\s*\([^)]*\)/g, '').replace(/\|\||[()\s]/g, '');
  return rest === '' && /HostSNI/.test(rule);
}

/** Whether a HostSNI host expression matches every name a second one matches ("*" all; "*.a.b" one label). */
export function hostCovers(expression: string, host: string): boolean {
  if (expression === '*' || expression === host) return true;
  if (!expression.startsWith('*.') || host === '*' || host.startsWith('*.')) return false;
  const labels = host.split('.');
  return labels.length > 1 && `*.${labels.slice(1).join('.')}` === expression;
}
