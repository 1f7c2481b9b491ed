// Gateway API objects against the Gateway API the cluster has (release and channel) and against the
// platform's Gateways that routes attach to, both as app-chart.config.yaml describes them.
import { didYouMean } from '../../errors.ts';
import type { LabelSelector, PlatformGateway, PlatformListener } from '../config.ts';
import {
  describeServed,
  type GatewayChannel,
  GATEWAY_GROUP,
  isGatewayKind,
  LATEST_GATEWAY_API,
  newestVersion,
  releaseOf,
  servedVersions,
  whereServed,
} from '../gateway-api.ts';
import { asList, asMap, asString } from '../k8s.ts';
import type { RenderedObject } from '../rendered.ts';
import type { Finding } from '../types.ts';
import { type ObjectsContext, report, type RuleDef } from './rule.ts';
import { EXPERIMENTAL_CONFIG, appWith, gatewayRoute } from '../rule-examples.ts';

const gatewayObjects = (ctx: ObjectsContext) =>
  ctx.objects.filter((o) => o.apiVersion.startsWith(`${GATEWAY_GROUP}/`) && isGatewayKind(o.kind));

const versionOf = (object: RenderedObject) => object.apiVersion.slice(GATEWAY_GROUP.length + 1);

/** "v1 (standard from v1.6)" for the apiVersion a kind should use. */
function advice(kind: string): string {
  const newest = newestVersion(kind);
  return newest
    ? `use ${GATEWAY_GROUP}/${newest.version} (${newest.channel} channel from ${newest.since})`
    : 'check the kinds of your Gateway API release';
}

/** What the other channel of the same release offers for a kind the configured channel lacks. */
function otherChannel(release: string, channel: GatewayChannel, kind: string): string {
  const other: GatewayChannel = channel === 'standard' ? 'experimental' : 'standard';
  const there = servedVersions(release, other, kind);
  const newest = newestVersion(kind);
  const upgrade =
    newest && newest.since !== release
      ? `upgrade the CRDs to ${newest.since} or later (${newest.channel} channel)`
      : 'install CRDs that have it';
  return there
    ? `${upgrade}, or install the ${other} channel of ${release} and use ${there.map((v) => `${GATEWAY_GROUP}/${v.version}`).join(' or ')}`
    : upgrade;
}

function apiVersions(ctx: ObjectsContext, pick: 'missing' | 'deprecated'): Finding[] {
  const findings: Finding[] = [];
  const { version, channel } = ctx.config.gatewayAPI;
  const installed = version === undefined ? undefined : releaseOf(version);
  for (const object of gatewayObjects(ctx)) {
    const at = ctx.at(object, ['apiVersion']);
    const apiVersion = versionOf(object);
    const where = whereServed(object.kind, apiVersion);
    const about = { object: object.ref, apiVersion: object.apiVersion, kind: object.kind, latest: LATEST_GATEWAY_API };
    const finding = { ...at, object: object.ref };
    if (!where.length) {
      if (pick === 'missing') findings.push(report(gatewayApiVersion, 'inNoRelease', { ...about, advice: advice(object.kind) }, finding));
      continue;
    }
    if (installed) {
      const beyond = installed.beyond
        ? ` (lint knows releases up to ${LATEST_GATEWAY_API}; ${version} is checked as ${LATEST_GATEWAY_API})`
        : '';
      const release = `Gateway API ${installed.release}${beyond}, ${channel} channel`;
      const served = servedVersions(installed.release, channel, object.kind);
      const found = served?.find((v) => v.version === apiVersion);
      if (!found && pick === 'missing') {
        const there = served
          ? `serves ${object.kind} as ${served.map((v) => `${GATEWAY_GROUP}/${v.version}`).join(', ')}`
          : `has no ${object.kind}`;
        const fix = served
          ? `use ${GATEWAY_GROUP}/${served.find((v) => !v.deprecated)?.version ?? served[0].version}`
          : otherChannel(installed.release, channel, object.kind);
        const data = { ...about, release, there, servedBy: describeServed(object.kind, apiVersion), fix };
        findings.push(report(gatewayApiVersion, 'notInstalled', data, finding));
      }
      if (found?.deprecated && pick === 'deprecated') {
        findings.push(report(gatewayApiDeprecated, 'inCluster', { ...about, release, advice: advice(object.kind) }, finding));
      }
      continue;
    }
    const latest = where.filter((w) => w.release === LATEST_GATEWAY_API);
    if (pick === 'deprecated' && (latest.length === 0 || latest.every((w) => w.deprecated))) {
      const data = {
        ...about,
        state: latest.length ? 'deprecated' : 'no longer served',
        servedBy: describeServed(object.kind, apiVersion),
        advice: advice(object.kind),
      };
      findings.push(report(gatewayApiDeprecated, 'inLatest', data, finding));
    }
  }
  return findings;
}

