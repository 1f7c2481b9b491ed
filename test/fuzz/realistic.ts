// What a person would put in the chart's values, for the schema walk (schema-arbitrary.ts): names Kubernetes
// takes, image references, and small valid fragments for the Kubernetes objects the chart passes through.
// Hints match by the end of a key's path, so the pod keys of any workload kind share them.
import fc from 'fast-check';
import type { Hints } from './schema-arbitrary.ts';

/** Words a YAML 1.1 reader turns into booleans, nulls or numbers unless the chart quotes them. */
const TRICKY_NAMES = ['on', 'off', 'yes', 'no', 'y', 'n', 'true', 'null', '123', '2048', '0777', '1e3', '1e-3', '12-30'];

/** A DNS label (RFC 1123), the shape of most Kubernetes names. */
export const dnsLabel = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_NAMES) },
);
/** A port name (IANA service name: at most 15 characters, a letter in it). */
const portName = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.constantFrom('on', 'yes', 'no', 'y', 'n', 'http', 'postgres', 'dns-udp') },
);
const envName = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/) },
  { weight: 1, arbitrary: fc.constantFrom('Y', 'N', 'ON', 'NO', 'TRUE', 'NULL') },
);
const trigger = fc.constantFrom(
  { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
  {
    type: 'prometheus',
    metadata: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(rate(http_requests_total[2m]))', threshold: '100' },
  },
);
const fileKey = fc.stringMatching(/^[a-zA-Z0-9][-._a-zA-Z0-9]{0,20}$/);
const labelKey = fc.oneof(
  dnsLabel,
  dnsLabel.map((name) => `example.com/${name}`),
  fc.constantFrom('team', 'tier', 'app.kubernetes.io/part-of'),
);
const labelValue = fc.oneof(dnsLabel, fc.integer({ min: 0, max: 5000 }), fc.boolean(), fc.constant(null));
/** Free text: what ends up in annotations, env values, commands. */
export const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'a: b',
      '- item',
      '# not a comment',
      "it's",
      '"quoted"',
      'two\nlines',
      'tab\there',
      ' padded ',
      '',
      '@at',
      '*star',
      '&anchor',
      '!tag',
      '%percent',
      '`tick`',
      '{a: 1}',
      '[1, 2]',
      'yes',
      'null',
      '~',
      '007',
      '1e3',
      '0x1f',
      '.inf',
      'ünïcødé',
      '日本語',
      'emoji 🎉',
      'nel\u0085here',
      'line\u2028sep',
      '\ufeffbom',
      'back\\slash',
      '---',
      '...',
    ),
  },
);
const textNoTemplate = text.filter((s) => !s.includes('{{'));
const scalar = fc.oneof(text, fc.integer({ min: -5, max: 100000 }), fc.boolean());
const ip = fc.constantFrom('10.96.0.10', '192.0.2.7', '198.51.100.23', '2001:db8::10');
const cidr = fc.constantFrom('10.0.0.0/8', '203.0.113.0/24', '192.0.2.1/32', '2001:db8::/32');
const port = fc.integer({ min: 1, max: 65535 });
const template = (suffix: string) => `{{ include "app.name" . }}${suffix}`;

const images = fc.constantFrom('registry.example.com/tools/app:7', 'nginx', 'postgres:18', `ghcr.io/org/api@sha256:${'ab'.repeat(32)}`);

const probe = fc.constantFrom(
  { httpGet: { path: '/healthz', port: 'http' } },
  { tcpSocket: { port: 5432 }, initialDelaySeconds: 5, periodSeconds: 10 },
  { exec: { command: ['pg_isready', '-U', 'postgres'] }, failureThreshold: 30 },
  { grpc: { port: 9090 } },
);

