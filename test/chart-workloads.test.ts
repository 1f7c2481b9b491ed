// The workloads and companions a GlueOps app chart user has: StatefulSet, CronJobs and Jobs, ConfigMaps, Secrets,
// ExternalSecrets, ServiceAccount, PodDisruptionBudget, PersistentVolumeClaim, KEDA, HorizontalPodAutoscaler; image
// and pull-secret inheritance; checksum restarts; and Kubernetes types checked by Helm's own schema validation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateObjects } from '../scripts/models.ts';
import { renderApp } from '../scripts/render.ts';
import { find, HELMS, render, template, type Manifest, toValuesYaml } from './helpers.ts';

type Pod = { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, any> };
const podOf = (object: Manifest | undefined): Pod => {
  const spec = object?.spec as Record<string, any>;
  return object?.kind === 'CronJob' ? spec.jobTemplate.spec.template : spec.template;
};
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'glueops', name), 'utf8');
/** A values file of test/fixtures. */
const valuesFixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe.each(HELMS)('workloads under Helm %i', (helm) => {
  const build = (values: unknown) => render(helm, [toValuesYaml({ appName: 'shop', ...(values as object) })]);
  const fails = async (values: unknown, message: RegExp) => {
    const result = await template(helm, [toValuesYaml({ appName: 'shop', ...(values as object) })]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  };

  it('renders a StatefulSet instead of the Deployment, with its claims mounted in the main container', async () => {
    const objects = await build({
      deployment: { enabled: true },
      statefulSet: {
        enabled: true,
        replicas: 3,
        updateStrategy: 'OnDelete',
        podManagementPolicy: 'Parallel',
        // 0 keeps no old revisions (left out, Kubernetes would keep 10)
        revisionHistoryLimit: 0,
        minReadySeconds: 0,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' }],
        volumeClaimTemplates: {
          data: {
            accessModes: 'ReadWriteOnce',
            storageClassName: 'gp3',
            requestsStorage: '10Gi',
            mountPath: '/var/lib/data',
            annotations: { 'example.com/backup': 'daily' },
          },
          // "" asks for no storage class: the claim binds to a volume without one, not to the cluster's default class
          scratch: { storageClassName: '', requestsStorage: '1Gi', mountPath: '/scratch' },
          gone: null,
        },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    });
    expect(objects.map((o) => o.kind)).toEqual(['StatefulSet']);
    const set = objects[0];
    expect(set.spec).toMatchObject({
      serviceName: 'shop',
      replicas: 3,
      revisionHistoryLimit: 0,
      minReadySeconds: 0,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'demo-prod' } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', annotations: { 'example.com/backup': 'daily' } },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } },
        },
        {
          metadata: { name: 'scratch' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', resources: { requests: { storage: '1Gi' } } },
        },
      ],
    });
    // a list of its own replaces the chart's zone spread
    expect(podOf(set).spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
    ]);
    expect(podOf(set).spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/data' },
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('renders CronJobs and Jobs named <app>-<job>, top-level defaults under per-job values', async () => {
    const objects = await build({
      // an app of jobs alone: null drops the deployment of values.yaml
      deployment: null,
      image: { registry: 'ghcr.io', repository: 'org/api', tag: 'v2' },
      cronJob: {
        enabled: true,
        // the map form: false and 0 as text too
        labels: { team: 'platform', critical: false, tier: 0 },
        annotations: { 'example.com/owner': 'platform' },
        backoffLimit: 6,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 5,
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
        tolerations: [{ key: 'global', operator: 'Exists' }],
        enableServiceLinks: true,
        jobs: {
          backup: {
            schedule: '0 2 * * *',
            backoffLimit: 0,
            image: { repository: 'org/backup' },
            resources: { requests: { memory: '256Mi' } },
            tolerations: [{ key: 'per-job', operator: 'Exists' }],
            enableServiceLinks: false,
            // the GlueOps list form, false as text
            labels: [
              { key: 'env', value: 'prod' },
              { key: 'canary', value: false },
            ],
            startingDeadlineSeconds: '120',
            // 0 keeps no finished jobs (left out, Kubernetes would keep 3 and 1)
            successfulJobsHistoryLimit: 0,
            failedJobsHistoryLimit: 0,
          },
          report: { schedule: '0 6 * * 1', timeZone: 'Europe/Berlin', image: 'quay.io/tools/report:1' },
          retired: { enabled: false, schedule: '* * * * *' },
        },
      },
      job: { enabled: true, ttlSecondsAfterFinished: 300, jobs: { migrate: { command: ['/app/migrate'], ttlSecondsAfterFinished: 0 } } },
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Job/shop-migrate', 'CronJob/shop-backup', 'CronJob/shop-report']);
    const backup = find(objects, 'CronJob', 'shop-backup')!;
    expect(backup.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'shop-backup',
      team: 'platform',
      critical: 'false',
      tier: '0',
      env: 'prod',
      canary: 'false',
    });
    expect(backup.spec).toMatchObject({
      schedule: '0 2 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      suspend: false,
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 0,
      jobTemplate: { spec: { backoffLimit: 0 } },
    });
    const pod = podOf(backup);
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'shop-backup',
      'resource-type': 'cronjob',
      cronjob: 'shop-backup',
      env: 'prod',
    });
    expect(pod.metadata.labels.team).toBeUndefined();
    // the annotations beside jobs, like its labels, are the CronJob's and not its pods'
    expect(backup.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(pod.metadata.annotations ?? {}).not.toHaveProperty('example.com/owner');
    expect(pod.spec).toMatchObject({
      restartPolicy: 'OnFailure',
      enableServiceLinks: false,
      tolerations: [{ key: 'per-job', operator: 'Exists' }],
    });
    expect(pod.spec.topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/name']).toBe('shop-backup');
    expect(pod.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/org/backup:v2',
      resources: { requests: { cpu: '100m', memory: '256Mi' } },
    });
    const report = find(objects, 'CronJob', 'shop-report')!;
    expect(report.spec).toMatchObject({
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 30,
      successfulJobsHistoryLimit: 5,
      jobTemplate: { spec: { backoffLimit: 6 } },
    });
    expect(report.spec).not.toHaveProperty('failedJobsHistoryLimit');
    expect(podOf(report).spec.containers[0].image).toBe('quay.io/tools/report:1');
    const migrate = find(objects, 'Job', 'shop-migrate')!;
    expect(migrate.spec).toMatchObject({ suspend: false, ttlSecondsAfterFinished: 0 });
    expect(podOf(migrate).spec).toMatchObject({
      restartPolicy: 'Never',
      containers: [{ command: ['/app/migrate'], image: 'ghcr.io/org/api:v2' }],
    });
    expect(podOf(migrate).metadata.labels).toMatchObject({ 'resource-type': 'job', job: 'shop-migrate' });
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('inherits image.pullSecrets in every pod template: per workload and per job, "" opts out and null inherits', async () => {
    const objects = await build({
      image: { pullSecrets: 'reg-a' },
      deployment: { enabled: true, imagePullSecrets: null },
      cronJob: {
        enabled: true,
        imagePullSecrets: ['cron-a', 'cron-b'],
        jobs: { a: { schedule: '@daily' }, b: { schedule: '@daily', imagePullSecrets: '' } },
      },
      job: { enabled: true, jobs: { c: { imagePullSecrets: 'own' } } },
    });
    const secrets = (kind: string, name: string) => podOf(find(objects, kind, name)).spec.imagePullSecrets;
    expect(secrets('Deployment', 'shop')).toEqual([{ name: 'reg-a' }]);
    expect(secrets('CronJob', 'shop-a')).toEqual([{ name: 'cron-a' }, { name: 'cron-b' }]);
    expect(secrets('CronJob', 'shop-b')).toBeUndefined();
    expect(secrets('Job', 'shop-c')).toEqual([{ name: 'own' }]);
    const optedOut = await build({ image: { pullSecrets: 'reg-a' }, statefulSet: { enabled: true, imagePullSecrets: '' } });
    expect(podOf(optedOut[0]).spec.imagePullSecrets).toBeUndefined();
  });

  it('renders ConfigMaps and Secrets, and rolls the pods when their data changes', async () => {
    const values = (level: string) => ({
      deployment: { enabled: true },
      configMap: {
        enabled: true,
        labels: { kind: 'config' },
        configs: {
          settings: { dataMap: { LOG_LEVEL: level, PORT: 8080, BIG: 1000000, no: 'yes', DROPPED: null } },
          files: { data: 'app.conf: |\n  listen {{ .Values.image.port }}\nmode: "on"\n' },
        },
      },
      secret: {
        enabled: true,
        secrets: {
          credentials: { data: { user: 'app', password: 's3cret' } },
          tls: { type: 'kubernetes.io/tls', data: { 'tls.crt': 'cert', 'tls.key': 'key' } },
        },
      },
    });
    const objects = await build(values('info'));
    expect(find(objects, 'ConfigMap', 'shop-settings')?.data).toEqual({ BIG: '1000000', LOG_LEVEL: 'info', PORT: '8080', no: 'yes' });
    expect(find(objects, 'ConfigMap', 'shop-files')?.data).toEqual({ 'app.conf': 'listen 8080\n', mode: 'on' });
    expect(find(objects, 'ConfigMap', 'shop-files')?.metadata.labels).toMatchObject({ kind: 'config' });
    const secret = find(objects, 'Secret', 'shop-credentials')!;
    expect(secret).toMatchObject({ type: 'Opaque', data: { user: btoa('app'), password: btoa('s3cret') } });
    expect(find(objects, 'Secret', 'shop-tls')).toMatchObject({ type: 'kubernetes.io/tls', data: { 'tls.crt': btoa('cert') } });
    const before = podOf(find(objects, 'Deployment')).metadata.annotations!;
    expect(Object.keys(before)).toEqual(['checksum/config', 'checksum/secret']);
    const after = podOf(find(await build(values('debug')), 'Deployment')).metadata.annotations!;
    expect(after['checksum/config']).not.toBe(before['checksum/config']);
    expect(after['checksum/secret']).toBe(before['checksum/secret']);
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('fails, naming the config, when a ConfigMap sets both data and dataMap or its data is not key: value YAML', async () => {
    await fails(
      { configMap: { enabled: true, configs: { x: { data: 'a: b', dataMap: { c: 'd' } } } } },
      /configMap(\.configs\.x|\/configs\/x)/,
    );
    await fails(
      { configMap: { enabled: true, configs: { x: { data: '- a\n- b\n' } } } },
      /configMap\.configs\.x\.data: is not YAML key: value pairs/,
    );
  });

  it('renders ExternalSecrets and gives every pod their keys as variables', async () => {
    const objects = await build({
      deployment: { enabled: true },
      job: { enabled: true, jobs: { once: {} } },
      externalSecret: {
        enabled: true,
        secrets: {
          // a key an env file removes with null: no data entry and no variable for it
          db: { data: { 'db-password': { envName: 'DB_PASSWORD', remoteRef: { key: ' db ', property: 'password' } }, 'old-token': null } },
          api: { name: 'api-keys', secretStore: { name: 'aws', kind: 'SecretStore' }, refreshInterval: '1h', dataFrom: { key: 'api' } },
          // a named Secret read key by key: the variable reads the Secret by that name, and is named after its key
          cache: { name: 'cache-creds', data: { token: { remoteRef: { key: 'cache', property: 'token' } } } },
        },
      },
    });
    expect(find(objects, 'ExternalSecret', 'shop-db')?.spec).toEqual({
      refreshInterval: '2s',
      secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
      target: { name: 'shop-db', template: { type: 'Opaque' } },
      data: [{ secretKey: 'db-password', remoteRef: { key: 'db', property: 'password' } }],
    });
    expect(find(objects, 'ExternalSecret', 'shop-api')?.spec).toMatchObject({
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws', kind: 'SecretStore' },
      target: { name: 'api-keys' },
      dataFrom: [{ extract: { key: 'api' } }],
    });
    for (const kind of ['Deployment', 'Job']) {
      const container = podOf(find(objects, kind)).spec.containers[0];
      expect(container.env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'db-password' } } });
      expect(container.env).toContainEqual({ name: 'token', valueFrom: { secretKeyRef: { name: 'cache-creds', key: 'token' } } });
      expect(container.envFrom).toEqual([{ secretRef: { name: 'api-keys' } }]);
      expect(JSON.stringify(container.env)).not.toContain('old-token');
    }
    expect(await validateObjects(objects)).toEqual([]);
    // switched off in an env with the base file's secrets left: no ExternalSecret, and no pod reads the Secrets
    // it would have made (a pod reading a Secret that does not exist never starts)
    const off = await build({
      deployment: { enabled: true },
      // the claim switched off too, its mountPath left from the base file: no pod mounts a claim the chart did not make
      persistentVolumeClaim: { enabled: false, mountPath: '/data', storageSize: '8Gi' },
      externalSecret: {
        enabled: false,
        secrets: {
          db: { data: { 'db-password': { envName: 'DB_PASSWORD', remoteRef: { key: 'db' } } } },
          api: { dataFrom: { key: 'api' } },
        },
      },
    });
    expect(off.filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
    expect(off.map((o) => o.kind)).toEqual(['Deployment']);
    expect(podOf(find(off, 'Deployment')).spec.volumes).toBeUndefined();
    const container = podOf(find(off, 'Deployment')).spec.containers[0];
    expect(JSON.stringify([container.env, container.envFrom])).not.toMatch(/shop-db|shop-api/);
  });

  it('renders the ServiceAccount, PodDisruptionBudget and PersistentVolumeClaim, and mounts the claim', async () => {
    const objects = await build({
      serviceAccount: { create: true, name: 'shop-runner', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/shop' } },
      podDisruptionBudget: {
        enabled: true,
        minAvailable: null,
        maxUnavailable: '25%',
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        labels: { tier: 'web' },
        annotations: { note: 'drain' },
      },
      // bound to a volume made by hand: no storage class, the volume named
      persistentVolumeClaim: { enabled: true, mountPath: '/data', storageSize: '8Gi', storageClass: '-', volumeName: 'pv-shop-data' },
      deployment: { enabled: true, serviceAccount: { enabled: true } },
    });
    expect(find(objects, 'ServiceAccount', 'shop-runner')?.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/shop',
    });
    expect(find(objects, 'PodDisruptionBudget', 'shop')?.metadata).toMatchObject({
      labels: { tier: 'web' },
      annotations: { note: 'drain' },
    });
    expect(find(objects, 'PodDisruptionBudget', 'shop')?.spec).toEqual({
      maxUnavailable: '25%',
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'demo-prod' } },
    });
    expect(find(objects, 'PersistentVolumeClaim', 'shop-pvc')?.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '8Gi' } },
      storageClassName: '',
      volumeName: 'pv-shop-data',
    });
    const pod = podOf(find(objects, 'Deployment'));
    expect(pod.spec.serviceAccountName).toBe('shop-runner');
    expect(pod.spec.volumes).toEqual([{ name: 'shop-pvc', persistentVolumeClaim: { claimName: 'shop-pvc' } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'shop-pvc', mountPath: '/data' }]);
    const existing = await build({
      persistentVolumeClaim: { enabled: true, existingClaim: 'shared-data', mountPath: '/data' },
      deployment: { enabled: true },
    });
    expect(existing.map((o) => o.kind)).toEqual(['Deployment']);
    expect(podOf(existing[0]).spec.volumes).toEqual([{ name: 'shop-pvc', persistentVolumeClaim: { claimName: 'shared-data' } }]);
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('scales with KEDA or a HorizontalPodAutoscaler, and the workload then leaves replicas to it', async () => {
    const keda = await build({
      statefulSet: { enabled: true, replicas: 2 },
      keda: {
        enabled: true,
        scaledObject: {
          enabled: true,
          spec: {
            minReplicaCount: 1,
            maxReplicaCount: 4,
            triggersMap: {
              cpu: { type: 'cpu', metadata: { type: 'Utilization', value: '70' } },
              queue: { type: 'rabbitmq', metadata: { queueName: 'jobs', value: 12000000, activationValue: 0.5 } },
              off: null,
            },
          },
        },
        triggerAuthentication: {
          kafka: { enabled: true, spec: { secretTargetRef: [{ parameter: 'sasl', name: 'kafka', key: 'sasl' }] } },
          unused: { enabled: false },
        },
      },
    });
    expect(keda.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'StatefulSet/shop',
      'ScaledObject/shop',
      'TriggerAuthentication/shop-kafka',
    ]);
    expect((keda[0].spec as Record<string, unknown>).replicas).toBeUndefined();
    // keda.enabled false switches off all of KEDA, however its parts are set: a cluster without KEDA's CRDs
    const off = await build({
      statefulSet: { enabled: true, replicas: 2 },
      keda: {
        enabled: false,
        scaledObject: { enabled: true, spec: { triggers: [{ type: 'cpu', metadata: { value: '70' } }] } },
        triggerAuthentication: { kafka: { enabled: true, spec: { secretTargetRef: [{ parameter: 'sasl', name: 'kafka', key: 'sasl' }] } } },
      },
    });
    expect(off.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['StatefulSet/shop']);
    expect((off[0].spec as Record<string, unknown>).replicas).toBe(2);
    expect(find(keda, 'ScaledObject')?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'shop' },
      minReplicaCount: 1,
      maxReplicaCount: 4,
      triggers: [
        { type: 'cpu', metadata: { type: 'Utilization', value: '70' } },
        { type: 'rabbitmq', metadata: { queueName: 'jobs', value: '12000000', activationValue: '0.5' } },
      ],
    });
    const hpa = await build({
      deployment: { enabled: true, replicas: 3 },
      // minReplicas dropped with null (it removes the default of values.yaml): the chart's own default is 1
      horizontalPodAutoscaler: { enabled: true, minReplicas: null, maxReplicas: 6, targetCPUUtilizationPercentage: 75 },
    });
    expect((find(hpa, 'Deployment')!.spec as Record<string, unknown>).replicas).toBeUndefined();
    expect(find(hpa, 'HorizontalPodAutoscaler')?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
      minReplicas: 1,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }],
    });
    // a metadata key set to null, which the schema refuses: with its check skipped (helm template
    // --skip-schema-validation) the chart leaves the key out rather than write "<nil>" for KEDA to read
    const unchecked = await render(
      helm,
      [
        toValuesYaml({
          appName: 'shop',
          deployment: { enabled: true },
          keda: {
            enabled: true,
            scaledObject: { enabled: true, spec: { triggers: [{ type: 'cpu', metadata: { value: '70', activationValue: null } }] } },
          },
        }),
      ],
      { flags: ['--skip-schema-validation'] },
    );
    const scaled = find(unchecked, 'ScaledObject')?.spec as { triggers?: unknown } | undefined;
    expect(scaled?.triggers).toEqual([{ type: 'cpu', metadata: { value: '70' } }]);
    // KEDA on for its TriggerAuthentications alone (no ScaledObject, so no HPA of KEDA's): the autoscaler renders beside
    // them; scaledObject set to null (which drops the default of values.yaml) is off, as if left out
    const statefulHpa = await build({
      statefulSet: { enabled: true, replicas: 2 },
      horizontalPodAutoscaler: { enabled: true, maxReplicas: 4, targetMemoryUtilizationPercentage: 80 },
      keda: {
        enabled: true,
        scaledObject: null,
        triggerAuthentication: { aws: { enabled: true, spec: { podIdentity: { provider: 'aws' } } } },
      },
    });
    expect(statefulHpa.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'HorizontalPodAutoscaler/shop',
      'StatefulSet/shop',
      'TriggerAuthentication/shop-aws',
    ]);
    expect(find(statefulHpa, 'HorizontalPodAutoscaler')?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'shop' },
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(await validateObjects([...keda, ...hpa])).toEqual([]);
  });

  it('renders every optional field of a Deployment at its edge value: 0, false, "" and null as set, not as the default', async () => {
    const objects = await render(helm, [
      toValuesYaml({
        appName: 'shop',
        appEnv: '',
        // past 63 characters the version label is cut, the variable is not
        appVersion: `1.10-${'x'.repeat(62)}`,
        teamOwner: 'payments',
        namespaceOverride: 'apps',
        commonLabels: { tier: 'web', enabled: 'true', release: '1.10' },
        commonAnnotations: { ticket: '0123' },
        image: { registry: 'ghcr.io', repository: 'org/api', tag: '007', pullSecrets: 'regcred' },
        deployment: {
          enabled: true,
          replicas: 3,
          revisionHistoryLimit: 0,
          minReadySeconds: 0,
          maxSurge: '25%',
          maxUnavailable: 0,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 0,
          topologySpreadConstraints: [],
          hostNetwork: false,
          portName: 'web',
          protocol: 'UDP',
          imagePullSecrets: '',
          command: ['/app/serve'],
          labels: { tier: 'api' },
          matchLabels: { track: 'stable' },
          podLabels: { revision: '2' },
          podAnnotations: { weight: '1', bytes: 12000000 },
          nodeSelector: { dedicated: 'true' },
          serviceAccount: { enabled: true, automountServiceAccountToken: false },
          containerPorts: [{ name: 'metrics', containerPort: 9090 }],
          envVariables: [
            { name: 'EMPTY', value: '' },
            { name: 'ZERO', value: 0 },
            { name: 'OFF', value: false },
            { name: 'UNSET', value: null },
            { name: 'OCTAL', value: '0123' },
            // Helm reads every number as a float: past six digits toString would give 1.2e+07
            { name: 'BIG', value: 12000000 },
          ],
          envSecrets: [{ variable: 'DB_PASSWORD', secretName: 'db', secretKey: 'password' }],
          envConfigMaps: [{ variable: 'MODE', configMapName: 'settings', configMapKey: 'mode' }],
          envMap: {
            B_NUMBER: 2,
            A_FLAG: true,
            C_GONE: null,
            D_REF: { valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            E_NULL: { value: null },
            F_BIG: 12000000,
          },
          envFrom: [{ type: 'configMapRef', name: 'shared' }, { secretRef: { name: 'raw' } }],
        },
        service: {
          enabled: true,
          ports: [
            { name: 'metrics', port: 9090 },
            { name: 'admin', port: 9000 },
          ],
        },
        podDisruptionBudget: { enabled: true, minAvailable: 0 },
        networkPolicy: { enabled: true },
      }),
    ]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'NetworkPolicy/apps/shop',
      'PodDisruptionBudget/apps/shop',
      'Service/apps/shop',
      'Deployment/apps/shop',
    ]);
    const deployment = find(objects, 'Deployment')!;
    // later maps win: the chart's labels, then commonLabels, then the Deployment's own; every value a string
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'demo-prod',
      'app.kubernetes.io/version': `1.10-${'x'.repeat(58)}`,
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/teamowner': 'payments',
      'helm.sh/chart': 'app-chart-0.1.0',
      tier: 'api',
      enabled: 'true',
      release: '1.10',
    });
    expect(deployment.metadata.annotations).toEqual({ ticket: '0123' });
    const selector = { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'demo-prod', track: 'stable' };
    expect(deployment.spec).toMatchObject({
      replicas: 3,
      revisionHistoryLimit: 0,
      minReadySeconds: 0,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    });
    const pod = podOf(deployment);
    expect(pod.metadata.labels).toMatchObject({ track: 'stable', revision: '2', tier: 'api', enabled: 'true' });
    expect(pod.metadata.annotations).toEqual({ ticket: '0123', weight: '1', bytes: '12000000' });
    const { containers, ...spec } = pod.spec;
    expect(spec).toEqual({
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 0,
      serviceAccountName: 'shop',
      automountServiceAccountToken: false,
      nodeSelector: { dedicated: 'true' },
    });
    expect(containers).toHaveLength(1);
    const container = containers[0];
    expect(container.image).toBe('ghcr.io/org/api:007');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.command).toEqual(['/app/serve']);
    expect(container.ports).toEqual([
      { name: 'web', containerPort: 8080, protocol: 'UDP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(container.env.slice(0, 4)).toEqual([
      { name: 'ENV_APP_NAME', value: 'shop' },
      { name: 'ENV_APP_VERSION', value: `1.10-${'x'.repeat(62)}` },
      { name: 'ENV_APP_ENV', value: '' },
      { name: 'ENV_APP_PORT', value: '8080' },
    ]);
    expect(
      container.env.slice(4, 8).map((e: { valueFrom: { fieldRef: { fieldPath: string } } }) => e.valueFrom.fieldRef.fieldPath),
    ).toEqual(['spec.nodeName', 'metadata.name', 'metadata.namespace', 'status.podIP']);
    expect(container.env.slice(8)).toEqual([
      { name: 'EMPTY', value: '' },
      { name: 'ZERO', value: '0' },
      { name: 'OFF', value: 'false' },
      { name: 'UNSET', value: '' },
      { name: 'OCTAL', value: '0123' },
      { name: 'BIG', value: '12000000' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'A_FLAG', value: 'true' },
      { name: 'B_NUMBER', value: '2' },
      { name: 'D_REF', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'E_NULL', value: '' },
      { name: 'F_BIG', value: '12000000' },
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'shared' } }, { secretRef: { name: 'raw' } }]);
    expect(find(objects, 'Service')!.spec).toEqual({
      type: 'ClusterIP',
      selector,
      ports: [
        { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        { name: 'admin', port: 9000, targetPort: 8080, protocol: 'TCP' },
      ],
    });
    expect(find(objects, 'PodDisruptionBudget')!.spec).toEqual({ minAvailable: 0, selector: { matchLabels: selector } });
    expect(find(objects, 'NetworkPolicy')!.spec).toEqual({
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [],
    });
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('renders a StatefulSet app with every companion and its options: claims, headless Service, Ingress entries, HPA, data, external secrets', async () => {
    const objects = await render(helm, [valuesFixture('stateful-companions.yaml')]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/db-creds',
      'ConfigMap/db-settings',
      'PersistentVolumeClaim/shared',
      'Service/db',
      'HorizontalPodAutoscaler/db',
      'StatefulSet/db',
      'Ingress/db-web',
      'Ingress/db-internal',
      'ExternalSecret/db-api',
      'ExternalSecret/db-files',
    ]);
    expect(find(objects, 'Secret')).toMatchObject({
      metadata: { labels: { role: 'creds' }, annotations: { rotate: 'monthly' } },
      type: 'Opaque',
      data: { pin: 'MDA0Mg==', user: 'YWRtaW4=' },
    });
    expect(find(objects, 'ConfigMap')?.metadata).toMatchObject({ labels: { role: 'settings' }, annotations: { owner: 'dba' } });
    // every value a string as written: "no" stays "no", numbers and false become their text, null is left out
    expect(find(objects, 'ConfigMap')?.data).toEqual({
      big: '12000000',
      empty: '',
      enabled: 'no',
      flag: 'false',
      port: '5432',
      ratio: '0.5',
    });
    expect(find(objects, 'PersistentVolumeClaim')?.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '2Gi' } },
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    });
    const selector = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'demo-prod', role: 'primary' };
    expect(find(objects, 'Service')?.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      selector,
      ports: [
        { name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP', appProtocol: 'postgresql' },
        // a sidecar declares 9187: the extra port targets it, not the app port
        { name: 'metrics', port: 9187, targetPort: 9187, protocol: 'TCP' },
      ],
      allocateLoadBalancerNodePorts: false,
      publishNotReadyAddresses: true,
    });
    const resource = (name: string, averageUtilization: number) => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    expect(find(objects, 'HorizontalPodAutoscaler')?.metadata).toMatchObject({ labels: { scaler: 'hpa' }, annotations: { note: 'peak' } });
    expect(find(objects, 'HorizontalPodAutoscaler')?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        resource('cpu', 70),
        resource('memory', 80),
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '100' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
    });
    const set = find(objects, 'StatefulSet')!;
    expect(set.spec).not.toHaveProperty('replicas');
    expect(set.spec).toMatchObject({
      serviceName: 'db-headless',
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
    });
    expect((set.spec as { volumeClaimTemplates: unknown }).volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: { tier: 'db' } },
        spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], volumeMode: 'Filesystem', resources: { requests: { storage: '5Gi' } } },
      },
      { metadata: { name: 'logs' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ]);
    const pod = podOf(set);
    expect(Object.keys(pod.metadata.annotations ?? {})).toEqual(['checksum/config', 'checksum/secret']);
    expect(pod.spec).toMatchObject({
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 60,
      shareProcessNamespace: true,
      hostNetwork: true,
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.0.0.10'] },
      priorityClassName: 'critical',
      runtimeClassName: 'gvisor',
      schedulerName: 'bin-packer',
      securityContext: { fsGroup: 999 },
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
      initContainers: [{ name: 'init', image: 'busybox' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['prod-db'] }] }],
          },
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 2,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: selector },
        },
      ],
      volumes: [{ name: 'db-pvc', persistentVolumeClaim: { claimName: 'shared' } }],
    });
    const [main, sidecar] = pod.spec.containers;
    expect(sidecar).toEqual({ name: 'exporter', image: 'exporter:1', ports: [{ containerPort: 9187 }] });
    expect(main.image).toBe('docker.io/postgres:16@sha256:0123456789abcdef0123456789abcdef');
    expect(main.ports).toEqual([{ name: 'http', containerPort: 5432, protocol: 'TCP' }]);
    expect(main.env.at(-1)).toEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'db-api', key: 'token' } } });
    expect(main.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/pg', subPath: 'pgdata' },
      { name: 'logs', mountPath: '/logs', readOnly: true },
      { name: 'db-pvc', mountPath: '/shared', subPath: 'app' },
    ]);
    const backend = (port: { name: string } | { number: number }) => ({ service: { name: 'db', port } });
    const web = find(objects, 'Ingress', 'db-web')!;
    // an entry's annotations win over those beside the entries
    expect(web.metadata.annotations).toEqual({ a: 'entry', b: 'top' });
    expect(web.metadata.labels).toMatchObject({ c: 'entry', d: 'top' });
    expect(web.spec).toEqual({
      ingressClassName: 'public',
      rules: [
        {
          host: 'db.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'ImplementationSpecific', backend: { service: { name: 'db-metrics', port: { name: 'metrics' } } } },
              { path: '/', pathType: 'Exact', backend: backend({ number: 9000 }) },
            ],
          },
        },
        { host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 5432 }) }] } },
      ],
      tls: [{ hosts: ['db.example.com'], secretName: 'demo-prod-tls' }],
    });
    const internal = find(objects, 'Ingress', 'db-internal')!;
    expect(internal.metadata.annotations).toEqual({ a: 'top', b: 'top' });
    expect(internal.metadata.labels).toMatchObject({ c: 'top', d: 'top' });
    expect(internal.spec).toMatchObject({ ingressClassName: 'private', tls: [{ hosts: ['y.example.com'], secretName: 'own' }] });
    expect(find(objects, 'ExternalSecret')?.spec).toEqual({
      refreshInterval: '2s',
      secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
      target: { name: 'db-api', template: { type: 'Opaque', metadata: { annotations: { reloader: 'true' } } } },
      data: [{ secretKey: 'token', remoteRef: { key: 'path/token', property: 'value' } }],
    });
    // an entry's own store, interval, type, name and template metadata win over those beside the entries
    expect(find(objects, 'ExternalSecret', 'db-files')?.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws', kind: 'SecretStore' },
      target: {
        name: 'shared-files',
        template: { type: 'kubernetes.io/tls', metadata: { annotations: { note: 'hello' }, labels: { copy: 'yes' } } },
      },
      dataFrom: [{ extract: { key: 'tls/cert', version: 'v2' } }],
    });
    expect(main.envFrom).toEqual([{ secretRef: { name: 'shared-files' } }]);
    expect(await validateObjects(objects)).toEqual([]);
  });

  it("renders only the Deployment when an env file switches every companion off, the base file's other keys left set", async () => {
    const env = `
deployment: { enabled: true, serviceAccount: { enabled: false, name: db-runner } }
statefulSet: { enabled: false }
service: { enabled: false }
ingress: { enabled: false }
horizontalPodAutoscaler: { enabled: false }
persistentVolumeClaim: { enabled: false }
configMap: { enabled: false }
secret: { enabled: false }
externalSecret: { enabled: false }
networkPolicy: { enabled: false, allowNamespaces: [monitoring] }
serviceAccount: { create: false, name: db-sa, annotations: { eks.amazonaws.com/role-arn: 'arn:aws:iam::1:role/db' } }
podDisruptionBudget: { enabled: false, minAvailable: 1, maxUnavailable: 1 }
`;
    const objects = await render(helm, [valuesFixture('stateful-companions.yaml'), env]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/db']);
    const pod = podOf(objects[0]);
    // no checksum of a ConfigMap or Secret the chart did not render, no account it did not make, no claim
    expect(pod.metadata.annotations).toBeUndefined();
    expect(pod.spec.serviceAccountName).toBeUndefined();
    expect(pod.spec.volumes).toBeUndefined();
    expect(pod.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it('renders jobs at their edges, a Service without its main port, a NetworkPolicy with every kind of peer, images from fallbacks', async () => {
    const objects = await render(helm, [valuesFixture('jobs-and-policy.yaml')]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'NetworkPolicy/batch',
      'ServiceAccount/dep-sa',
      'PersistentVolumeClaim/batch-pvc',
      'Service/batch',
      'Deployment/batch',
      'Job/batch-once',
      'CronJob/batch-nightly',
      'ScaledObject/batch',
      'TriggerAuthentication/batch-db',
    ]);
    const selector = { 'app.kubernetes.io/name': 'batch', 'app.kubernetes.io/instance': 'demo-prod' };
    expect(find(objects, 'NetworkPolicy')?.spec).toEqual({
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { ipBlock: { cidr: '10.0.0.0/8' } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
            { namespaceSelector: { matchLabels: { team: 'ops' } } },
            { podSelector: { matchLabels: { role: 'scraper' } } },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
        { from: [{ podSelector: { matchLabels: { app: 'demo-prod' } } }] },
      ],
    });
    const account = find(objects, 'ServiceAccount')!;
    expect([account.metadata.labels?.team, account.automountServiceAccountToken]).toEqual(['data', false]);
    expect(find(objects, 'Service')?.spec).toEqual({
      type: 'NodePort',
      selector,
      ports: [{ name: 'web', port: 80, targetPort: 'web', protocol: 'TCP', nodePort: 30080, appProtocol: 'http' }],
    });
    // no tag and no appVersion: the chart version (useChartVersionAsTagFallback " True "); registry "" is docker.io
    // the ServiceAccount takes the name the Deployment's pods run as (serviceAccount.name unset)
    expect(podOf(find(objects, 'Deployment')).spec.serviceAccountName).toBe('dep-sa');
    // a claim without a mountPath is rendered (existingClaim "" names none) and mounted by no pod
    expect(find(objects, 'PersistentVolumeClaim')?.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    for (const kind of ['Deployment', 'Job', 'CronJob']) expect(podOf(find(objects, kind)).spec).not.toHaveProperty('volumes');
    expect(podOf(find(objects, 'Deployment')).spec.containers[0]).toMatchObject({
      image: 'docker.io/tools/runner:0.1.0',
      ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
    });
    // KEDA sets the replicas; counts written as text become numbers, trigger metadata text; triggers win over triggersMap
    expect(find(objects, 'Deployment')?.spec).not.toHaveProperty('replicas');
    // maxSurge and maxUnavailable "" take the defaults of one replica
    expect(find(objects, 'Deployment')?.spec).toMatchObject({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } },
    });
    const scaled = find(objects, 'ScaledObject')!;
    expect(scaled.metadata).toMatchObject({ labels: { scaler: 'keda' }, annotations: { note: 'cron' } });
    expect(scaled.spec).toEqual({
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: 30,
      scaleTargetRef: { name: 'batch-worker', envSourceContainerName: 'batch' },
      triggers: [{ type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '2' } }],
    });
    expect(find(objects, 'TriggerAuthentication')?.spec).toEqual({ secretTargetRef: [{ parameter: 'password', name: 'db', key: 'pw' }] });
    expect(find(objects, 'TriggerAuthentication')?.metadata).toMatchObject({ labels: { vault: 'db' }, annotations: { note: 'pw' } });
    const once = find(objects, 'Job')!;
    expect(once.spec).toMatchObject({ suspend: true, backoffLimit: 0, podReplacementPolicy: 'Failed' });
    expect(podOf(once).spec.containers[0].image).toBe('ghcr.io/x/once:1');
    // serviceAccountName names the account directly when serviceAccount.enabled is not used
    expect(podOf(once).spec.serviceAccountName).toBe('migrator');
    const nightly = find(objects, 'CronJob')!;
    const { template: _, ...jobSpec } = (nightly.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec;
    expect(nightly.spec).toMatchObject({ schedule: '0 0 * * *', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 0, suspend: true });
    expect(jobSpec).toEqual({
      parallelism: 0,
      completions: 3,
      activeDeadlineSeconds: 600,
      completionMode: 'Indexed',
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
    });
    const pod = podOf(nightly);
    expect(pod.spec).toMatchObject({ serviceAccountName: 'runner', restartPolicy: 'Never' });
    expect(pod.spec).not.toHaveProperty('automountServiceAccountToken');
    // a blank repository in the job's image inherits the top-level one; its tag is the job's
    expect(pod.spec.containers[0].image).toBe('docker.io/tools/runner:v9');
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('rejects in the schema what would not render: a cron job without schedule, a HorizontalPodAutoscaler with KEDA', async () => {
    await fails({ cronJob: { enabled: true, jobs: { nightly: { command: ['x'] } } } }, /cronJob(\.|\/)jobs(\.|\/)nightly/);
    await fails(
      { cronJob: { enabled: true, jobs: { nightly: { enabled: 'false', schedule: '@daily' } } } },
      /cronJob(\.|\/)jobs(\.|\/)nightly(\.|\/)enabled/,
    );
    await fails(
      {
        deployment: { enabled: true },
        keda: { enabled: true, scaledObject: { enabled: true } },
        horizontalPodAutoscaler: { enabled: true, maxReplicas: 2, targetCPUUtilizationPercentage: 50 },
      },
      /schema/,
    );
  });

  it('fails with both names when a custom resource collides with a new object of the chart', async () => {
    await fails(
      {
        cronJob: { enabled: true, jobs: { backup: { schedule: '@daily' } } },
        customResourcesMap: { mine: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: shop-backup\n' },
      },
      /the chart's CronJob \(cronJob\.jobs\.backup\) and customResourcesMap\.mine both render CronJob shop-backup/,
    );
    await fails(
      {
        externalSecret: { enabled: true, secrets: { db: { dataFrom: { key: 'db' } } } },
        customResources: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'shop-db' } }],
      },
      /the chart's ExternalSecret \(externalSecret\.secrets\.db\) and customResources\[0\] both render/,
    );
  });

  const typos: [string, unknown, RegExp][] = [
    ['deployment.resources.limts', { deployment: { resources: { limts: { cpu: 1 } } } }, /limts/],
    [
      'a quantity that does not parse',
      { deployment: { resources: { limits: { memory: '1 GB' } } } },
      /deployment(\.|\/)resources(\.|\/)limits(\.|\/)memory/,
    ],
    ['deployment.livenessProbe.httpGet.paht', { deployment: { livenessProbe: { httpGet: { paht: '/', port: 80 } } } }, /paht/],
    [
      'a probe period as a string',
      { deployment: { readinessProbe: { periodSeconds: 'ten' } } },
      /deployment(\.|\/)readinessProbe(\.|\/)periodSeconds/,
    ],
    [
      'deployment.sidecar[0].imagePullPolcy',
      { deployment: { sidecar: [{ name: 'x', image: 'busybox', imagePullPolcy: 'Always' }] } },
      /imagePullPolcy/,
    ],
    [
      'statefulSet.initContainers[0].resources.requets',
      { statefulSet: { initContainers: [{ name: 'init', resources: { requets: {} } }] } },
      /requets/,
    ],
    ['cronJob.jobs.x.tolerations[0].efect', { cronJob: { jobs: { x: { tolerations: [{ key: 'a', efect: 'NoSchedule' }] } } } }, /efect/],
    ['job.jobs.x.containerSecurityContext.runAsUsr', { job: { jobs: { x: { containerSecurityContext: { runAsUsr: 1 } } } } }, /runAsUsr/],
    ['deployment.volumes[0].emptydir', { deployment: { volumes: [{ name: 'v', emptydir: {} }] } }, /emptydir/],
  ];
  it.each(typos)('rejects a typo inside a Kubernetes type: %s, naming it', async (_name, values, message) => {
    const result = await template(helm, [toValuesYaml(values)]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/schema/);
    expect(result.stderr).toMatch(message);
  });
});

