// Names that routes depend on: the host names they answer to and the Services they send traffic to.
import { didYouMean } from '../../errors.ts';
import type { ValuesPath } from '../../values-path.ts';
import { asList, asMap, isGatewayRoute, isIpLiteral, isTraefik, matchers, asString, traefikRoutes } from '../k8s.ts';
import { valueAt } from '../merge.ts';
import type { Facts } from '../facts.ts';
import type { RenderedObject } from '../rendered.ts';
import type { Finding, TargetFinding } from '../types.ts';
import { type ObjectsContext, type RepoContext, report, type RuleDef } from './rule.ts';
import { appWith, traefikRoute } from '../rule-examples.ts';

/** Why a rendered host name is not one, or undefined when it is fine. */
export function hostnameProblem(host: string): string | undefined {
  if (host.includes('{{') || host.includes('}}')) return 'still holds a template ("{{ }}") that was never rendered';
  if (host === '') return 'is empty';
  if (/\s/.test(host)) return 'contains spaces';
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.endsWith('.')) return 'ends with a dot';
  if (name.startsWith('.')) return 'starts with a dot';
  if (name.includes('..')) return 'has an empty part ("..")';
  if (host.length > 253) return 'is longer than 253 characters';
  for (const label of name.split('.')) {
    if (label.length > 63) return `has a part longer than 63 characters ("${label.slice(0, 20)}...")`;
    if (/[A-Z]/.test(label)) return 'has upper-case letters (Kubernetes wants host names in lower case)';
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label))
      return `has a part that is not a DNS label ("${label}": letters, digits and inner hyphens only)`;
  }
  return undefined;
}

/** Host names an object answers to, with the field that holds each. */
function hostsOf(object: RenderedObject): { host: string; field: ValuesPath }[] {
  const hosts: { host: string; field: ValuesPath }[] = [];
  const spec = asMap(object.obj.spec);
  const annotations = asMap(asMap(object.obj.metadata).annotations);
  for (const key of ['external-dns.alpha.kubernetes.io/hostname', 'external-dns.alpha.kubernetes.io/target']) {
    const value = asString(annotations[key]);
    if (value === undefined) continue;
    for (const host of value.split(',').map((h) => h.trim())) {
      if (!isIpLiteral(host)) hosts.push({ host, field: ['metadata', 'annotations', key] });
    }
  }
  if (isTraefik(object) && /^IngressRoute(TCP)?$/.test(object.kind)) {
    for (const route of traefikRoutes(object)) {
      for (const m of matchers(route.match ?? '')) {
        if (m.name !== 'HostSNI' && m.name !== 'Host') continue;
        for (const host of m.args) {
          if (host !== '*' && !isIpLiteral(host)) hosts.push({ host, field: ['spec', 'routes', route.index, 'match'] });
        }
      }
    }
    asList(asMap(spec.tls).domains).forEach((d, i) => {
      const domain = asMap(d);
      if (typeof domain.main === 'string') hosts.push({ host: domain.main, field: ['spec', 'tls', 'domains', i, 'main'] });
      asList(domain.sans).forEach((san, j) => {
        if (typeof san === 'string') hosts.push({ host: san, field: ['spec', 'tls', 'domains', i, 'sans', j] });
      });
    });
  }
  if (object.kind === 'Ingress') {
    asList(spec.rules).forEach((rule, r) => {
      const host = asMap(rule).host;
      if (typeof host === 'string') hosts.push({ host, field: ['spec', 'rules', r, 'host'] });
    });
    asList(spec.tls).forEach((tls, t) => {
      asList(asMap(tls).hosts).forEach((host, h) => {
        if (typeof host === 'string') hosts.push({ host, field: ['spec', 'tls', t, 'hosts', h] });
      });
    });
  }
  if (isGatewayRoute(object)) {
    asList(spec.hostnames).forEach((host, i) => {
      if (typeof host === 'string') hosts.push({ host, field: ['spec', 'hostnames', i] });
    });
  }
  if (object.kind === 'Certificate' && object.apiVersion.startsWith('cert-manager.io/')) {
    asList(spec.dnsNames).forEach((host, i) => {
      if (typeof host === 'string') hosts.push({ host, field: ['spec', 'dnsNames', i] });
    });
  }
  return hosts;
}

