// What the values schema must refuse and what it must accept, written down by hand from what Kubernetes, KEDA and
// the chart's templates need, and from what GlueOps values files hold. The property tests draw their cases from
// chart/values.editor.schema.json itself, so a schema loosened (or tightened) by mistake would loosen them too; this
// table does not move with the schema. Each case sets one values path (over a few keys it needs) and is checked the
// way Helm checks it: merged over chart/values.yaml, against each schema on disk (values.schema.json, which Helm
// reads, and the full values.editor.schema.json). The property tests prove that Helm refuses what the schema refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { chartDir } from '../scripts/render.ts';
import { chartDefaults, coalesce } from './fuzz/chart-values.ts';

type Values = Record<string, unknown>;

/** "a.b[0].c" -> ["a", "b", 0, "c"] */
const segments = (path: string): (string | number)[] =>
  path
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** `context` with `value` set at `path` (lists and maps made on the way). */
function withValue(path: string, value: unknown, context: Values = {}): Values {
  const root = structuredClone(context);
  const parts = segments(path);
  let node: Record<string | number, unknown> = root;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) node[part] = value;
    else {
      node[part] ??= typeof parts[i + 1] === 'number' ? [] : {};
      node = node[part] as Record<string | number, unknown>;
    }
  });
  return root;
}

interface Case {
  path: string;
  value: unknown;
  why: string;
  context?: Values;
}

const on = (section: string, more: Values = {}): Values => ({ [section]: { enabled: true, ...more } });
const HEX64 = 'a'.repeat(64);

