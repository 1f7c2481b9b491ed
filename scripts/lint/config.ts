// app-chart.config.yaml: what lint needs to know about a deployment repo and its platform. Optional; the
// defaults suit the GlueOps layout (apps/<app>/base/base-values.yaml, apps/<app>/envs/<env>/values.yaml).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import ipaddr from 'ipaddr.js';
import { ChartError, checkChartSource, localChart, type ChartSource } from '../chart-source.ts';
import { compiledValidator } from '../compiled-validator.ts';
import { didYouMean } from '../errors.ts';
import { pointerPath } from '../json-pointer.ts';
import { parsedOnce } from '../parsed-cache.ts';
import { formatPath } from '../values-path.ts';
import { locatePath } from './positions.ts';
import type { GatewayChannel } from './gateway-api.ts';
import type { Severity, SeveritySetting } from './types.ts';
import { parseValuesFile, yamlLimits, type ParsedFile, type YamlLimits } from './yaml.ts';

export const CONFIG_FILE = 'app-chart.config.yaml';

export interface NamespaceRule {
  namespace: string;
  kinds?: string[];
  names?: string[];
}

export interface KnownTlsOption {
  name: string;
  namespace?: string;
  alpnProtocols?: string[];
}

export interface KnownRef {
  name: string;
  namespace?: string;
}

export interface KnownMiddleware extends KnownRef {
  ipAllowList?: boolean;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** A listener of a platform Gateway, written as in the Gateway's spec.listeners. */
export interface PlatformListener {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  allowedRoutes?: {
    namespaces?: { from?: 'All' | 'Same' | 'Selector'; selector?: LabelSelector };
    kinds?: { group?: string; kind: string }[];
  };
}

export interface PlatformGateway {
  name: string;
  namespace: string;
  listeners: PlatformListener[];
}

export interface GatewayApiConfig {
  /** the Gateway API release whose CRDs the cluster has, e.g. v1.6 */
  version?: string;
  channel: GatewayChannel;
  gateways: PlatformGateway[];
}

export interface ClusterNetwork {
  podCIDRs: string[];
  serviceCIDRs: string[];
}

export interface Override {
  apps?: string[];
  envs?: string[];
  rules: Record<string, SeveritySetting>;
}

export interface LintConfig {
  /** absolute path of the config file, when there is one */
  file?: string;
  /** the repo root: the config's folder */
  root: string;
  appsDir: string;
  namespaces: Record<string, string>;
  platformValues: Record<string, unknown>;
  platformValuesFiles: string[];
  helm: 3 | 4;
  entryPoints: string[];
  tlsOptions: KnownTlsOption[];
  services: KnownRef[];
  middlewares: KnownMiddleware[];
  allowedKinds: string[];
  allowedNamespaces: NamespaceRule[];
  databasePorts: number[];
  privateIngressClasses: string[];
  privateEntryPoints: string[];
  privateGateways: KnownRef[];
  rootKeys: string[];
  traefikRuleSyntax: 'v2' | 'v3';
  gatewayAPI: GatewayApiConfig;
  namespaceLabels: Record<string, Record<string, string>>;
  clusterNetwork: ClusterNetwork;
  rules: Record<string, SeveritySetting>;
  overrides: Override[];
  /** the chart the repo deploys, when the config names one */
  chart?: ChartSource;
  /** read ArgoCD Applications: true (find them in the repo), false, or the files to read */
  argocd: boolean | string[];
}

const severity: JSONSchema7 = { type: 'string', enum: ['off', 'warn', 'error'] };
const names: JSONSchema7 = { type: 'array', items: { type: 'string', minLength: 1 } };
const ref = (description: string, extra: Record<string, JSONSchema7> = {}): JSONSchema7 => ({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  description,
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name of the object.' },
    namespace: { type: 'string', minLength: 1, description: 'Its namespace; unset matches any namespace.' },
    ...extra,
  },
});

