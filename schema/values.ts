// The values of the chart: the one source of chart/values.schema.json, schema/values.types.ts and
// chart/values.yaml. Keys and meanings follow the GlueOps `app` chart.
import type { JSONSchema7 } from 'json-schema';
import {
  bool,
  count,
  crd,
  ignored,
  int,
  intOrString,
  k8s,
  k8sList,
  k8sListOf,
  k8sObject,
  labelsMapOrList,
  listOf,
  mapOf,
  obj,
  oneOf,
  port,
  quantity,
  raw,
  str,
  stringList,
  stringMap,
  type Node,
} from './dsl.ts';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** Applies `then` only when the object sets enabled: true, so a partial env file that does not enable it stays valid. */
const whenEnabled = (then: JSONSchema7): JSONSchema7 => ({
  if: { properties: { enabled: { const: true } }, required: ['enabled'] },
  then,
});

/** Requires keys to be set to a non-null value of the given schemas. */
const setTo = (keys: Record<string, JSONSchema7>): JSONSchema7 => ({ required: Object.keys(keys), properties: keys });
const text: JSONSchema7 = { type: 'string', pattern: '\\S' };

const pullSecrets = (description: string) =>
  raw({
    type: ['string', 'array', 'null'],
    items: {
      anyOf: [
        { type: 'string' },
        { type: 'object', properties: { name: { type: 'string', description: 'Name of the pull secret.' } }, required: ['name'] },
      ],
    },
    description,
  });

/** An image digest (algorithm:hex, as the OCI image spec writes it), or "" for none. */
const DIGEST = { pattern: '^$|^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$' };

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
        digest: { type: ['string', 'null'], description: 'Digest (sha256:...).', ...DIGEST },
      },
    },
  ],
});

/** A key an item of a list cannot do without (Kubernetes needs it): present, a non-empty string. */
const needed = { keywords: { type: 'string', minLength: 1 } } as const;

const envVariable = obj(
  'A literal environment variable.',
  {
    name: str('Variable name.', needed),
    value: raw({ type: ['string', 'number', 'boolean', 'null'], description: 'Value; rendered as a string.' }),
  },
  { keywords: { required: ['name'] } },
);

/** An object of string fields that must all be set (each required and non-empty). */
const allNeeded = (description: string, fields: Record<string, string>) =>
  obj(description, Object.fromEntries(Object.entries(fields).map(([key, text]) => [key, str(text, needed)])), {
    keywords: { required: Object.keys(fields) },
  });

const envSecret = allNeeded('An environment variable read from a key of a Secret.', {
  variable: 'Variable name inside the container.',
  secretName: 'Name of the Secret.',
  secretKey: 'Key in the Secret that holds the value.',
});

const envConfigMap = allNeeded('An environment variable read from a key of a ConfigMap.', {
  variable: 'Variable name inside the container.',
  configMapName: 'Name of the ConfigMap.',
  configMapKey: 'Key in the ConfigMap that holds the value.',
});

const containerPort = obj('An extra port of the main container.', {
  name: str('Port name (at most 15 characters), used by Services and routes to refer to it.', {
    keywords: { maxLength: 15 },
  }),
  port: port('Port number the container listens on.'),
  containerPort: port('Alias of port.'),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol.', { default: 'TCP' }),
});

const envFromItem: JSONSchema7 = {
  description: 'A whole Secret or ConfigMap as variables: {type: secretRef|configMapRef, name}, or a Kubernetes EnvFromSource.',
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'name'],
      properties: {
        type: { type: 'string', enum: ['secretRef', 'configMapRef'], description: 'secretRef or configMapRef.' },
        name: { type: 'string', description: 'Name of the Secret or ConfigMap.' },
      },
    },
    { $ref: '#/definitions/EnvFromSource' },
  ],
};

const envMapValue: JSONSchema7 = {
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        value: { type: ['string', 'number', 'boolean', 'null'], description: 'Literal value; rendered as a string.' },
        valueFrom: {
          $ref: '#/definitions/EnvVarSource',
          description: 'Where the value comes from (secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef).',
        },
      },
    },
    { type: ['string', 'number', 'boolean', 'null'] },
  ],
};