/** Values the chart must refuse: each breaks what Kubernetes, KEDA or the templates need. */
const REFUSED: Case[] = [
  // ports: 1 to 65535, whole numbers; names of container ports at most 15 characters
  { path: 'image.port', value: 0, why: 'port 0 does not exist' },
  { path: 'image.port', value: 65536, why: 'ports end at 65535' },
  { path: 'image.port', value: '8080', why: 'a port is a number (the quotes make it text)' },
  { path: 'image.port', value: 80.5, why: 'a port is a whole number' },
  { path: 'appPort', value: 0, why: 'port 0 does not exist' },
  { path: 'service.port', value: 70000, why: 'ports end at 65535' },
  { path: 'service.nodePort', value: 65536, why: 'node ports end at 65535' },
  { path: 'service.ports[0].nodePort', value: 65536, why: 'node ports end at 65535' },
  { path: 'service.ports[0].port', value: 0, why: 'port 0 does not exist' },
  { path: 'deployment.containerPorts[0].port', value: 70000, why: 'ports end at 65535' },
  { path: 'deployment.containerPorts[0].name', value: 'metrics-exporter', why: 'Kubernetes takes port names of at most 15 characters' },
  { path: 'ingress.entries[0].hosts[0].paths[0].servicePortNumber', value: 0, why: 'port 0 does not exist' },
  // counts and durations
  { path: 'deployment.replicas', value: -1, why: 'no negative replicas' },
  { path: 'deployment.replicas', value: '2', why: 'replicas is a number' },
  { path: 'deployment.replicas', value: 1.5, why: 'replicas is a whole number' },
  { path: 'deployment.terminationGracePeriodSeconds', value: -1, why: 'no negative grace period' },
  { path: 'deployment.topologySpreadConstraintsMaxSkew', value: 0, why: 'Kubernetes needs a maxSkew of at least 1' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: 'two', why: 'a count as text must be digits' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: -1, why: 'no negative count' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: '', why: 'a count as text has at least one digit' },
  { path: 'job.jobs.migrate.ttlSecondsAfterFinished', value: '1h', why: 'seconds as digits, not a duration' },
  { path: 'horizontalPodAutoscaler.maxReplicas', value: 0, why: 'an autoscaler runs at least one replica', context: on('deployment') },
  { path: 'horizontalPodAutoscaler.minReplicas', value: 0, why: 'an autoscaler runs at least one replica' },
  { path: 'horizontalPodAutoscaler.targetCPUUtilizationPercentage', value: 0, why: 'a target of 0% means nothing' },
  // values from fixed sets, in the case Kubernetes writes them
  { path: 'service.type', value: 'ExternalName', why: "the chart's Service selects pods; an ExternalName Service has none" },
  { path: 'service.type', value: 'loadbalancer', why: 'Kubernetes takes LoadBalancer, in that case' },
  { path: 'service.externalTrafficPolicy', value: 'Global', why: 'Cluster or Local' },
  { path: 'service.ports[0].protocol', value: 'udp', why: 'Kubernetes takes UDP, in that case' },
  { path: 'deployment.protocol', value: 'HTTP', why: 'TCP, UDP or SCTP' },
  { path: 'deployment.imagePullPolicy', value: 'always', why: 'Always, IfNotPresent or Never' },
  { path: 'image.pullPolicy', value: 'Sometimes', why: 'Always, IfNotPresent or Never' },
  { path: 'deployment.restartPolicy', value: 'Sometimes', why: 'Always, OnFailure or Never' },
  { path: 'deployment.dnsPolicy', value: 'Cluster', why: 'not a DNS policy' },
  { path: 'deployment.strategy', value: 'BlueGreen', why: 'RollingUpdate or Recreate' },
  { path: 'statefulSet.updateStrategy', value: 'Recreate', why: 'a StatefulSet updates RollingUpdate or OnDelete' },
  { path: 'statefulSet.podManagementPolicy', value: 'Serial', why: 'OrderedReady or Parallel' },
  { path: 'ingress.entries[0].hosts[0].paths[0].pathType', value: 'Regex', why: 'Prefix, Exact or ImplementationSpecific' },
  { path: 'cronJob.concurrencyPolicy', value: 'Never', why: 'Allow, Forbid or Replace' },
  { path: 'job.jobs.migrate.completionMode', value: 'Sometimes', why: 'NonIndexed or Indexed' },
  { path: 'podDisruptionBudget.unhealthyPodEvictionPolicy', value: 'Never', why: 'IfHealthyBudget or AlwaysAllow' },
  { path: 'persistentVolumeClaim.accessMode', value: 'rwo', why: 'Kubernetes access modes are written out' },
  { path: 'statefulSet.volumeClaimTemplates.data.accessModes', value: ['ReadWriteSometimes'], why: 'not an access mode' },
  { path: 'statefulSet.volumeClaimTemplates.data.accessModes', value: 'RWO', why: 'not an access mode' },
  {
    path: 'externalSecret.secrets.db.data.password.remoteRef.decodingStrategy',
    value: 'Hex',
    why: 'not a decoding strategy of the operator',
  },
  { path: 'networkPolicy.ports[0].protocol', value: 'ICMP', why: 'TCP, UDP or SCTP' },
  // types
  { path: 'image.tag', value: true, why: 'a tag is text (or a number such as 1.2)' },
  { path: 'image.tag', value: ['1.0'], why: 'one tag' },
  { path: 'appVersion', value: true, why: 'a version is text or a number' },
  { path: 'image.useChartVersionAsTagFallback', value: 'yes', why: 'true or false' },
  { path: 'deployment.image', value: 42, why: 'a reference string or a map' },
  { path: 'deployment.maxSurge', value: true, why: 'a number or a percentage' },
  { path: 'deployment.resources', value: '500m', why: 'requests and limits, not a quantity' },
  { path: 'deployment.command', value: '/bin/sh -c run', why: 'a list of arguments' },
  { path: 'podDisruptionBudget.minAvailable', value: true, why: 'a number or a percentage' },
  { path: 'commonLabels', value: ['team=db'], why: 'labels are a map' },
  { path: 'commonLabels', value: { team: { name: 'db' } }, why: 'a label value is one word, not a map' },
  { path: 'teamOwner', value: 5, why: 'a team is a name' },
  { path: 'namespaceOverride', value: 5, why: 'a namespace is a name' },
  { path: 'global', value: 'shared', why: 'global is a map (Helm convention)' },
  { path: 'customResources', value: 'kind: ConfigMap', why: 'a list of manifests' },
  { path: 'customResources[0]', value: 42, why: 'a manifest, not a number' },
  { path: 'customResourcesMap.hosts', value: ['a.example.com'], why: 'a manifest, not a list' },
  { path: 'customResourcesMap.route', value: true, why: 'a manifest, not a boolean' },
  {
    path: 'customResourcesMap.alerts',
    value: { verbatim: 'kind: PrometheusRule', namespace: 'monitoring' },
    why: 'a verbatim entry holds its text only',
  },
  { path: 'customResourcesMap.alerts', value: { verbatim: { kind: 'PrometheusRule' } }, why: 'verbatim takes text' },
  { path: 'networkPolicy.allowNamespaceSelectors', value: [{ team: 1 }], why: 'label values are text' },
  { path: 'secret.secrets.app.data', value: { settings: { level: 1 } }, why: 'a Secret key holds text, not a map' },
  // keys that are not there: a typo must fail, at every level the chart defines
  { path: 'deployment.replicsa', value: 2, why: 'a misspelt key' },
  { path: 'deployment.image', value: { repository: 'api', tags: '1.0' }, why: "a misspelt key of a workload's image" },
  { path: 'image.repo', value: 'api', why: 'a misspelt key' },
  { path: 'service.ports[0].protcol', value: 'UDP', why: 'a misspelt key in a list item' },
  { path: 'deployment.envVariables[0]', value: { name: 'A', valeu: 'b' }, why: 'a misspelt key in a list item' },
  { path: 'deployment.envMap.LOG_LEVEL', value: { valeu: 'info' }, why: 'a misspelt key in a map entry' },
  { path: 'networkPolicy.ports[0]', value: { port: 80, portocol: 'TCP' }, why: 'a misspelt key in a list item' },
  { path: 'ingress.entries[0].tls[0]', value: { hosts: ['a.example.com'], secret: 'tls' }, why: 'a misspelt key in a list item' },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { requestsStorage: '1Gi', mountPath: '/data', storageClass: 'fast' },
    why: 'storageClassName here',
  },
  { path: 'externalSecret.secretStore', value: { name: 'vault', kidn: 'SecretStore' }, why: 'a misspelt key' },
  { path: 'keda.scaledObject.spec', value: { maxReplicas: 10 }, why: 'KEDA calls it maxReplicaCount: a key KEDA does not know' },
  // what an item cannot do without
  { path: 'deployment.envVariables[0]', value: { value: 'x' }, why: 'a variable needs its name' },
  { path: 'deployment.envVariables[0]', value: { name: '', value: 'x' }, why: 'a variable needs a name that is not empty' },
  { path: 'deployment.envSecrets[0]', value: { variable: 'A', secretName: 'db' }, why: 'a variable from a Secret needs the key' },
  {
    path: 'deployment.envConfigMaps[0]',
    value: { variable: 'A', configMapKey: 'host' },
    why: 'a variable from a ConfigMap needs its name',
  },
  { path: 'image.pullSecrets[0]', value: { namespace: 'x' }, why: 'a pull secret needs its name' },
  { path: 'deployment.labels[0]', value: { value: 'db' }, why: 'a label in the list form needs its key' },
  { path: 'deployment.envVariables[0]', value: null, why: 'an empty item of a list is no variable' },
  { path: 'service.ports[0]', value: null, why: 'an empty item of a list is no port' },
  { path: 'deployment.labels[0]', value: { key: 'team', vaule: 'db' }, why: 'a misspelt key in the list form of labels' },
  { path: 'networkPolicy.ports[0]', value: { protocol: 'TCP' }, why: 'a port without its number' },
  { path: 'deployment.livenessProbe', value: { httpGet: { path: '/' } }, why: 'Kubernetes needs the port of an httpGet probe' },
  { path: 'image.digest', value: 'sha256:3f1c2d', why: 'a digest is its algorithm and at least 32 hex digits' },
  { path: 'image.digest', value: HEX64, why: 'a digest starts with its algorithm' },
  { path: 'image.digest', value: `sha256:${'a'.repeat(31)}`, why: 'one hex digit short of the shortest digest' },
  {
    path: 'externalSecret.secrets.db.data.password.remoteRef.key',
    value: '  ',
    why: 'a blank key reads nothing',
    context: { externalSecret: { secretStore: { name: 'vault' } } },
  },
  { path: 'externalSecret.secrets.db.data.password', value: { envName: 'DB_PASSWORD' }, why: 'a key of the Secret needs its remoteRef' },
  { path: 'configMap.configs.app.dataMap', value: { 'conf/app.yaml': 'x' }, why: 'a ConfigMap key cannot hold "/"' },
  { path: 'secret.secrets.app.data', value: { 'tls key': 'x' }, why: 'a Secret key cannot hold a space' },
  // what an enabled section needs (a section left disabled may stay partial: an env file enables it)
  { path: 'cronJob.jobs.backup', value: { command: ['/backup'] }, why: 'a cron job needs its schedule', context: on('cronJob') },
  { path: 'cronJob.jobs.backup.schedule', value: '  ', why: 'a blank schedule', context: on('cronJob') },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { requestsStorage: '10Gi' },
    why: 'a claim template needs its mountPath',
    context: on('statefulSet'),
  },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { mountPath: '/data' },
    why: 'a claim template needs its size',
    context: on('statefulSet'),
  },
  { path: 'statefulSet.volumeClaimTemplates.data.requestsStorage', value: '10 gigs', why: 'not a quantity' },
  { path: 'persistentVolumeClaim', value: { enabled: true, mountPath: '/data' }, why: 'a claim the chart renders needs its size' },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, existingClaim: null, mountPath: '/data' },
    why: 'existingClaim: null deletes the default, and the claim the chart renders still needs its size',
  },
  { path: 'persistentVolumeClaim.storageSize', value: 'big', why: 'not a quantity' },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, targetCPUUtilizationPercentage: 80 },
    why: 'an autoscaler needs maxReplicas',
    context: on('deployment'),
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 5 },
    why: 'an autoscaler needs a metric',
    context: on('deployment'),
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    why: 'nothing to scale without a workload',
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    why: 'KEDA already scales the app',
    context: { ...on('deployment'), keda: { enabled: true, scaledObject: { enabled: true } } },
  },
  { path: 'configMap.configs.app', value: {}, why: 'a ConfigMap needs data or dataMap', context: on('configMap') },
  {
    path: 'configMap.configs.app',
    value: { data: 'a: 1', dataMap: { a: '1' } },
    why: 'data or dataMap, not both',
    context: on('configMap'),
  },
  {
    path: 'externalSecret.secrets.db',
    value: { data: {} },
    why: 'an ExternalSecret that reads nothing',
    context: { externalSecret: { enabled: true, secretStore: { name: 'vault' } } },
  },
  { path: 'externalSecret.secretStore.name', value: '', why: 'an enabled ExternalSecret needs its store', context: on('externalSecret') },
  // counts Kubernetes takes from 0, enums of the fields the templates copy as they are
  { path: 'deployment.revisionHistoryLimit', value: -1, why: 'a count of revisions is never negative' },
  { path: 'statefulSet.minReadySeconds', value: -5, why: 'seconds are never negative' },
  { path: 'deployment.envFrom[0]', value: { type: 'volumeRef', name: 'x' }, why: 'envFrom takes secretRef or configMapRef' },
  { path: 'deployment.envFrom[0]', value: { type: 'secretRef' }, why: 'envFrom needs the name of its Secret or ConfigMap' },
  { path: 'service.internalTrafficPolicy', value: 'Nearest', why: 'Cluster or Local' },
  { path: 'service.sessionAffinity', value: 'Cookie', why: 'None or ClientIP' },
  { path: 'service.ipFamilyPolicy', value: 'DualStack', why: 'SingleStack, PreferDualStack or RequireDualStack' },
  { path: 'persistentVolumeClaim.volumeMode', value: 'Raw', why: 'Filesystem or Block' },
  { path: 'statefulSet.volumeClaimTemplates.data.volumeMode', value: 'Raw', why: 'Filesystem or Block' },
  { path: 'job.jobs.migrate.podReplacementPolicy', value: 'Always', why: 'TerminatingOrFailed or Failed' },
  { path: 'externalSecret.secretStore.kind', value: 'Vault', why: 'SecretStore or ClusterSecretStore' },
  {
    path: 'externalSecret.secrets.db.data.password.remoteRef.conversionStrategy',
    value: 'Latin1',
    why: 'Default or Unicode',
    context: on('externalSecret'),
  },
  { path: 'horizontalPodAutoscaler.targetMemoryUtilizationPercentage', value: 0, why: 'a target of 0% scales for ever' },
  { path: 'deployment.topologySpreadConstraintsMaxSkew', value: 0, why: 'Kubernetes takes a maxSkew of 1 or more' },
  { path: 'configMap.configs.app.dataMap', value: { 'my key': 'x' }, why: 'a ConfigMap key holds no space' },
  { path: 'configMap.configs.app.dataMap', value: { ['k'.repeat(254)]: 'x' }, why: 'a ConfigMap key has at most 253 characters' },
  // each rule of an enabled section, on the side it refuses
  {
    path: 'cronJob.jobs.backup',
    value: { enabled: true, command: ['/backup'] },
    why: 'a cron job switched on needs its schedule',
    context: on('cronJob'),
  },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { requestsStorage: '1Gi', mountPath: ' ' },
    why: 'a blank mountPath',
    context: on('statefulSet'),
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 5, metrics: [] },
    why: 'an empty list of metrics is no metric',
    context: on('deployment'),
  },
  { path: 'externalSecret', value: { enabled: true, secretStore: null }, why: 'an enabled ExternalSecret needs a store' },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, existingClaim: false, mountPath: '/data' },
    why: 'existingClaim false renders a claim, which needs its size',
  },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, existingClaim: '', mountPath: '/data' },
    why: 'existingClaim "" renders a claim, which needs its size',
  },
  // what each kind of key takes, at the edge
  { path: 'service.nodePort', value: 0, why: 'node port 0 does not exist' },
  { path: 'service.ports[0].nodePort', value: 0, why: 'node port 0 does not exist' },
  { path: 'deployment.labels', value: { team: { name: 'db' } }, why: 'a label value is one word, not a map' },
  { path: 'deployment.labels[0]', value: { key: 'team', value: { name: 'db' } }, why: 'a label value is one word, not a map' },
  { path: 'deployment.labels[0]', value: { key: 5, value: 'db' }, why: 'a label key is text' },
  { path: 'deployment.command', value: [['run']], why: 'an argument is text' },
  { path: 'networkPolicy.extraIngress', value: ['from: all'], why: 'a rule is a map' },
  { path: 'cronJob.jobs.backup', value: '0 3 * * *', why: 'a job is a map, not its schedule' },
  { path: 'deployment.envVariables', value: ['A=b'], why: 'a variable is a map {name, value}' },
  { path: 'deployment.envSecrets[0]', value: { secretName: 'db', secretKey: 'password' }, why: 'a variable needs its name' },
  { path: 'deployment.envSecrets[0]', value: { variable: 'A', secretKey: 'password' }, why: 'a variable needs its Secret' },
  { path: 'deployment.envSecrets[0]', value: { variable: 'A', secretName: '', secretKey: 'password' }, why: 'a Secret name is not empty' },
  { path: 'deployment.envConfigMaps[0]', value: { configMapName: 'db', configMapKey: 'host' }, why: 'a variable needs its name' },
  { path: 'deployment.envConfigMaps[0]', value: { variable: 'A', configMapName: 'db' }, why: 'a variable needs the key' },
  { path: 'deployment.envFrom[0]', value: { name: 'db' }, why: 'envFrom needs its type' },
  { path: 'image.pullSecrets', value: [5], why: 'a pull secret is a name' },
  { path: 'networkPolicy.ports[0]', value: { port: 80, endPort: 'x' }, why: 'the end of a range is a number' },
  {
    path: 'externalSecret.secrets.db.data.password',
    value: { remoteRef: { property: 'password' } },
    why: 'a remoteRef needs its key',
  },
  { path: 'externalSecret.secrets.db.dataFrom', value: { property: 'password' }, why: 'dataFrom needs the key of its secret' },
  { path: 'keda.scaledObject.spec.minReplicaCount', value: 'one', why: 'a count as text must be digits' },
  { path: 'keda.scaledObject.spec.maxReplicaCount', value: '010', why: 'digits as KEDA reads a number: no leading zero' },
  { path: 'deployment.livenessProbe', value: { httpGet: { port: 80 }, periodSecond: 5 }, why: 'a misspelt key of a Kubernetes type' },
  { path: 'deployment.livenessProbe.periodSeconds', value: 1.5, why: 'Kubernetes counts seconds in whole numbers' },
  {
    path: 'deployment.livenessProbe.httpGet',
    value: { path: '/', port: 80.5 },
    why: 'a Kubernetes int-or-string is a whole number or a name',
  },
  // whole numbers in a list, and in a map, of a Kubernetes type
  { path: 'deployment.securityContext', value: { supplementalGroups: [1.5] }, why: 'a group id is a whole number' },
  {
    path: 'deployment.volumes',
    value: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a', mode: 1.5 }] } }],
    why: 'a file mode is a whole number',
  },
  { path: 'deployment.resources', value: { requests: { cpu: '500x' } }, why: 'not a quantity' },
  { path: 'deployment.resources', value: { limits: { memory: '1K' } }, why: 'the decimal kilo is a small k: Kubernetes refuses 1K' },
  { path: 'deployment.tolerations', value: ['NoSchedule'], why: 'a toleration is a Kubernetes Toleration' },
  { path: 'persistentVolumeClaim.mountPVC', value: 1, why: 'the key GlueOps files carry holds a boolean or text' },
  // the edges of each pattern and number type: anchored at both ends, whole numbers where Kubernetes counts
  { path: 'deployment.resources', value: { limits: { cpu: 'x500m' } }, why: 'a quantity starts with its number' },
  { path: 'deployment.resources', value: { limits: { memory: '1ki' } }, why: 'the binary suffixes are capitals: Ki' },
  { path: 'deployment.resources', value: { limits: { cpu: '1U' } }, why: 'the micro suffix is a small u' },
  { path: 'deployment.resources', value: { limits: { memory: '1Mi5' } }, why: 'the suffix ends a quantity' },
  { path: 'deployment.resources', value: { limits: { memory: '' } }, why: 'an empty quantity' },
  { path: 'statefulSet.volumeClaimTemplates.data.requestsStorage', value: '10Gi ', why: 'no trailing space in a quantity' },
  { path: 'persistentVolumeClaim.storageSize', value: 'Gi', why: 'a suffix without its number' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: 'x3', why: 'a count as text is digits only' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: '3x', why: 'a count as text is digits only' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: 1.5, why: 'Kubernetes counts retries in whole numbers' },
  { path: 'job.jobs.migrate.activeDeadlineSeconds', value: 2.5, why: 'whole seconds' },
  { path: 'deployment.maxSurge', value: 1.5, why: 'an int-or-string holds a whole number or text' },
  { path: 'service.targetPort', value: 80.5, why: 'a port is a whole number' },
  { path: 'podDisruptionBudget.minAvailable', value: 0.5, why: 'whole pods, or a percentage as text' },
  { path: 'keda.scaledObject.spec.minReplicaCount', value: '1x', why: 'a count as text is digits only' },
  { path: 'keda.scaledObject.spec.maxReplicaCount', value: 'x10', why: 'a count as text is digits only' },
  { path: 'keda.scaledObject.spec.cooldownPeriod', value: 1.5, why: 'KEDA counts seconds in whole numbers' },
  {
    path: 'keda.scaledObject.spec.triggers',
    value: [{ type: 'cpu', metadata: { value: { percent: 80 } } }],
    why: 'a scaler setting is one value, not a map',
  },
  { path: 'keda.scaledObject.spec.triggers', value: [{ type: 'cpu', metadata: { value: ['80'] } }], why: 'a scaler setting is one value' },
  { path: 'image.digest', value: `sha256:${HEX64}z`, why: 'a digest ends with its hex digits' },
  { path: 'image.digest', value: `SHA256:${HEX64}`, why: 'the algorithm is lower case' },
  { path: 'ingress.tls[0].hosts', value: [5], why: 'a host name is text' },
  { path: 'ingress.entries[0].tls[0].secretName', value: 5, why: 'a Secret name is text' },
  { path: 'networkPolicy.allowPodSelectors', value: [{ team: 1 }], why: 'label values are text' },
  { path: 'networkPolicy.allowCIDRs', value: [10], why: 'a CIDR is text' },
  { path: 'deployment.envFrom[0]', value: { type: 'secretRef', name: 5 }, why: 'a Secret name is text' },
  { path: 'service.ports[0].name', value: 80, why: 'Kubernetes names ports with text' },
  { path: 'deployment.containerPorts[0].port', value: 80.5, why: 'a port is a whole number' },
  { path: 'ingress.entries[0].hosts[0].paths[0].servicePortNumber', value: 65536, why: 'ports end at 65535' },
  { path: 'deployment.imagePullSecrets', value: 5, why: 'a pull secret is a name or a list of them' },
  { path: 'statefulSet.volumeClaimTemplates.data.accessModes', value: [5], why: 'an access mode is text' },
  { path: 'persistentVolumeClaim.existingClaim', value: 5, why: 'a claim name, or true' },
  { path: 'externalSecret.refreshInterval', value: 60, why: 'a duration is text, e.g. 1m' },
  { path: 'cronJob.jobs.backup.schedule', value: 5, why: 'a schedule is text' },
  { path: 'deployment.enabled', value: 'true', why: 'a switch is a boolean' },
  { path: 'cronJob.suspend', value: 'yes', why: 'a switch is a boolean' },
  { path: 'cronJob.labels', value: [{ key: 'team', value: 'db' }], why: 'the labels of the CronJob objects are a map' },
  { path: 'image.pullSecrets', value: [{ name: 5 }], why: 'a pull secret is named with text' },
  { path: 'deployment.image', value: { registry: 5 }, why: 'a registry is a host name' },
  { path: 'deployment.envVariables[0]', value: { name: 'A', value: { nested: 1 } }, why: 'a variable holds one value' },
  { path: 'deployment.envMap.LOG_LEVEL', value: ['info'], why: 'a variable holds one value' },
  { path: 'deployment.envMap.LOG_LEVEL', value: { value: { level: 'info' } }, why: 'a variable holds one value' },
  {
    path: 'deployment.envMap.DB_PASSWORD',
    value: { valueFrom: { secretKeyRef: { name: 'db' } } },
    why: 'valueFrom is a Kubernetes EnvVarSource: a secretKeyRef needs its key',
  },
  { path: 'deployment.envMap.DB_PASSWORD', value: { valueFrom: { secretRef: { name: 'db' } } }, why: 'EnvVarSource has no secretRef' },
  { path: 'service.sessionAffinityConfig', value: 'ClientIP', why: 'session affinity settings are a map' },
  // keys no other case reaches: an alias, a legacy key, the fields of an override, an entry or a list item
  { path: 'deployment.containerPorts[0].containerPort', value: 0, why: 'port 0 does not exist (containerPort is the alias of port)' },
  { path: 'statefulSet.containerPorts[0].containerPort', value: 70000, why: 'ports end at 65535' },
  { path: 'deployment.port', value: 0, why: 'port 0 does not exist (the legacy place of the app port)' },
  { path: 'deployment.port', value: 65536, why: 'ports end at 65535' },
  { path: 'deployment.image', value: { repository: 'api', digest: 5 }, why: 'a digest is text' },
  {
    path: 'cronJob.jobs.nightly.image',
    value: { digest: 'sha256:3f1c2d' },
    why: 'a digest is an algorithm and at least 32 hex digits, as image.digest',
  },
  { path: 'networkPolicy.ports[0].port', value: 80.5, why: 'a port is a whole number' },
  { path: 'networkPolicy.ports[0]', value: { port: 8000, endPort: 8100.5 }, why: 'the end of a range is a whole number' },
  { path: 'externalSecret.secrets.db.refreshInterval', value: 60, why: 'a duration is text, e.g. 1m' },
  { path: 'service.sessionAffinityConfig', value: [{ clientIP: { timeoutSeconds: 60 } }], why: 'settings are a map, not a list' },
  {
    path: 'externalSecret.secrets.db',
    value: { dataFrom: null },
    why: 'dataFrom: null reads nothing, as leaving it out does',
    context: { externalSecret: { enabled: true, secretStore: { name: 'vault' } } },
  },
  // each Kubernetes type in its place: a field of the neighbouring type is refused
  { path: 'deployment.containerSecurityContext', value: { fsGroup: 1000 }, why: 'fsGroup belongs to the pod security context' },
  { path: 'deployment.securityContext', value: { capabilities: { drop: ['ALL'] } }, why: 'capabilities belong to a container' },
  { path: 'deployment.volumes', value: [{ name: 'data', mountPath: '/data' }], why: 'a mount path belongs to a volume mount' },
  {
    path: 'deployment.volumeMounts',
    value: [{ name: 'data', mountPath: '/data', emptyDir: {} }],
    why: 'a volume source belongs to a volume',
  },
  { path: 'deployment.volumeMounts', value: [{ name: 'data' }], why: 'a volume mount needs its mountPath' },
  { path: 'deployment.sidecar', value: [{ name: 'proxy', imagee: 'envoy' }], why: 'a misspelt key of a container' },
  { path: 'deployment.lifecycle', value: { httpGet: { port: 80 } }, why: 'a lifecycle has preStop and postStart, not a probe' },
  { path: 'deployment.hostAliases', value: [{ ip: '10.0.0.1', hostname: 'db' }], why: 'a host alias lists hostnames' },
  { path: 'keda.triggerAuthentication.aws.spec', value: { podIdentiy: { provider: 'aws' } }, why: 'a key KEDA does not know' },
  {
    path: 'keda.scaledObject.spec.triggersMap.cpu',
    value: { type: 'cpu', metadata: { value: '80' }, metricTpye: 'Utilization' },
    why: 'a misspelt key of a trigger',
  },
];