const containers = fc.constantFrom(
  [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
  [{ name: 'exporter', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', ports: [{ name: 'metrics', containerPort: 9187 }] }],
  [],
);

/** Kubernetes objects the chart passes through as written. */
const fragments: Record<string, fc.Arbitrary<unknown>> = {
  resources: fc.constantFrom(
    {},
    { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    { limits: { cpu: 1, memory: '1Gi' } },
  ),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: fc.constantFrom({ preStop: { exec: { command: ['sleep', '5'] } } }, { postStart: { httpGet: { path: '/warm', port: 8080 } } }),
  securityContext: fc.constantFrom({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000 }, { seccompProfile: { type: 'RuntimeDefault' } }),
  containerSecurityContext: fc.constantFrom(
    { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    { capabilities: { add: ['NET_BIND_SERVICE'] } },
  ),
  affinity: fc.constantFrom(
    {},
    {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': template('') } },
            },
          },
        ],
      },
    },
    {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['{{ .Release.Namespace }}'] }] }],
        },
      },
    },
  ),
  tolerations: fc.constantFrom([{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }], [{ operator: 'Exists' }], []),
  topologySpreadConstraints: fc.constantFrom(
    [],
    [
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': template('') } },
      },
    ],
  ),
  volumes: fc.constantFrom([{ name: 'data', emptyDir: {} }], [{ name: 'config', configMap: { name: template('-config') } }], []),
  volumeMounts: fc.constantFrom([{ name: 'data', mountPath: '/data' }], [{ name: 'config', mountPath: '/etc/app', readOnly: true }], []),
  initContainers: containers,
  sidecar: containers,
  hostAliases: fc.constantFrom([{ ip: '10.0.0.1', hostnames: ['db.internal'] }], []),
  dnsConfig: fc.constantFrom({ options: [{ name: 'ndots', value: '2' }] }, { nameservers: ['1.1.1.1'] }),
  sessionAffinityConfig: fc.constant({ clientIP: { timeoutSeconds: 3600 } }),
  extraIngress: fc.constantFrom(
    [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }] }],
    [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 5432 }] }],
  ),
  global: fc.constantFrom({}, { region: 'eu-west-1' }),
  updateStrategy: fc.constantFrom(
    'RollingUpdate',
    'OnDelete',
    { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    { type: 'OnDelete' },
  ),
  persistentVolumeClaimRetentionPolicy: fc.constantFrom({ whenDeleted: 'Retain', whenScaled: 'Delete' }, {}),
  podFailurePolicy: fc.constantFrom({ rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }, { rules: [] }),
  behavior: fc.constantFrom(
    { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } },
    {},
  ),
  'metrics[]': fc.constant({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }),
  fallback: fc.constantFrom({ failureThreshold: 3, replicas: 2 }, { failureThreshold: '5', replicas: '1' }),
  'triggers[]': trigger,
  'triggersMap.*': trigger,
  'triggerAuthentication.*.spec': fc.constantFrom({ secretTargetRef: [{ parameter: 'password', name: 'db', key: 'password' }] }, {}),
  'envFrom[]': fc.oneof(
    fc.record({ type: fc.constantFrom('secretRef', 'configMapRef'), name: dnsLabel }),
    dnsLabel.map((name) => ({ configMapRef: { name } })),
    dnsLabel.map((name) => ({ secretRef: { name, optional: true } })),
  ),
  'envMap.*': fc.oneof(
    textNoTemplate.map((value) => ({ value })),
    fc
      .record({ secretName: dnsLabel, key: fileKey })
      .map(({ secretName, key }) => ({ valueFrom: { secretKeyRef: { name: secretName, key } } })),
    scalar,
  ),
};

