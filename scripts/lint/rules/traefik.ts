// Traefik routes that Traefik accepts but that never work the way they read.
import { didYouMean } from '../../errors.ts';
import { valueAt } from '../merge.ts';
import type { Facts } from '../facts.ts';
import { asMap, entryPointsOf, isIpLiteral, isTraefik, matchers, str, traefikRoutes } from '../k8s.ts';
import type { Finding, TargetFinding } from '../types.ts';
import type { ObjectsContext, RepoContext, RuleDef } from './rule.ts';

function hostSniRules(ctx: ObjectsContext, pick: 'without-tls' | 'ip' | 'multiple'): Finding[] {
  const findings: Finding[] = [];
  for (const object of ctx.objects.filter((o) => isTraefik(o) && o.kind === 'IngressRouteTCP')) {
    const spec = asMap(object.obj.spec);
    const hasTls = spec.tls !== undefined && spec.tls !== null;
    for (const route of traefikRoutes(object)) {
      if (!route.match) continue;
      const at = ctx.at(object, ['spec', 'routes', route.index, 'match']);
      for (const m of matchers(route.match).filter((x) => x.name === 'HostSNI')) {
        if (pick === 'multiple' && m.args.length > 1) {
          findings.push({
            rule: 'hostsni-multiple-args',
            ...at,
            object: object.ref,
            message: `HostSNI(${m.args.map((a) => `\`${a}\``).join(', ')}) is the Traefik v2 form; Traefik v3 takes one host: write ${m.args.map((a) => `HostSNI(\`${a}\`)`).join(' || ')}`,
          });
        }
        for (const host of m.args) {
          if (pick === 'ip' && isIpLiteral(host)) {
            findings.push({
              rule: 'hostsni-ip',
              ...at,
              object: object.ref,
              message: `HostSNI(\`${host}\`) names an IP address, which TLS clients never send as SNI: match a host name, or HostSNI(\`*\`) with ClientIP(\`${host}\`) if you meant the client`,
            });
          }
          if (pick === 'without-tls' && !hasTls && host !== '*' && m.args.length === 1) {
            findings.push({
              rule: 'hostsni-without-tls',
              ...at,
              object: object.ref,
              message: `HostSNI(\`${host}\`) on a route without tls never matches (plain TCP carries no SNI): add spec.tls (passthrough: true to keep TLS at the backend), or match HostSNI(\`*\`)`,
            });
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
        .map((route) => ({
          rule: 'udp-route-match',
          ...ctx.at(object, ['spec', 'routes', route.index, 'match']),
          object: object.ref,
          message: 'an IngressRouteUDP route has no match (UDP has no host or SNI; the entryPoint picks the route): remove match, and give each service its own entryPoint',
        })),
    );

/** entryPoints of Traefik routes, and the router.entrypoints annotation of Ingresses. */
function entryPoints(ctx: ObjectsContext): Finding[] {
  const known = ctx.config.entryPoints;
  const findings: Finding[] = [];
  const check = (name: string, at: ReturnType<ObjectsContext['at']>, object: string) => {
    if (known.includes(name)) return;
    const guess = didYouMean(name, known);
    findings.push({
      rule: 'entrypoint-unknown',
      ...at,
      object,
      message: `entryPoint "${name}" is not one the platform defines (${known.join(', ')})${guess ? `; did you mean "${guess}"?` : ''}: use one of those, or add it to entryPoints in app-chart.config.yaml once Traefik has it`,
    });
  };
  for (const object of ctx.objects) {
    if (isTraefik(object) && /^IngressRoute(TCP|UDP)?$/.test(object.kind)) {
      entryPointsOf(object).forEach((name, i) => check(name, ctx.at(object, ['spec', 'entryPoints', i]), object.ref));
    }
    if (object.kind === 'Ingress') {
      const annotations = asMap(asMap(object.obj.metadata).annotations);
      const value = str(annotations['traefik.ingress.kubernetes.io/router.entrypoints']);
      if (!value) continue;
      const at = ctx.at(object, ['metadata', 'annotations', 'traefik.ingress.kubernetes.io/router.entrypoints']);
      const annotated = ingressAnnotationAt(ctx, object.name);
      for (const name of value.split(',').map((s) => s.trim()).filter(Boolean)) check(name, annotated ?? at, object.ref);
    }
  }
  return findings;
}

/** The values line of a chart Ingress's router.entrypoints annotation: the entry's, else ingress.annotations. */
function ingressAnnotationAt(ctx: ObjectsContext, ingressName: string) {
  const key = 'traefik.ingress.kubernetes.io/router.entrypoints';
  const entries = asMap(ctx.merged.ingress).entries;
  const index = Array.isArray(entries) ? entries.findIndex((e) => `${ctx.appName}-${String(asMap(e).name)}` === ingressName) : -1;
  const candidates: (string | number)[][] = [...(index >= 0 ? [['ingress', 'entries', index, 'annotations', key]] : []), ['ingress', 'annotations', key]];
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
        const names = [...new Set([...rendered.filter((o) => o.namespace === ref.namespace).map((o) => o.name), ...(config?.tlsOptions.map((o) => o.name) ?? [])])];
        const guess = didYouMean(ref.name, names);
        findings.push({
          rule: 'tls-option-unknown',
          ...ref.at,
          root: facts.root,
          app: facts.app,
          env: facts.env,
          object: ref.object,
          message: `tls.options names TLSOption ${ref.namespace}/${ref.name}, which no app renders and the platform does not provide${guess ? `; did you mean "${guess}"?` : ''}: render it (customResources) or add it to tlsOptions in app-chart.config.yaml; Traefik otherwise refuses the route's TLS`,
        });
      }
      if (which === 'postgres' && ref.postgres) {
        const alpn = own?.alpnProtocols ?? platform?.alpnProtocols;
        if (alpn && !alpn.includes('postgresql')) {
          findings.push({
            rule: 'postgres-alpn',
            ...ref.at,
            root: facts.root,
            app: facts.app,
            env: facts.env,
            object: ref.object,
            message: `TLSOption ${ref.namespace}/${ref.name} offers ALPN ${alpn.length ? alpn.join(', ') : '(none)'} but this route terminates TLS for PostgreSQL: add "postgresql" to its alpnProtocols, or psql's direct TLS handshake is refused`,
          });
        }
      }
    }
    if (which === 'postgres') {
      for (const route of facts.postgresWithoutOptions) {
        findings.push({
          rule: 'postgres-alpn',
          ...route.at,
          root: facts.root,
          app: facts.app,
          env: facts.env,
          object: route.object,
          message: 'this route terminates TLS in front of PostgreSQL (port 5432) with Traefik\'s default TLS options, which offer only HTTP protocols: add a TLSOption with alpnProtocols [postgresql] and name it in tls.options',
        });
      }
    }
  }
  return findings;
}