/** The main container: its image, command, ports, environment, resources, probes and hooks. */
const mainContainerOptions = (): Record<string, Node> => ({
  image: imageOverride,
  imagePullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Image pull policy (overrides image.pullPolicy).'),
  imagePullSecrets: pullSecrets(
    'Pull secret name(s) of these pods; overrides image.pullSecrets (and, on a job, the one beside the jobs). ' +
      '"" (or []) renders none; null inherits.',
  ),
  command: stringList('Entrypoint of the main container (image.command wins when both are set).'),
  args: stringList('Arguments of the main container (image.args wins when both are set).'),
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
      additionalProperties: envMapValue,
      description:
        'Environment variables by name: {value: x}, {valueFrom: {...}} or a plain value. A map merges across ' +
        'values files, so an env file can change one variable.',
    },
    { example: { LOG_LEVEL: { value: 'info' } } },
  ),
  envFrom: raw({ type: ['array', 'null'], items: envFromItem, description: 'Whole Secrets or ConfigMaps as variables.' }),
  resources: k8s('ResourceRequirements', 'Resource requests and limits of the main container.', {
    example: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  }),
  livenessProbe: k8s('Probe', 'Liveness probe of the main container.'),
  readinessProbe: k8s('Probe', 'Readiness probe of the main container.'),
  startupProbe: k8s('Probe', 'Startup probe of the main container.'),
  lifecycle: k8s('Lifecycle', 'Lifecycle hooks of the main container (image.lifecycle wins).'),
});

/** Security contexts of the pods and of the main container. */
const securityOptions = (): Record<string, Node> => ({
  securityContext: k8s('PodSecurityContext', 'Pod security context.'),
  containerSecurityContext: k8s('SecurityContext', 'Security context of the main container.'),
});

/** Where the pods run: node selection, tolerations, affinity and spread. */
const schedulingOptions = (): Record<string, Node> => ({
  nodeSelector: stringMap('Node labels the pods must run on.'),
  tolerations: k8sListOf('Toleration', 'Tolerations of the pods.'),
  affinity: k8s('Affinity', 'Affinity of the pods; strings may use templates.'),
  topologySpreadConstraints: k8sListOf(
    'TopologySpreadConstraint',
    'Topology spread constraints; strings may use templates. Unset spreads pods across zones (ScheduleAnyway); [] renders none.',
  ),
  topologySpreadConstraintsMaxSkew: int('maxSkew of the default zone spread.', { keywords: { minimum: 1 } }),
});

/** Volumes of the pods and mounts of the main container. */
const storageOptions = (): Record<string, Node> => ({
  volumes: k8sListOf('Volume', 'Volumes of the pods; strings may use templates.'),
  volumeMounts: k8sListOf('VolumeMount', 'Volume mounts of the main container; strings may use templates.'),
});

/** Containers beside the main one. */
const extraContainerOptions = (): Record<string, Node> => ({
  initContainers: k8sListOf('Container', 'Init containers, as Kubernetes containers.'),
  sidecar: k8sListOf('Container', 'Sidecar containers, as Kubernetes containers, run beside the main one.'),
});

/** Labels and annotations of the workload and of its pods. */
const metadataOptions = (): Record<string, Node> => ({
  annotations: labelsMapOrList('Annotations of the workload object and of its pods (a map, or a list of {key, value}).'),
  labels: labelsMapOrList('Labels of the workload object and of its pods (a map, or a list of {key, value}).'),
  podAnnotations: stringMap('Annotations of the pods only.'),
  podLabels: stringMap('Labels of the pods only.'),
  matchLabels: stringMap(
    'Extra labels of the pods, added to their selector (immutable) and, as in the GlueOps chart, to the selectors of ' +
      'the Service, the PodDisruptionBudget, the NetworkPolicy and the default topology spread.',
  ),
});

/** The ServiceAccount the pods run as. */
const identityOptions = (): Record<string, Node> => ({
  serviceAccount: obj('Which ServiceAccount the pods run as.', {
    enabled: bool('Whether to set serviceAccountName (to serviceAccount.name, this name, or the app name).', {
      default: false,
    }),
    name: str('ServiceAccount name; with serviceAccount.create and no serviceAccount.name, also the name of the one the chart renders.'),
    automountServiceAccountToken: bool('Whether to mount the ServiceAccount token.'),
  }),
  serviceAccountName: str('ServiceAccount name, when serviceAccount.enabled is not used.'),
});

/** How the pods run: DNS, host namespaces, links, shutdown, priority, runtime and restarts. */
const runtimeOptions = (): Record<string, Node> => ({
  hostAliases: k8sListOf('HostAlias', 'Extra /etc/hosts entries of the pods.'),
  dnsPolicy: oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'], 'DNS policy of the pods.'),
  dnsConfig: k8s('PodDNSConfig', 'DNS configuration of the pods.'),
  shareProcessNamespace: bool('Whether the containers of a pod share one process namespace.'),
  enableServiceLinks: bool('Whether Service environment variables are injected into the pods (default true).'),
  terminationGracePeriodSeconds: int('Seconds a pod gets to stop gracefully (default 60, as in the GlueOps chart; 0 stops it at once).', {
    keywords: { minimum: 0 },
  }),
  hostNetwork: bool('Whether the pods use the node network.'),
  priorityClassName: str('PriorityClass of the pods.'),
  runtimeClassName: str('RuntimeClass of the pods.'),
  schedulerName: str('Scheduler of the pods.'),
  restartPolicy: oneOf(
    ['Always', 'OnFailure', 'Never'],
    'Restart policy of the pods (default: unset for Deployment and StatefulSet, OnFailure for CronJobs, Never for Jobs).',
  ),
});

