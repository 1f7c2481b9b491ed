// The values of the chart: the one source of chart/values.schema.json, schema/values.types.ts and
// chart/values.yaml. Keys and meanings follow the GlueOps `app` chart.
import type { JSONSchema7 } from 'json-schema';
import {
  bool, int, intOrString, k8sList, k8sObject, listOf, obj, oneOf, port, raw, str, stringList, stringMap,
  type Node,
} from './dsl.ts';

const pullSecrets = (description: string) =>
  raw({
    type: ['string', 'array', 'null'],
    items: { anyOf: [{ type: 'string' }, { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }] },
    description,
  });

const imageOverride = raw({
  description:
    'Image of this workload: a full reference as a string ("ghcr.io/org/api:1.2.3"), or a map whose ' +
    'registry / repository / tag / digest override the top-level image key by key. Unset inherits the top-level image.',
  anyOf: [
    { type: 'string' },
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        registry: { type: ['string', 'null'], description: 'Registry host.' },
        repository: { type: ['string', 'null'], description: 'Repository.' },
        tag: { type: ['string', 'number', 'null'], description: 'Tag.' },
        digest: { type: ['string', 'null'], description: 'Digest (sha256:...).' },
      },
    },
  ],
});

const envVariable = obj('A literal environment variable.', {
  name: str('Variable name.'),
  value: raw({ type: ['string', 'number', 'boolean', 'null'], description: 'Value; rendered as a string.' }),
});

const envSecret = obj('An environment variable read from a key of a Secret.', {
  variable: str('Variable name inside the container.'),
  secretName: str('Name of the Secret.'),
  secretKey: str('Key in the Secret that holds the value.'),
});

const envConfigMap = obj('An environment variable read from a key of a ConfigMap.', {
  variable: str('Variable name inside the container.'),
  configMapName: str('Name of the ConfigMap.'),
  configMapKey: str('Key in the ConfigMap that holds the value.'),
});

const containerPort = obj('An extra port of the main container.', {
  name: str('Port name (at most 15 characters), used by Services and routes to refer to it.', {
    keywords: { maxLength: 15 },
  }),
  port: port('Port number the container listens on.'),
  containerPort: port('Alias of port.'),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol.', { default: 'TCP' }),
});

const envFromSource = raw({
  type: 'object',
  description: 'A whole Secret or ConfigMap as variables: {type: secretRef|configMapRef, name} or a Kubernetes EnvFromSource.',
});