/** Strings with a shape Kubernetes or the chart needs, where the schema takes a string. */
const strings: Record<string, fc.Arbitrary<string>> = {
  image: images,
  registry: fc.constantFrom('docker.io', 'ghcr.io', 'registry.example.com:5000', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'),
  repository: fc.oneof(fc.constantFrom('nginx', 'org/api', 'library/postgres', 'bitnami/redis'), dnsLabel),
  digest: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
  portName,
  servicePortName: portName,
  'containerPorts[].name': portName,
  'ports[].name': portName,
  'envVariables[].name': envName,
  variable: envName,
  secretKey: fileKey,
  configMapKey: fileKey,
  'command[]': text,
  'args[]': text,
  hostname: fc.oneof(
    dnsLabel.map((label) => `${label}.example.com`),
    fc.constant('{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}'),
  ),
  'hosts[]': fc.oneof(
    dnsLabel.map((label) => `${label}.example.com`),
    fc.constant('{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}'),
  ),
  path: fc.constantFrom('/', '/api', '/v1/users', '/.well-known/acme-challenge'),
  clusterIP: ip,
  loadBalancerIP: ip,
  'externalIPs[]': ip,
  'loadBalancerSourceRanges[]': cidr,
  'allowCIDRs[]': cidr,
  'ipFamilies[]': fc.constantFrom('IPv4', 'IPv6'),
  loadBalancerClass: fc.constantFrom('service.k8s.aws/nlb', 'io.cilium/bgp'),
  appProtocol: fc.constantFrom('postgresql', 'kubernetes.io/h2c', 'http'),
  ingressClassName: fc.oneof(fc.constantFrom('public-traefik', 'nginx'), dnsLabel),
  'allowNamespaceSelectors[].*': dnsLabel,
  'allowPodSelectors[].*': dnsLabel,
  mountPath: fc.constantFrom('/data', '/var/lib/postgresql/data', '/etc/app'),
  subPath: fc.constantFrom('data', 'pgdata'),
  storageClass: fc.constantFrom('gp3', 'standard', '-'),
  storageClassName: fc.constantFrom('gp3', 'standard'),
  schedule: fc.constantFrom('0 3 * * *', '*/5 * * * *', '@hourly'),
  timeZone: fc.constantFrom('Etc/UTC', 'Europe/Berlin'),
  refreshInterval: fc.constantFrom('1h', '15m'),
  'secrets.*.type': fc.constantFrom('Opaque', 'kubernetes.io/basic-auth'),
  'configs.*.data': fc.constantFrom('LOG_LEVEL: info\nPORT: "8080"\n', 'domain: {{ .Values.captain_domain }}\n', 'empty: ""\n'),
  'triggers[].type': fc.constantFrom('cpu', 'prometheus', 'cron'),
  'triggersMap.*.type': fc.constantFrom('cpu', 'prometheus', 'cron'),
  'scaleTargetRef.kind': fc.constantFrom('Deployment', 'StatefulSet'),
  'scaleTargetRef.apiVersion': fc.constant('apps/v1'),
  formula: fc.constantFrom('a + b', 'max(a, b)'),
  'labels[].key': labelKey,
  'annotations[].key': labelKey,
};

/** Whole values, whatever types the schema allows there. */
const values: Record<string, fc.Arbitrary<unknown>> = {
  // what is written is mostly switched on, so the render has something to do
  enabled: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  // the number 0 is refused on purpose (YAML reads 0, 00 and 0.0 alike): test/glueops-compat covers it
  tag: fc.oneof(fc.constantFrom('1.2.3', 'latest', '18', 'v2.0.0-rc.1'), fc.integer({ min: 1, max: 30 }), fc.constantFrom(1.5, 16.4)),
  appVersion: fc.oneof(fc.constantFrom('1.2.3', '2024.01', 'v7'), fc.integer({ min: 0, max: 9 })),
  strategy: fc.oneof(
    fc.constantFrom('RollingUpdate', 'Recreate'),
    fc.constantFrom({ type: 'Recreate' }, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }),
  ),
  maxSurge: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '100%')),
  maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '25%')),
  targetPort: fc.oneof(port, portName),
  'envVariables[].value': fc.oneof(textNoTemplate, fc.integer({ min: -5, max: 100000 }), fc.boolean()),
  'networkPolicy.ports[].port': fc.oneof(port, portName),
  'pullSecrets[]': fc.oneof(
    dnsLabel,
    dnsLabel.map((name) => ({ name })),
  ),
  'imagePullSecrets[]': fc.oneof(
    dnsLabel,
    dnsLabel.map((name) => ({ name })),
  ),
  'annotations.*': scalar,
  'commonAnnotations.*': scalar,
  'podAnnotations.*': scalar,
  'labels.*': labelValue,
  'commonLabels.*': labelValue,
  'podLabels.*': labelValue,
  'matchLabels.*': labelValue,
  'nodeSelector.*': labelValue,
};