/** The schema of app-chart.config.yaml (draft-07). docs/lint-config.schema.json is generated from it. */
export const configSchema: JSONSchema7 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'app-chart lint configuration (app-chart.config.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    chart: {
      description:
        'The chart the repo deploys: a chart folder or .tgz (relative to this file), {path}, {ref: oci://..., version, ' +
        'digest?, plainHttp?} ' +
        'or {repo: https://..., name, version, digest?}. Remote charts are pulled once through the pinned Helm and checked against ' +
        'digest (sha256:<hex> of the archive) when given, and against the repository index. Default: the chart ArgoCD names, ' +
        'else the chart bundled with app-chart.',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'object', additionalProperties: false, required: ['path'], properties: { path: { type: 'string', minLength: 1 } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['ref', 'version'],
          properties: {
            ref: { type: 'string', pattern: '^oci://', description: 'oci://<registry>/<repository>/<chart>, no tag.' },
            version: { type: 'string', minLength: 1, description: 'The exact chart version.' },
            digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$', description: 'SHA-256 of the chart archive.' },
            plainHttp: { type: 'boolean', description: 'Reach the registry over plain HTTP (a registry without TLS).' },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['repo', 'name', 'version'],
          properties: {
            repo: { type: 'string', pattern: '^https?://', description: 'URL of the Helm repository (holds index.yaml).' },
            name: { type: 'string', minLength: 1, description: 'The chart name in the repository.' },
            version: { type: 'string', minLength: 1, description: 'The exact chart version.' },
            digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$', description: 'SHA-256 of the chart archive.' },
          },
        },
      ],
    },
    argocd: {
      description:
        'ArgoCD Applications and ApplicationSets to read the chart, version, value files and namespace from: false to read none, or ' +
        'their files (relative to this file). Default: every one found in the repo.',
      anyOf: [{ type: 'boolean' }, names],
    },
    appsDir: {
      type: 'string',
      minLength: 1,
      description:
        'Folder of the apps, relative to this file and inside its folder; each app holds base/base-values.yaml and ' +
        'envs/<env>/values.yaml. Default: apps.',
    },
    namespaces: {
      type: 'object',
      additionalProperties: { type: 'string', minLength: 1 },
      description: 'Namespace of each env (env: namespace), as ArgoCD deploys it. An env not listed uses its own name.',
    },
    platformValues: {
      type: 'object',
      description:
        'Values the platform injects into every app, applied before the app files (as ArgoCD does). Default: {captain_domain: ' +
        'example.com}.',
    },
    platformValuesFiles: {
      ...names,
      description:
        'Values files with what the platform injects, relative to this file and inside its folder; applied after ' +
        'platformValues and before the app files.',
    },
    helm: { type: 'integer', enum: [3, 4], description: 'The Helm that renders: 3 (3.18.0) or 4 (4.1.4). Default: 4.' },
    entryPoints: { ...names, description: 'Traefik entryPoints the platform defines. Default: [web, websecure].' },
    tlsOptions: {
      type: 'array',
      items: ref('A TLSOption the platform provides.', {
        alpnProtocols: { ...names, description: 'Its ALPN protocols, when routes to PostgreSQL rely on it.' },
      }),
      description: 'TLSOptions the platform provides, which routes may name in tls.options without rendering them.',
    },
    services: {
      type: 'array',
      items: ref('A Service that exists outside the apps of this repo.'),
      description: 'Services outside this repo that routes may send traffic to.',
    },
    middlewares: {
      type: 'array',
      items: ref('A Traefik MiddlewareTCP the platform provides.', {
        ipAllowList: { type: 'boolean', description: 'Whether it restricts client addresses (ipAllowList).' },
      }),
      description: 'MiddlewareTCPs the platform provides; those with ipAllowList: true restrict who reaches a route.',
    },
    allowedKinds: {
      ...names,
      description: 'Cluster-scoped or privileged kinds that apps may still create as custom resources, e.g. ClusterIssuer.',
    },
    allowedNamespaces: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['namespace'],
            properties: {
              namespace: { type: 'string', minLength: 1 },
              kinds: { ...names, description: 'Only these kinds.' },
              names: { ...names, description: 'Only objects with these names.' },
            },
          },
        ],
      },
      description:
        'Namespaces other than its own that an app may put objects in: a name, or {namespace, kinds, names} to allow ' +
        'only some objects (e.g. the ingress-nginx tcp-services ConfigMap in the controller namespace).',
    },
    databasePorts: {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 65535 },
      description:
        'Ports that are databases, for database-port-unrestricted. Default: PostgreSQL, MySQL, SQL Server, Oracle, MongoDB, ' +
        'Redis, Cassandra, CouchDB, Elasticsearch, CockroachDB, Memcached.',
    },
    privateIngressClasses: {
      ...names,
      description:
        'Ingress classes (kubernetes.io/ingress.class on a Traefik route) that only private networks reach. Default: [private-traefik].',
    },
    privateEntryPoints: { ...names, description: 'Traefik entryPoints that only private networks reach.' },
    privateGateways: {
      type: 'array',
      items: ref('A Gateway that only private networks reach.'),
      description: 'Gateways that only private networks reach; routes attached only to them are not public.',
    },
    rootKeys: {
      ...names,
      description: 'Root keys of the values that something other than the chart reads, so lint does not call them unused.',
    },
    traefikRuleSyntax: {
      type: 'string',
      enum: ['v2', 'v3'],
      description:
        "The rule syntax the platform's Traefik applies to routes that set none (its core.defaultRuleSyntax): v3 (Traefik " +
        "v3's default) or v2. Default: v3.",
    },
    gatewayAPI: {
      type: 'object',
      additionalProperties: false,
      description:
        "The Gateway API the cluster has: its release and channel (which apiVersions exist), and the platform's Gateways that " +
        'routes attach to.',
      properties: {
        version: {
          type: 'string',
          pattern: '^v?1\\.[0-9]+(\\.[0-9]+)?$',
          description:
            'The Gateway API release whose CRDs are installed, e.g. v1.6 or v1.6.1. Unset: lint only reports apiVersions that ' +
            'no release serves.',
        },
        channel: { type: 'string', enum: ['standard', 'experimental'], description: 'The channel of those CRDs. Default: standard.' },
        gateways: {
          type: 'array',
          description:
            "Gateways of the platform, with their listeners as in the Gateway's spec.listeners; routes naming them are " +
            'checked against them.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'namespace', 'listeners'],
            properties: {
              name: { type: 'string', minLength: 1 },
              namespace: { type: 'string', minLength: 1 },
              listeners: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name', 'protocol', 'port'],
                  properties: {
                    name: { type: 'string', minLength: 1 },
                    protocol: { type: 'string', minLength: 1, description: "HTTP, HTTPS, TLS, TCP, UDP, or an implementation's own." },
                    port: { type: 'integer', minimum: 1, maximum: 65535 },
                    hostname: { type: 'string', minLength: 1 },
                    tls: { type: 'object', description: 'Accepted and ignored, so a listener can be copied from the Gateway as it is.' },
                    allowedRoutes: {
                      type: 'object',
                      additionalProperties: false,
                      properties: {
                        namespaces: {
                          type: 'object',
                          additionalProperties: false,
                          properties: {
                            from: { type: 'string', enum: ['All', 'Same', 'Selector'] },
                            selector: {
                              type: 'object',
                              additionalProperties: false,
                              properties: {
                                matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
                                matchExpressions: {
                                  type: 'array',
                                  items: {
                                    type: 'object',
                                    additionalProperties: false,
                                    required: ['key', 'operator'],
                                    properties: {
                                      key: { type: 'string', minLength: 1 },
                                      operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
                                      values: names,
                                    },
                                  },
                                },
                              },
                            },
                          },
                        },
                        kinds: {
                          type: 'array',
                          items: {
                            type: 'object',
                            additionalProperties: false,
                            required: ['kind'],
                            properties: { group: { type: 'string' }, kind: { type: 'string', minLength: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    namespaceLabels: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      description:
        'Labels of namespaces (namespace: {label: value}), for Gateway listeners that admit routes by a namespace selector. ' +
        'Every namespace also has kubernetes.io/metadata.name.',
    },
    clusterNetwork: {
      type: 'object',
      additionalProperties: false,
      description: "The cluster's own address ranges, for NetworkPolicy ipBlocks that would admit pods or Services of the cluster.",
      properties: {
        podCIDRs: { ...names, description: 'Pod address ranges (the cluster CIDR, every pool of the network plugin).' },
        serviceCIDRs: { ...names, description: 'Service (cluster IP) ranges.' },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: severity,
      description: 'Severity of each rule by id: off, warn or error. See docs/lint-rules.md.',
    },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rules'],
        properties: {
          apps: { ...names, description: 'Apps this applies to (all when unset).' },
          envs: { ...names, description: 'Envs this applies to (all when unset).' },
          rules: { type: 'object', additionalProperties: severity, description: 'Severity of each rule by id.' },
        },
      },
      description: 'Rule severities for some apps or envs only; later overrides win.',
    },
  },
};

export const DEFAULT_DATABASE_PORTS = [5432, 3306, 1433, 1521, 27017, 6379, 9042, 5984, 9200, 26257, 11211];

export function defaultConfig(root: string): LintConfig {
  return {
    root,
    appsDir: join(root, 'apps'),
    namespaces: {},
    platformValues: { captain_domain: 'example.com' },
    platformValuesFiles: [],
    helm: 4,
    entryPoints: ['web', 'websecure'],
    tlsOptions: [],
    services: [],
    middlewares: [],
    allowedKinds: [],
    allowedNamespaces: [],
    databasePorts: DEFAULT_DATABASE_PORTS,
    privateIngressClasses: ['private-traefik'],
    privateEntryPoints: [],
    privateGateways: [],
    rootKeys: [],
    traefikRuleSyntax: 'v3',
    gatewayAPI: { channel: 'standard', gateways: [] },
    namespaceLabels: {},
    clusterNetwork: { podCIDRs: [], serviceCIDRs: [] },
    rules: {},
    overrides: [],
    argocd: true,
  };
}

/** A config that cannot be used: the message names the file, line and key. Exit status 2. */
export class ConfigError extends Error {}

let compiledConfig: ValidateFunction | undefined;
/** On first use: a repo without a config file never loads the validator; a cached one never loads ajv. */
function configValidator(): ValidateFunction {
  compiledConfig ??= compiledValidator(configSchema, { allErrors: true, strict: false });
  return compiledConfig;
}

/** Reads and checks a config file; `ruleIds` are the rules a severity may be set for. */
export function loadConfig(file: string, ruleIds: readonly string[]): LintConfig {
  const { path, data, where } = readConfigFile(file, ruleIds);
  const root = dirname(path);
  const base = defaultConfig(root);
  // checked in this order, so that of several problems the same one is reported first
  const chart = chartOf(data, root, where);
  const argocd = data.argocd as boolean | string[] | undefined;
  const argocdFiles = Array.isArray(argocd) ? argocdFilesOf(argocd, root, where) : (argocd ?? true);
  const platformValuesFiles = platformValuesFilesOf(data, root, where);
  const clusterNetwork = clusterNetworkOf(data, base.clusterNetwork, where);
  const appsDir = appsDirOf(data, root, where);
  return {
    ...base,
    ...(data as Partial<LintConfig>),
    file: path,
    root,
    appsDir,
    platformValuesFiles,
    gatewayAPI: { ...base.gatewayAPI, ...(data.gatewayAPI as Partial<GatewayApiConfig> | undefined) },
    clusterNetwork,
    chart,
    argocd: argocdFiles,
    allowedNamespaces: ((data.allowedNamespaces as (string | NamespaceRule)[] | undefined) ?? []).map((n) =>
      typeof n === 'string' ? { namespace: n } : n,
    ),
  };
}

/** "file:line:col" of a path in the config file, for messages; the file alone where the path is not written. */
type Where = (path: (string | number)[]) => string;

/**
 * The config file read as data, within the bounds of a values file, and checked against its schema and `ruleIds`;
 * a file that is not a YAML map is refused. Data that passed the checks is kept in the cache by the file's text, the rule ids and the
 * code (which holds the config's schema), so an unchanged config is neither parsed nor checked again.
 */
function readConfigFile(file: string, ruleIds: readonly string[]): { path: string; data: Record<string, unknown>; where: Where } {
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigError(`${file}: no such config file`);
  if (!statSync(path).isFile()) throw new ConfigError(`${file}: is a folder, not a config file; give the file (${CONFIG_FILE})`);
  // read with the bounds of a values file (size, depth, aliases): the config comes from the repo too
  const limits = yamlLimits();
  const text = textWithin(path, limits);
  // parsed at most once, and only when its data is not cached or a message needs a line
  let parsed: ParsedFile | undefined;
  const parsedFile = () => (parsed ??= parseValuesFile(path, text, limits));
  const where: Where = (p) => {
    const at = locatePath([parsedFile()], p);
    return at.line ? `${file}:${at.line}:${at.col}` : file;
  };
  const dataOf = () => {
    const read = parsedFile();
    const syntax = read.findings.find((f) =>
      ['yaml-syntax', 'yaml-tab', 'yaml-duplicate-key', 'path-unreadable', 'input-limit'].includes(f.rule),
    );
    if (!read.ok || syntax) {
      throw new ConfigError(`${file}${syntax?.line ? `:${syntax.line}:${syntax.col ?? 1}` : ''}: ${syntax?.message ?? 'not valid YAML'}`);
    }
    // The config is read as YAML 1.2 (no Helm reads it), so `off` stays the word and not a boolean.
    try {
      return (read.doc.toJS() ?? {}) as Record<string, unknown>;
    } catch (error) {
      // the yaml library's own bound on aliases
      throw new ConfigError(`${file}: ${(error as Error).message}`);
    }
  };
  const checked = () => {
    const data = dataOf();
    checkShape(data, where);
    checkRuleIds(data, ruleIds, where);
    return data;
  };
  const purpose = `config ${limits.maxBytes} ${limits.maxDepth} ${ruleIds.join(',')}`;
  return { path, data: text === undefined ? checked() : parsedOnce(purpose, text, checked), where };
}

/** The text of a file within the size bound, else undefined (parseValuesFile then says why it is not read). */
function textWithin(path: string, limits: YamlLimits): string | undefined {
  try {
    return statSync(path).size > limits.maxBytes ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The config against its schema: every problem, each at its line. */
function checkShape(data: Record<string, unknown>, where: Where) {
  const validateConfig = configValidator();
  if (validateConfig(data)) return;
  const problems = (validateConfig.errors ?? [])
    .filter((e) => e.keyword !== 'anyOf')
    .map((e) => {
      const p = pointerPath(e.instancePath);
      // a setting of several forms gets one message listing them, not one per form it does not match
      if (p[0] === 'chart' || p[0] === 'argocd') return `${where([p[0]])}: ${p[0]}: ${FORMS[p[0]]}`;
      if (e.keyword === 'additionalProperties') {
        const key = String(e.params.additionalProperty);
        const known = p.length === 0 ? Object.keys(configSchema.properties ?? {}) : [];
        const guess = didYouMean(key, known);
        return `${where([...p, key])}: ${formatPath([...p, key])}: unknown setting${guess ? `; did you mean "${guess}"?` : ''}`;
      }
      return `${where(p)}: ${formatPath(p) || '(root)'}: ${e.message}`;
    });
  throw new ConfigError(`invalid config:\n  ${[...new Set(problems)].join('\n  ')}`);
}

/** Severities are set for rules that exist, in rules and in each override's rules. */
function checkRuleIds(data: Record<string, unknown>, ruleIds: readonly string[], where: Where) {
  const known = new Set(ruleIds);
  const checkRules = (rules: Record<string, unknown> | undefined, at: (string | number)[]) => {
    for (const id of Object.keys(rules ?? {})) {
      if (!known.has(id)) {
        const guess = didYouMean(id, ruleIds);
        throw new ConfigError(
          `${where([...at, id])}: no rule "${id}"${guess ? `; did you mean "${guess}"?` : '; the rules are listed in docs/lint-rules.md'}`,
        );
      }
    }
  };
  checkRules(data.rules as Record<string, unknown>, ['rules']);
  (data.overrides as Override[] | undefined)?.forEach((o, i) => {
    checkRules(o.rules, ['overrides', i, 'rules']);
  });
}

function chartOf(data: Record<string, unknown>, root: string, where: Where): ChartSource | undefined {
  try {
    return chartSetting(data.chart, root, (field) => where(field ? ['chart', field] : ['chart']));
  } catch (error) {
    if (error instanceof ChartError) throw new ConfigError(error.message);
    throw error;
  }
}

/** The files argocd lists, resolved in the repo; each must exist. */
function argocdFilesOf(files: string[], root: string, where: Where): string[] {
  files.forEach((f, i) => {
    if (!existsSync(resolve(root, f))) throw new ConfigError(`${where(['argocd', i])}: ${f}: no such file`);
  });
  return files.map((f) => resolve(root, f));
}

/** platformValuesFiles resolved: each a file inside the repo. */
function platformValuesFilesOf(data: Record<string, unknown>, root: string, where: Where): string[] {
  const files = ((data.platformValuesFiles as string[] | undefined) ?? []).map((f) => resolve(root, f));
  files.forEach((f, i) => {
    if (!existsSync(f)) throw new ConfigError(`${where(['platformValuesFiles', i])}: ${f}: no such values file`);
    if (!statSync(f).isFile()) throw new ConfigError(`${where(['platformValuesFiles', i])}: ${f}: is a folder, not a values file`);
    // Helm would read a file outside the repo into the values, where templates can print it
    const real = realpathSync(f);
    const realRoot = realpathSync(root);
    if (!real.startsWith(realRoot + sep)) {
      throw new ConfigError(
        `${where(['platformValuesFiles', i])}: ${f} is outside the repo (${realRoot}): platform values files are read only from ` +
          'inside it, so that no other file of this machine reaches a render; copy the file into the repo',
      );
    }
  });
  return files;
}

/** clusterNetwork over its defaults; every range a CIDR. */
function clusterNetworkOf(data: Record<string, unknown>, defaults: ClusterNetwork, where: Where): ClusterNetwork {
  const network = { ...defaults, ...(data.clusterNetwork as Partial<ClusterNetwork> | undefined) };
  for (const key of ['podCIDRs', 'serviceCIDRs'] as const) {
    network[key].forEach((cidr, i) => {
      if (!ipaddr.isValidCIDR(cidr))
        throw new ConfigError(
          `${where(['clusterNetwork', key, i])}: clusterNetwork.${key}[${i}]: "${cidr}" is not an address range (CIDR), e.g. 10.244.0.0/16`,
        );
    });
  }
  return network;
}

/** The apps folder: appsDir (default apps) inside the config's folder. */
function appsDirOf(data: Record<string, unknown>, root: string, where: Where): string {
  const appsDir = resolve(root, (data.appsDir as string | undefined) ?? 'apps');
  if (appsDir !== root && !appsDir.startsWith(root + sep)) {
    throw new ConfigError(
      `${where(['appsDir'])}: ${appsDir} is outside the repo (${root}); the apps folder must be inside the config's folder`,
    );
  }
  return appsDir;
}

const FORMS = {
  chart:
    'give a chart folder or .tgz path, {path: ...}, {ref: oci://..., version: ..., digest?, plainHttp?} or {repo: ' +
    'https://..., name: ..., version: ..., digest?}',
  argocd: 'give false (read no ArgoCD Application) or a list of files holding Applications or ApplicationSets',
};

/** The config's chart setting (already of the schema's shape), checked and with paths resolved. */
function chartSetting(raw: unknown, root: string, where: (field?: string) => string): ChartSource | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return localChart(raw, root, where());
  const setting = raw as {
    path?: string;
    ref?: string;
    repo?: string;
    name?: string;
    version?: string;
    digest?: string;
    plainHttp?: boolean;
  };
  if (setting.path !== undefined) return localChart(setting.path, root, where('path'));
  if (setting.ref !== undefined) {
    return checkChartSource(
      { kind: 'oci', ref: setting.ref, version: setting.version!, digest: setting.digest, plainHttp: setting.plainHttp },
      where,
    );
  }
  return checkChartSource(
    { kind: 'repo', repo: setting.repo!, name: setting.name!, version: setting.version!, digest: setting.digest },
    where,
  );
}

/** The config of the repo a path belongs to: the nearest app-chart.config.yaml above it, else defaults. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The severity of a rule for an app and env: overrides (last match wins), then rules, then the default. */
export function severityFor(
  config: Pick<LintConfig, 'rules' | 'overrides'>,
  rule: string,
  fallback: Severity,
  app?: string,
  env?: string,
): SeveritySetting {
  let setting: SeveritySetting = config.rules[rule] ?? fallback;
  for (const override of config.overrides) {
    const appOk = !override.apps || (app !== undefined && override.apps.includes(app));
    const envOk = !override.envs || (env !== undefined && override.envs.includes(env));
    if (appOk && envOk && override.rules[rule]) setting = override.rules[rule];
  }
  return setting;
}

export const namespaceOf = (config: LintConfig, env: string) => config.namespaces[env] ?? env;