/**
 * The pod options every workload shares (Deployment, StatefulSet, each CronJob and Job): one pod template
 * renders them all (chart/templates/_pod.tpl).
 * Listed in the order values.yaml and the values reference show them.
 */
const podOptions = (): Record<string, Node> => ({
  ...mainContainerOptions(),
  ...securityOptions(),
  ...schedulingOptions(),
  ...storageOptions(),
  ...extraContainerOptions(),
  ...metadataOptions(),
  ...identityOptions(),
  ...runtimeOptions(),
});

/** The workload keys a Deployment and a StatefulSet share: replicas and the pod options. */
const longRunning = (kind: string) => ({
  replicas: int(`Number of pods (left to the autoscaler when keda.enabled or horizontalPodAutoscaler.enabled).`, {
    default: kind === 'Deployment' ? 1 : undefined,
    keywords: { minimum: 0 },
  }),
  revisionHistoryLimit: int(`How many old revisions of the ${kind} to keep for rollback.`, { keywords: { minimum: 0 } }),
  minReadySeconds: int('Seconds a new pod must be ready before it counts as available.', { keywords: { minimum: 0 } }),
});

const deployment = obj('The Deployment that runs the app (not rendered when statefulSet.enabled).', {
  enabled: bool('Whether to render the Deployment.', { default: false }),
  ...longRunning('Deployment'),
  strategy: raw(
    {
      description:
        'Rollout strategy: RollingUpdate or Recreate (with maxSurge / maxUnavailable beside it), or a full ' +
        'Kubernetes DeploymentStrategy object. Unset is RollingUpdate.',
      anyOf: [{ type: 'string', enum: ['RollingUpdate', 'Recreate'] }, { $ref: '#/definitions/DeploymentStrategy' }, { type: 'null' }],
    },
    // no default in values.yaml: Helm warns when a values file puts an object where the default is a string
    { example: 'Recreate' },
  ),
  maxSurge: intOrString('RollingUpdate: pods above replicas during a rollout (default 100% for 1 replica, else 50%).'),
  maxUnavailable: intOrString('RollingUpdate: pods that may be unavailable during a rollout (default 0 for 1 replica, else half).'),
  port: port('Legacy place for the app port; image.port is preferred.'),
  ...podOptions(),
});

const volumeClaimTemplate = obj('A volume claim template: every pod gets its own PersistentVolumeClaim, mounted in the main container.', {
  accessModes: raw({
    description: 'Access mode(s), e.g. ReadWriteOnce.',
    anyOf: [{ type: 'string', enum: ACCESS_MODES }, { type: 'array', items: { type: 'string', enum: ACCESS_MODES } }, { type: 'null' }],
  }),
  storageClassName: str('Storage class; unset uses the cluster default.'),
  requestsStorage: quantity('Size of each claim, e.g. 10Gi.'),
  volumeMode: oneOf(['Filesystem', 'Block'], 'Volume mode.'),
  mountPath: str('Where the main container mounts the volume.'),
  subPath: str('Sub-path of the volume to mount.'),
  readOnly: bool('Mount read-only.'),
  labels: stringMap('Labels of the claims.'),
  annotations: stringMap('Annotations of the claims.'),
});

const statefulSet = obj(
  'A StatefulSet that runs the app instead of the Deployment: stable pod names and a volume per pod.',
  {
    enabled: bool('Whether to render the StatefulSet (the Deployment is then not rendered).', { default: false }),
    ...longRunning('StatefulSet'),
    serviceName: str('The Service that gives the pods their DNS names (<pod>.<serviceName>); defaults to the app name.'),
    updateStrategy: raw(
      {
        description:
          'Update strategy: RollingUpdate or OnDelete, or a full Kubernetes StatefulSetUpdateStrategy object. Unset is RollingUpdate.',
        anyOf: [
          { type: 'string', enum: ['RollingUpdate', 'OnDelete'] },
          { $ref: '#/definitions/StatefulSetUpdateStrategy' },
          { type: 'null' },
        ],
      },
      // no default in values.yaml: Helm warns when a values file puts an object where the default is a string
      { example: 'OnDelete' },
    ),
    podManagementPolicy: oneOf(['OrderedReady', 'Parallel'], 'Whether pods start and stop one by one (OrderedReady) or all at once.'),
    persistentVolumeClaimRetentionPolicy: k8s(
      'StatefulSetPersistentVolumeClaimRetentionPolicy',
      'Whether the claims of the volume claim templates are kept or deleted when the StatefulSet is deleted or scaled down.',
    ),
    volumeClaimTemplates: mapOf(
      'Volume claim templates by name; each is mounted in the main container at its mountPath.',
      volumeClaimTemplate,
      {
        example: { data: { accessModes: 'ReadWriteOnce', requestsStorage: '10Gi', mountPath: '/var/lib/postgresql/data' } },
      },
    ),
    ...podOptions(),
  },
  {
    keywords: whenEnabled({
      properties: {
        volumeClaimTemplates: {
          additionalProperties: { anyOf: [{ type: 'null' }, setTo({ requestsStorage: { type: ['string', 'number'] }, mountPath: text })] },
        },
      },
    }),
  },
);