function sniConflicts(ctx: RepoContext): TargetFinding[] {
  const groups = new Map<string, { facts: RepoContext['facts'][number]; route: RepoContext['facts'][number]['sniRoutes'][number] }[]>();
  for (const facts of ctx.facts) {
    for (const route of facts.sniRoutes) {
      for (const entryPoint of route.entryPoints) {
        const key = `${facts.root}\0${facts.env}\0${entryPoint}\0${route.host}`;
        groups.set(key, [...(groups.get(key) ?? []), { facts, route }]);
      }
    }
  }
  const findings: TargetFinding[] = [];
  for (const [key, routes] of groups) {
    const options = [...new Set(routes.map((r) => r.route.option))];
    if (options.length < 2) continue;
    const [, , entryPoint, host] = key.split('\0');
    for (const { facts, route } of routes) {
      const others = routes.filter((r) => r.route.option !== route.option).map((r) => `${r.facts.app !== facts.app ? `${r.facts.app}: ` : ''}${r.route.object} (${r.route.option || 'default options'})`);
      findings.push({
        rule: 'sni-tls-conflict',
        ...route.at,
        root: facts.root,
        app: facts.app,
        env: facts.env,
        object: route.object,
        message: `HostSNI(\`${host}\`) on entryPoint ${entryPoint} uses ${route.option || 'the default TLS options'}, but ${[...new Set(others)].join(', ')} uses other TLS options for the same host: Traefik can apply only one per host, so name the same TLSOption in every route for this host`,
      });
    }
  }
  return findings;
}