const deployment = obj(
  'The Deployment that runs the app.',
  {
    enabled: bool('Whether to render the Deployment.', { default: false }),
    replicas: int('Number of pods.', {
      default: 1,
      keywords: { minimum: 0 },
    }),
    revisionHistoryLimit: int('How many old ReplicaSets to keep for rollback.', { keywords: { minimum: 0 } }),
    strategy: raw(
      {
        type: ['string', 'object', 'null'],
        description:
          'Rollout strategy: RollingUpdate or Recreate (with maxSurge / maxUnavailable beside it), or a full ' +
          'Kubernetes DeploymentStrategy object.',
      },
      { default: 'RollingUpdate' },
    ),
    maxSurge: intOrString('RollingUpdate: pods above replicas during a rollout (default 100% for 1 replica, else 50%).'),
    maxUnavailable: intOrString('RollingUpdate: pods that may be unavailable during a rollout (default 0 for 1 replica, else half).'),
    image: imageOverride,
    imagePullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Image pull policy (overrides image.pullPolicy).'),
    imagePullSecrets: pullSecrets('Pull secret name(s) for this workload; overrides image.pullSecrets.'),
    command: stringList('Entrypoint of the main container (image.command wins when both are set).'),
    args: stringList('Arguments of the main container (image.args wins when both are set).'),
    port: port('Legacy place for the app port; image.port is preferred.'),
    portName: str('Name of the main container port and of the Service port for it.', {
      default: undefined,
      example: 'postgres',
    }),
    protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol of the main port (image.protocol wins).'),
    containerPorts: listOf('Extra container ports, e.g. UDP 53 beside TCP 53.', containerPort, {
      example: [{ name: 'dns-udp', port: 53, protocol: 'UDP' }],
    }),
    envVariables: listOf('Literal environment variables. Never put secrets here: use envSecrets.', envVariable, {
      example: [{ name: 'LOG_LEVEL', value: 'info' }],
    }),
    envSecrets: listOf('Environment variables read from Secrets.', envSecret, {
      example: [{ variable: 'POSTGRES_PASSWORD', secretName: 'postgres', secretKey: 'password' }],
    }),
    envConfigMaps: listOf('Environment variables read from ConfigMaps.', envConfigMap, {
      example: [{ variable: 'DB_HOST', configMapName: 'db', configMapKey: 'host' }],
    }),
    envMap: raw(
      {
        type: ['object', 'null'],
        additionalProperties: { type: ['object', 'string', 'number', 'boolean', 'null'] },
        description:
          'Environment variables by name: {value: x}, {valueFrom: {...}} or a plain value. A map merges across ' +
          'values files, so an env file can change one variable.',
      },
      { example: { LOG_LEVEL: { value: 'info' } } },
    ),
    envFrom: raw({ type: ['array', 'null'], items: envFromSource.schema, description: 'Whole Secrets or ConfigMaps as variables.' }),
    resources: k8sObject('Resource requests and limits of the main container.', {
      default: {},
      example: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    }),
    livenessProbe: k8sObject('Liveness probe of the main container.'),
    readinessProbe: k8sObject('Readiness probe of the main container.'),
    startupProbe: k8sObject('Startup probe of the main container.', { default: {} }),
    lifecycle: k8sObject('Lifecycle hooks of the main container (image.lifecycle wins).'),
    securityContext: k8sObject('Pod security context.'),
    containerSecurityContext: k8sObject('Security context of the main container.'),
    nodeSelector: stringMap('Node labels the pods must run on.'),
    tolerations: k8sList('Tolerations of the pods.'),
    affinity: k8sObject('Affinity of the pods; strings may use templates.', { default: {} }),
    topologySpreadConstraints: k8sList(
      'Topology spread constraints; strings may use templates. Unset spreads pods across zones ' +
        '(ScheduleAnyway); [] renders none.',
    ),
    topologySpreadConstraintsMaxSkew: int('maxSkew of the default zone spread.', { keywords: { minimum: 1 } }),
    volumes: k8sList('Volumes of the pods; strings may use templates.'),
    volumeMounts: k8sList('Volume mounts of the main container; strings may use templates.'),
    initContainers: k8sList('Init containers, as Kubernetes containers.'),
    sidecar: k8sList('Sidecar containers, as Kubernetes containers, run beside the main one.'),
    annotations: stringMap('Annotations of the Deployment and of its pods.'),
    labels: stringMap('Labels of the Deployment and of its pods.'),
    podAnnotations: stringMap('Annotations of the pods only.'),
    podLabels: stringMap('Labels of the pods only.'),
    matchLabels: stringMap('Extra labels added to the pod selector and the pods (the selector is immutable).'),
    serviceAccount: obj('Which ServiceAccount the pods run as.', {
      enabled: bool('Whether to set serviceAccountName (to serviceAccount.name, this name, or the app name).', {
        default: false,
      }),
      name: str('ServiceAccount name.'),
      automountServiceAccountToken: bool('Whether to mount the ServiceAccount token.'),
    }),
    serviceAccountName: str('ServiceAccount name, when serviceAccount.enabled is not used.'),
    hostAliases: k8sList('Extra /etc/hosts entries of the pods.'),
    dnsPolicy: oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'], 'DNS policy of the pods.'),
    dnsConfig: k8sObject('DNS configuration of the pods.'),
    shareProcessNamespace: bool('Whether the containers of a pod share one process namespace.'),
    enableServiceLinks: bool('Whether Service environment variables are injected into the pods.'),
    terminationGracePeriodSeconds: int('Seconds a pod gets to stop gracefully.', { keywords: { minimum: 0 } }),
    hostNetwork: bool('Whether the pods use the node network.'),
    priorityClassName: str('PriorityClass of the pods.'),
    runtimeClassName: str('RuntimeClass of the pods.'),
    schedulerName: str('Scheduler of the pods.'),
  },
);

const servicePort = obj('An extra port of the Service.', {
  name: str('Port name; required when the Service has several ports.'),
  port: port('Port the Service listens on.'),
  targetPort: intOrString('Container port (number or name) to send to; defaults to port.'),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol.', { default: 'TCP' }),
  nodePort: int('Fixed node port (NodePort and LoadBalancer types).', { keywords: { minimum: 1, maximum: 65535 } }),
  appProtocol: str('Application protocol hint, e.g. postgresql or kubernetes.io/h2c.'),
});