/** Values the chart must accept: what Kubernetes takes, what GlueOps values files hold, and how env files clear keys. */
const ACCEPTED: Case[] = [
  // the boundaries of the refusals above
  { path: 'deployment.revisionHistoryLimit', value: 0, why: 'keep no old ReplicaSets' },
  { path: 'deployment.maxUnavailable', value: 0, why: 'a rollout that never drops below capacity' },
  { path: 'statefulSet.minReadySeconds', value: 0, why: 'ready is available' },
  { path: 'deployment.envFrom[0]', value: { type: 'configMapRef', name: 'shared' }, why: 'a ConfigMap by name' },
  { path: 'deployment.envFrom[0]', value: { secretRef: { name: 'raw' } }, why: 'the Kubernetes form as it is' },
  { path: 'service.sessionAffinity', value: 'ClientIP', why: 'an enum value' },
  { path: 'persistentVolumeClaim.volumeMode', value: '', why: '"" is unset' },
  { path: 'externalSecret.secretStore.kind', value: 'SecretStore', why: 'a namespaced store' },
  { path: 'deployment.topologySpreadConstraintsMaxSkew', value: 1, why: 'the smallest skew' },
  {
    path: 'configMap.configs.app.dataMap',
    value: { ['k'.repeat(253)]: 'x', 'a-b_c.d': 'y' },
    why: 'the longest key, and every character a key takes',
  },
  {
    path: 'deployment.nodeSelector',
    value: { 'example.com/rack': 7, ssd: true, zone: null },
    why: 'a number or a boolean, which the chart writes as text; null removes a key',
  },
  { path: 'statefulSet.volumeClaimTemplates.data.labels', value: { version: 2 }, why: 'a label value written as a number' },
  { path: 'image.port', value: 1, why: 'the lowest port' },
  { path: 'image.port', value: 65535, why: 'the highest port' },
  { path: 'deployment.containerPorts[0].name', value: 'metrics-export1', why: '15 characters, the most Kubernetes takes' },
  { path: 'deployment.replicas', value: 0, why: 'scaled to zero' },
  { path: 'deployment.terminationGracePeriodSeconds', value: 0, why: 'stop at once' },
  { path: 'image.tag', value: 1.2, why: 'an unquoted version (a number to YAML)' },
  { path: 'image.tag', value: '', why: '"" falls back to appVersion' },
  { path: 'image.tag', value: `1.29.5@sha256:${HEX64}`, why: 'a tag with its digest' },
  { path: 'image.digest', value: `sha256:${HEX64}`, why: 'a digest' },
  { path: 'deployment.image', value: { repository: 'api', digest: `sha256:${HEX64}` }, why: "a workload's own digest" },
  { path: 'image.digest', value: '', why: 'no digest' },
  { path: 'image.digest', value: `sha256:${'A'.repeat(32)}`, why: 'the shortest digest, in capitals' },
  { path: 'appVersion', value: 2, why: 'an unquoted version' },
  { path: 'appVersion', value: null, why: 'null falls back to the chart version' },
  { path: 'image.useChartVersionAsTagFallback', value: ' False ', why: "the GlueOps chart's text form, in any case" },
  { path: 'image.useChartVersionAsTagFallback', value: false, why: 'a boolean' },
  { path: 'image.pullSecrets', value: 'regcred', why: 'one name' },
  { path: 'image.pullSecrets', value: ['regcred', { name: 'mirror' }], why: 'names and {name} maps' },
  { path: 'image.pullSecrets', value: '', why: 'no pull secret' },
  { path: 'deployment.image', value: 'ghcr.io/example/api:1.2.3', why: 'a workload image as one reference' },
  { path: 'deployment.image', value: { repository: 'api', tag: '' }, why: 'a map override; "" inherits' },
  { path: 'deployment.strategy', value: 'Recreate', why: 'a strategy by name' },
  {
    path: 'deployment.strategy',
    value: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    why: 'a Kubernetes DeploymentStrategy',
  },
  { path: 'deployment.maxSurge', value: '25%', why: 'a percentage' },
  { path: 'deployment.maxUnavailable', value: 1, why: 'a number' },
  { path: 'statefulSet.updateStrategy', value: 'OnDelete', why: 'a StatefulSet strategy by name' },
  { path: 'service.type', value: 'NodePort', why: 'a Service type' },
  { path: 'service.type', value: 'LoadBalancer', why: 'a Service type' },
  {
    path: 'service.ports[0]',
    value: { name: 'sctp', port: 9999, protocol: 'SCTP', targetPort: 'metrics' },
    why: 'SCTP, a named target port',
  },
  { path: 'ingress.entries[0].hosts[0].paths[0].pathType', value: 'Exact', why: 'a path type' },
  { path: 'ingress.entries[0].hosts[0].paths[0].pathType', value: 'Prefix', why: 'a path type' },
  { path: 'ingress.entries[0].hosts[0].paths[0].pathType', value: 'ImplementationSpecific', why: 'a path type' },
  { path: 'deployment.labels', value: [{ key: 'team', value: 'db' }], why: 'labels in the GlueOps list form' },
  { path: 'deployment.labels', value: { replicas: 3, canary: true }, why: 'label values that YAML reads as a number or a boolean' },
  { path: 'deployment.envVariables[0]', value: { name: 'WORKERS', value: 4 }, why: 'a number as a variable value' },
  {
    path: 'deployment.envMap',
    value: { LOG_LEVEL: { value: 'info' }, DEBUG: false, HOST: { valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } } },
    why: 'every form of envMap',
  },
  { path: 'deployment.resources', value: { requests: { cpu: 0.5, memory: '128Mi' } }, why: 'quantities as numbers and text' },
  { path: 'deployment.resources', value: { requests: { memory: '500k' } }, why: 'the decimal kilo suffix k' },
  { path: 'podDisruptionBudget.minAvailable', value: '50%', why: 'a percentage' },
  { path: 'podDisruptionBudget.minAvailable', value: 0, why: 'none must stay' },
  { path: 'cronJob.jobs.backup.backoffLimit', value: '3', why: 'a count as digits, as GlueOps files write it' },
  { path: 'cronJob.jobs.backup', value: { enabled: false }, why: 'a job switched off needs no schedule', context: on('cronJob') },
  { path: 'cronJob.jobs.backup', value: null, why: 'an env file removes a job', context: on('cronJob') },
  { path: 'cronJob.jobs.backup', value: { schedule: '0 3 * * *' }, why: 'a cron job', context: on('cronJob') },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], requestsStorage: 10, mountPath: '/data' },
    why: 'several access modes, a size as a number',
    context: on('statefulSet'),
  },
  { path: 'statefulSet.volumeClaimTemplates.data.accessModes', value: 'ReadWriteOncePod', why: 'one access mode' },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, existingClaim: 'data', mountPath: '/data' },
    why: 'an existing claim needs no size',
  },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, storageSize: '8Gi', volumeMode: '' },
    why: 'a claim; "" is the default volume mode',
  },
  {
    path: 'configMap.configs.app',
    value: { dataMap: { 'app.yaml': 'port: 8080\n', LOG_LEVEL: 1, DEBUG: false } },
    why: 'a ConfigMap from a map',
    context: on('configMap'),
  },
  { path: 'configMap.configs.app', value: { data: 'LOG_LEVEL: info\n' }, why: 'a ConfigMap from YAML text', context: on('configMap') },
  { path: 'configMap.configs.app', value: null, why: 'an env file removes a ConfigMap', context: on('configMap') },
  {
    path: 'externalSecret.secrets.db',
    value: { dataFrom: { key: 'db' } },
    why: 'every property of one secret',
    context: { externalSecret: { enabled: true, secretStore: { name: 'vault' } } },
  },
  {
    path: 'horizontalPodAutoscaler',
    value: {
      enabled: true,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
    why: 'an autoscaler on metrics alone',
    context: on('deployment'),
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 4, targetMemoryUtilizationPercentage: 80 },
    why: 'an autoscaler of a StatefulSet',
    context: on('statefulSet'),
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    why: 'KEDA renders TriggerAuthentications only, and scales nothing',
    context: { ...on('deployment'), keda: { enabled: true, triggerAuthentication: { aws: { enabled: true } } } },
  },
  {
    path: 'customResources',
    value: ['kind: ConfigMap', null, '', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, { verbatim: 'kind: X' }],
    why: 'every form of an entry',
  },
  { path: 'customResourcesMap.route', value: null, why: 'an env file removes an entry' },
  { path: 'captain_domain', value: 'apps.example.com', why: "the platform's domain" },
  { path: 'reference_domain', value: { anything: [1, 2] }, why: 'the root stays open for keys templates read' },
  { path: 'global', value: { shared: true }, why: 'global is always allowed' },
  { path: 'deployment', value: null, why: 'an env file clears a section' },
  { path: 'service.ports', value: null, why: 'an env file clears a list' },
  {
    path: 'keda.scaledObject.spec',
    value: { minReplicaCount: '1', maxReplicaCount: 10, triggersMap: { cpu: { type: 'cpu', metadata: { value: '80' } } } },
    why: 'KEDA counts as digits, triggers by name',
  },
  {
    path: 'keda.scaledObject.spec.triggers',
    value: [{ type: 'prometheus', metadata: { threshold: 10, activationThreshold: 0.5, ignoreNullValues: false } }],
    why: 'scaler settings written as numbers (decimals too) and booleans: the chart renders them as the text KEDA reads',
  },
  // each rule of an enabled section, on the side it accepts, and every section left partial while it is off
  { path: 'cronJob.jobs.backup', value: { command: ['/backup'] }, why: 'cronJob is off: an env file may enable it' },
  { path: 'statefulSet.volumeClaimTemplates.data', value: { mountPath: '/data' }, why: 'statefulSet is off' },
  { path: 'statefulSet.volumeClaimTemplates.data', value: null, why: 'an env file removes a claim template', context: on('statefulSet') },
  { path: 'horizontalPodAutoscaler', value: { maxReplicas: 5 }, why: 'the autoscaler is off: no metric needed, no workload' },
  { path: 'configMap.configs.app', value: {}, why: 'configMap is off' },
  { path: 'externalSecret', value: { secretStore: { name: '' }, secrets: { db: { data: {} } } }, why: 'externalSecret is off' },
  {
    path: 'externalSecret.secrets',
    value: { db: null, api: { data: { token: { remoteRef: { key: 'api' } } } } },
    why: 'an env file removes one; one key is enough',
    context: on('externalSecret'),
  },
  { path: 'persistentVolumeClaim', value: { mountPath: '/data' }, why: 'the claim is off' },
  { path: 'persistentVolumeClaim', value: { enabled: true, existingClaim: true }, why: 'true mounts persistentVolumeClaim.name' },
  {
    path: 'keda',
    value: { scaledObject: { enabled: true } },
    why: 'KEDA is off: the autoscaler scales alone',
    context: { ...on('deployment'), horizontalPodAutoscaler: { enabled: true, maxReplicas: 5, targetCPUUtilizationPercentage: 80 } },
  },
  { path: 'keda', value: { enabled: true, scaledObject: { enabled: true } }, why: 'no autoscaler beside KEDA' },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 1 },
    why: 'the lowest bounds',
    context: on('deployment'),
  },
  { path: 'horizontalPodAutoscaler.targetMemoryUtilizationPercentage', value: 1, why: 'the lowest target' },
  // what each kind of key takes, at the edge
  { path: 'service.nodePort', value: 65535, why: 'the highest node port' },
  { path: 'service.ports[0]', value: { port: 1, nodePort: 1 }, why: 'the lowest ports' },
  { path: 'service.port', value: 65535, why: 'the highest port' },
  { path: 'job.jobs.migrate.backoffLimit', value: 0, why: 'never retry' },
  { path: 'cronJob.startingDeadlineSeconds', value: '0', why: 'zero as digits' },
  { path: 'deployment.image', value: { tag: 1.2, digest: null }, why: 'a tag as a number; null inherits' },
  {
    path: 'networkPolicy.ports',
    value: [{ port: 'http' }, { port: 8000, endPort: 8100, protocol: 'UDP' }],
    why: 'a port by name, a range',
  },
  {
    path: 'keda.scaledObject.spec',
    value: { minReplicaCount: '0', pollingInterval: null, cooldownPeriod: 300 },
    why: 'counts, null drops one',
  },
  {
    path: 'statefulSet.volumeClaimTemplates.data',
    value: { requestsStorage: '1Gi', mountPath: '/data', readOnly: true, subPath: 'pg' },
    why: 'a read-only mount (readOnly is also a schema keyword: it must stay a property)',
  },
  {
    path: 'deployment.volumeMounts',
    value: [{ name: 'data', mountPath: '/data', readOnly: true }],
    why: 'a Kubernetes VolumeMount, readOnly included',
  },
  { path: 'deployment.livenessProbe', value: { httpGet: { port: 'http', path: '/' }, periodSeconds: 5 }, why: 'a probe on a named port' },
  // every scalar a value of a variable, a label or a data key takes (rendered as text)
  {
    path: 'deployment.envVariables',
    value: [
      { name: 'DEBUG', value: true },
      { name: 'RATIO', value: 0.5 },
    ],
    why: 'a boolean and a number as variable values',
  },
  { path: 'deployment.envMap', value: { WORKERS: 3, NAME: 'api' }, why: 'plain values of envMap' },
  {
    path: 'deployment.labels',
    value: [
      { key: 'replicas', value: 3 },
      { key: 'canary', value: true },
      { key: 'gone', value: null },
    ],
    why: 'the list form takes what the map form takes',
  },
  { path: 'persistentVolumeClaim.mountPVC', value: 'true', why: 'a key GlueOps files carry: accepted, and lint reports it' },
  { path: 'image.imagePullSecrets', value: ['regcred'], why: 'a key GlueOps files carry: accepted, and lint reports it' },
  // every form of quantity Kubernetes parses
  {
    path: 'deployment.resources',
    value: { requests: { cpu: '.5', memory: '1e3' }, limits: { cpu: '1.25', memory: '1.5Gi', 'ephemeral-storage': '2E' } },
    why: 'a leading dot, an exponent, two decimals, a decimal with a suffix, the decimal exa',
  },
  {
    path: 'deployment.resources',
    value: { requests: { cpu: '+1', memory: '1e-3' }, limits: { cpu: '1.' } },
    why: 'signs and a trailing dot',
  },
  { path: 'deployment.resources', value: { limits: { memory: '1E+2', cpu: '2000m' } }, why: 'a signed exponent' },
  {
    path: 'persistentVolumeClaim',
    value: { enabled: true, storageSize: '1Pi', mountPath: '/data' },
    why: 'the binary peta suffix',
  },
  { path: 'statefulSet.volumeClaimTemplates.data.requestsStorage', value: '2Ei', why: 'the binary exa suffix' },
  { path: 'statefulSet.volumeClaimTemplates.data.requestsStorage', value: '3T', why: 'the decimal tera suffix' },
  { path: 'statefulSet.volumeClaimTemplates.data.requestsStorage', value: '4P', why: 'the decimal peta suffix' },
  { path: 'deployment.resources', value: { requests: { cpu: '250u', memory: '100n' } }, why: 'the micro and nano suffixes' },
  {
    path: 'deployment.resources',
    value: { requests: { memory: '512Ki', 'ephemeral-storage': '1Ti' }, limits: { memory: '256Mi', 'ephemeral-storage': '2Gi' } },
    why: 'the binary kibi, mebi, gibi and tebi suffixes',
  },
  {
    path: 'deployment.resources',
    value: { requests: { memory: '500k', 'ephemeral-storage': '1G' }, limits: { memory: '500M' } },
    why: 'the decimal kilo, mega and giga suffixes',
  },
  {
    path: 'horizontalPodAutoscaler',
    value: { enabled: true, maxReplicas: 4, targetCPUUtilizationPercentage: 150, targetMemoryUtilizationPercentage: 1 },
    why: 'a target above 100% of the requests (pods that use more than they request), and the smallest target',
    context: on('deployment'),
  },
  { path: 'deployment.maxSurge', value: 2, why: 'a whole number of pods' },
  {
    path: 'keda.scaledObject.spec',
    value: { advanced: null, fallback: null, idleReplicaCount: null },
    why: 'null drops a field of the spec',
  },
  { path: 'keda.scaledObject.spec.idleReplicaCount', value: '0', why: 'zero as digits' },
  { path: 'job.jobs.migrate.activeDeadlineSeconds', value: 600, why: 'whole seconds' },
  { path: 'service.ports[0].name', value: 'metrics', why: 'a port name' },
  { path: 'deployment.labels', value: { team: 'db', gone: null }, why: 'null removes a label of the map form' },
  {
    path: 'keda.scaledObject.spec',
    value: {
      pollingInterval: '30',
      cooldownPeriod: '300',
      initialCooldownPeriod: '0',
      idleReplicaCount: '0',
      minReplicaCount: '1',
      maxReplicaCount: '10',
      scaleTargetRef: { envSourceContainerName: 'app' },
      triggersMap: { cpu: null, memory: { type: 'memory', metricType: 'Utilization', metadata: { value: '80' } } },
    },
    why: 'every count as digits, a partial scaleTargetRef the chart completes, a trigger removed by name',
  },
  { path: 'keda.triggerAuthentication.aws', value: { enabled: true, spec: { podIdentity: { provider: 'aws' } } }, why: 'a KEDA spec' },
  { path: 'service.ports[0]', value: { port: 80, targetPort: 8080 }, why: 'a target port by number' },
  { path: 'deployment.containerPorts[0]', value: { name: 'dns', containerPort: 65535 }, why: 'the alias of port, the highest port' },
  // each Kubernetes type in its place, as Kubernetes writes it
  {
    path: 'deployment',
    value: {
      securityContext: { fsGroup: 1000, runAsNonRoot: true },
      containerSecurityContext: { capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
      volumes: [{ name: 'data', emptyDir: {} }],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      initContainers: [{ name: 'init', image: 'busybox', command: ['true'] }],
      sidecar: [{ name: 'proxy', image: 'envoy', ports: [{ containerPort: 9901 }] }],
      lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
      dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
      startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30 },
    },
    why: 'every Kubernetes type of a pod',
  },
  {
    path: 'statefulSet',
    value: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    },
    why: 'the Kubernetes types of a StatefulSet',
  },
  {
    path: 'job.jobs.migrate.podFailurePolicy',
    value: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
    why: 'a Kubernetes PodFailurePolicy',
  },
  {
    path: 'horizontalPodAutoscaler.behavior',
    value: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    why: 'a Kubernetes HorizontalPodAutoscalerBehavior',
  },
];