/**
 * The chart's own checks, reached with Helm's schema check skipped (helm template --skip-schema-validation): then
 * only they stand between a mistake and a broken manifest. Each names the values path and the fix, exactly.
 */
const deployment = { enabled: true };
const CHART_FAILS: [string, Record<string, unknown>, string][] = [
  [
    'an autoscaler with no workload',
    { horizontalPodAutoscaler: { enabled: true, maxReplicas: 3, targetCPUUtilizationPercentage: 80 } },
    'horizontalPodAutoscaler.enabled: there is nothing to scale; enable deployment or statefulSet.',
  ],
  [
    'an autoscaler beside KEDA',
    {
      deployment,
      keda: { enabled: true, scaledObject: { enabled: true, spec: { triggers: [{ type: 'cpu', metadata: { value: '50' } }] } } },
      horizontalPodAutoscaler: { enabled: true, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
    },
    'horizontalPodAutoscaler.enabled: KEDA already scales the app (keda.scaledObject.enabled) and creates its own HPA; enable one of the two.',
  ],
  [
    'an autoscaler without a metric',
    { deployment, horizontalPodAutoscaler: { enabled: true, maxReplicas: 3 } },
    'horizontalPodAutoscaler: no metric to scale on; set targetCPUUtilizationPercentage, targetMemoryUtilizationPercentage or metrics.',
  ],
  [
    'an autoscaler without maxReplicas',
    { deployment, horizontalPodAutoscaler: { enabled: true, targetCPUUtilizationPercentage: 80 } },
    'horizontalPodAutoscaler.maxReplicas: required; the most replicas the autoscaler may run.',
  ],
  [
    'a job enabled as a string',
    { cronJob: { enabled: true, jobs: { backup: { enabled: 'yes', schedule: '0 1 * * *' } } } },
    'cronJob.jobs.backup.enabled must be a boolean, got string (value: yes). Write true or false, without quotes.',
  ],
  [
    'a job that is not a map',
    { job: { enabled: true, jobs: { migrate: 'run' } } },
    "job.jobs.migrate: must be a map of the job's settings, got string (run).",
  ],
  [
    'a cron job without a schedule',
    { cronJob: { enabled: true, jobs: { backup: { command: ['/backup'] } } } },
    'cronJob.jobs.backup.schedule: required; when the job runs, in cron syntax, e.g. "0 3 * * *".',
  ],
  [
    'a CronJob name of 53 characters',
    { appName: 'a'.repeat(40), cronJob: { enabled: true, jobs: { 'backup-12345': { schedule: '0 1 * * *' } } } },
    `cronJob.jobs.backup-12345: the CronJob name "${'a'.repeat(40)}-backup-12345" has 53 characters; Kubernetes takes at most 52 (the Jobs it starts add 11). Shorten the job's key or appName.`,
  ],
  [
    'a Job name of 64 characters',
    { appName: 'a'.repeat(50), job: { enabled: true, jobs: { 'migrate-12345': {} } } },
    `job.jobs.migrate-12345: the Job name "${'a'.repeat(50)}-migrate-12345" has 64 characters; Kubernetes takes at most 63 (its pods carry the name as a label). Shorten the job's key or appName.`,
  ],
  [
    'an image repository holding a digest',
    { deployment, image: { repository: 'nginx@sha256:abc', tag: null } },
    'image.repository: "nginx@sha256:abc" holds a digest; the repository is the name alone. Write the digest as image.digest (e.g. digest: sha256:abc) or the whole reference as deployment.image: "registry/repo@digest".',
  ],
  [
    'a blank registry',
    { deployment, image: { registry: '  ' } },
    'image.registry: is blank. Write the registry host (e.g. ghcr.io), or remove the key to use docker.io.',
  ],
  [
    'the number 0 as a tag',
    { deployment, image: { tag: 0 } },
    'image.tag: the number 0 is not a tag to rely on (YAML reads 0, 00 and 0.0 alike). Quote the tag: tag: "0".',
  ],
  [
    'a tag fallback that is neither true nor false',
    { deployment, appVersion: '', image: { tag: '', useChartVersionAsTagFallback: 'maybe' } },
    'image.useChartVersionAsTagFallback: "maybe" is neither true nor false. Write true or false.',
  ],
  [
    'no tag anywhere, the chart version fallback off',
    { deployment, appVersion: '', image: { tag: '', useChartVersionAsTagFallback: ' FALSE ' } },
    'deployment.image: no image tag. Set image.tag, image.digest or appVersion (image.useChartVersionAsTagFallback is false).',
  ],
  [
    'a blank pull secret',
    { deployment, image: { pullSecrets: ' ' } },
    'image.pullSecrets: is blank. Write the name of the Secret that holds the registry credentials, or "" for no pull secret.',
  ],
  [
    'a pull secret that is not a Secret name, in a list',
    { deployment: { enabled: true, imagePullSecrets: ['regcred', 'Reg_Cred'] } },
    `deployment.imagePullSecrets[1]: "Reg_Cred" is not a Secret name (lowercase letters, digits, '-' and '.'). Write the name of the Secret that holds the registry credentials.`,
  ],
  [
    'a pull secret name of 254 characters, one past the longest a Secret name may have',
    { deployment: { enabled: true, imagePullSecrets: [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`] } },
    `deployment.imagePullSecrets[0]: "${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}" is not a Secret name`,
  ],
  [
    'a space inside the image tag',
    { deployment, image: { repository: 'nginx', tag: '1.2 beta' } },
    'deployment.image: the image reference docker.io/nginx:1.2 beta contains whitespace; remove it.',
  ],
  [
    "a job's pull secret that is not a Secret name",
    { job: { enabled: true, imagePullSecrets: 'ok', jobs: { migrate: { imagePullSecrets: 'Bad' } } } },
    `job.jobs.migrate.imagePullSecrets: "Bad" is not a Secret name (lowercase letters, digits, '-' and '.').`,
  ],
  [
    'a ConfigMap with both data and dataMap',
    { configMap: { enabled: true, configs: { app: { data: 'a: 1', dataMap: { a: 1 } } } } },
    'configMap.configs.app: set either data or dataMap, not both (when one values file sets data and another dataMap, null the one you do not want).',
  ],
  [
    'a ConfigMap with neither data nor dataMap',
    { configMap: { enabled: true, configs: { app: { labels: { a: 'b' } } } } },
    'configMap.configs.app: set data (YAML text of key: value pairs) or dataMap (a map).',
  ],
  [
    'a Secret value that is a map',
    { secret: { enabled: true, secrets: { db: { data: { password: 'x', nested: { a: 1 } } } } } },
    'secret.secrets.db: nested must be a string, number or boolean, not a map; write nested content as a string (key: |).',
  ],
  [
    'an ExternalSecret with neither data nor dataFrom',
    { externalSecret: { enabled: true, secretStore: { name: 'vault' }, secrets: { db: { type: 'Opaque' } } } },
    'externalSecret.secrets.db: set data (keys read one by one) or dataFrom (every property of one secret of the store).',
  ],
  [
    'an ExternalSecret without a store',
    { externalSecret: { enabled: true, secretStore: { name: '' }, secrets: { db: { dataFrom: { key: 'db' } } } } },
    'externalSecret.secrets.db.secretStore.name or externalSecret.secretStore.name: required; the store to read from.',
  ],
  [
    'an ExternalSecret key without remoteRef',
    { externalSecret: { enabled: true, secretStore: { name: 'vault' }, secrets: { db: { data: { password: { envName: 'PW' } } } } } },
    'externalSecret.secrets.db.data.password.remoteRef: required; where the value is in the store ({key, property}).',
  ],
  [
    'an ExternalSecret key with a blank remote key',
    {
      externalSecret: {
        enabled: true,
        secretStore: { name: 'vault' },
        secrets: { db: { data: { password: { remoteRef: { key: ' ' } } } } },
      },
    },
    'externalSecret.secrets.db.data.password.remoteRef.key: required; the key of the secret in the store.',
  ],
  [
    'an ExternalSecret dataFrom without key',
    { externalSecret: { enabled: true, secretStore: { name: 'vault' }, secrets: { db: { dataFrom: { key: '', version: 'v1' } } } } },
    'externalSecret.secrets.db.dataFrom.key: required; the secret of the store to read.',
  ],
  [
    'a claim without a size',
    { persistentVolumeClaim: { enabled: true, mountPath: '/data' } },
    'persistentVolumeClaim.storageSize: required; the size of the claim, e.g. 8Gi.',
  ],
  [
    'a claim template without a mount path',
    { statefulSet: { enabled: true, volumeClaimTemplates: { data: { requestsStorage: '1Gi' } } } },
    'statefulSet.volumeClaimTemplates.data.mountPath: required; where the main container mounts the volume.',
  ],
  [
    'a claim template without a size',
    { statefulSet: { enabled: true, volumeClaimTemplates: { data: { mountPath: '/data' } } } },
    "statefulSet.volumeClaimTemplates.data.requestsStorage: required; the size of each pod's volume, e.g. 10Gi.",
  ],
  [
    'a customResourcesMap key with a line break',
    { customResourcesMap: { 'a\nb': null } },
    'customResourcesMap: the key "a\\nb" holds a line break, a control character or "<no value>". Name entries with letters, digits, "-", "_" and ".".',
  ],
  [
    'a verbatim custom resource with keys beside its text',
    { customResourcesMap: { v: { verbatim: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v\n', metadata: { namespace: 'ops' } } } },
    'customResourcesMap.v: a verbatim entry is a map with one key, "verbatim", holding the manifest text as a string (verbatim: |). Move the other keys into that text.',
  ],
];

// Both Helms print a chart's fail message alike (test/corpus.test.ts checks it under each); one Helm pins each branch.
describe.concurrent.each([3] as const)("the chart's own checks under Helm %i, with the schema check skipped", (helm) => {
  it.each(CHART_FAILS)('refuses %s, naming the values path and the fix', async (_what, values, message) => {
    const result = await template(helm, [toValuesYaml({ appName: 'shop', ...values })], { flags: ['--skip-schema-validation'] });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(message);
  });

  // every kind of object the chart renders is one a custom resource may collide with
  const everyCompanion = {
    deployment: { enabled: true },
    serviceAccount: { create: true },
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    horizontalPodAutoscaler: { enabled: true, maxReplicas: 3, targetCPUUtilizationPercentage: 70 },
    persistentVolumeClaim: { enabled: true, mountPath: '/data', storageSize: '1Gi' },
    networkPolicy: { enabled: true },
    ingress: { enabled: true, entries: [{ name: 'public', hosts: [{ hostname: 'shop.example.com' }] }] },
    job: { enabled: true, jobs: { migrate: {} } },
  };
  const kedaStateful = {
    statefulSet: { enabled: true },
    keda: {
      enabled: true,
      scaledObject: { enabled: true, spec: { triggers: [{ type: 'cpu', metadata: { value: '70' } }] } },
      triggerAuthentication: { aws: { enabled: true, spec: { podIdentity: { provider: 'aws' } } } },
    },
  };
  it.each<[string, string, string, string, object?]>([
    ['v1', 'ServiceAccount', 'shop', 'serviceAccount.create'],
    ['policy/v1', 'PodDisruptionBudget', 'shop', 'podDisruptionBudget.enabled'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 'shop', 'horizontalPodAutoscaler.enabled'],
    ['v1', 'PersistentVolumeClaim', 'shop-pvc', 'persistentVolumeClaim.enabled'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'shop', 'networkPolicy.enabled'],
    ['networking.k8s.io/v1', 'Ingress', 'shop-public', 'ingress.entries[0]'],
    ['batch/v1', 'Job', 'shop-migrate', 'job.jobs.migrate'],
    ['apps/v1', 'StatefulSet', 'shop', 'statefulSet.enabled', kedaStateful],
    ['keda.sh/v1alpha1', 'ScaledObject', 'shop', 'keda.scaledObject.enabled', kedaStateful],
    ['keda.sh/v1alpha1', 'TriggerAuthentication', 'shop-aws', 'keda.triggerAuthentication.aws', kedaStateful],
  ])("refuses a custom resource %s %s named as the chart's own", async (apiVersion, kind, name, path, base: object = everyCompanion) => {
    const customResources = [{ apiVersion, kind, metadata: { name } }];
    const result = await template(helm, [toValuesYaml({ appName: 'shop', ...base, customResources })], {
      flags: ['--skip-schema-validation'],
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`the chart's ${kind} (${path}) and customResources[0] both render ${kind} ${name}`);
  });

  it('takes a CronJob name of 52 characters and a Job name of 63, the longest Kubernetes takes', async () => {
    const objects = await render(
      helm,
      [
        toValuesYaml({
          appName: 'a'.repeat(40),
          cronJob: { enabled: true, jobs: { 'backup-1234': { schedule: '0 1 * * *' } } },
          job: { enabled: true, jobs: { ['m'.repeat(22)]: {} } },
        }),
      ],
      { flags: ['--skip-schema-validation'] },
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata.name.length}`)).toEqual(['Job/63', 'CronJob/52']);
  });
});

describe.each(HELMS)('app-chart render under Helm %i', (helm) => {
  it('points at the line of a typo inside a Kubernetes type, with the key it meant, and no anyOf noise', async () => {
    const appDir = join(import.meta.dirname, 'fixtures', 'bad-apps', 'k8s-typo');
    const error = await renderApp({ appDir, env: 'prod', helm }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(error).toMatch(/values\.yaml:5:5: deployment\.resources\.limts: unknown key; did you mean "limits"\?/);
    expect(error).toMatch(/values\.yaml:9:7: deployment\.livenessProbe\.httpGet\.paht: unknown key; did you mean "path"\?/);
    expect(error).toMatch(/values\.yaml:14:5: cronJob\.jobs\.nightly: (schedule is required|missing property 'schedule')/);
    expect(error).not.toMatch(/anyOf|want null|Must validate/);
  });
});

describe.each(HELMS)('a GlueOps-style values file under Helm %i', (helm) => {
  it('renders the objects the GlueOps chart renders: names, kinds and the fields that matter', async () => {
    const objects = await render(helm, [fixture('deployment-values.yaml')], { release: 'rel', namespace: 'prod' });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/example-app-configmap1',
      'CronJob/example-app-cronjob',
      'Deployment/example-app',
      'ExternalSecret/example-app-mongodb',
      'ExternalSecret/example-app-postgres',
      'Job/example-app-db-migration',
      'PodDisruptionBudget/example-app',
      'ScaledObject/example-app',
      'Secret/example-app-credentials',
      'ServiceAccount/example-app',
      'TriggerAuthentication/example-app-aws',
    ]);
    const deployment = find(objects, 'Deployment')!;
    expect((deployment.spec as Record<string, unknown>).replicas).toBeUndefined();
    const pod = podOf(deployment);
    expect(pod.spec).toMatchObject({ serviceAccountName: 'example-app', imagePullSecrets: [{ name: 'global-reg-cred' }] });
    expect(pod.spec.containers[0]).toMatchObject({
      image: 'docker.io/nginx:1.29.1',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
    });
    expect(pod.spec.containers[0].env).toContainEqual({
      name: 'mongo-password',
      valueFrom: { secretKeyRef: { name: 'example-app-mongodb', key: 'mongo-password' } },
    });
    expect(pod.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'example-app-postgres' } }]);

    const cron = find(objects, 'CronJob')!;
    expect(cron.metadata.labels?.['app.kubernetes.io/name']).toBe('example-app-cronjob');
    expect(cron.spec).toMatchObject({ schedule: '* * * 8 *', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 30, suspend: false });
    expect(podOf(cron).metadata.labels).toMatchObject({ 'resource-type': 'cronjob', cronjob: 'example-app-cronjob' });
    expect(podOf(cron).spec).toMatchObject({
      serviceAccountName: 'example-app',
      restartPolicy: 'OnFailure',
      imagePullSecrets: [{ name: 'global-reg-cred' }],
      tolerations: [{ key: 'k8s-node-role/job-worker', effect: 'NoSchedule' }],
      containers: [{ image: 'docker.io/nginx:1.29.1', command: ['/bin/bash'], args: ['-c', 'sleep 5000'] }],
    });
    expect(podOf(cron).spec.containers[0].env).toContainEqual({ name: 'foo', value: 'bar' });

    const migration = find(objects, 'Job')!;
    expect(migration.spec).toMatchObject({ suspend: false, backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 300 });
    expect(podOf(migration).spec).toMatchObject({ restartPolicy: 'Never' });
    expect(podOf(migration).spec.serviceAccountName).toBeUndefined();
    expect(podOf(migration).spec.imagePullSecrets).toBeUndefined();

    expect(find(objects, 'ExternalSecret', 'example-app-mongodb')?.spec).toEqual({
      refreshInterval: '15s',
      secretStoreRef: { name: 'secret-store-name-2', kind: 'ClusterSecretStore' },
      target: { name: 'example-app-mongodb', template: { type: 'Opaque', metadata: { labels: { 'labels.example.com/name': 'secret' } } } },
      data: [{ secretKey: 'mongo-password', remoteRef: { key: 'mongodb', property: 'password', version: 'AWSCURRENT' } }],
    });
    expect(find(objects, 'ExternalSecret', 'example-app-postgres')?.spec).toMatchObject({
      secretStoreRef: { name: 'vault-backend', kind: 'SecretStore' },
      dataFrom: [{ extract: { key: 'postgres' } }],
    });
    expect(find(objects, 'ScaledObject')?.spec).toMatchObject({
      scaleTargetRef: { name: 'example-app' },
      minReplicaCount: 1,
      maxReplicaCount: 5,
      pollingInterval: 30,
    });
    expect(find(objects, 'TriggerAuthentication')?.spec).toEqual({ podIdentity: { provider: 'aws' } });
    expect(find(objects, 'PodDisruptionBudget')?.spec).toMatchObject({ minAvailable: 1 });
    expect(find(objects, 'ConfigMap')?.data).toEqual({ API_PORT: '8080', LOG_LEVEL: 'info' });
    expect(find(objects, 'Secret')?.data).toEqual({ secretKey1: btoa('secretValue1') });
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('renders the GlueOps StatefulSet shape: claim templates from a map, mounted at their mountPath', async () => {
    const objects = await render(helm, [fixture('statefulset-values.yaml')], { release: 'rel', namespace: 'prod' });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'PodDisruptionBudget/example-app',
      'Service/example-app',
      'StatefulSet/example-app',
    ]);
    const set = find(objects, 'StatefulSet')!;
    expect(set.spec).toMatchObject({
      serviceName: 'example-app',
      replicas: 2,
      updateStrategy: { type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'my-storage-class', resources: { requests: { storage: '1Gi' } } },
        },
      ],
    });
    const pod = podOf(set);
    expect(pod.spec.serviceAccountName).toBe('test-example-sa');
    expect(pod.spec.volumes).toEqual([{ name: 'foo', configMap: { name: 'example-app-configmap-nameSuffix' } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'www', mountPath: '/usr/share/nginx/html' },
      { name: 'foo', mountPath: '/etc/foo', readOnly: true },
    ]);
    expect(pod.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9000, protocol: 'TCP' },
    ]);
    expect(await validateObjects(objects)).toEqual([]);
  });
});