// Custom resources. Each entry is drawn with the placeholder NAME, which nameEntries() replaces by a name
// unique in the document: two entries rendering one object is an error the chart must raise, not noise.
const NAME = '__NAME__';
const configMapText = (note: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.name" . }}-${NAME}\n  namespace: {{ include "app.namespace" . | quote }}\n` +
  `data:\n  domain: {{ .Values.captain_domain | quote }}\n  note: ${JSON.stringify(note)}\n`;
const secretText = (note: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${NAME}\nstringData:\n  note: ${JSON.stringify(note)}\n`;
const routeText =
  `apiVersion: traefik.io/v1alpha1\nkind: IngressRouteTCP\nmetadata:\n  name: {{ include "app.name" . }}-${NAME}\nspec:\n` +
  `  entryPoints:\n    - websecure\n  routes:\n    - match: HostSNI(\`{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}\`)\n` +
  `      services:\n        - name: {{ include "app.name" . | quote }}\n          port: 5432\n  tls:\n    passthrough: true\n`;
const tcpRouteText =
  `apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata:\n  name: ${NAME}-tcp\nspec:\n  parentRefs:\n` +
  `    - name: shared-gateway\n      sectionName: postgres\n  rules:\n    - backendRefs:\n        - name: {{ include "app.name" . | quote }}\n          port: 5432\n`;
const ruleText =
  `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: ${NAME}-rules\nspec:\n  groups:\n    - name: app\n` +
  `      rules:\n        - alert: Down\n          expr: up == 0\n          annotations:\n            summary: "{{ $labels.instance }} is down"\n`;

const entry: fc.Arbitrary<unknown> = fc.oneof(
  textNoTemplate.map(configMapText),
  textNoTemplate.map(secretText),
  fc.constant(routeText),
  fc.constant(tcpRouteText),
  fc
    .tuple(textNoTemplate, fc.boolean())
    .map(
      ([note, withIf]) =>
        `---\n${configMapText(note).replace(`-${NAME}\n`, `-${NAME}-a\n`)}---\n` +
        `{{- if ${withIf ? '.Values.captain_domain' : 'false'} }}\n${secretText(note).replace(`${NAME}\n`, `${NAME}-b\n`)}{{- end }}\n` +
        `---\n# the last document\n${tcpRouteText}`,
    ),
  fc.record({ note: textNoTemplate, templated: fc.boolean() }).map(({ note, templated }) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: templated ? `{{ include "app.name" . }}-${NAME}` : NAME, annotations: { note } },
  })),
  fc.constant({ verbatim: ruleText }),
  fc.constantFrom(null, '', {}),
);

function customResourcesList(): fc.Arbitrary<unknown[]> {
  return fc.array(entry, { maxLength: 4 });
}

function customResourcesMap(): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(dnsLabel, entry, { maxKeys: 4 });
}

/** Gives every custom resource entry its own name (e<n>, in output order) in place of NAME. */
export function nameEntries(values: Record<string, unknown>): Record<string, unknown> {
  let counter = 0;
  const name = (value: unknown): unknown => {
    const unique = `e${counter++}`;
    return value === null ? null : JSON.parse(JSON.stringify(value).replaceAll(NAME, unique));
  };
  const copy = { ...values };
  if (Array.isArray(copy.customResources)) copy.customResources = copy.customResources.map(name);
  if (copy.customResourcesMap && typeof copy.customResourcesMap === 'object') {
    const map = copy.customResourcesMap as Record<string, unknown>;
    copy.customResourcesMap = Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((key) => [key, name(map[key])]),
    );
  }
  return copy;
}

export const hints: Hints = {
  values: { ...fragments, ...values, customResources: customResourcesList(), customResourcesMap: customResourcesMap() },
  strings,
  // numbers written as strings, as Kubernetes counts go: small, and without leading zeros (which read as octal)
  patterns: {
    '^[0-9]+$': fc.integer({ min: 0, max: 5000 }).map(String),
    '^(0|[1-9][0-9]*)$': fc.integer({ min: 0, max: 5000 }).map(String),
  },
  keys: {
    annotations: labelKey,
    commonAnnotations: labelKey,
    podAnnotations: labelKey,
    labels: labelKey,
    commonLabels: labelKey,
    podLabels: labelKey,
    matchLabels: labelKey,
    nodeSelector: labelKey,
    'allowNamespaceSelectors[]': labelKey,
    'allowPodSelectors[]': labelKey,
    envMap: envName,
    customResourcesMap: dnsLabel,
  },
  // the chart fails, by design and with its own message, when these are missing; "enabled" is always written so
  // that most documents switch on what they configure
  notNull: ['image', 'image.repository', 'ingress.entries[].name', 'containerPorts[].port', 'service.ports[].port', 'enabled'],
  string: dnsLabel,
  key: dnsLabel,
};

type Values = Record<string, unknown>;
const isMap = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);
/** The map at `key` of `parent`, made one when it is not. */
const mapAt = (parent: Values, key: string): Values => (isMap(parent[key]) ? parent[key] : (parent[key] = {}));
const entries = (map: unknown): [string, Values][] =>
  isMap(map) ? Object.entries(map).filter((pair): pair is [string, Values] => isMap(pair[1])) : [];

/**
 * The chart's rules across keys, which the schema cannot say: documents that break one are repaired, since the
 * chart refuses them on purpose, each with its own message (test/corpus and the chart tests cover those).
 */