/** Every value of each fixed set the chart takes, as Kubernetes, KEDA or the operator spells it: one path per place the source writes the set. */
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const ENUMS: [string, unknown[]][] = [
  ['image.pullPolicy', PULL_POLICIES],
  ['image.protocol', PROTOCOLS],
  ['deployment.imagePullPolicy', PULL_POLICIES],
  ['deployment.protocol', PROTOCOLS],
  ['deployment.containerPorts[0].protocol', PROTOCOLS],
  ['deployment.envFrom[0].type', ['secretRef', 'configMapRef']],
  ['deployment.dnsPolicy', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']],
  ['deployment.restartPolicy', ['Always', 'OnFailure', 'Never']],
  ['deployment.strategy', ['RollingUpdate', 'Recreate']],
  ['statefulSet.updateStrategy', ['RollingUpdate', 'OnDelete']],
  ['statefulSet.podManagementPolicy', ['OrderedReady', 'Parallel']],
  ['statefulSet.volumeClaimTemplates.data.accessModes', ACCESS_MODES],
  ['statefulSet.volumeClaimTemplates.data.accessModes[0]', ACCESS_MODES],
  ['statefulSet.volumeClaimTemplates.data.volumeMode', ['Filesystem', 'Block']],
  ['cronJob.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']],
  ['cronJob.jobs.backup.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']],
  ['job.jobs.migrate.completionMode', ['NonIndexed', 'Indexed']],
  ['job.jobs.migrate.podReplacementPolicy', ['TerminatingOrFailed', 'Failed']],
  ['service.type', ['ClusterIP', 'NodePort', 'LoadBalancer']],
  ['service.protocol', PROTOCOLS],
  ['service.ports[0].protocol', PROTOCOLS],
  ['service.externalTrafficPolicy', ['Cluster', 'Local']],
  ['service.internalTrafficPolicy', ['Cluster', 'Local']],
  ['service.sessionAffinity', ['None', 'ClientIP']],
  ['service.ipFamilyPolicy', ['SingleStack', 'PreferDualStack', 'RequireDualStack']],
  ['ingress.entries[0].hosts[0].paths[0].pathType', ['Prefix', 'Exact', 'ImplementationSpecific']],
  ['networkPolicy.ports[0].protocol', PROTOCOLS],
  ['podDisruptionBudget.unhealthyPodEvictionPolicy', ['IfHealthyBudget', 'AlwaysAllow']],
  ['persistentVolumeClaim.accessMode', ACCESS_MODES],
  ['persistentVolumeClaim.volumeMode', ['Filesystem', 'Block', '']],
  ['externalSecret.secretStore.kind', ['SecretStore', 'ClusterSecretStore']],
  ['externalSecret.secrets.db.secretStore.kind', ['SecretStore', 'ClusterSecretStore']],
  ['externalSecret.secrets.db.data.password.remoteRef.decodingStrategy', ['None', 'Base64', 'Base64URL', 'Auto']],
  ['externalSecret.secrets.db.data.password.remoteRef.conversionStrategy', ['Default', 'Unicode']],
  ['externalSecret.secrets.db.data.password.remoteRef.metadataPolicy', ['None', 'Fetch']],
  ['externalSecret.secrets.db.dataFrom.decodingStrategy', ['None', 'Base64', 'Base64URL', 'Auto']],
];
/** What a list item needs besides the key a case sets (a case about one key must not fail for a missing other). */
const ITEM_NEEDS: Record<string, Values> = {
  envVariables: { name: 'A' },
  envSecrets: { variable: 'A', secretName: 'db', secretKey: 'password' },
  envConfigMaps: { variable: 'A', configMapName: 'db', configMapKey: 'host' },
  envFrom: { type: 'secretRef', name: 'db' },
  labels: { key: 'team' },
  annotations: { key: 'team' },
  pullSecrets: { name: 'regcred' },
  imagePullSecrets: { name: 'regcred' },
  ports: { port: 80 },
  remoteRef: { key: 'db' },
  data: { remoteRef: { key: 'db' } },
  dataFrom: { key: 'db' },
};
/** The context a case at `path` needs: every list item on the way holds what it cannot do without. */
function itemsOnTheWay(path: string): Values {
  let context: Values = {};
  const parts = segments(path);
  parts.forEach((part, i) => {
    const at = parts.slice(0, i + 1);
    const needs = typeof part === 'number' ? ITEM_NEEDS[String(parts[i - 1])] : undefined;
    // externalSecret.secrets.<s>.data.<key> and .dataFrom are maps too: they need their remoteRef / key
    const mapNeeds =
      parts[i - 1] === 'data' && parts[i - 3] === 'secrets' ? ITEM_NEEDS.data : part === 'dataFrom' ? ITEM_NEEDS.dataFrom : undefined;
    if (needs || mapNeeds) context = withValue(joinPath(at), structuredClone(needs ?? mapNeeds), context);
  });
  return context;
}
/** `context` without the key at `path`. */
function without(path: string, context: Values): Values {
  const root = structuredClone(context);
  const parts = segments(path);
  const parent = parts.slice(0, -1).reduce<unknown>((node, part) => (node as Record<string | number, unknown> | undefined)?.[part], root);
  if (isNode(parent)) delete (parent as Values)[String(parts[parts.length - 1])];
  return root;
}
const joinPath = (parts: (string | number)[]) => parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
const ENUM_CASES = {
  accepted: ENUMS.flatMap(([path, values]) =>
    values.map((value): Case => ({ path, value, why: 'a value of its set', context: itemsOnTheWay(path) })),
  ),
  // the first value in lower case (or, for lower-case sets, in capitals): Kubernetes spells each one way
  refused: ENUMS.map(([path, values]): Case => {
    const first = String(values.find((v) => v !== '') ?? 'x');
    const other = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
    return { path, value: other, why: 'not spelt as its set spells it', context: itemsOnTheWay(path) };
  }),
};

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: unknown; additionalProperties?: unknown; anyOf?: SchemaNode[] };
const isNode = (value: unknown): value is SchemaNode => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The values path of every key the chart defines, and of every object it defines (a schema with properties):
 * properties, list items ([0]), map entries (named "x") and the alternatives of an anyOf; the Kubernetes and KEDA
 * types ($ref) are checked against their own models, not walked.
 */