/** JobSpec fields: on each job, or at cronJob / job level as the default of every job. */
const jobSpec = (): Record<string, Node> => ({
  backoffLimit: count('Retries before the Job is marked failed (0 never retries).'),
  parallelism: count('Pods that may run at once.'),
  completions: count('Successful pods the Job needs.'),
  activeDeadlineSeconds: count('Seconds the Job may run before it is stopped, retries or not.'),
  ttlSecondsAfterFinished: count('Seconds after it finishes before the Job (and its pods) are deleted.'),
  completionMode: oneOf(['NonIndexed', 'Indexed'], 'Completion mode; Indexed needs completions.'),
  podReplacementPolicy: oneOf(['TerminatingOrFailed', 'Failed'], 'When a failed pod is replaced.'),
  podFailurePolicy: k8s('PodFailurePolicy', 'Which pod failures fail the Job or are ignored (needs restartPolicy: Never).'),
});

/** CronJob fields (all but schedule): on each cron job, or at cronJob level as the default of every cron job. */
const cronSpec = (): Record<string, Node> => ({
  timeZone: str("Time zone of the schedule, e.g. Europe/Berlin (default: the controller's, usually UTC)."),
  concurrencyPolicy: oneOf(['Allow', 'Forbid', 'Replace'], 'What a run does while the previous one is still running (default Replace).'),
  startingDeadlineSeconds: count('Seconds a missed run may still start late (default 30).'),
  suspend: bool('Pause the schedule (default false).'),
  successfulJobsHistoryLimit: count('Finished Jobs to keep.'),
  failedJobsHistoryLimit: count('Failed Jobs to keep.'),
});

const jobEnabled = bool('Whether to render this job (default true): false drops a job that shared values define.');

const cronJobEntry = obj('A CronJob, named <app>-<job>. Keys it leaves unset come from cronJob.', {
  enabled: jobEnabled,
  schedule: str('Cron schedule, e.g. "0 3 * * *" (required).'),
  ...cronSpec(),
  ...jobSpec(),
  ...podOptions(),
});

const jobEntry = obj('A Job, named <app>-<job>. Keys it leaves unset come from job.', {
  enabled: jobEnabled,
  suspend: bool('Create the Job suspended (default false).'),
  ...jobSpec(),
  ...podOptions(),
});

const { labels: _cronLabels, annotations: _cronAnnotations, ...podDefaults } = podOptions();

const cronJob = obj(
  "CronJobs, one per entry of jobs. Every other key here is the default of all the cron jobs; a job's own value wins " +
    '(maps such as resources or envMap merge key by key, lists are replaced).',
  {
    enabled: bool('Whether to render the CronJobs.', { default: false }),
    labels: stringMap('Labels of every CronJob object (not of their pods).'),
    annotations: stringMap('Annotations of every CronJob object (not of their pods).'),
    jobs: mapOf('The cron jobs by name.', cronJobEntry, {
      example: { cleanup: { schedule: '0 3 * * *', command: ['/app/cleanup'], backoffLimit: 2 } },
    }),
    ...cronSpec(),
    ...jobSpec(),
    ...podDefaults,
  },
  {
    keywords: whenEnabled({
      properties: {
        jobs: {
          additionalProperties: {
            if: { properties: { enabled: { const: false } }, required: ['enabled'] },
            else: { anyOf: [{ type: 'null' }, setTo({ schedule: text })] },
          },
        },
      },
    }),
  },
);

const job = obj(
  'Jobs, one per entry of jobs (run once, e.g. migrations). Every other key here is the default of all the jobs; a ' +
    "job's own value wins (maps merge key by key, lists are replaced).",
  {
    enabled: bool('Whether to render the Jobs.', { default: false }),
    labels: stringMap('Labels of every Job object (not of their pods).'),
    annotations: stringMap('Annotations of every Job object (not of their pods).'),
    jobs: mapOf('The jobs by name.', jobEntry, {
      example: { 'db-migration': { command: ['/app/migrate'], backoffLimit: 2, ttlSecondsAfterFinished: 300 } },
    }),
    suspend: bool('Create the Jobs suspended.'),
    ...jobSpec(),
    ...podDefaults,
  },
);

/** The data of a ConfigMap or Secret as a map: keys Kubernetes accepts, scalar values, null to drop a key. */
const dataKeys = (description: string) =>
  raw({
    type: ['object', 'null'],
    description,
    additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    propertyNames: { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 },
  });

