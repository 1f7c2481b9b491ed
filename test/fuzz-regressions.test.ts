// What the property tests found wrong in the chart, each pinned by the values that broke it, under both Helms.
// Objects are read as Kubernetes reads YAML (test/fuzz/kubernetes-yaml.ts), where an unquoted on, n or 2048 is
// no string.
import { describe, expect, it } from 'vitest';
import { validateObjects } from '../scripts/models.ts';
import { kubernetesObjects } from './fuzz/kubernetes-yaml.ts';
import { find, HELMS, template, toValuesYaml, type Manifest } from './helpers.ts';

describe.each(HELMS)('under Helm %i', (helm) => {
  const renderValues = async (values: unknown) => {
    const result = await template(helm, [toValuesYaml(values)]);
    expect(result.stderr).toBe('');
    const objects = kubernetesObjects(result.stdout) as Manifest[];
    expect((await validateObjects(objects)).filter((f) => f.level === 'error')).toEqual([]);
    return objects;
  };
  const failure = async (values: unknown) => {
    const result = await template(helm, [toValuesYaml(values)]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    return result.stderr;
  };
  const pod = (object: Manifest | undefined) =>
    (object!.spec as { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } }).template.spec;

  it('keeps names YAML reads as numbers or booleans strings: app 2048 in namespace n, port "on", label key "yes"', async () => {
    const objects = await renderValues({
      appName: '2048',
      namespaceOverride: 'n',
      commonLabels: { yes: 'on', null: 'x' },
      deployment: {
        enabled: true,
        portName: 'on',
        containerPorts: [{ name: 'y', port: 53 }],
        schedulerName: 'yes',
        priorityClassName: 'off',
      },
      service: { enabled: true, targetPort: 'on', ports: [{ name: 'no', port: 53, targetPort: 'y' }] },
      horizontalPodAutoscaler: { enabled: true, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
    });
    for (const object of objects) {
      expect(object.metadata).toMatchObject({ name: '2048', namespace: 'n' });
      expect(object.metadata.labels).toMatchObject({ yes: 'on', null: 'x' });
    }
    const deployment = find(objects, 'Deployment');
    expect(pod(deployment)).toMatchObject({ schedulerName: 'yes', priorityClassName: 'off' });
    expect(pod(deployment).containers[0]).toMatchObject({ name: '2048', ports: [{ name: 'on' }, { name: 'y' }] });
    expect(find(objects, 'Service')?.spec).toMatchObject({
      selector: { 'app.kubernetes.io/name': '2048' },
      ports: [
        { name: 'http', targetPort: 'on' },
        { name: 'no', targetPort: 'y' },
      ],
    });
    expect(find(objects, 'HorizontalPodAutoscaler')?.spec).toMatchObject({ scaleTargetRef: { name: '2048' } });
  });

  it('writes counts of a million and more as integers, not 1e+06', async () => {
    const objects = await renderValues({
      deployment: { enabled: true, replicas: 1000000, revisionHistoryLimit: 2000000, terminationGracePeriodSeconds: 1500000 },
    });
    const deployment = find(objects, 'Deployment')!;
    expect(deployment.spec).toMatchObject({ replicas: 1000000, revisionHistoryLimit: 2000000 });
    expect(pod(deployment).terminationGracePeriodSeconds).toBe(1500000);
  });

  it('writes nodeSelector values as strings, dropping nulls', async () => {
    const objects = await renderValues({ deployment: { enabled: true, nodeSelector: { ssd: true, rack: 7, zone: null } } });
    expect(pod(find(objects, 'Deployment')).nodeSelector).toEqual({ ssd: 'true', rack: '7' });
  });

  it('gives an env variable with a null value an empty value, not "<nil>"', async () => {
    const objects = await renderValues({
      deployment: { enabled: true, envVariables: [{ name: 'EMPTY', value: null }], envMap: { ALSO: { value: null } } },
    });
    const env = pod(find(objects, 'Deployment')).containers[0].env as { name: string; value?: string }[];
    expect(env.filter((e) => ['EMPTY', 'ALSO'].includes(e.name))).toEqual([
      { name: 'EMPTY', value: '' },
      { name: 'ALSO', value: '' },
    ]);
  });

  it('takes a block set to null, or a map of entries set to null, without crashing', async () => {
    await renderValues({ job: null, cronJob: null, secret: { enabled: true, secrets: null }, configMap: { enabled: true, configs: null } });
    await renderValues({
      deployment: { enabled: true },
      externalSecret: {
        enabled: true,
        secretStore: { name: 'vault' },
        secrets: { db: { data: { password: { remoteRef: { key: 'db' } } }, dataFrom: null } },
      },
    });
  });

  it('takes a strategy object without Helm warning that it ignores the default', async () => {
    const objects = await renderValues({
      deployment: { enabled: true, strategy: { type: 'Recreate' } },
      statefulSet: { enabled: false, updateStrategy: { type: 'OnDelete' } },
    });
    expect(find(objects, 'Deployment')?.spec).toMatchObject({ strategy: { type: 'Recreate' } });
  });

  it('fills a partial KEDA scaleTargetRef with the app, and writes counts given as digits as integers', async () => {
    const objects = await renderValues({
      deployment: { enabled: true },
      keda: {
        enabled: true,
        scaledObject: {
          enabled: true,
          spec: {
            scaleTargetRef: { envSourceContainerName: 'app' },
            minReplicaCount: '2',
            fallback: { failureThreshold: 3, replicas: 2 },
            triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }],
          },
        },
      },
    });
    expect(find(objects, 'ScaledObject')?.spec).toMatchObject({
      scaleTargetRef: { name: 'demo-prod', envSourceContainerName: 'app' },
      minReplicaCount: 2,
      fallback: { failureThreshold: 3, replicas: 2 },
    });
    // what the values name wins over the app: an Argo Rollout scaled instead of the Deployment
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop-canary' };
    const scaled = await renderValues({
      deployment: { enabled: true },
      keda: {
        enabled: true,
        scaledObject: { enabled: true, spec: { scaleTargetRef: rollout, triggers: [{ type: 'cpu', metadata: { value: '60' } }] } },
      },
    });
    expect(find(scaled, 'ScaledObject')?.spec).toMatchObject({ scaleTargetRef: rollout });
  });

  it.each([
    [
      'an env variable without a name',
      { deployment: { enabled: true, envVariables: [{ value: 'x' }] } },
      /deployment\.envVariables\.0: name is required|at '\/deployment\/envVariables\/0': missing property 'name'/,
    ],
    [
      'a secret variable without its key',
      { deployment: { enabled: true, envSecrets: [{ variable: 'X', secretName: 'db' }] } },
      /deployment\.envSecrets\.0: secretKey is required|at '\/deployment\/envSecrets\/0': missing property 'secretKey'/,
    ],
    [
      'an extra Service port without its number',
      { service: { enabled: true, ports: [{ name: 'metrics' }] } },
      /service\.ports\[0\]\.port: required/,
    ],
    [
      'an extra container port without its number',
      { deployment: { enabled: true, containerPorts: [{ name: 'metrics' }] } },
      /deployment\.containerPorts\[0\]\.port: required/,
    ],
    [
      'a KEDA fallback without its threshold',
      { deployment: { enabled: true }, keda: { enabled: true, scaledObject: { enabled: true, spec: { fallback: { replicas: 2 } } } } },
      /keda\.scaledObject\.spec\.fallback: failureThreshold is required|at '\/keda\/scaledObject\/spec\/fallback': missing property 'failureThreshold'/,
    ],
  ])('refuses %s, naming the values path', async (_name, values, message) => {
    expect(await failure(values)).toMatch(message);
  });
});
