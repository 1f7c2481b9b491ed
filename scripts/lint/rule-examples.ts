// Each rule's documented example is a small deployment repo: the platform's app-chart.config.yaml below (or the
// example's own), and the values files of the app `api` (and of other apps where a rule looks across apps).
// docs/lint-rules.md shows them, and test/rule-examples.test.ts lints each one and expects its rule to fire.
import type { RuleDoc, RuleExample } from './types.ts';

/** The app-chart.config.yaml the examples run under, unless one brings its own; also the config docs show. */
export const EXAMPLE_CONFIG = `platformValues:
  captain_domain: nonprod.example.com
namespaces:
  prod: apps-prod
entryPoints: [web, websecure, postgres, dns-udp]
tlsOptions:
  - name: default
    namespace: traefik
allowedNamespaces:
  - namespace: ingress-nginx
    kinds: [ConfigMap]
    names: [tcp-services, udp-services]
traefikRuleSyntax: v3
gatewayAPI:
  version: v1.6
  channel: standard
  gateways:
    - name: platform-l4
      namespace: gateway-system
      listeners:
        - name: dns-udp
          protocol: UDP
          port: 53
          allowedRoutes:
            namespaces:
              from: Selector
              selector:
                matchLabels: {platform.example.com/dns: "true"}
namespaceLabels:
  apps-prod: {platform.example.com/dns: "true"}
clusterNetwork:
  podCIDRs: [10.244.0.0/16]
  serviceCIDRs: [10.96.0.0/12]
rules:
  env-literal-secret: error
overrides:
  - apps: [legacy-db]
    rules:
      database-port-unrestricted: error
`;

export const EXAMPLE_APP = 'api';
export const EXAMPLE_ENV = 'prod';

const valuesPath = (app: string) => `apps/${app}/envs/${EXAMPLE_ENV}/values.yaml`;
const basePath = (app: string) => `apps/${app}/base/base-values.yaml`;

/** The files of an example's repo, path → text, in the order docs show them (the config last). */
export function exampleFiles(example: RuleExample): Record<string, string> {
  const app = example.app ?? EXAMPLE_APP;
  const files: Record<string, string> = {};
  if (example.base !== undefined) files[basePath(app)] = example.base;
  files[valuesPath(app)] = example.values;
  for (const [other, values] of Object.entries(example.others ?? {})) files[valuesPath(other)] = values;
  files['app-chart.config.yaml'] = example.config ?? EXAMPLE_CONFIG;
  return files;
}

/** The path of the example's values file that is a link to `example.link`, if any. */
export const exampleLink = (example: RuleExample) =>
  example.link === undefined ? undefined : { path: valuesPath(example.app ?? EXAMPLE_APP), target: example.link };

/** docs/lint-rules.md's lines for a rule's example: each file under its path, the shared config left out. */
export function exampleMarkdown(rule: RuleDoc): string[] {
  const lines: string[] = [];
  const link = exampleLink(rule.example);
  for (const [path, text] of Object.entries(exampleFiles(rule.example))) {
    if (path === 'app-chart.config.yaml' && rule.example.config === undefined) continue;
    if (link?.path === path) {
      lines.push(`\`${path}\` is a symbolic link to \`${link.target}\`.`, '');
      continue;
    }
    lines.push(`\`${path}\`:`, '', '```yaml', text.replace(/\n$/, ''), '```', '');
  }
  return lines.slice(0, -1);
}

/** The shared config with the experimental channel of the Gateway API, for the examples of rules about it. */
export const EXPERIMENTAL_CONFIG = EXAMPLE_CONFIG.replace('channel: standard', 'channel: experimental');

/** Text indented by `by` spaces, line by line (empty lines stay empty). */
export const indent = (text: string, by: number) => text.replace(/\n$/, '').replace(/^(?=.)/gm, ' '.repeat(by));

/** The app's values: a Deployment and a Service on `port`, and the given customResourcesMap entries (key → text). */
export function appWith(entries: Record<string, string>, service: { port: number; protocol?: 'UDP' } = { port: 8443 }): string {
  const protocol = service.protocol ? `\n  protocol: ${service.protocol}` : '';
  const map = Object.entries(entries).map(([key, text]) => `  ${key}: |\n${indent(text, 4)}\n`);
  return (
    `deployment:\n  enabled: true\nservice:\n  enabled: true\n  port: ${service.port}${protocol}\n` + `customResourcesMap:\n${map.join('')}`
  );
}

export interface RouteOptions {
  kind?: 'IngressRouteTCP' | 'IngressRouteUDP';
  apiVersion?: string;
  /** the key of the entryPoints list as written (a misspelling is what one example shows) */
  entryPointsKey?: string;
  entryPoint?: string;
  match?: string;
  /** the Service the route sends to, as written after "name:" */
  backend?: string;
  port?: number;
  /** one more line of the service, beside name and port */
  service?: string;
  /** spec.tls: "{}", or YAML lines under "tls:" (default passthrough: true); "" for none */
  tls?: string;
}

/** A Traefik route of the app to its own Service, as a custom resource entry. */
export function traefikRoute(options: RouteOptions = {}): string {
  const { entryPoint = 'websecure', match = 'HostSNI(`app.example.com`)', port = 8443, tls = 'passthrough: true' } = options;
  const lines = [
    `apiVersion: ${options.apiVersion ?? 'traefik.io/v1alpha1'}`,
    `kind: ${options.kind ?? 'IngressRouteTCP'}`,
    'metadata:',
    '  name: {{ include "app.name" . }}',
    'spec:',
    `  ${options.entryPointsKey ?? 'entryPoints'}: [${entryPoint}]`,
    '  routes:',
    `    - match: ${match}`,
    '      services:',
    `        - name: ${options.backend ?? '{{ include "app.name" . }}'}`,
    `          port: ${port}`,
    ...(options.service ? [`          ${options.service}`] : []),
    ...(tls.startsWith('{') ? [`  tls: ${tls}`] : tls ? ['  tls:', indent(tls, 4)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** A Gateway API route of the app to its own Service on port 53, attached to the platform's listener `section`. */
export function gatewayRoute(kind: 'UDPRoute' | 'TCPRoute', version: string, section: string): string {
  return (
    `apiVersion: gateway.networking.k8s.io/${version}\nkind: ${kind}\nmetadata:\n  name: {{ include "app.name" . }}\nspec:\n` +
    `  parentRefs:\n    - name: platform-l4\n      namespace: gateway-system\n      sectionName: ${section}\n` +
    `  rules:\n    - backendRefs:\n        - name: {{ include "app.name" . }}\n          port: 53\n`
  );
}

/** A ConfigMap named `name`, as a custom resource entry. */
export const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  mode: "on"\n`;