const configMap = obj(
  'ConfigMaps the chart renders, named <app>-<config>; pods of the Deployment and StatefulSet restart when they change.',
  {
    enabled: bool('Whether to render the ConfigMaps.', { default: false }),
    labels: stringMap('Labels of every ConfigMap.'),
    annotations: stringMap('Annotations of every ConfigMap.'),
    configs: mapOf(
      'ConfigMaps by name suffix: set data (YAML text of key: value pairs, rendered with tpl) or dataMap (a map), not both.',
      obj('One ConfigMap.', {
        data: str('The data as YAML text of key: value pairs; may use templates.'),
        dataMap: dataKeys('The data as a map; merges across values files, and a key set to null is dropped.'),
      }),
      { example: { settings: { dataMap: { LOG_LEVEL: 'info', 'app.yaml': 'port: 8080\n' } } } },
    ),
  },
  {
    keywords: whenEnabled({
      properties: {
        configs: {
          additionalProperties: {
            anyOf: [
              { type: 'null' },
              { ...setTo({ data: { type: 'string' } }), not: setTo({ dataMap: { type: 'object' } }) },
              { ...setTo({ dataMap: { type: 'object' } }), not: setTo({ data: { type: 'string' } }) },
            ],
          },
        },
      },
    }),
  },
);

const secret = obj(
  'Secrets the chart renders, named <app>-<secret>; pods of the Deployment and StatefulSet restart when they change. ' +
    'Values files are rarely a safe place for secrets: prefer externalSecret.',
  {
    enabled: bool('Whether to render the Secrets.', { default: false }),
    labels: stringMap('Labels of every Secret.'),
    annotations: stringMap('Annotations of every Secret.'),
    secrets: mapOf(
      'Secrets by name suffix.',
      obj('One Secret.', {
        type: str('Secret type (default Opaque).'),
        data: dataKeys('The data as plain text by key; the chart base64-encodes it. A key set to null is dropped.'),
      }),
      { example: { credentials: { data: { username: 'app' } } } },
    ),
  },
);

const secretStoreRef = obj('The SecretStore to read from.', {
  name: str('Name of the store.'),
  kind: oneOf(['SecretStore', 'ClusterSecretStore'], 'Kind of the store (default ClusterSecretStore).'),
});

const remoteRefFields = {
  key: str('Key of the secret in the store.', { keywords: { pattern: '\\S' } }),
  property: str('Property of the secret to read (e.g. a JSON field).'),
  version: str('Version of the secret, e.g. AWSCURRENT.'),
  decodingStrategy: oneOf(['None', 'Base64', 'Base64URL', 'Auto'], 'How to decode the value.'),
  conversionStrategy: oneOf(['Default', 'Unicode'], 'How to convert the value.'),
  metadataPolicy: oneOf(['None', 'Fetch'], "Whether to read the secret's metadata instead of its value."),
};

const externalSecretEntry = obj('One ExternalSecret, named <app>-<secret>, and the Secret it writes.', {
  name: str('Name of the Secret it writes (default <app>-<secret>); pods read their variables from it.'),
  refreshInterval: str('How often to re-read the store, e.g. 1h (default externalSecret.refreshInterval).'),
  type: str('Type of the Secret it writes (default Opaque), e.g. kubernetes.io/dockerconfigjson.'),
  secretStore: secretStoreRef,
  labels: stringMap('Labels of the Secret it writes.'),
  annotations: stringMap('Annotations of the Secret it writes.'),
  data: mapOf(
    'Keys of the Secret, each read from the store; every pod gets each as an environment variable (envName, else the key).',
    obj(
      'One key of the Secret.',
      {
        envName: str('Name of the environment variable (default: the key).'),
        remoteRef: obj('Where the value is in the store.', remoteRefFields, { keywords: { required: ['key'] } }),
      },
      { keywords: { required: ['remoteRef'] } },
    ),
  ),
  dataFrom: obj('Read every property of one secret of the store; every pod gets them all as environment variables.', remoteRefFields, {
    keywords: { required: ['key'] },
  }),
});

const externalSecret = obj(
  'ExternalSecrets (External Secrets Operator): Secrets filled from a secret store.',
  {
    enabled: bool('Whether to render the ExternalSecrets and give pods their variables.', { default: false }),
    secretStore: obj('The store every ExternalSecret reads from unless it names its own.', {
      name: str('Name of the store.', { default: 'vault-backend' }),
      kind: oneOf(['SecretStore', 'ClusterSecretStore'], 'Kind of the store (default ClusterSecretStore).'),
    }),
    refreshInterval: str('How often to re-read the store.', { default: '2s' }),
    secrets: mapOf('The ExternalSecrets by name suffix.', externalSecretEntry, {
      example: { db: { data: { 'db-password': { envName: 'DB_PASSWORD', remoteRef: { key: 'db', property: 'password' } } } } },
    }),
  },
  {
    keywords: whenEnabled({
      properties: {
        secretStore: setTo({ name: text }),
        secrets: {
          additionalProperties: {
            anyOf: [{ type: 'null' }, setTo({ data: { type: 'object', minProperties: 1 } }), setTo({ dataFrom: { type: 'object' } })],
          },
        },
      },
      required: ['secretStore'],
    }),
  },
);