export function renderable(drawn: Values): Values {
  const values = structuredClone(drawn);
  const image = isMap(values.image) ? values.image : {};
  // "no image tag. Set image.tag, image.digest or appVersion"
  if (image.useChartVersionAsTagFallback === false && !values.appVersion) values.appVersion = '1.0.0';

  const hpa = values.horizontalPodAutoscaler;
  if (isMap(hpa) && hpa.enabled) {
    const keda = values.keda;
    // "KEDA already scales the app"
    if (isMap(keda) && keda.enabled && isMap(keda.scaledObject) && keda.scaledObject.enabled) hpa.enabled = false;
    // "there is nothing to scale; enable deployment or statefulSet"
    const workloads = ['deployment', 'statefulSet'].filter((key) => isMap(values[key]) && (values[key] as Values).enabled);
    if (workloads.length === 0) mapAt(values, 'deployment').enabled = true;
    // "no metric to scale on"
    const metrics = Array.isArray(hpa.metrics) ? hpa.metrics : [];
    if (!hpa.targetCPUUtilizationPercentage && !hpa.targetMemoryUtilizationPercentage && metrics.length === 0)
      hpa.targetCPUUtilizationPercentage = 80;
    // "horizontalPodAutoscaler.maxReplicas: required"
    if (!hpa.maxReplicas) hpa.maxReplicas = 5;
  }

  const claim = values.persistentVolumeClaim;
  if (isMap(claim) && claim.enabled) {
    // "persistentVolumeClaim.storageSize: required"
    if (!claim.storageSize) claim.storageSize = '1Gi';
  }
  const service = values.service;
  if (isMap(service) && Array.isArray(service.ports)) {
    // "service.ports[i].name: "http" is already the name of ...": each port of the Service has its own name
    const taken = new Set(
      service.primaryPort === false ? [] : [typeof service.portName === 'string' && service.portName ? service.portName : 'http'],
    );
    for (const port of service.ports) {
      if (!isMap(port)) continue;
      let name = typeof port.name === 'string' && port.name ? port.name : 'http';
      for (let n = 0; taken.has(name); n++) name = `port-${n}`;
      port.name = name;
      taken.add(name);
    }
  }
  if (isMap(values.statefulSet)) {
    for (const [, template] of entries(values.statefulSet.volumeClaimTemplates)) {
      // "statefulSet.volumeClaimTemplates.<name>.mountPath: required", "... .requestsStorage: required"
      if (!template.mountPath) template.mountPath = '/data';
      if (!template.requestsStorage) template.requestsStorage = '1Gi';
    }
  }

  if (isMap(values.configMap)) {
    for (const [, config] of entries(values.configMap.configs)) {
      // "set either data or dataMap, not both", "set data (YAML text of key: value pairs) or dataMap (a map)"
      const hasData = config.data !== undefined && config.data !== null;
      const hasDataMap = config.dataMap !== undefined && config.dataMap !== null;
      if (hasData && hasDataMap) delete config.dataMap;
      if (!hasData && !hasDataMap) config.dataMap = { LOG_LEVEL: 'info' };
    }
  }

  const external = values.externalSecret;
  if (isMap(external) && external.enabled) {
    // the schema: an enabled externalSecret names its store
    const store = mapAt(external, 'secretStore');
    if (typeof store.name !== 'string' || !store.name.trim()) store.name = 'vault';
    for (const [, secret] of entries(external.secrets)) {
      // "set data (keys read one by one) or dataFrom" (data with at least one key)
      const hasData = isMap(secret.data) && Object.keys(secret.data).length > 0;
      if (!hasData && !isMap(secret.dataFrom)) secret.data = { password: { remoteRef: { key: 'db/password' } } };
      // "secretStore.name or externalSecret.secretStore.name: required" (an entry's own store, when set, wins)
      if (isMap(secret.secretStore) && Object.keys(secret.secretStore).length > 0 && !secret.secretStore.name)
        secret.secretStore.name = 'vault';
      // "data.<key>.remoteRef: required", "... .remoteRef.key: required"
      for (const [, item] of entries(secret.data)) {
        const remote = mapAt(item, 'remoteRef');
        if (!remote.key) remote.key = 'db/password';
      }
      // "dataFrom.key: required"
      if (isMap(secret.dataFrom) && !secret.dataFrom.key) secret.dataFrom.key = 'db';
    }
  }

  const cronJob = values.cronJob;
  if (isMap(cronJob)) {
    // "cronJob.jobs.<name>.schedule: required"
    for (const [, job] of entries(cronJob.jobs)) if (!job.schedule) job.schedule = '0 3 * * *';
  }
  return values;
}