const service = obj('The Service in front of the pods (also rendered when ingress.enabled).', {
  enabled: bool('Whether to render the Service.', { default: false }),
  type: oneOf(['ClusterIP', 'NodePort', 'LoadBalancer'], 'Service type.', { default: 'ClusterIP' }),
  headless: bool('Render a headless Service (clusterIP: None) for direct pod DNS records.'),
  clusterIP: str('Fixed cluster IP.'),
  primaryPort: bool('Whether the Service exposes the main port (image.port); false keeps only service.ports.'),
  port: port('Port of the main Service port; defaults to image.port.'),
  targetPort: intOrString('Target of the main Service port; defaults to image.port.'),
  portName: str('Name of the main Service port.', { default: undefined, example: 'http' }),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol of the main Service port (default image.protocol, else TCP).'),
  nodePort: int('Fixed node port of the main Service port.', { keywords: { minimum: 1, maximum: 65535 } }),
  appProtocol: str('Application protocol hint of the main Service port.'),
  ports: listOf('Extra Service ports, each with its own protocol.', servicePort, {
    example: [{ name: 'dns-udp', port: 53, protocol: 'UDP' }],
  }),
  externalTrafficPolicy: oneOf(['Cluster', 'Local'], 'Local keeps client source IPs (NodePort, LoadBalancer).'),
  internalTrafficPolicy: oneOf(['Cluster', 'Local'], 'Routing of traffic from inside the cluster.'),
  loadBalancerSourceRanges: stringList('CIDRs allowed to reach a LoadBalancer.', { example: ['203.0.113.0/24'] }),
  loadBalancerClass: str('Load balancer implementation, e.g. service.k8s.aws/nlb.'),
  loadBalancerIP: str('Requested load balancer address (deprecated by Kubernetes; prefer annotations of your LB).'),
  allocateLoadBalancerNodePorts: bool('Whether a LoadBalancer also gets node ports.'),
  sessionAffinity: oneOf(['None', 'ClientIP'], 'Session affinity.'),
  sessionAffinityConfig: k8sObject('Session affinity settings.'),
  externalIPs: stringList('External IPs routed to the Service.'),
  ipFamilyPolicy: oneOf(['SingleStack', 'PreferDualStack', 'RequireDualStack'], 'IP family policy.'),
  ipFamilies: stringList('IP families, e.g. [IPv4, IPv6].'),
  publishNotReadyAddresses: bool('Publish pods before they are ready (peer discovery).'),
  labels: stringMap('Labels of the Service.'),
  annotations: stringMap('Annotations of the Service (cloud load balancer settings go here).'),
});

const ingressPath = obj('A path of an Ingress host.', {
  path: str('URL path.', { default: '/' }),
  pathType: oneOf(['Prefix', 'Exact', 'ImplementationSpecific'], 'How the path matches.'),
  serviceName: str('Backend Service; defaults to the app.'),
  servicePortName: str('Backend port by name.'),
  servicePortNumber: port('Backend port by number; defaults to service.port, else image.port.'),
});

const ingressHost = obj('A host of an Ingress entry.', {
  hostname: str('Host name; may use templates, e.g. "{{ include \\"app.name\\" . }}.apps.{{ .Values.captain_domain }}".'),
  paths: listOf('Paths; unset routes "/" (Prefix) to the app.', ingressPath),
});

const ingressTls = raw({
  type: ['array', 'null'],
  description: 'TLS of the Ingress: a list of {hosts, secretName}; strings may use templates.',
  items: {
    type: 'object',
    additionalProperties: false,
    properties: {
      hosts: { type: 'array', items: { type: 'string' } },
      secretName: { type: 'string' },
    },
  },
});

const ingressEntry = obj('One Ingress, named <app>-<name>.', {
  name: str('Entry name; the Ingress is called <app>-<name>.'),
  ingressClassName: str('Ingress class of this entry (overrides ingress.ingressClassName).'),
  annotations: stringMap('Annotations of this Ingress (over ingress.annotations).'),
  labels: stringMap('Labels of this Ingress (over ingress.labels).'),
  hosts: listOf('Hosts of this Ingress.', ingressHost),
  tls: ingressTls,
});

const ingress = obj('HTTP(S) Ingresses, one per entry.', {
  enabled: bool('Whether to render the Ingresses.', { default: false }),
  ingressClassName: str('Default ingress class of every entry.'),
  annotations: stringMap('Annotations of every Ingress.'),
  labels: stringMap('Labels of every Ingress.'),
  tls: ingressTls,
  entries: listOf('The Ingresses.', ingressEntry, {
    example: [
      {
        name: 'public',
        ingressClassName: 'public-traefik',
        hosts: [{ hostname: '{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}' }],
      },
    ],
  }),
});