/** `.Values.x` references in the text an object came from whose value is empty: the usual cause of "a..b". */
function emptyReferences(ctx: ObjectsContext, object: RenderedObject): string[] {
  const source = object.entry ? valueAt(ctx.merged, object.entry.path) : object.kind === 'Ingress' ? ctx.merged.ingress : undefined;
  const text = typeof source === 'string' ? source : JSON.stringify(source ?? '');
  const refs = new Set([...text.matchAll(/\.Values\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/g)].map((m) => m[1]));
  return [...refs].filter((ref) => {
    const value = valueAt(ctx.merged, ref.split('.'));
    return value === undefined || value === null || value === '';
  });
}

function invalidHostnames(ctx: ObjectsContext): Finding[] {
  const findings: Finding[] = [];
  for (const object of ctx.objects) {
    for (const { host, field } of hostsOf(object)) {
      const problem = hostnameProblem(host);
      if (!problem) continue;
      let fix: string;
      if (problem.includes('template')) {
        fix =
          'the text is not rendered here (a verbatim entry, or a value the chart does not pass through tpl): write the host ' +
          'name out, or move it into a plain string entry';
      } else {
        const empty = emptyReferences(ctx, object);
        const roots = Object.keys(ctx.merged).filter((k) => typeof ctx.merged[k] === 'string' && ctx.merged[k] !== '');
        fix = empty.length
          ? `${empty
              .map((ref) => {
                const guess = didYouMean(ref, roots);
                return `.Values.${ref} is empty or unset${guess && guess !== ref ? ` (did you mean .Values.${guess}?)` : ''}`;
              })
              .join('; ')}: set it (platform values or the app's files) or correct the reference`
          : 'correct the host name where it is written';
      }
      findings.push(report(invalidHostname, 'invalid', { host, problem, fix }, { ...ctx.at(object, field), object: object.ref }));
    }
  }
  return findings;
}

function unknownBackends(ctx: RepoContext): TargetFinding[] {
  const findings: TargetFinding[] = [];
  // gathered once, not per app × env: a repo of hundreds of them would otherwise take quadratic time
  const servicesIn = new Map<string, Facts['services']>();
  const linted = new Set<string>();
  const servicesOf = (root: string, namespace: string) => {
    const key = `${root}\0${namespace}`;
    if (!servicesIn.has(key)) servicesIn.set(key, []);
    return servicesIn.get(key)!;
  };
  for (const f of ctx.facts) {
    // a namespace an app × env deploys to is judged even where nothing renders a Service; each Service is where it
    // is rendered, which a custom resource may set to another namespace
    servicesOf(f.root, f.namespace);
    for (const service of f.services) servicesOf(f.root, service.namespace).push(service);
    linted.add(`${f.root}\0${f.app}/${f.env}`);
  }
  for (const facts of ctx.facts) {
    const config = ctx.configs.find((c) => c.root === facts.root);
    for (const backend of facts.backends) {
      const rendered = servicesIn.get(`${facts.root}\0${backend.namespace}`);
      if (!rendered) continue;
      const service = rendered.find((s) => s.name === backend.name);
      const external = config?.services.find(
        (s) => s.name === backend.name && (s.namespace === undefined || s.namespace === backend.namespace),
      );
      if (!service && !external) {
        // An app of the repo that this run did not render would name its Service <app>-<env>.
        const unrendered = (ctx.repoApps.get(facts.root) ?? []).some(
          (app) => backend.name === `${app}-${facts.env}` && !linted.has(`${facts.root}\0${app}/${facts.env}`),
        );
        if (unrendered) continue;
        const names = [...new Set(rendered.map((s) => s.name))];
        const guess = didYouMean(backend.name, names) ?? names.find((n) => n.startsWith(`${backend.name}-`));
        const where = { ...backend.at, root: facts.root, app: facts.app, env: facts.env, object: backend.object };
        const data = {
          source: backend.source,
          name: backend.name,
          namespace: backend.namespace,
          guess: guess ?? '',
          services: names.join(', '),
        };
        findings.push(report(backendUnknown, guess ? 'noServiceGuess' : names.length ? 'noServiceThere' : 'noService', data, where));
        continue;
      }
      if (!service || backend.port === undefined || service.ports.length === 0) continue;
      const matches = service.ports.some(
        (p) => p.port === backend.port || p.name === backend.port || String(p.port) === String(backend.port),
      );
      if (!matches) {
        const ports = service.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
        const where = { ...backend.portAt, root: facts.root, app: facts.app, env: facts.env, object: backend.object };
        const data = { source: backend.source, port: JSON.stringify(backend.port), name: backend.name, ports };
        findings.push(report(backendUnknown, 'noPort', data, where));
      }
    }
  }
  return findings;
}