const serviceAccount = obj('The ServiceAccount of the app.', {
  create: bool('Whether to render the ServiceAccount.', { default: false }),
  name: str('Its name (default: the app name); also the serviceAccountName of pods with serviceAccount.enabled.'),
  automountServiceAccountToken: bool('Whether pods using it mount its token by default.'),
  labels: stringMap('Labels of the ServiceAccount.'),
  annotations: stringMap('Annotations of the ServiceAccount, e.g. eks.amazonaws.com/role-arn for IAM roles.'),
});

const podDisruptionBudget = obj("A PodDisruptionBudget for the app's pods: how many may be evicted at once.", {
  enabled: bool('Whether to render the PodDisruptionBudget.', { default: false }),
  minAvailable: intOrString(
    'Pods that must stay available (number or percentage); wins over maxUnavailable: set it to null to use maxUnavailable.',
    {
      default: 1,
    },
  ),
  maxUnavailable: intOrString('Pods that may be unavailable (number or percentage); used when minAvailable is null.'),
  unhealthyPodEvictionPolicy: oneOf(['IfHealthyBudget', 'AlwaysAllow'], 'When unhealthy pods may be evicted.'),
  labels: stringMap('Labels of the PodDisruptionBudget.'),
  annotations: stringMap('Annotations of the PodDisruptionBudget.'),
});

const persistentVolumeClaim = obj(
  'One PersistentVolumeClaim (or an existing claim) mounted in the main container of every pod.',
  {
    enabled: bool('Whether to render the claim (unless existingClaim) and mount it (at mountPath).', { default: false }),
    name: str('Name of the claim (default <app>-pvc).'),
    existingClaim: raw({
      type: ['string', 'boolean', 'null'],
      description: 'Mount a claim that already exists instead of rendering one: its name, or true for persistentVolumeClaim.name.',
    }),
    mountPath: str('Where the main container of every pod mounts it; unset renders the claim and mounts it nowhere.'),
    mountPVC: ignored(
      ['boolean', 'string'],
      "Does nothing: a key of the GlueOps chart's examples that its chart never reads. The claim is mounted when mountPath is set.",
      'does nothing (the GlueOps chart ignores it too): the claim is mounted wherever mountPath says. Remove the key.',
    ),
    subPath: str('Sub-path of the volume to mount.'),
    accessMode: oneOf(ACCESS_MODES, 'Access mode.', { default: 'ReadWriteOnce' }),
    storageClass: str('Storage class; "-" renders storageClassName: "" (no dynamic provisioning); unset uses the cluster default.'),
    storageSize: quantity('Size of the claim, e.g. 8Gi (required).'),
    volumeMode: oneOf(['Filesystem', 'Block', ''], 'Volume mode; "" is unset (the cluster default, Filesystem).'),
    volumeName: str('Bind to this PersistentVolume.'),
    labels: stringMap('Labels of the claim.'),
    annotations: stringMap('Annotations of the claim, e.g. helm.sh/resource-policy: keep.'),
  },
  {
    keywords: {
      allOf: [
        whenEnabled({
          if: { properties: { existingClaim: { enum: [null, false, ''] } } },
          then: setTo({ storageSize: { type: ['string', 'number'] } }),
        }),
      ],
    },
  },
);

const keda = obj('KEDA autoscaling: a ScaledObject for the Deployment (or StatefulSet) and TriggerAuthentications.', {
  enabled: bool('Whether to render the KEDA objects; the workload then leaves replicas to KEDA.', { default: false }),
  scaledObject: obj('The ScaledObject, named after the app.', {
    enabled: bool('Whether to render it.', { default: false }),
    labels: stringMap('Labels of the ScaledObject.'),
    annotations: stringMap('Annotations of the ScaledObject.'),
    spec: crd(
      'KedaScaledObjectSpec',
      'KEDA',
      "Its spec, as KEDA's ScaledObjectSpec: every field KEDA knows is passed through, and one it does not is refused. " +
        "scaleTargetRef defaults to the app's Deployment (or StatefulSet); triggers, when empty, come from triggersMap " +
        '(triggers by name, which merge across values files; null removes one). Counts may be written as digits ("30"), ' +
        'and trigger metadata values are rendered as strings.',
      {
        example: {
          minReplicaCount: 1,
          maxReplicaCount: 10,
          triggersMap: { cpu: { type: 'cpu', metricType: 'Utilization', metadata: { value: '80' } } },
        },
      },
    ),
  }),
  triggerAuthentication: mapOf(
    'TriggerAuthentications, named <app>-<key>, that triggers reference by authenticationRef.',
    obj('One TriggerAuthentication.', {
      enabled: bool('Whether to render it.'),
      labels: stringMap('Labels.'),
      annotations: stringMap('Annotations.'),
      spec: crd('KedaTriggerAuthenticationSpec', 'KEDA', "Its spec, as KEDA's TriggerAuthenticationSpec, passed through."),
    }),
    { example: { aws: { enabled: true, spec: { podIdentity: { provider: 'aws' } } } } },
  ),
});

