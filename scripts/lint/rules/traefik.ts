// Traefik routes that Traefik accepts but that never work the way they read.
import { didYouMean } from '../../errors.ts';
import { valueAt } from '../merge.ts';
import type { Facts } from '../facts.ts';
import type { TcpRouteFact } from '../facts.ts';
import { asMap, entryPointsOf, hostCovers, isIpLiteral, isTraefik, matchers, ruleSyntaxOf, asString, traefikRoutes } from '../k8s.ts';
import type { Finding, TargetFinding } from '../types.ts';
import { type ObjectsContext, type RepoContext, report, type RuleDef } from './rule.ts';
import { appWith, traefikRoute } from '../rule-examples.ts';

function hostSniRules(ctx: ObjectsContext, pick: 'without-tls' | 'ip' | 'multiple'): Finding[] {
  const findings: Finding[] = [];
  for (const object of ctx.objects.filter((o) => isTraefik(o) && o.kind === 'IngressRouteTCP')) {
    const spec = asMap(object.obj.spec);
    const hasTls = spec.tls !== undefined && spec.tls !== null;
    for (const route of traefikRoutes(object)) {
      if (!route.match) continue;
      const at = ctx.at(object, ['spec', 'routes', route.index, 'match']);
      for (const m of matchers(route.match).filter((x) => x.name === 'HostSNI')) {
        if (pick === 'multiple' && m.args.length > 1 && ruleSyntaxOf(route.route, ctx.config.traefikRuleSyntax) === 'v3') {
          const from =
            route.route.syntax === 'v3'
              ? 'the route sets syntax: v3'
              : "the route sets no syntax and the platform's default is v3 (traefikRuleSyntax in app-chart.config.yaml)";
          const hosts = m.args.map((a) => `\`${a}\``).join(', ');
          const oneEach = m.args.map((a) => `HostSNI(\`${a}\`)`).join(' || ');
          findings.push(report(hostsniMultipleArgs, 'v2List', { hosts, from, oneEach }, { ...at, object: object.ref }));
        }
        for (const host of m.args) {
          if (pick === 'ip' && isIpLiteral(host)) {
            findings.push(report(hostsniIp, 'ipAddress', { host }, { ...at, object: object.ref }));
          }
          // a v3 list form is refused for its own reason (hostsni-multiple-args)
          const refusedAnyway = m.args.length > 1 && ruleSyntaxOf(route.route, ctx.config.traefikRuleSyntax) === 'v3';
          if (pick === 'without-tls' && !hasTls && host !== '*' && !refusedAnyway) {
            findings.push(report(hostsniWithoutTls, 'noTls', { host }, { ...at, object: object.ref }));
          }
        }
      }
    }
  }
  return findings;
}

const udpMatch = (ctx: ObjectsContext): Finding[] =>
  ctx.objects
    .filter((o) => isTraefik(o) && o.kind === 'IngressRouteUDP')
    .flatMap((object) =>
      traefikRoutes(object)
        .filter((route) => route.route.match !== undefined)
        .map((route) =>
          report(udpRouteMatch, 'match', {}, { ...ctx.at(object, ['spec', 'routes', route.index, 'match']), object: object.ref }),
        ),
    );