function chartPaths(schema: SchemaNode): { keys: string[]; objects: string[] } {
  const keys = new Set<string>();
  const objects = new Set<string>();
  const walk = (node: SchemaNode, path: string) => {
    if (node.properties) objects.add(path);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const at = path ? `${path}.${key}` : key;
      keys.add(at);
      walk(child, at);
    }
    if (isNode(node.items)) walk(node.items, `${path}[0]`);
    if (isNode(node.additionalProperties)) {
      keys.add(`${path}.x`);
      walk(node.additionalProperties, `${path}.x`);
    }
    for (const alternative of node.anyOf ?? []) walk(alternative, path);
  };
  walk(schema, '');
  return { keys: [...keys], objects: [...objects] };
}

/**
 * Keys where null is not as good as leaving the key out, each for its reason. Everything else the chart defines
 * takes null: an env file sets a key to null to drop what a base file set.
 */
const NULL_DIFFERS: [RegExp, string][] = [
  [/^customResources(\[0\]|Map\.x)\.verbatim$/, 'a verbatim entry holds text; {} is a manifest, {verbatim: null} neither'],
  [/\.envMap\.x\.valueFrom$/, 'a Kubernetes EnvVarSource, as written'],
  [/^ingress\.(entries\[0\]\.)?tls\[0\]\.(hosts|secretName)$/, 'keys of a list item: a list is replaced whole, never merged'],
  [/^networkPolicy\.(allowNamespaceSelectors|allowPodSelectors)\[0\]\.x$/, 'a label value in a selector is text'],
  [/^networkPolicy\.ports\[0\]\.(endPort|protocol)$/, 'keys of a list item'],
  [
    /^externalSecret\.secrets\.x\.(data\.x\.remoteRef(\.key)?|dataFrom\.key)$/,
    'needed keys the schema takes as null; the template refuses null, naming the key',
  ],
];
/** Objects that take keys the chart does not define, each for its reason. */
const OPEN_OBJECTS: [RegExp, string][] = [
  [/^$/, "the root keeps values files' own keys for templates to read"],
  [/imagePullSecrets\[0\]$|^image\.pullSecrets\[0\]$/, 'a pull secret as Kubernetes writes it, passed through'],
  [/^customResources(\[0\]|Map\.x)$/, 'a manifest as an object'],
];
/** `found` is exactly the paths of `all` the rules name, and each rule names one of them. */
function expectExactly(found: string[], all: string[], rules: [RegExp, string][]) {
  expect(found).toEqual(all.filter((path) => rules.some(([rule]) => rule.test(path))));
  for (const [rule, why] of rules)
    expect(
      found.filter((path) => rule.test(path)),
      `${rule}: ${why}`,
    ).not.toEqual([]);
}