const horizontalPodAutoscaler = obj(
  "A HorizontalPodAutoscaler (autoscaling/v2) for the Deployment or StatefulSet when no KEDA ScaledObject scales it (KEDA's TriggerAuthentications may stay).",
  {
    enabled: bool('Whether to render it; the workload then leaves replicas to it.', { default: false }),
    minReplicas: int('Fewest replicas.', { default: 1, keywords: { minimum: 1 } }),
    maxReplicas: int('Most replicas (required).', { keywords: { minimum: 1 } }),
    targetCPUUtilizationPercentage: int('Average CPU use, in percent of the requests, to keep the pods at.', { keywords: { minimum: 1 } }),
    targetMemoryUtilizationPercentage: int('Average memory use, in percent of the requests, to keep the pods at.', {
      keywords: { minimum: 1 },
    }),
    metrics: k8sListOf('MetricSpec', 'Further metrics, as Kubernetes writes them.'),
    behavior: k8s('HorizontalPodAutoscalerBehavior', 'Scale-up and scale-down behaviour.'),
    labels: stringMap('Labels of the HorizontalPodAutoscaler.'),
    annotations: stringMap('Annotations of the HorizontalPodAutoscaler.'),
  },
  {
    keywords: whenEnabled({
      ...setTo({ maxReplicas: { type: 'integer' } }),
      anyOf: [
        setTo({ targetCPUUtilizationPercentage: { type: 'integer' } }),
        setTo({ targetMemoryUtilizationPercentage: { type: 'integer' } }),
        setTo({ metrics: { type: 'array', minItems: 1 } }),
      ],
    }),
  },
);

const servicePort = obj('An extra port of the Service.', {
  name: str('Port name (default http, as in the GlueOps chart); each port of the Service needs its own.'),
  port: port('Port the Service listens on.'),
  targetPort: intOrString(
    'Container port (number or name) to send to. Unset: the container port of the same number when a container of the pods ' +
      'declares one (containerPorts, sidecar ports), else the app port (image.port), as in the GlueOps chart.',
  ),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol.', { default: 'TCP' }),
  nodePort: int('Fixed node port (NodePort and LoadBalancer types).', { keywords: { minimum: 1, maximum: 65535 } }),
  appProtocol: str('Application protocol hint, e.g. postgresql or kubernetes.io/h2c.'),
});

const service = obj('The Service in front of the pods (also rendered when ingress.enabled).', {
  enabled: bool('Whether to render the Service.', { default: false }),
  type: oneOf(['ClusterIP', 'NodePort', 'LoadBalancer'], 'Service type.', { default: 'ClusterIP' }),
  headless: bool('Render a headless Service (clusterIP: None) for direct pod DNS records.'),
  headlessService: bool("The GlueOps chart's name of headless: true renders clusterIP: None."),
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
  pathType: oneOf(['Prefix', 'Exact', 'ImplementationSpecific'], 'How the path matches.', { default: 'ImplementationSpecific' }),
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
      hosts: { type: 'array', items: { type: 'string' }, description: 'Host names the certificate covers.' },
      secretName: { type: 'string', description: 'Secret holding the certificate and key (kubernetes.io/tls).' },
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
  "A NetworkPolicy that admits traffic to the app's ports only from the sources listed; with none listed it " +
    "denies all ingress. Traffic through an ingress controller arrives from the controller's pods: allow its namespace.",
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
        description: "Pods of the app's namespace that are admitted, each by a map of labels.",
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
    {
      type: ['string', 'number', 'null'],
      description:
        'Tag, which may carry a digest (1.29.5@sha256:...); unset or "" falls back to appVersion, then the chart version. ' +
        "The default is the GlueOps chart's.",
    },
    { default: '1.29.5@sha256:341bf0f3ce6c5277d6002cf6e1fb0319fa4252add24ab6a0e262e0056d313208' },
  ),
  digest: str('Digest pinning the image (sha256:...); kept beside the tag, and over a digest the tag carries.', {
    keywords: DIGEST,
  }),
  useChartVersionAsTagFallback: raw(
    {
      description: 'Fall back to the chart version when neither tag nor appVersion is set: true or false, or "true" / "false" in any case.',
      anyOf: [
        { type: 'boolean' },
        { type: 'string', pattern: '^[ \\t]*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])[ \\t]*$' },
        { type: 'null' },
      ],
    },
    { default: true },
  ),
  pullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Image pull policy.', { default: 'IfNotPresent' }),
  pullSecrets: pullSecrets('Pull secret name(s) every pod template inherits.'),
  imagePullSecrets: ignored(
    ['string', 'array'],
    'Does nothing, as in the GlueOps chart (its key is image.pullSecrets; imagePullSecrets is the key of a workload or a job).',
    'does nothing (the GlueOps chart ignores it too); did you mean image.pullSecrets? Rename the key.',
  ),
  port: port('Port the app listens on: the main container port and the Service port.', { default: 8080 }),
  protocol: oneOf(['TCP', 'UDP', 'SCTP'], 'Protocol of the main port.'),
  command: stringList('Entrypoint of the main container.', { example: ['/bin/sh', '-c'] }),
  args: stringList('Arguments of the main container.'),
  lifecycle: k8s('Lifecycle', 'Lifecycle hooks of the main container.'),
});

