// What the chart builds from its values: names, labels, image, pod, Service, Ingress.
import { describe, expect, it } from 'vitest';
import { find, HELMS, render, template, type Manifest, toValuesYaml } from './helpers.ts';

type Pod = {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
};
const podOf = (deployment: Manifest | undefined) => (deployment!.spec as { template: Pod }).template;
const mainContainer = (deployment: Manifest | undefined) => podOf(deployment).spec.containers[0];

describe.each(HELMS)('chart under Helm %i', (helm) => {
  const build = (values: unknown, options?: Parameters<typeof render>[2]) => render(helm, [toValuesYaml(values)], options);

  it('names objects after appName or the release, in namespaceOverride or the release namespace', async () => {
    const byRelease = await build({ deployment: { enabled: true }, service: { enabled: true } }, { release: 'db-prod', namespace: 'prod' });
    expect(byRelease.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['Service', 'db-prod', 'prod'],
      ['Deployment', 'db-prod', 'prod'],
    ]);
    const byValues = await build({ appName: 'billing', namespaceOverride: 'money', deployment: { enabled: true } });
    expect(byValues.map((o) => [o.metadata.name, o.metadata.namespace])).toEqual([['billing', 'money']]);
  });

  it('cuts a name to the 63 characters Kubernetes takes, never ending in "-"', async () => {
    // cut at 63, this name ends in "-", which Kubernetes refuses in a name and a label value
    const long = `${'a'.repeat(62)}-billing`;
    const [byValues] = await build({ appName: long, deployment: { enabled: true } });
    expect([byValues.metadata.name, byValues.metadata.labels?.['app.kubernetes.io/name']]).toEqual(['a'.repeat(62), 'a'.repeat(62)]);
  });

  it('puts standard labels, commonLabels and commonAnnotations on every object it builds', async () => {
    const objects = await build({
      commonLabels: { team: 'data', tier: 1 },
      commonAnnotations: { 'owner.example.com/contact': 'data@example.com' },
      deployment: { enabled: true },
      ingress: { enabled: true, entries: [{ name: 'public', hosts: [{ hostname: 'a.example.com' }] }] },
    });
    expect(objects.map((o) => o.kind)).toEqual(['Service', 'Deployment', 'Ingress']);
    for (const object of [...objects, { kind: 'Pod', ...podOf(find(objects, 'Deployment')) } as unknown as Manifest]) {
      expect(object.metadata.labels, object.kind).toMatchObject({
        'app.kubernetes.io/name': 'demo-prod',
        'app.kubernetes.io/instance': 'demo-prod',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': expect.stringMatching(/^app-chart-\d+\.\d+\.\d+/),
        team: 'data',
        tier: '1',
      });
      expect(object.metadata.annotations, object.kind).toMatchObject({ 'owner.example.com/contact': 'data@example.com' });
    }
    const deployment = find(objects, 'Deployment')!;
    expect((deployment.spec as { selector: unknown }).selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'demo-prod', 'app.kubernetes.io/instance': 'demo-prod' },
    });
  });

  it('builds the image reference from registry, repository, tag and digest, or takes a full override', async () => {
    const image = async (values: unknown) => mainContainer(find(await build(values), 'Deployment')).image;
    // the repository as written in a file, spaces around it
    expect(await image({ image: { registry: 'ghcr.io', repository: ' org/api ', tag: 1.2 }, deployment: { enabled: true } })).toBe(
      'ghcr.io/org/api:1.2',
    );
    // a blank override is no override: the image's parts make the reference
    expect(
      await image({ image: { registry: 'ghcr.io', repository: 'org/api', tag: 'v3' }, deployment: { enabled: true, image: '  ' } }),
    ).toBe('ghcr.io/org/api:v3');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(await image({ image: { repository: 'postgres', tag: '18', digest }, deployment: { enabled: true } })).toBe(
      `docker.io/postgres:18@${digest}`,
    );
    expect(await image({ image: { tag: null }, appVersion: '3.1.0', deployment: { enabled: true } })).toBe('docker.io/nginx:3.1.0');
    expect(await image({ deployment: { enabled: true, image: 'registry.example.com/tools/app:7' } })).toBe(
      'registry.example.com/tools/app:7',
    );
    // null drops a values.yaml default: image (a full override does not need it), and the sections an env leaves out
    const nulled = podOf(
      find(
        await build({
          image: null,
          serviceAccount: null,
          podDisruptionBudget: null,
          configMap: null,
          deployment: { enabled: true, image: ' registry.example.com/tools/app:8 ', serviceAccount: { enabled: true } },
        }),
        'Deployment',
      ),
    );
    expect(nulled.spec.containers[0].image).toBe('registry.example.com/tools/app:8');
    expect(nulled.spec.serviceAccountName).toBe('demo-prod');
    expect(
      await image({ image: { registry: 'ghcr.io', tag: 'v2' }, deployment: { enabled: true, image: { repository: 'org/worker' } } }),
    ).toBe('ghcr.io/org/worker:v2');
  });

  it('fails with the values path when no image repository is left', async () => {
    const result = await template(helm, [toValuesYaml({ image: { repository: '' }, deployment: { enabled: true } })]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/deployment\.image: no image repository/);
  });

  it('sets pull policy and pull secrets, the workload overriding the image defaults', async () => {
    const pod = (values: unknown) => build(values).then((o) => podOf(find(o, 'Deployment')));
    // a Secret's name may be as long as a DNS subdomain, 253 characters
    const long = `registry.${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(61)}`;
    // registry "" is docker.io; a digest alone pins the image when there is no tag to fall back to
    const digest = `sha256:${'e'.repeat(64)}`;
    const inherited = await pod({
      appVersion: '',
      image: {
        registry: '',
        tag: '',
        digest,
        useChartVersionAsTagFallback: false,
        pullPolicy: 'Always',
        pullSecrets: ['reg-a', long, { name: 'reg-b' }],
      },
      deployment: { enabled: true },
    });
    expect(inherited.spec.imagePullSecrets).toEqual([{ name: 'reg-a' }, { name: long }, { name: 'reg-b' }]);
    expect(inherited.spec.containers[0].image).toBe(`docker.io/nginx@${digest}`);
    expect(inherited.spec.containers[0].imagePullPolicy).toBe('Always');
    // command, args, lifecycle and protocol go the other way: the image's win over the workload's
    const own = await pod({
      image: {
        pullSecrets: 'global',
        // image.digest replaces the digest a tag carries
        tag: `1.29.5@sha256:${'a'.repeat(64)}`,
        digest: `sha256:${'b'.repeat(64)}`,
        command: ['/image/serve'],
        args: ['--image'],
        protocol: 'UDP',
        lifecycle: { preStop: { exec: { command: ['image-stop'] } } },
      },
      deployment: {
        enabled: true,
        imagePullSecrets: 'own',
        imagePullPolicy: 'Never',
        command: ['/workload/serve'],
        args: ['--workload'],
        protocol: 'SCTP',
        lifecycle: { preStop: { exec: { command: ['workload-stop'] } } },
      },
    });
    expect(own.spec.imagePullSecrets).toEqual([{ name: 'own' }]);
    expect(own.spec.containers[0]).toMatchObject({
      image: `docker.io/nginx:1.29.5@sha256:${'b'.repeat(64)}`,
      imagePullPolicy: 'Never',
      command: ['/image/serve'],
      args: ['--image'],
      ports: [{ protocol: 'UDP' }],
      lifecycle: { preStop: { exec: { command: ['image-stop'] } } },
    });
  });

  it('renders every pod option of deployment', async () => {
    const deployment = find(
      await build({
        image: { repository: 'coredns/coredns', tag: '1.12.0', port: 53, command: ['/coredns'], args: ['-conf', '/etc/coredns/Corefile'] },
        deployment: {
          enabled: true,
          replicas: 3,
          strategy: 'Recreate',
          portName: 'dns-tcp',
          containerPorts: [
            { name: 'dns-udp', port: 53, protocol: 'UDP' },
            { name: 'metrics', port: 9153 },
          ],
          envVariables: [{ name: 'LEVEL', value: 3 }],
          envSecrets: [{ variable: 'TOKEN', secretName: 'api', secretKey: 'token' }],
          envConfigMaps: [{ variable: 'ZONE', configMapName: 'dns', configMapKey: 'zone' }],
          envMap: { B: { value: 'two' }, A: { valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, GONE: null },
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
          livenessProbe: { tcpSocket: { port: 53 } },
          readinessProbe: { tcpSocket: { port: 'dns-tcp' } },
          startupProbe: { tcpSocket: { port: 53 }, failureThreshold: 30 },
          securityContext: { runAsNonRoot: true },
          containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'] } },
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'dns', effect: 'NoSchedule' }],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['{{ .Release.Namespace }}'] }] }],
              },
            },
          },
          topologySpreadConstraints: [],
          volumes: [{ name: 'config', configMap: { name: '{{ include "app.name" . }}-corefile' } }],
          volumeMounts: [{ name: 'config', mountPath: '/etc/coredns' }],
          initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['true'] }],
          sidecar: [{ name: 'exporter', image: 'example/exporter:1' }],
          lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
          annotations: { 'a.example.com/deploy': 'yes' },
          labels: { role: 'dns' },
          podAnnotations: { 'a.example.com/pod': 'only' },
          podLabels: { podonly: 'true' },
          serviceAccount: { enabled: true, name: 'dns-reader' },
          terminationGracePeriodSeconds: 10,
        },
      }),
      'Deployment',
    )!;
    expect(deployment.metadata.labels).toMatchObject({ role: 'dns' });
    expect(deployment.metadata.annotations).toEqual({ 'a.example.com/deploy': 'yes' });
    expect(deployment.spec).toMatchObject({ replicas: 3, strategy: { type: 'Recreate' } });
    const pod = podOf(deployment);
    expect(pod.metadata.labels).toMatchObject({ role: 'dns', podonly: 'true' });
    expect(pod.metadata.annotations).toEqual({ 'a.example.com/deploy': 'yes', 'a.example.com/pod': 'only' });
    expect(pod.spec).toMatchObject({
      serviceAccountName: 'dns-reader',
      terminationGracePeriodSeconds: 10,
      securityContext: { runAsNonRoot: true },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', effect: 'NoSchedule' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ values: ['prod'] }] }] },
        },
      },
      volumes: [{ name: 'config', configMap: { name: 'demo-prod-corefile' } }],
      initContainers: [{ name: 'wait' }],
    });
    expect(pod.spec.topologySpreadConstraints).toBeUndefined();
    expect(pod.spec.containers.map((c) => c.name)).toEqual(['demo-prod', 'exporter']);
    const container = pod.spec.containers[0];
    expect(container).toMatchObject({
      command: ['/coredns'],
      args: ['-conf', '/etc/coredns/Corefile'],
      ports: [
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
        { name: 'dns-udp', containerPort: 53, protocol: 'UDP' },
        { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
      ],
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
      livenessProbe: { tcpSocket: { port: 53 } },
      readinessProbe: { tcpSocket: { port: 'dns-tcp' } },
      startupProbe: { failureThreshold: 30 },
      securityContext: { allowPrivilegeEscalation: false },
      lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
      volumeMounts: [{ name: 'config', mountPath: '/etc/coredns' }],
    });
    const env = (container.env as { name: string }[]).filter((e) => !e.name.startsWith('ENV_'));
    expect(env).toEqual([
      { name: 'LEVEL', value: '3' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'ZONE', valueFrom: { configMapKeyRef: { name: 'dns', key: 'zone' } } },
      { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'B', value: 'two' },
    ]);
  });

  it('takes the app port from appPort, image.port, deployment.port, else 8080', async () => {
    const ports = async (values: Record<string, unknown>) => {
      const objects = await build({
        ...values,
        deployment: { enabled: true, ...(values.deployment as object) },
        service: { enabled: true },
      });
      const container = mainContainer(find(objects, 'Deployment')) as {
        ports: { containerPort: number }[];
        env: { name: string; value?: string }[];
      };
      const service = (find(objects, 'Service')!.spec as { ports: { port: number; targetPort: number }[] }).ports[0];
      return [
        container.ports[0].containerPort,
        container.env.find((e) => e.name === 'ENV_APP_PORT')?.value,
        service.port,
        service.targetPort,
      ];
    };
    expect(await ports({ appPort: 9000, image: { port: 8000 }, deployment: { port: 7000 } })).toEqual([9000, '9000', 9000, 9000]);
    expect(await ports({ image: { port: 8000 }, deployment: { port: 7000 } })).toEqual([8000, '8000', 8000, 8000]);
    expect(await ports({ image: { port: null }, deployment: { port: 7000 } })).toEqual([7000, '7000', 7000, 7000]);
    expect(await ports({ image: { port: null } })).toEqual([8080, '8080', 8080, 8080]);
  });

  it('spreads pods across zones by default and scales the rollout to the replicas', async () => {
    const deployment = find(await build({ deployment: { enabled: true, replicas: 4 } }), 'Deployment')!;
    expect(deployment.spec).toMatchObject({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 2 } } });
    expect(podOf(deployment).spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo-prod', 'app.kubernetes.io/instance': 'demo-prod' } },
      },
    ]);
  });

  it('serves DNS on UDP 53 and TCP 53 from one Service, from service values alone', async () => {
    const service = find(
      await build({
        image: { port: 53 },
        service: {
          enabled: true,
          type: 'LoadBalancer',
          portName: 'dns-tcp',
          ports: [{ name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 53 }],
          externalTrafficPolicy: 'Local',
          loadBalancerSourceRanges: ['203.0.113.0/24'],
          loadBalancerClass: 'service.k8s.aws/nlb',
          loadBalancerIP: '203.0.113.10',
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
          internalTrafficPolicy: 'Local',
          ipFamilyPolicy: 'PreferDualStack',
          ipFamilies: ['IPv4', 'IPv6'],
          externalIPs: ['198.51.100.7'],
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' },
          labels: { exposure: 'public' },
        },
      }),
      'Service',
    )!;
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/name': 'demo-prod', 'app.kubernetes.io/instance': 'demo-prod' },
      ports: [
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, targetPort: 53, protocol: 'UDP' },
      ],
      externalTrafficPolicy: 'Local',
      loadBalancerClass: 'service.k8s.aws/nlb',
      loadBalancerIP: '203.0.113.10',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      internalTrafficPolicy: 'Local',
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4', 'IPv6'],
      externalIPs: ['198.51.100.7'],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
    });
    expect(service.metadata.labels).toMatchObject({ exposure: 'public' });
    expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' });
  });

  it('renders NodePort, headless and named extra ports', async () => {
    const nodePort = find(
      await build({
        service: {
          enabled: true,
          type: 'NodePort',
          nodePort: 30080,
          ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics', nodePort: 30090, appProtocol: 'http' }],
        },
      }),
      'Service',
    )!;
    expect((nodePort.spec as { ports: unknown }).ports).toEqual([
      { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP', nodePort: 30080 },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP', nodePort: 30090, appProtocol: 'http' },
    ]);
    const headless = find(
      await build({
        service: { enabled: true, headless: true, primaryPort: false, ports: [{ name: 'peer', port: 7000, targetPort: 7000 }] },
      }),
      'Service',
    )!;
    expect(headless.spec).toMatchObject({ type: 'ClusterIP', clusterIP: 'None', ports: [{ name: 'peer', port: 7000, targetPort: 7000 }] });
    // without a targetPort an extra port sends to the app port, as in the GlueOps chart
    const metrics = find(await build({ service: { enabled: true, ports: [{ name: 'metrics', port: 1234 }] } }), 'Service')!;
    expect((metrics.spec as { ports: unknown[] }).ports[1]).toEqual({ name: 'metrics', port: 1234, targetPort: 8080, protocol: 'TCP' });
  });

  it('renders one Ingress per entry, with per-entry class, annotations and labels taking effect, to service.port', async () => {
    const objects = await build({
      captain_domain: 'example.com',
      // the Service listens on 80 and sends to the container's 8080: a path without a port goes to the Service's 80
      service: { port: 80 },
      ingress: {
        enabled: true,
        ingressClassName: 'public-traefik',
        annotations: { shared: 'yes', overridden: 'top' },
        labels: { exposure: 'public' },
        entries: [
          {
            name: 'public',
            hosts: [
              { hostname: '{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}' },
              {
                hostname: 'www.example.com',
                paths: [
                  { path: '/api', pathType: 'Prefix', servicePortNumber: 9090 },
                  { path: '/ws', serviceName: 'ws', servicePortName: 'http' },
                ],
              },
            ],
            tls: [
              { hosts: ['{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}'], secretName: '{{ include "app.name" . }}-tls' },
            ],
          },
          {
            name: 'private',
            ingressClassName: 'private-traefik',
            annotations: { overridden: 'entry' },
            labels: { exposure: 'private' },
            hosts: [{ hostname: 'internal.example.com' }],
          },
        ],
      },
    });
    const [publicIngress, privateIngress] = objects.filter((o) => o.kind === 'Ingress');
    expect(publicIngress.metadata.name).toBe('demo-prod-public');
    expect(publicIngress.metadata.annotations).toEqual({ shared: 'yes', overridden: 'top' });
    expect(publicIngress.spec).toEqual({
      ingressClassName: 'public-traefik',
      rules: [
        {
          host: 'demo-prod.apps.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'demo-prod', port: { number: 80 } } } }] },
        },
        {
          host: 'www.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'demo-prod', port: { number: 9090 } } } },
              { path: '/ws', pathType: 'ImplementationSpecific', backend: { service: { name: 'ws', port: { name: 'http' } } } },
            ],
          },
        },
      ],
      tls: [{ hosts: ['demo-prod.apps.example.com'], secretName: 'demo-prod-tls' }],
    });
    expect(privateIngress.metadata.name).toBe('demo-prod-private');
    expect(privateIngress.metadata.annotations).toEqual({ shared: 'yes', overridden: 'entry' });
    expect(privateIngress.metadata.labels).toMatchObject({ exposure: 'private' });
    expect((privateIngress.spec as { ingressClassName: string }).ingressClassName).toBe('private-traefik');
    expect((find(objects, 'Service')!.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
    ]);
  });

  it('admits traffic to the app ports only from the listed sources with networkPolicy', async () => {
    const policy = find(
      await build({
        image: { port: 5432 },
        deployment: {
          enabled: true,
          // the second port is written with the alias containerPort, as GlueOps values may
          containerPorts: [
            { name: 'metrics', port: 9187 },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
          ],
        },
        networkPolicy: {
          enabled: true,
          allowCIDRs: ['203.0.113.0/24'],
          allowNamespaces: ['traefik'],
          allowNamespaceSelectors: [{ team: 'data' }],
          allowPodSelectors: [{ 'app.kubernetes.io/name': 'pgbouncer' }],
          labels: { zone: 'db' },
          annotations: { ticket: 'SEC-1' },
        },
      }),
      'NetworkPolicy',
    )!;
    expect(policy.metadata).toMatchObject({ labels: { zone: 'db' }, annotations: { ticket: 'SEC-1' } });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo-prod', 'app.kubernetes.io/instance': 'demo-prod' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { ipBlock: { cidr: '203.0.113.0/24' } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } },
            { namespaceSelector: { matchLabels: { team: 'data' } } },
            { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pgbouncer' } } },
          ],
          ports: [
            { port: 5432, protocol: 'TCP' },
            { port: 9187, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
      ],
    });
    // the main port keeps its protocol: image.protocol, else the workload's
    for (const [values, protocol] of [
      [{ image: { protocol: 'UDP' } }, 'UDP'],
      [{ deployment: { protocol: 'SCTP' } }, 'SCTP'],
    ] as const) {
      const merged = {
        ...values,
        deployment: { enabled: true, ...('deployment' in values ? values.deployment : {}) },
        networkPolicy: { enabled: true, allowNamespaces: ['dns'] },
      };
      const ingress = (find(await build(merged), 'NetworkPolicy')!.spec as { ingress: { ports: unknown }[] }).ingress;
      expect(ingress[0].ports).toEqual([{ port: 8080, protocol }]);
    }
    const denyAll = find(await build({ networkPolicy: { enabled: true } }), 'NetworkPolicy')!;
    expect((denyAll.spec as { ingress: unknown }).ingress).toEqual([]);
    const custom = find(
      await build({
        networkPolicy: {
          enabled: true,
          allowNamespaces: ['dns'],
          ports: [{ port: 53, protocol: 'UDP' }],
          extraIngress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
        },
      }),
      'NetworkPolicy',
    )!;
    expect((custom.spec as { ingress: unknown }).ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
      { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] },
    ]);
  });

  it('renders nothing by default', async () => {
    expect(await build({})).toEqual([]);
  });

  it("renders nothing of a section an env file nulls, beside custom resources that check the chart's own objects", async () => {
    const sections = [
      'configMap',
      'secret',
      'externalSecret',
      'keda',
      'ingress',
      'networkPolicy',
      'serviceAccount',
      'podDisruptionBudget',
      'horizontalPodAutoscaler',
      'persistentVolumeClaim',
      'cronJob',
      'job',
    ];
    const entry = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n';
    const objects = await build({ ...Object.fromEntries(sections.map((key) => [key, null])), customResources: [entry] });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/extra']);
  });
});