const networkPolicy = obj(
  'A NetworkPolicy that admits traffic to the app\'s ports only from the sources listed; with none listed it ' +
    'denies all ingress. Traffic through an ingress controller arrives from the controller\'s pods: allow its namespace.',
  {
    enabled: bool('Whether to render the NetworkPolicy.', { default: false }),
    allowCIDRs: stringList('Client address ranges admitted (ipBlock), e.g. an office or VPN range.', {
      example: ['203.0.113.0/24'],
    }),
    allowNamespaces: stringList('Namespaces whose pods are admitted, by name.', { example: ['traefik'] }),
    allowNamespaceSelectors: raw({
      type: ['array', 'null'],
      items: { type: 'object', additionalProperties: { type: 'string' } },
      description: 'Namespaces whose pods are admitted, each by a map of labels.',
    }),
    allowPodSelectors: raw(
      {
        type: ['array', 'null'],
        items: { type: 'object', additionalProperties: { type: 'string' } },
        description: 'Pods of the app\'s namespace that are admitted, each by a map of labels.',
      },
      { example: [{ 'app.kubernetes.io/name': 'pgbouncer' }] },
    ),
    ports: raw({
      type: ['array', 'null'],
      description: 'Ports the sources may reach ({port, protocol}); default: the main port and deployment.containerPorts.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['port'],
        properties: {
          port: { type: ['integer', 'string'], description: 'Port number or name.' },
          endPort: { type: 'integer', description: 'Last port of a range.' },
          protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'], description: 'Protocol.' },
        },
      },
    }),
    extraIngress: k8sList('Further NetworkPolicy ingress rules, as Kubernetes writes them; strings may use templates.'),
    labels: stringMap('Labels of the NetworkPolicy.'),
    annotations: stringMap('Annotations of the NetworkPolicy.'),
  },
);

const customResource: JSONSchema7 = {
  description:
    'A manifest: a YAML string rendered with tpl (several "---" documents allowed), an object (deep-merged ' +
    'across values files), {verbatim: "..."} for text emitted without tpl, or null / "" for nothing.',
  anyOf: [
    { type: 'string' },
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['verbatim'],
      properties: { verbatim: { type: 'string', description: 'Manifest text emitted as written (its {{ }} kept).' } },
    },
    { type: 'object', not: { required: ['verbatim'] } },
  ],
};

const image = obj('The image of the app and what all its pods inherit.', {
  registry: str('Registry host.', { default: 'docker.io' }),
  repository: str('Repository in the registry.', { default: 'nginx' }),
  tag: raw(
    { type: ['string', 'number', 'null'], description: 'Tag; unset falls back to appVersion, then the chart version.' },
    { default: '1.29.5' },
  ),
  digest: str('Digest pinning the image (sha256:...); kept beside the tag.', {
    keywords: { pattern: '^$|^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$' },
  }),
  useChartVersionAsTagFallback: bool('Fall back to the chart version when neither tag nor appVersion is set.', {
    default: true,
  }),
  pullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Image pull policy.', { default: 'IfNotPresent' }),
  pullSecrets: pullSecrets('Pull secret name(s) every pod template inherits.'),
  imagePullSecrets: pullSecrets('GlueOps name of pullSecrets.'),
  port: port('Port the app listens on: the main container port and the Service port.', { default: 8080 }),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol of the main port.'),
  command: stringList('Entrypoint of the main container.', { example: ['/bin/sh', '-c'] }),
  args: stringList('Arguments of the main container.'),
  lifecycle: k8sObject('Lifecycle hooks of the main container.'),
});

export const values = obj(
  'Values of the app chart.',
  {
    appName: str('Name of the app and of its objects; defaults to the release name (<app>-<env> under ArgoCD).'),
    appVersion: raw({ type: ['string', 'number', 'null'], description: 'Version label; image tag fallback.' }),
    appEnv: str('Environment name, given to the app as ENV_APP_ENV.'),
    appPort: port('Port the app listens on (over image.port).'),
    namespaceOverride: str('Namespace of the objects; defaults to the release namespace.'),
    teamOwner: str('Owning team, as the label app.kubernetes.io/teamowner.'),
    commonLabels: stringMap('Labels added to every object the chart builds.'),
    commonAnnotations: stringMap('Annotations added to every object the chart builds.'),
    global: raw({ type: ['object', 'null'], description: 'Values shared with subcharts (Helm convention).' }),
    image,
    deployment,
    service,
    ingress,
    networkPolicy,
    serviceAccount: obj('The ServiceAccount the pods may run as.', {
      name: str('Name used by deployment.serviceAccount.enabled.'),
    }),
    customResources: raw(
      { type: ['array', 'null'], items: customResource, description: 'Extra manifests, in list order. An env file that sets this list replaces the whole base list; use customResourcesMap to add to it.' },
      {
        example: [
          'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata:\n  name: postgres-tls-options\nspec:\n  alpnProtocols:\n    - postgresql\n',
        ],
      },
    ),
    customResourcesMap: raw(
      {
        type: ['object', 'null'],
        additionalProperties: customResource,
        description: 'Extra manifests by name, rendered in key order after customResources. Maps merge across values files: an env file adds, overrides or removes (name: null) single entries.',
      },
      {
        example: {
          'tls-options':
            'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata:\n  name: postgres-tls-options\nspec:\n  alpnProtocols:\n    - postgresql\n',
        },
      },
    ),
  },
);

/** The root stays open: values files keep their own keys (captain_domain, ...) for templates to read. */
export function rootSchema(): JSONSchema7 {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'app chart values',
    ...values.schema,
    type: 'object',
    additionalProperties: true,
  };
}

export type { Node };