export const traefikRules: RuleDef[] = [
  {
    id: 'hostsni-without-tls',
    severity: 'error',
    family: 'traefik',
    summary: 'An IngressRouteTCP route matches HostSNI(`host`) but the route has no tls section.',
    why: 'SNI is part of the TLS handshake; a plain TCP connection carries no host name, so the route never matches. Only HostSNI(`*`) works without TLS.',
    fix: 'Add spec.tls (TLS terminated by Traefik, or passthrough: true when the backend speaks TLS itself), or match HostSNI(`*`) on an entryPoint of its own.',
    example: 'customResources:\n  - |\n    apiVersion: traefik.io/v1alpha1\n    kind: IngressRouteTCP\n    metadata:\n      name: db\n    spec:\n      entryPoints: [websecure]\n      routes:\n        - match: HostSNI(`db.example.com`)\n          services:\n            - name: db-prod\n              port: 5432',
    objects: (ctx) => hostSniRules(ctx, 'without-tls'),
  },
  {
    id: 'hostsni-ip',
    severity: 'error',
    family: 'traefik',
    summary: 'HostSNI with an IP address.',
    why: 'TLS clients do not send IP addresses as SNI (RFC 6066), so the route never matches.',
    fix: 'Match the host name clients connect to; to filter by client address use ClientIP(`...`) or an ipAllowList middleware.',
    example: '- match: HostSNI(`10.0.0.5`)',
    objects: (ctx) => hostSniRules(ctx, 'ip'),
  },
  {
    id: 'hostsni-multiple-args',
    severity: 'error',
    family: 'traefik',
    summary: 'HostSNI with several hosts, the Traefik v2 form.',
    why: 'Traefik v3 rules take one host per HostSNI; the v2 list form is rejected and the route is dropped.',
    fix: 'Write one HostSNI per host joined with ||: HostSNI(`a`) || HostSNI(`b`).',
    example: '- match: HostSNI(`a.example.com`, `b.example.com`)',
    objects: (ctx) => hostSniRules(ctx, 'multiple'),
  },
  {
    id: 'udp-route-match',
    severity: 'error',
    family: 'traefik',
    summary: 'A match on an IngressRouteUDP route.',
    why: 'UDP carries no host name or SNI; IngressRouteUDP has no match field and Traefik routes by entryPoint only. The match suggests a filtering that does not happen.',
    fix: 'Remove match; give each UDP service its own entryPoint.',
    example: 'kind: IngressRouteUDP\nspec:\n  entryPoints: [dns-udp]\n  routes:\n    - match: HostSNI(`*`)\n      services:\n        - name: dns-prod\n          port: 53',
    objects: udpMatch,
  },
  {
    id: 'entrypoint-unknown',
    severity: 'error',
    family: 'traefik',
    summary: 'A Traefik route (or an Ingress\'s router.entrypoints annotation) names an entryPoint the platform does not define.',
    why: 'Traefik ignores routes on entryPoints it does not have, so the app is unreachable, with only a line in Traefik\'s log.',
    fix: 'Use one of the platform\'s entryPoints (default web and websecure); when the platform adds one, list it under entryPoints in app-chart.config.yaml.',
    example: 'spec:\n  entryPoints:\n    - websecur',
    objects: entryPoints,
  },
  {
    id: 'postgres-alpn',
    severity: 'error',
    family: 'traefik',
    summary: 'A TLS-terminating IngressRouteTCP in front of PostgreSQL (port 5432) without a TLSOption whose alpnProtocols include postgresql.',
    why: 'PostgreSQL 17+ clients with sslnegotiation=direct ask for ALPN "postgresql"; Traefik\'s default TLS options offer only HTTP protocols, so the handshake fails.',
    fix: 'Render a TLSOption with alpnProtocols: [postgresql] and name it in the route\'s tls.options (or name a platform TLSOption that has it).',
    example: 'spec:\n  routes:\n    - match: HostSNI(`db.example.com`)\n      services:\n        - name: db-prod\n          port: 5432\n  tls: {}',
    repo: (ctx) => tlsOptionRules(ctx, 'postgres'),
  },
  {
    id: 'tls-option-unknown',
    severity: 'error',
    family: 'traefik',
    summary: 'tls.options names a TLSOption that no app of the repo renders and that is not a known platform option.',
    why: 'Traefik rejects the route\'s TLS configuration when the TLSOption does not exist.',
    fix: 'Render the TLSOption (its namespace defaults to the route\'s), correct the name or namespace, or list the platform\'s option under tlsOptions in app-chart.config.yaml.',
    example: 'tls:\n  options:\n    name: postgres-tls-option   # the TLSOption is postgres-tls-options',
    repo: (ctx) => tlsOptionRules(ctx, 'unknown'),
  },
  {
    id: 'sni-tls-conflict',
    severity: 'error',
    family: 'traefik',
    summary: 'Two routes with the same HostSNI on one entryPoint name different TLS options (across the apps of one env too).',
    why: 'Traefik picks TLS options per host name; with two candidates it logs a conflict and falls back to the default options, so the ALPN or TLS versions you set are not used.',
    fix: 'Name the same TLSOption in every route for that host, or give the routes different hosts.',
    example: '# app a: HostSNI(`db.example.com`) with tls.options postgres-tls\n# app b: HostSNI(`db.example.com`) with no tls.options',
    repo: sniConflicts,
  },
];