/** Whether a namespace with these labels matches a label selector. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    return e.operator === 'In' ? inValues : !inValues;
  });
  return byLabels && byExpressions;
}

/** The label Kubernetes sets on every namespace to its name: no one can change it. */
const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The `kubectl label namespace` arguments that make a namespace with these labels match the selector: each
 * requirement it fails, set (key=value) or removed (key-); undefined when only another name would match.
 */
function relabelling(selector: LabelSelector, labels: Record<string, string>): string[] | undefined {
  const failed = [
    ...Object.entries(selector.matchLabels ?? {})
      .filter(([key, value]) => !selects({ matchLabels: { [key]: value } }, labels))
      .map(([key, value]) => ({ key, change: `${key}=${value}` })),
    ...(selector.matchExpressions ?? [])
      .filter((e) => !selects({ matchExpressions: [e] }, labels))
      .map((e) => ({
        key: e.key,
        change: e.operator === 'DoesNotExist' || e.operator === 'NotIn' ? `${e.key}-` : `${e.key}=${e.values?.[0] ?? '<value>'}`,
      })),
  ];
  return failed.some((f) => f.key === NAME_LABEL) ? undefined : failed.map((f) => f.change);
}

const describeSelector = (selector: LabelSelector = {}) =>
  [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`),
  ].join(', ') || '(empty selector)';

/** Route kinds a listener takes when it lists none, and the protocols each route kind can use. */
const KINDS_BY_PROTOCOL: Record<string, string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Whether two host names (either may be a "*." wildcard, which matches any number of labels) share a name. */
function hostsIntersect(a: string, b: string): boolean {
  const suffix = (h: string) => (h.startsWith('*.') ? h.slice(1) : undefined);
  if (a === b) return true;
  const [sa, sb] = [suffix(a), suffix(b)];
  if (sa && sb) return sa.endsWith(sb) || sb.endsWith(sa);
  if (sa) return b.endsWith(sa);
  if (sb) return a.endsWith(sb);
  return false;
}

/** Why a listener does not accept a route, or undefined when it does. */
function refusal(ctx: ObjectsContext, route: RenderedObject, gateway: PlatformGateway, listener: PlatformListener): string | undefined {
  const kinds = listener.allowedRoutes?.kinds?.filter((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP).map((k) => k.kind);
  const allowed = kinds?.length
    ? kinds
    : Object.hasOwn(KINDS_BY_PROTOCOL, listener.protocol)
      ? KINDS_BY_PROTOCOL[listener.protocol]
      : undefined;
  if (allowed && !allowed.includes(route.kind)) {
    return `it is a ${listener.protocol} listener that takes ${allowed.join(', ')}, not ${route.kind}`;
  }
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'Same' && route.namespace !== gateway.namespace) {
    return (
      `it admits routes of its own namespace (${gateway.namespace}) only (allowedRoutes.namespaces.from: Same, the default), ` +
      `and this route is in ${route.namespace}`
    );
  }
  if (from === 'Selector') {
    const selector = listener.allowedRoutes?.namespaces?.selector ?? {};
    const own = Object.hasOwn(ctx.config.namespaceLabels, route.namespace) ? ctx.config.namespaceLabels[route.namespace] : {};
    const labels = { ...own, [NAME_LABEL]: route.namespace };
    if (!selects(selector, labels)) {
      const known = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const changes = relabelling(selector, labels);
      return (
        `it admits only namespaces whose labels match ${describeSelector(selector)}, and namespace ${route.namespace} has ${known} ` +
        `(namespaceLabels in app-chart.config.yaml): ${
          changes
            ? `label it (kubectl label namespace ${route.namespace} ${changes.join(' ')}) and record its labels under namespaceLabels, or `
            : ''
        }attach to a listener that admits ${route.namespace}`
      );
    }
  }
  const hostnames = asList(asMap(route.obj.spec).hostnames).filter((h): h is string => typeof h === 'string');
  if (listener.hostname && hostnames.length && !hostnames.some((h) => hostsIntersect(h, listener.hostname!))) {
    return `its hostname ${listener.hostname} matches none of the route's hostnames (${hostnames.join(', ')})`;
  }
  return undefined;
}