export const values = obj('Values of the app chart.', {
  appName: str('Name of the app and of its objects; defaults to the release name (<app>-<env> under ArgoCD).'),
  appVersion: raw(
    {
      type: ['string', 'number', 'null'],
      description:
        'Version of the app: the app.kubernetes.io/version label, ENV_APP_VERSION and the image tag fallback; null falls back ' +
        "to the chart version. The default is the GlueOps chart's.",
    },
    { default: '0.0.1' },
  ),
  appEnv: str("Environment name, given to the app as ENV_APP_ENV. The default is the GlueOps chart's.", { default: 'dev' }),
  appPort: port('Port the app listens on (over image.port).'),
  namespaceOverride: str('Namespace of the objects; defaults to the release namespace.'),
  captain_domain: str(
    "Domain of the platform, which ArgoCD's platform values inject: hosts are built from it, " +
      'e.g. "{{ include \\"app.name\\" . }}.apps.{{ .Values.captain_domain }}". ' +
      'A host built from it while it is unset or empty fails the render.',
  ),
  teamOwner: str('Owning team, as the label app.kubernetes.io/teamowner.'),
  commonLabels: stringMap('Labels added to every object the chart builds.'),
  commonAnnotations: stringMap('Annotations added to every object the chart builds.'),
  global: raw({ type: ['object', 'null'], description: 'Values shared with subcharts (Helm convention).' }),
  image,
  deployment,
  statefulSet,
  cronJob,
  job,
  service,
  ingress,
  networkPolicy,
  serviceAccount,
  podDisruptionBudget,
  horizontalPodAutoscaler,
  keda,
  persistentVolumeClaim,
  configMap,
  secret,
  externalSecret,
  customResources: raw(
    {
      type: ['array', 'null'],
      items: customResource,
      description:
        'Extra manifests, in list order. An env file that sets this list replaces the whole base list; use customResourcesMap ' +
        'to add to it.',
    },
    {
      example: [
        'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata:\n  name: postgres-tls-options\n' +
          'spec:\n  alpnProtocols:\n    - postgresql\n',
      ],
    },
  ),
  customResourcesMap: raw(
    {
      type: ['object', 'null'],
      additionalProperties: customResource,
      description:
        'Extra manifests by name, rendered in key order after customResources. Maps merge across values files: an env file ' +
        'adds, overrides or removes (name: null) single entries.',
    },
    {
      example: {
        'tls-options':
          'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata:\n  name: postgres-tls-options\n' +
          'spec:\n  alpnProtocols:\n    - postgresql\n',
      },
    },
  ),
});

/** `key` is a map that sets enabled: true (null, which an env file uses to drop a section, is not enabled). */
const enabled = (key: string): JSONSchema7 => ({
  properties: { [key]: { type: 'object', properties: { enabled: { const: true } }, required: ['enabled'] } },
  required: [key],
});

/** Rules across sections: a HorizontalPodAutoscaler needs a workload to scale, and KEDA must not scale it too. */
const crossKeyRules: JSONSchema7[] = [
  { if: enabled('horizontalPodAutoscaler'), then: { anyOf: [enabled('deployment'), enabled('statefulSet')] } },
  {
    if: enabled('horizontalPodAutoscaler'),
    then: { not: { allOf: [enabled('keda'), { properties: { keda: enabled('scaledObject') } }] } },
  },
];

/**
 * The root stays open: values files keep their own keys (captain_domain, ...) for templates to read.
 * `definitions` are the Kubernetes types the values refer to (scripts/kubernetes-schema.ts).
 */
export function rootSchema(definitions: Record<string, JSONSchema7> = {}): JSONSchema7 {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'app chart values',
    ...values.schema,
    type: 'object',
    additionalProperties: true,
    allOf: [...(values.schema.allOf ?? []), ...crossKeyRules],
    definitions,
  };
}

export type { Node };