const invalidHostname = {
  id: 'invalid-hostname',
  severity: 'error',
  family: 'routing',
  summary:
    'A Host, HostSNI, Ingress host, TLS domain, Gateway route hostname or external-dns annotation that renders to something ' +
    'that is not a host name.',
  why:
    'An empty captain_domain (or a misspelt .Values reference) renders "app.apps." and a "{{" left in a verbatim entry renders ' +
    'literally; the route then never matches, and Kubernetes rejects such an Ingress host.',
  fix:
    "Set the value the host is built from (platform values in app-chart.config.yaml, or the app's files), correct the .Values " +
    'reference, or render the template instead of keeping it verbatim.',
  messages: {
    invalid: 'host "{host}" {problem}: {fix}',
  },
  example: {
    values: appWith({ 'tcp-route': traefikRoute({ match: 'HostSNI(`{{ include "app.name" . }}.apps.{{ .Values.captain_domian }}`)' }) }),
  },
  objects: invalidHostnames,
} satisfies RuleDef;

const backendUnknown = {
  id: 'backend-unknown',
  severity: 'error',
  family: 'routing',
  summary:
    'A Traefik route, Ingress, Gateway API route or ingress-nginx tcp/udp-services entry names a Service (or a port of it) ' +
    'that no app renders.',
  why:
    'The classic mistake is the app name where the chart names the Service <app>-<env>: the route is accepted and every ' +
    'connection fails.',
  fix:
    'Use the Service name and a port the app renders ({{ include "app.name" . }} gives the name); a Service from outside the ' +
    'repo goes under services in app-chart.config.yaml.',
  messages: {
    noService:
      '{source} sends traffic to Service "{name}", which no app renders in namespace {namespace}: correct the name, or list a ' +
      'Service from outside the repo under services in app-chart.config.yaml',
    noServiceGuess:
      '{source} sends traffic to Service "{name}", which no app renders in namespace {namespace}; did you mean "{guess}"? ' +
      '(the chart names the Service <app>-<env>, or appName): correct the name, or list a Service from outside the repo under ' +
      'services in app-chart.config.yaml',
    noServiceThere:
      '{source} sends traffic to Service "{name}", which no app renders in namespace {namespace} (Services there: ' +
      '{services}): correct the name, or list a Service from outside the repo under services in app-chart.config.yaml',
    noPort: '{source} sends traffic to port {port} of Service "{name}", which has no such port (its ports: {ports}): use one of those',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ backend: 'postgres   # the chart renders the Service api-prod' }) }) },
  repo: unknownBackends,
} satisfies RuleDef;

export const routingRules: RuleDef[] = [invalidHostname, backendUnknown];