function attachments(ctx: ObjectsContext): Finding[] {
  const gateways = ctx.config.gatewayAPI.gateways;
  if (!gateways.length) return [];
  const findings: Finding[] = [];
  for (const route of gatewayObjects(ctx).filter((o) => /^(HTTP|GRPC|TCP|TLS|UDP)Route$/.test(o.kind))) {
    asList(asMap(route.obj.spec).parentRefs).forEach((value, i) => {
      const ref = asMap(value);
      if (
        (asString(ref.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
        (asString(ref.kind) ?? 'Gateway') !== 'Gateway' ||
        typeof ref.name !== 'string'
      )
        return;
      const namespace = asString(ref.namespace) ?? route.namespace;
      const field = (key: string) => ctx.at(route, ['spec', 'parentRefs', i, ...(ref[key] !== undefined ? [key] : [])]);
      // every message of the rule starts with the route and the parentRef
      const about = { object: route.ref, index: i };
      const at = (key: string) => ({ ...field(key), object: route.ref });
      const gateway = gateways.find((g) => g.name === ref.name && g.namespace === namespace);
      if (!gateway) {
        const names = gateways.map((g) => `${g.namespace}/${g.name}`);
        const guess = didYouMean(`${namespace}/${ref.name}`, names);
        const data = { ...about, gateway: `${namespace}/${ref.name}`, gateways: names.join(', '), guess: guess ?? '' };
        findings.push(report(gatewayListener, guess ? 'unknownGatewayGuess' : 'unknownGateway', data, at('name')));
        return;
      }
      const named = `${gateway.namespace}/${gateway.name}`;
      const section = asString(ref.sectionName);
      const port = typeof ref.port === 'number' ? ref.port : undefined;
      let listeners = gateway.listeners;
      if (section !== undefined) {
        const listener = listeners.find((l) => l.name === section);
        if (!listener) {
          const guess = didYouMean(
            section,
            listeners.map((l) => l.name),
          );
          const data = { ...about, section, gateway: named, listeners: listeners.map((l) => l.name).join(', '), guess: guess ?? '' };
          findings.push(report(gatewayListener, guess ? 'unknownListenerGuess' : 'unknownListener', data, at('sectionName')));
          return;
        }
        listeners = [listener];
      }
      if (port !== undefined) listeners = listeners.filter((l) => l.port === port);
      if (!listeners.length) {
        const data = { ...about, port: String(port), listener: section ? `listener "${section}"` : 'listener', gateway: named };
        findings.push(report(gatewayListener, 'noPort', data, at('port')));
        return;
      }
      const reasons = listeners.map((l) => ({ listener: l, reason: refusal(ctx, route, gateway, l) }));
      if (reasons.some((r) => r.reason === undefined)) return;
      const text = reasons.map((r) => `listener "${r.listener.name}": ${r.reason}`).join('; ');
      const data = { ...about, gateway: named, reasons: text };
      findings.push(report(gatewayListener, 'notAccepted', data, at(section !== undefined ? 'sectionName' : 'name')));
    });
  }
  return findings;
}

const gatewayApiVersion = {
  id: 'gateway-api-version',
  severity: 'error',
  family: 'gateway',
  summary:
    "A Gateway API object whose apiVersion the cluster's Gateway API release and channel (gatewayAPI in " +
    'app-chart.config.yaml) do not serve, or that no release serves.',
  why:
    'The API server refuses an object of an apiVersion its CRDs do not serve, so the sync fails. Which versions exist changes ' +
    'from release to release and channel to channel: TCPRoute and UDPRoute are v1alpha2 in the experimental channel up to v1.5 ' +
    'and v1 in both channels from v1.6, where v1alpha2 stays in the experimental channel only, deprecated; TLSRoute is v1 in ' +
    'both channels from v1.5. Lint knows the CRDs of every release from v1.0 to v1.6.',
  fix:
    'Use an apiVersion the cluster serves (the message names it), install the release or channel the app needs, or state the ' +
    "cluster's release and channel under gatewayAPI in app-chart.config.yaml.",
  messages: {
    inNoRelease: '{object}: {apiVersion} {kind} exists in no Gateway API release (v1.0–{latest}): {advice}',
    notInstalled:
      "{object}: the cluster's {release} {there}; {apiVersion} is served by {servedBy}: {fix}, or correct gatewayAPI in " +
      'app-chart.config.yaml if the cluster has other CRDs',
  },
  example: { values: appWith({ dns: gatewayRoute('UDPRoute', 'v1alpha2', 'dns-udp') }, { port: 53, protocol: 'UDP' }) },
  objects: (ctx) => apiVersions(ctx, 'missing'),
} satisfies RuleDef;

const gatewayApiDeprecated = {
  id: 'gateway-api-deprecated',
  severity: 'warn',
  family: 'gateway',
  summary:
    "A Gateway API object of an apiVersion that the cluster's release serves only with a deprecation warning (or, when the " +
    'config states no release, that the newest release deprecates or no longer serves).',
  why: 'A deprecated version is removed in a later release; the objects then stop syncing at the next CRD upgrade.',
  fix:
    'Move to the newer apiVersion the message names (the fields of TCPRoute and UDPRoute are the same in v1, which holds one ' +
    'rule per route).',
  messages: {
    inCluster: "{object}: {apiVersion} {kind} is deprecated in the cluster's {release} (served with a warning, to be removed): {advice}",
    inLatest:
      '{object}: {apiVersion} {kind} is {state} in Gateway API {latest} (served by {servedBy}): {advice}; set ' +
      "gatewayAPI.version and channel in app-chart.config.yaml to check against the cluster's own release",
  },
  example: {
    values: appWith({ dns: gatewayRoute('UDPRoute', 'v1alpha2', 'dns-udp') }, { port: 53, protocol: 'UDP' }),
    config: EXPERIMENTAL_CONFIG,
  },
  objects: (ctx) => apiVersions(ctx, 'deprecated'),
} satisfies RuleDef;

const gatewayListener = {
  id: 'gateway-listener',
  severity: 'error',
  family: 'gateway',
  summary:
    'A Gateway API route whose parentRef names a platform Gateway (gatewayAPI.gateways in app-chart.config.yaml) that does ' +
    'not accept it: no such Gateway or listener, a listener of another protocol or route kind, a namespace the listener does ' +
    'not admit, or host names that do not meet.',
  why:
    'A route the listener does not accept stays Accepted: False in its status and carries no traffic; nothing fails at sync ' +
    'time. A listener admits routes of its own namespace unless allowedRoutes.namespaces says All, or Selector with labels the ' +
    "route's namespace must carry (lint knows kubernetes.io/metadata.name and the labels listed under namespaceLabels).",
  fix:
    "Name an existing Gateway and listener of the route's protocol; for a Selector listener, label the route's namespace " +
    "(kubectl label namespace <ns> key=value) and record the label under namespaceLabels; make the route's hostnames fall under " +
    "the listener's hostname.",
  messages: {
    unknownGateway:
      "{object} spec.parentRefs[{index}] names Gateway {gateway}, which is not one of the platform's Gateways ({gateways}): " +
      "correct name and namespace (a parentRef without namespace means the route's own), or describe the Gateway under " +
      'gatewayAPI.gateways in app-chart.config.yaml',
    unknownGatewayGuess:
      "{object} spec.parentRefs[{index}] names Gateway {gateway}, which is not one of the platform's Gateways ({gateways}); " +
      'did you mean "{guess}"?: correct name and namespace (a parentRef without namespace means the route\'s own), or ' +
      'describe the Gateway under gatewayAPI.gateways in app-chart.config.yaml',
    unknownListener:
      '{object} spec.parentRefs[{index}] names listener "{section}", which Gateway {gateway} does not have (its listeners: ' +
      '{listeners}): the route is not attached',
    unknownListenerGuess:
      '{object} spec.parentRefs[{index}] names listener "{section}", which Gateway {gateway} does not have (its listeners: ' +
      '{listeners}); did you mean "{guess}"?: the route is not attached',
    noPort:
      '{object} spec.parentRefs[{index}] asks for port {port}, which no {listener} of Gateway {gateway} has: the route is not attached',
    notAccepted:
      '{object} spec.parentRefs[{index}] is not accepted by Gateway {gateway}, so the route is not attached (Accepted: False): {reasons}',
  },
  example: {
    values: appWith({ dns: gatewayRoute('UDPRoute', 'v1', 'dns   # the listener is dns-udp') }, { port: 53, protocol: 'UDP' }),
    config: EXPERIMENTAL_CONFIG,
  },
  objects: attachments,
} satisfies RuleDef;

export const gatewayRules: RuleDef[] = [gatewayApiVersion, gatewayApiDeprecated, gatewayListener];