const defaults = chartDefaults();
const schema = JSON.parse(readFileSync(join(chartDir, 'values.editor.schema.json'), 'utf8')) as SchemaNode;

// what Helm checks, and the full schema editors and lint read: the same rules, so the same verdicts
describe.each(['values.schema.json', 'values.editor.schema.json'])('the values schema, %s', (file) => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(join(chartDir, file), 'utf8')));
  // the paths come from the full schema for both files: the one Helm reads keeps its objects in definitions
  /** The schema's errors for values as Helm checks them: over chart/values.yaml. */
  const errorsOf = (values: Values) => (validate(coalesce(defaults, values)) ? [] : [...(validate.errors ?? [])]);

  it.each(REFUSED)('refuses $path: $value ($why)', ({ path, value, context }) => {
    expect(errorsOf(withValue(path, value, context)), 'the schema accepts it').not.toEqual([]);
  });

  it.each(ACCEPTED)('accepts $path: $value ($why)', ({ path, value, context }) => {
    expect(errorsOf(withValue(path, value, context)).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it('accepts every value of each fixed set, and refuses it spelt otherwise', () => {
    const verdicts = (cases: Case[]) => cases.filter(({ path, value, context }) => errorsOf(withValue(path, value, context)).length === 0);
    expect(verdicts(ENUM_CASES.accepted).map(({ path, value }) => `${path}: ${value}`)).toEqual(
      ENUM_CASES.accepted.map(({ path, value }) => `${path}: ${value}`),
    );
    expect(verdicts(ENUM_CASES.refused).map(({ path, value }) => `${path}: ${value}`)).toEqual([]);
  });

  // an env file sets a key to null to drop what a base file set: null must be as good as leaving the key out, in a
  // file checked alone (as lint checks each file) as well as over the chart's defaults (where Helm drops the null)
  it('takes null for every key the chart defines as it takes the key left out', () => {
    const alone = (values: Values) => (validate(values) ? 0 : 1);
    const { keys } = chartPaths(schema);
    expect(keys.length).toBeGreaterThan(500);
    const differs = keys.filter((path) => {
      const context = itemsOnTheWay(path);
      return alone(withValue(path, null, context)) !== alone(without(path, context));
    });
    expectExactly(differs, keys, NULL_DIFFERS);
  });

  it('takes a section dropped with null beside an autoscaler, in a file checked alone (as lint and editors check it)', () => {
    const autoscaled = {
      deployment: { enabled: true },
      horizontalPodAutoscaler: { enabled: true, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
    };
    expect(validate({ ...autoscaled, keda: null }), 'keda: null is no KEDA').toBe(true);
    expect(validate({ ...autoscaled, keda: { enabled: true, scaledObject: null } }), 'scaledObject: null is no ScaledObject').toBe(true);
    expect(validate({ ...autoscaled, keda: { enabled: true, scaledObject: { enabled: true } } }), 'KEDA scales it too').toBe(false);
    expect(validate({ horizontalPodAutoscaler: null, deployment: null })).toBe(true);
  });

  it('refuses a key it does not define in every object it defines, and in no other', () => {
    const { objects } = chartPaths(schema);
    expect(objects.length).toBeGreaterThan(50);
    const open = objects.filter((path) => {
      const unknown = path ? `${path}.zzUnknownKey` : 'zzUnknownKey';
      return errorsOf(withValue(unknown, 'x', itemsOnTheWay(unknown))).length === 0;
    });
    expectExactly(open, objects, OPEN_OBJECTS);
  });

  it("accepts the context of every case alone (so a refusal is the value's doing)", () => {
    for (const { context } of [...REFUSED, ...ACCEPTED]) {
      if (context) expect(errorsOf(context).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    }
  });
});

/** The Kubernetes (or KEDA) type of each key that takes one, as written down from the API: a key checked against the wrong type would take the wrong fields. */
const POD_TYPES: Record<string, string> = {
  resources: 'ResourceRequirements',
  livenessProbe: 'Probe',
  readinessProbe: 'Probe',
  startupProbe: 'Probe',
  lifecycle: 'Lifecycle',
  securityContext: 'PodSecurityContext',
  containerSecurityContext: 'SecurityContext',
  tolerations: '[]Toleration',
  affinity: 'Affinity',
  topologySpreadConstraints: '[]TopologySpreadConstraint',
  volumes: '[]Volume',
  volumeMounts: '[]VolumeMount',
  initContainers: '[]Container',
  sidecar: '[]Container',
  hostAliases: '[]HostAlias',
  dnsConfig: 'PodDNSConfig',
};
const TYPED: Record<string, string> = {
  'image.lifecycle': 'Lifecycle',
  'deployment.strategy': 'DeploymentStrategy',
  'statefulSet.updateStrategy': 'StatefulSetUpdateStrategy',
  'statefulSet.persistentVolumeClaimRetentionPolicy': 'StatefulSetPersistentVolumeClaimRetentionPolicy',
  'cronJob.podFailurePolicy': 'PodFailurePolicy',
  'cronJob.jobs.x.podFailurePolicy': 'PodFailurePolicy',
  'job.podFailurePolicy': 'PodFailurePolicy',
  'job.jobs.x.podFailurePolicy': 'PodFailurePolicy',
  'horizontalPodAutoscaler.metrics': '[]MetricSpec',
  'horizontalPodAutoscaler.behavior': 'HorizontalPodAutoscalerBehavior',
  'keda.scaledObject.spec': 'KedaScaledObjectSpec',
  'keda.triggerAuthentication.x.spec': 'KedaTriggerAuthenticationSpec',
  ...Object.fromEntries(
    ['deployment', 'statefulSet', 'cronJob', 'cronJob.jobs.x', 'job', 'job.jobs.x'].flatMap((workload) =>
      Object.entries(POD_TYPES).map(([key, type]) => [`${workload}.${key}`, type]),
    ),
  ),
};

describe('the Kubernetes types of the values schema', () => {
  /** The type a key refers to: "Probe" for anyOf [$ref Probe, null], "[]Volume" for a list of $ref Volume. */
  const typeOf = (node: Record<string, unknown>): string | undefined => {
    const name = (ref: unknown) => (typeof ref === 'string' ? ref.replace('#/definitions/', '') : undefined);
    const items = node.items as Record<string, unknown> | undefined;
    if (items?.$ref) return `[]${name(items.$ref)}`;
    const refs = ((node.anyOf ?? []) as Record<string, unknown>[]).filter((a) => a.$ref).map((a) => name(a.$ref));
    return refs.length === 1 ? refs[0] : undefined;
  };

  it('refers each key that takes a Kubernetes or KEDA type to that type, and no other key to one', () => {
    const found: Record<string, string> = {};
    const walk = (node: SchemaNode, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const at = path ? `${path}.${key}` : key;
        const type = typeOf(child as Record<string, unknown>);
        if (type) found[at] = type;
        walk(child, at);
      }
      if (isNode(node.additionalProperties)) walk(node.additionalProperties, `${path}.x`);
    };
    walk(schema, '');
    // the deployment's strategy also takes a name (anyOf string, the type, null): the type is the one $ref
    expect(found).toEqual(TYPED);
  });
});