/** entryPoints of Traefik routes, and the router.entrypoints annotation of Ingresses. */
function entryPoints(ctx: ObjectsContext): Finding[] {
  const known = ctx.config.entryPoints;
  const findings: Finding[] = [];
  const check = (name: string, at: ReturnType<ObjectsContext['at']>, object: string) => {
    if (known.includes(name)) return;
    const guess = didYouMean(name, known);
    const data = { name, known: known.join(', '), guess: guess ?? '' };
    findings.push(report(entrypointUnknown, guess ? 'unknownGuess' : 'unknown', data, { ...at, object }));
  };
  for (const object of ctx.objects) {
    if (isTraefik(object) && /^IngressRoute(TCP|UDP)?$/.test(object.kind)) {
      entryPointsOf(object).forEach((name, i) => {
        check(name, ctx.at(object, ['spec', 'entryPoints', i]), object.ref);
      });
    }
    if (object.kind === 'Ingress') {
      const annotations = asMap(asMap(object.obj.metadata).annotations);
      const value = asString(annotations['traefik.ingress.kubernetes.io/router.entrypoints']);
      if (!value) continue;
      const at = ctx.at(object, ['metadata', 'annotations', 'traefik.ingress.kubernetes.io/router.entrypoints']);
      const annotated = ingressAnnotationAt(ctx, object.name);
      for (const name of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        check(name, annotated ?? at, object.ref);
    }
  }
  return findings;
}

/** The values line of a chart Ingress's router.entrypoints annotation: the entry's, else ingress.annotations. */
function ingressAnnotationAt(ctx: ObjectsContext, ingressName: string) {
  const key = 'traefik.ingress.kubernetes.io/router.entrypoints';
  const entries = asMap(ctx.merged.ingress).entries;
  const index = Array.isArray(entries) ? entries.findIndex((e) => `${ctx.appName}-${String(asMap(e).name)}` === ingressName) : -1;
  const candidates: (string | number)[][] = [
    ...(index >= 0 ? [['ingress', 'entries', index, 'annotations', key]] : []),
    ['ingress', 'annotations', key],
  ];
  const written = candidates.find((path) => valueAt(ctx.user, path) !== undefined);
  return written ? ctx.locate(written) : undefined;
}

/** Known TLSOptions for a reference: rendered by an app of the repo, or declared by the platform. */
function tlsOptionRules(ctx: RepoContext, which: 'unknown' | 'postgres'): TargetFinding[] {
  const findings: TargetFinding[] = [];
  // gathered once, not per app × env: a repo of hundreds of them would otherwise take quadratic time
  const renderedIn = new Map<string, Facts['tlsOptions']>();
  for (const f of ctx.facts) {
    const key = `${f.root}\0${f.env}`;
    renderedIn.set(key, renderedIn.get(key) ?? []);
    renderedIn.get(key)!.push(...f.tlsOptions);
  }
  for (const facts of ctx.facts) {
    const config = ctx.configs.find((c) => c.root === facts.root);
    const rendered = renderedIn.get(`${facts.root}\0${facts.env}`)!;
    for (const ref of facts.tlsRefs) {
      const own = rendered.find((o) => o.name === ref.name && o.namespace === ref.namespace);
      const platform = config?.tlsOptions.find((o) => o.name === ref.name && (o.namespace === undefined || o.namespace === ref.namespace));
      if (which === 'unknown' && !own && !platform) {
        const names = [
          ...new Set([
            ...rendered.filter((o) => o.namespace === ref.namespace).map((o) => o.name),
            ...(config?.tlsOptions.map((o) => o.name) ?? []),
          ]),
        ];
        const guess = didYouMean(ref.name, names);
        const where = { ...ref.at, root: facts.root, app: facts.app, env: facts.env, object: ref.object };
        const data = { namespace: ref.namespace, name: ref.name, guess: guess ?? '' };
        findings.push(report(tlsOptionUnknown, guess ? 'unknownGuess' : 'unknown', data, where));
      }
      if (which === 'postgres' && ref.postgres) {
        const alpn = own?.alpnProtocols ?? platform?.alpnProtocols;
        if (alpn && !alpn.includes('postgresql')) {
          const where = { ...ref.at, root: facts.root, app: facts.app, env: facts.env, object: ref.object };
          const data = { namespace: ref.namespace, name: ref.name, alpn: alpn.length ? alpn.join(', ') : '(none)' };
          findings.push(report(postgresAlpn, 'optionWithoutPostgresql', data, where));
        }
      }
    }
    if (which === 'postgres') {
      for (const route of facts.postgresWithoutOptions) {
        const where = { ...route.at, root: facts.root, app: facts.app, env: facts.env, object: route.object };
        findings.push(report(postgresAlpn, 'defaultOptions', {}, where));
      }
    }
  }
  return findings;
}

type RouteOf = { facts: RepoContext['facts'][number]; route: TcpRouteFact };

const sharedEntryPoints = (a: TcpRouteFact, b: TcpRouteFact) =>
  a.entryPoints.includes('*')
    ? b.entryPoints
    : b.entryPoints.includes('*')
      ? a.entryPoints
      : a.entryPoints.filter((e) => b.entryPoints.includes(e));

/**
 * TCP routes that never get a connection: Traefik tries the routes of an entryPoint highest priority first
 * and hands the connection to the first whose rule matches, so a route whose hosts another route of higher
 * (or, undecidably, equal) priority takes in full never matches for them. Across the apps of an env.
 */
function shadowedRoutes(ctx: RepoContext): TargetFinding[] {
  const groups = new Map<string, RouteOf[]>();
  for (const facts of ctx.facts) {
    for (const route of facts.tcpRoutes) {
      const key = `${facts.root}\0${facts.env}\0${route.tls}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push({ facts, route });
    }
  }
  const findings: TargetFinding[] = [];
  for (const routes of groups.values()) {
    // routes that take every connection for their hosts, by host expression: a victim's host is taken by its
    // own expression, the wildcard of its parent domain, or "*" (hostCovers)
    const byHost = new Map<string, RouteOf[]>();
    for (const r of routes.filter((r) => r.route.hostsOnly)) {
      for (const host of r.route.hosts) {
        if (!byHost.has(host)) byHost.set(host, []);
        byHost.get(host)!.push(r);
      }
    }
    const coverers = (host: string) => [
      host,
      '*',
      ...(host.startsWith('*') || !host.includes('.') ? [] : [`*.${host.split('.').slice(1).join('.')}`]),
    ];
    for (const victim of routes) {
      const candidates = new Set(victim.route.hosts.flatMap((h) => coverers(h).flatMap((e) => byHost.get(e) ?? [])));
      const takers = [...candidates].flatMap((taker) => {
        if (taker === victim || taker.route.priority < victim.route.priority) return [];
        const entryPoints = sharedEntryPoints(taker.route, victim.route);
        const hosts = victim.route.hosts.filter((h) => taker.route.hosts.some((t) => hostCovers(t, h)));
        return entryPoints.length && hosts.length ? [{ ...taker, entryPoints, hosts }] : [];
      });
      if (!takers.length) continue;
      const [first] = takers;
      const { facts, route } = victim;
      const lost = [...new Set(takers.flatMap((t) => t.hosts))];
      const all = lost.length === route.hosts.length;
      const name = (t: RouteOf) => `${t.facts.app !== facts.app ? `${t.facts.app}: ` : ''}${t.route.source}`;
      const what = all ? 'a connection' : `connections for ${lost.map((h) => (h === '*' ? 'any host' : h)).join(', ')}`;
      const where = first.entryPoints.includes('*') ? 'on every entryPoint' : `on entryPoint ${first.entryPoints.join(', ')}`;
      const same = lost.includes('*') ? 'connections' : lost.length > 1 ? 'hosts' : 'host';
      const others = takers.length > 1 ? ` (and ${takers.slice(1).map(name).join(', ')})` : '';
      const data = {
        route: route.source,
        what,
        where,
        taker: `${name(first)}${others}`,
        same,
        takerPriority: first.route.priority,
        priority: route.priority,
        whatever: route.tls ? ', whatever TLS options the routes name' : '',
      };
      const at = { ...route.at, root: facts.root, app: facts.app, env: facts.env, object: route.object };
      findings.push(report(tcpRouteShadowed, first.route.priority > route.priority ? 'higherPriority' : 'samePriority', data, at));
    }
  }
  return findings;
}

const hostsniWithoutTls = {
  id: 'hostsni-without-tls',
  severity: 'error',
  family: 'traefik',
  summary: 'An IngressRouteTCP route matches HostSNI(`host`) but the route has no tls section.',
  why:
    'SNI is part of the TLS handshake; a plain TCP connection carries no host name, so the route never matches. Only ' +
    'HostSNI(`*`) works without TLS.',
  fix:
    'Add spec.tls (TLS terminated by Traefik, or passthrough: true when the backend speaks TLS itself), or match HostSNI(`*`) ' +
    'on an entryPoint of its own.',
  messages: {
    noTls:
      'HostSNI(`{host}`) on a route without tls never matches (plain TCP carries no SNI): add spec.tls (passthrough: true to ' +
      'keep TLS at the backend), or match HostSNI(`*`)',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ tls: '' }) }) },
  objects: (ctx) => hostSniRules(ctx, 'without-tls'),
} satisfies RuleDef;

const hostsniIp = {
  id: 'hostsni-ip',
  severity: 'error',
  family: 'traefik',
  summary: 'HostSNI with an IP address.',
  why: 'TLS clients do not send IP addresses as SNI (RFC 6066), so the route never matches.',
  fix: 'Match the host name clients connect to; to filter by client address use ClientIP(`...`) or an ipAllowList middleware.',
  messages: {
    ipAddress:
      'HostSNI(`{host}`) names an IP address, which TLS clients never send as SNI: match a host name, or HostSNI(`*`) with ' +
      'ClientIP(`{host}`) if you meant the client',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ match: 'HostSNI(`10.0.0.5`)' }) }) },
  objects: (ctx) => hostSniRules(ctx, 'ip'),
} satisfies RuleDef;

const hostsniMultipleArgs = {
  id: 'hostsni-multiple-args',
  severity: 'error',
  family: 'traefik',
  summary: 'HostSNI with several hosts, the v2 rule syntax, on a route that the v3 syntax applies to.',
  why:
    'Traefik v3 parses a rule with the syntax the route sets (spec.routes[].syntax), else the one its static configuration sets ' +
    '(core.defaultRuleSyntax, v3 unless changed). The v3 syntax takes one host per HostSNI and refuses the route otherwise; the ' +
    "v2 syntax still takes the list. Lint reads the route's syntax and, for routes without one, traefikRuleSyntax in " +
    'app-chart.config.yaml. The v2 syntax is deprecated (the syntax field is marked so from Traefik v3.4).',
  fix:
    'Write one HostSNI per host joined with ||: HostSNI(`a`) || HostSNI(`b`). Setting syntax: v2 on the route also works, but ' +
    'keeps a deprecated syntax.',
  messages: {
    v2List:
      'HostSNI({hosts}) is the v2 rule syntax, but {from}, and v3 takes one host per HostSNI: Traefik refuses the route; write {oneEach}',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ match: 'HostSNI(`a.example.com`, `b.example.com`)' }) }) },
  objects: (ctx) => hostSniRules(ctx, 'multiple'),
} satisfies RuleDef;

const udpRouteMatch = {
  id: 'udp-route-match',
  severity: 'error',
  family: 'traefik',
  summary: 'A match on an IngressRouteUDP route.',
  why:
    'UDP carries no host name or SNI; IngressRouteUDP has no match field and Traefik routes by entryPoint only. The match ' +
    'suggests a filtering that does not happen.',
  fix: 'Remove match; give each UDP service its own entryPoint.',
  messages: {
    match:
      'an IngressRouteUDP route has no match (UDP has no host or SNI; the entryPoint picks the route): remove match, and give ' +
      'each service its own entryPoint',
  },
  example: {
    values: appWith(
      { dns: traefikRoute({ kind: 'IngressRouteUDP', entryPoint: 'dns-udp', match: 'HostSNI(`*`)', port: 53, tls: '' }) },
      { port: 53, protocol: 'UDP' },
    ),
  },
  objects: udpMatch,
} satisfies RuleDef;

const entrypointUnknown = {
  id: 'entrypoint-unknown',
  severity: 'error',
  family: 'traefik',
  summary: "A Traefik route (or an Ingress's router.entrypoints annotation) names an entryPoint the platform does not define.",
  why: "Traefik ignores routes on entryPoints it does not have, so the app is unreachable, with only a line in Traefik's log.",
  fix:
    "Use one of the platform's entryPoints (default web and websecure); when the platform adds one, list it under entryPoints " +
    'in app-chart.config.yaml.',
  messages: {
    unknown:
      'entryPoint "{name}" is not one the platform defines ({known}): use one of those, or add it to entryPoints in ' +
      'app-chart.config.yaml once Traefik has it',
    unknownGuess:
      'entryPoint "{name}" is not one the platform defines ({known}); did you mean "{guess}"?: use one of those, or add it to ' +
      'entryPoints in app-chart.config.yaml once Traefik has it',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ entryPoint: 'websecur' }) }) },
  objects: entryPoints,
} satisfies RuleDef;

const postgresAlpn = {
  id: 'postgres-alpn',
  severity: 'error',
  family: 'traefik',
  summary:
    'A TLS-terminating IngressRouteTCP in front of PostgreSQL (port 5432) without a TLSOption whose alpnProtocols include postgresql.',
  why:
    'libpq 17 and later offer ALPN "postgresql" in every TLS handshake, with sslnegotiation=direct and with the default ' +
    "SSLRequest negotiation alike (libpq sets it unconditionally when it sets up TLS). Traefik's default TLS options offer h2, " +
    "http/1.1 and acme-tls/1, and Go's TLS server (which Traefik is) aborts a handshake whose ALPN list shares nothing with " +
    'its own (the only exception is a client offering http/1.1 to an h2 server). So without the option every PostgreSQL 17 or ' +
    '18 client fails, whatever its sslnegotiation. Clients of libpq 14 to 16 offer no ALPN and would pass; clients before libpq ' +
    '14 send no SNI at all (sslsni came in 14), so no HostSNI route can match them anyway.',
  fix:
    "Render a TLSOption with alpnProtocols: [postgresql] and name it in the route's tls.options (or name a platform TLSOption " +
    'that has it).',
  messages: {
    optionWithoutPostgresql:
      'TLSOption {namespace}/{name} offers ALPN {alpn} but this route terminates TLS for PostgreSQL: add "postgresql" to its ' +
      'alpnProtocols, or Traefik aborts the handshake of every libpq 17+ client (they always offer ALPN postgresql)',
    defaultOptions:
      "this route terminates TLS in front of PostgreSQL (port 5432) with Traefik's default TLS options, which offer only HTTP " +
      'protocols, so Traefik aborts the handshake of every libpq 17+ client (they always offer ALPN postgresql): add a ' +
      'TLSOption with alpnProtocols [postgresql] and name it in tls.options',
  },
  example: {
    values: appWith({ 'tcp-route': traefikRoute({ match: 'HostSNI(`db.example.com`)', port: 5432, tls: '{}' }) }, { port: 5432 }),
  },
  repo: (ctx) => tlsOptionRules(ctx, 'postgres'),
} satisfies RuleDef;

const tlsOptionUnknown = {
  id: 'tls-option-unknown',
  severity: 'error',
  family: 'traefik',
  summary: 'tls.options names a TLSOption that no app of the repo renders and that is not a known platform option.',
  why: "Traefik rejects the route's TLS configuration when the TLSOption does not exist.",
  fix:
    "Render the TLSOption (its namespace defaults to the route's), correct the name or namespace, or list the platform's option " +
    'under tlsOptions in app-chart.config.yaml.',
  messages: {
    unknown:
      'tls.options names TLSOption {namespace}/{name}, which no app renders and the platform does not provide: render it ' +
      "(customResources) or add it to tlsOptions in app-chart.config.yaml; Traefik otherwise refuses the route's TLS",
    unknownGuess:
      'tls.options names TLSOption {namespace}/{name}, which no app renders and the platform does not provide; did you mean ' +
      '"{guess}"?: render it (customResources) or add it to tlsOptions in app-chart.config.yaml; Traefik otherwise refuses ' +
      "the route's TLS",
  },
  example: {
    values: appWith({
      'tcp-route': traefikRoute({ tls: 'passthrough: true\noptions:\n  name: postgres-tls-option   # no such TLSOption' }),
    }),
  },
  repo: (ctx) => tlsOptionRules(ctx, 'unknown'),
} satisfies RuleDef;

const tcpRouteShadowed = {
  id: 'tcp-route-shadowed',
  severity: 'error',
  family: 'traefik',
  summary:
    'An IngressRouteTCP route that another route on the same entryPoint (of any app of the env) always beats: the other ' +
    'matches every host it matches, with a higher or the same priority.',
  why:
    'Traefik tries the TCP routes of an entryPoint highest priority first (a route without priority gets the length of its ' +
    'rule; HostSNI(`*`) alone gets -1) and gives each connection to the first that matches; with equal priorities the order is ' +
    'not defined. So the other route takes every connection and this one never gets any, whatever tls.options either names: ' +
    'unlike HTTPS routers, each TCP router keeps its own TLS options (pkg/server/router/tcp/manager.go, Traefik v3), so ' +
    'different options for one host are not a conflict. TLS routes and plain TCP routes are matched apart, so only routes of ' +
    'the same kind are compared. (An HTTPS router with a Host rule for the same name on the entryPoint, an Ingress say, is ' +
    'tried even before the TCP routes, since Traefik v2.7; this rule does not look at HTTPS routers.)',
  fix:
    'Give each route its own host name or entryPoint; or, when two routes are meant to share a host, tell them apart with ' +
    'another matcher (HostSNI(`app.example.com`) && ClientIP(`10.0.0.0/8`)) and give the narrower one the higher priority.',
  messages: {
    higherPriority:
      '{route} never receives {what} {where}: {taker} matches the same {same} with a higher priority ({takerPriority} > ' +
      '{priority}) and is tried first. Traefik hands each connection to the first route that matches{whatever}: give the ' +
      'routes different hosts or entryPoints, or tell them apart with another matcher (ClientIP) and set priorities',
    samePriority:
      '{route} and {taker} match the same {same} {where} with the same priority ({priority}): which one Traefik tries first ' +
      'is not defined (it can change on any reload), and the other never receives {what}. Traefik hands each connection to ' +
      'the first route that matches{whatever}: give the routes different hosts or entryPoints, or tell them apart with ' +
      'another matcher (ClientIP) and set priorities',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute() }), others: { reports: appWith({ 'tcp-route': traefikRoute() }) } },
  repo: shadowedRoutes,
} satisfies RuleDef;

export const traefikRules: RuleDef[] = [
  hostsniWithoutTls,
  hostsniIp,
  hostsniMultipleArgs,
  udpRouteMatch,
  entrypointUnknown,
  postgresAlpn,
  tlsOptionUnknown,
  tcpRouteShadowed,
];
