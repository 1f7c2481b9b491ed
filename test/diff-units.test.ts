// The parts of app-chart diff that need no Helm: matching objects and fields, hiding Secret values, each
// finding (and the changes that must not raise one), and the markdown kept under GitHub's comment limit.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { linkOutOfChart, outside } from '../scripts/diff/confine.ts';
import { extractTree, resolveCommit, topLevel } from '../scripts/diff/git.ts';
import { openSides } from '../scripts/diff/sides.ts';
import { QUANTITY_PATTERN } from '../schema/quantity.ts';
import { type DiffFinding, FINDINGS, findingsOf, quantity, type TargetChanges } from '../scripts/diff/findings.ts';
import { packageRoot } from '../scripts/install.ts';
import { DEFAULT_HELM, HelmError, helmFor, PINNED } from '../scripts/helm.ts';
import { diff, type DiffResult } from '../scripts/diff/index.ts';
import { RenderError, type RenderRequest } from '../scripts/render.ts';
import { FIELDS_BEFORE_YAML, objectLines, targetLines, visible } from '../scripts/diff/body.ts';
import { compareObjects, diffFields, formatSegments, type ObjectChange, objectsOf } from '../scripts/diff/objects.ts';
import { GITHUB_COMMENT_LIMIT, toMarkdown } from '../scripts/diff/markdown.ts';
import { toJson } from '../scripts/diff/json.ts';
import { chartsLine, summaryLine, toText } from '../scripts/diff/report.ts';
import { type DiffCliOptions, runDiff } from '../scripts/diff/cli.ts';

/** `helm template`-like output of some objects. */
const render = (...objects: Record<string, unknown>[]) =>
  objects.map((o) => `---\n# Source: app/templates/x.yaml\n${stringify(o)}`).join('');

const deployment = (selector: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', ...extra },
  spec: { selector: { matchLabels: selector }, template: { spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } },
});

function compare(before: Record<string, unknown>[], after: Record<string, unknown>[], removed = false): TargetChanges {
  return {
    target: 'web/prod',
    namespace: 'prod',
    removed,
    changes: compareObjects(objectsOf(render(...before), 'prod'), objectsOf(render(...after), 'prod')),
  };
}
const findings = (before: Record<string, unknown>[], after: Record<string, unknown>[], removed = false) => {
  const base = [...objectsOf(render(...before), 'prod').values()];
  return findingsOf([compare(before, after, removed)], base).map((f) => `${f.id} ${f.impact} ${f.object}${f.path ? ` ${f.path}` : ''}`);
};

/** A ConfigMap "c", optionally marked immutable. */
const cm = (data: Record<string, string>, immutable?: boolean) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c' },
  ...(immutable ? { immutable } : {}),
  data,
});

describe('objects and fields', () => {
  it('matches objects by group, kind, namespace and name, and cluster-scoped kinds without a namespace', () => {
    const objects = objectsOf(
      render(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
        { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'a', namespace: 'edge' } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a' } },
      ),
      'prod',
    );
    expect([...objects.values()].map((o) => o.id)).toEqual([
      { group: '', kind: 'Service', namespace: 'prod', name: 'a' },
      { group: 'traefik.io', kind: 'Middleware', namespace: 'edge', name: 'a' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'a' },
    ]);
  });

  it('an apiVersion change of the same group is a changed field, not a new object; a move to another group is', () => {
    const t = compare(
      [{ apiVersion: 'traefik.containo.us/v1alpha1', kind: 'IngressRouteTCP', metadata: { name: 'r' } }],
      [{ apiVersion: 'traefik.containo.us/v1', kind: 'IngressRouteTCP', metadata: { name: 'r' } }],
    );
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0].fields).toEqual([
      { path: ['apiVersion'], change: 'changed', old: 'traefik.containo.us/v1alpha1', new: 'traefik.containo.us/v1' },
    ]);
    // another group is another object to the cluster: the old one is deleted, the new one created
    const moved = compare(
      [{ apiVersion: 'traefik.containo.us/v1alpha1', kind: 'IngressRouteTCP', metadata: { name: 'r' } }],
      [{ apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRouteTCP', metadata: { name: 'r' } }],
    );
    expect(moved.changes.map((c) => [c.change, c.id.group]).sort()).toEqual([
      ['added', 'traefik.io'],
      ['removed', 'traefik.containo.us'],
    ]);
  });

  it('matches list items by name, and says when only their order changed', () => {
    const before = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      args: ['x', 'y'],
    };
    const after = {
      env: [
        { name: 'B', value: '3' },
        { name: 'A', value: '1' },
        { name: 'C', value: '4' },
      ],
      args: ['x', 'y', 'z'],
    };
    expect(diffFields(before, after).map((f) => [formatSegments(f.path), f.change, f.old, f.new, f.order])).toEqual([
      ['env[name=B].value', 'changed', '2', '3', undefined],
      ['env[name=C]', 'added', undefined, { name: 'C', value: '4' }, undefined],
      ['env', 'changed', ['A', 'B'], ['B', 'A', 'C'], true],
      ['args', 'changed', ['x', 'y'], ['x', 'y', 'z'], undefined],
    ]);
    expect(formatSegments(['metadata', 'annotations', 'checksum/config'])).toBe('metadata.annotations["checksum/config"]');
  });

  it('matches items by position when two share a name, and a list that turns from words to maps item by item', () => {
    const fields = (before: unknown, after: unknown) =>
      diffFields(before, after).map((f) => [formatSegments(f.path), f.change, f.old, f.new]);
    const ports = (second: number) => ({
      ports: [
        { name: 'http', port: 80 },
        { name: 'http', port: second },
      ],
    });
    expect(fields(ports(81), ports(82))).toEqual([['ports[1].port', 'changed', 81, 82]]);
    expect(fields({ args: ['--verbose', '--port=80'] }, { args: [{ name: '--verbose' }, '--port=80'] })).toEqual([
      ['args[0]', 'changed', '--verbose', { name: '--verbose' }],
    ]);
  });

  it("hides every value of a Secret's data and stringData, whole maps included", () => {
    const secret = (data?: Record<string, string>, stringData?: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'Opaque',
      ...(data ? { data } : {}),
      ...(stringData ? { stringData } : {}),
    });
    const t = compare([secret({ a: 'b2xk', b: 'c2FtZQ==' })], [{ ...secret(undefined, { c: 'plain-new' }), type: 'kubernetes.io/tls' }]);
    expect(t.changes[0].fields).toEqual([
      { path: ['type'], change: 'changed', old: 'Opaque', new: 'kubernetes.io/tls' },
      { path: ['data', 'a'], change: 'removed', secret: true },
      { path: ['data', 'b'], change: 'removed', secret: true },
      { path: ['stringData', 'c'], change: 'added', secret: true },
    ]);
    const text = toText(result([t]), false);
    expect(text).toContain('-     data.a: removed (Secret value not shown)');
    for (const value of ['b2xk', 'c2FtZQ==', 'plain-new']) expect(text).not.toContain(value);
    // past the fields shown one by one, a Secret is still shown field by field, never as its YAML
    const many = (v: string) => Object.fromEntries(Array.from({ length: FIELDS_BEFORE_YAML + 2 }, (_, i) => [`k${i}`, `${v}${i}x`]));
    const big = compare([secret(many('b2xk'))], [secret(many('c2Ft'))]);
    const bigText = toText(result([big]), false);
    expect(bigText).toContain(`\n        data.k${FIELDS_BEFORE_YAML + 1}: changed (Secret value not shown)\n`);
    expect(bigText).not.toMatch(/b2xk|c2Ft/);
  });

  it('an object with many changed fields reads as a diff of its YAML; colour only when asked', () => {
    const labels = (v: string) => Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`label-${i}`, `${v}-${i}`]));
    const t = compare(
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: labels('a') } }],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: labels('b') } }],
    );
    expect(t.changes[0].fields).toHaveLength(14);
    const text = toText(result([t]), false);
    // two lines of context around the lines that change
    expect(text).toContain('  ~ ConfigMap/c\n          name: c\n          labels:\n  -         label-0: a-0\n');
    expect(text).toContain('  +         label-13: b-13\n');
    expect(text).not.toContain('\u001b[');
    const coloured = toText(result([t]), true);
    expect(coloured).toContain('\u001b[31m-         label-0: a-0\u001b[0m');
    expect(coloured).toContain('\u001b[32m+         label-0: b-0\u001b[0m');
  });

  it('reads a quantity as Kubernetes does', () => {
    expect([
      quantity('10Gi'),
      quantity('500M'),
      quantity('1.5Ti'),
      quantity('1e3'),
      quantity(1024),
      quantity('250m'),
      quantity('ten'),
      quantity('2k'),
      quantity('2Ki'),
      quantity('1024Mi'),
      quantity('250u'),
      quantity('100n'),
      quantity('1U'),
    ]).toEqual([10 * 2 ** 30, 5e8, 1.5 * 2 ** 40, 1000, 1024, 0.25, undefined, 2000, 2048, 2 ** 30, 250e-6, 100 * 1e-9, undefined]);
  });

  it('reads the largest suffixes at their size, decimal and binary', () => {
    expect(['3P', '3E', '3Pi', '3Ei'].map(quantity)).toEqual([3e15, 3e18, 3 * 2 ** 50, 3 * 2 ** 60]);
    // so a claim that goes from 1E to 999P shrinks
    expect(quantity('999P')! < quantity('1E')!).toBe(true);
  });

  it('reads a quantity with every suffix the values schema takes, and none it refuses', () => {
    const schema = new RegExp(QUANTITY_PATTERN);
    const suffixes = ['', 'n', 'u', 'm', 'k', 'K', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'ki', 'U', 'mi', 'Z', 'Zi'];
    const disagree = suffixes.filter((s) => schema.test(`2${s}`) !== (quantity(`2${s}`) !== undefined));
    expect(disagree).toEqual([]);
  });
});

describe('findings', () => {
  it('a Deployment selector change will not apply; the same change on a hook is recreated and fine', () => {
    expect(findings([deployment({ app: 'web' })], [deployment({ app: 'web', tier: 'x' })])).toEqual([
      'immutable-field fails Deployment/web spec.selector',
    ]);
    const hook = { annotations: { 'argocd.argoproj.io/hook': 'Sync' } };
    expect(findings([deployment({ app: 'web' }, hook)], [deployment({ app: 'web', tier: 'x' }, hook)])).toEqual([]);
    expect(
      findings(
        [deployment({ app: 'web' })],
        [{ ...deployment({ app: 'web' }), spec: { ...deployment({ app: 'web' }).spec, replicas: 3 } }],
      ),
    ).toEqual([]);
  });

  it('a DaemonSet selector change will not apply either; Replace=true alone still patches, with Force=true it recreates', () => {
    const ds = (selector: Record<string, string>) => ({ ...deployment(selector), kind: 'DaemonSet', metadata: { name: 'agent' } });
    expect(findings([ds({ app: 'agent' })], [ds({ app: 'agent', tier: 'x' })])).toEqual([
      'immutable-field fails DaemonSet/agent spec.selector',
    ]);
    const rs = (selector: Record<string, string>) => ({ ...deployment(selector), kind: 'ReplicaSet', metadata: { name: 'pods' } });
    expect(findings([rs({ app: 'pods' })], [rs({ app: 'pods', tier: 'x' })])).toEqual([
      'immutable-field fails ReplicaSet/pods spec.selector',
    ]);
    const synced = (options: string, selector: Record<string, string>) =>
      deployment(selector, { annotations: { 'argocd.argoproj.io/sync-options': options } });
    expect(findings([synced('Replace=true', { app: 'web' })], [synced('Replace=true', { app: 'web', tier: 'x' })])).toEqual([
      'immutable-field fails Deployment/web spec.selector',
    ]);
    expect(
      findings([synced('Replace=true,Force=true', { app: 'web' })], [synced('Replace=true,Force=true', { app: 'web', tier: 'x' })]),
    ).toEqual([]);
  });

  it('a ConfigMap made immutable may still change this once; one that was immutable cannot change, marked or not', () => {
    expect(findings([cm({ a: '1' })], [cm({ a: '2' }, true)])).toEqual([]);
    expect(findings([cm({ a: '1' }, true)], [cm({ a: '2' })])).toEqual(['immutable-field fails ConfigMap/c immutable']);
  });

  it('lists the findings of an app × env most severe first', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } };
    const lb = (type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type } });
    expect(
      findings([lb('LoadBalancer'), pvc, deployment({ app: 'web' })], [lb('ClusterIP'), deployment({ app: 'web', tier: 'x' })]),
    ).toEqual([
      'immutable-field fails Deployment/web spec.selector',
      'volume-removed data-loss PersistentVolumeClaim/data',
      'load-balancer-address disruption Service/lb spec.type',
    ]);
  });

  it(`shows an object as a diff of its YAML past ${FIELDS_BEFORE_YAML} changed fields, field by field up to it`, () => {
    const labels = (n: number, value: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, value]));
    const shown = (n: number) => {
      const t = compare(
        [{ ...deployment({ app: 'web' }), metadata: { name: 'web', labels: labels(n, 'a') } }],
        [{ ...deployment({ app: 'web' }), metadata: { name: 'web', labels: labels(n, 'b') } }],
      );
      return objectLines(t.changes[0], 'prod')
        .slice(1)
        .map((l) => l.text.trim());
    };
    expect(shown(FIELDS_BEFORE_YAML).filter((l) => l.startsWith('metadata.labels.'))).toHaveLength(2 * FIELDS_BEFORE_YAML);
    expect(shown(FIELDS_BEFORE_YAML + 1).filter((l) => l.startsWith('metadata.labels.'))).toEqual([]);
  });

  it('a StatefulSet may change its template, replicas, rollout and claim retention, not its serviceName or claim templates', () => {
    const sts = (spec: Record<string, unknown>) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', replicas: 1, ...spec },
    });
    expect(findings([sts({})], [sts({ replicas: 3, template: { metadata: { labels: { a: 'b' } } } })])).toEqual([]);
    const rollout = {
      updateStrategy: { type: 'OnDelete' },
      minReadySeconds: 10,
      revisionHistoryLimit: 3,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    };
    expect(findings([sts({})], [sts(rollout)])).toEqual([]);
    expect(findings([sts({})], [sts({ serviceName: 'db-headless', podManagementPolicy: 'Parallel' })])).toEqual([
      'immutable-field fails StatefulSet/db spec.serviceName',
      'immutable-field fails StatefulSet/db spec.podManagementPolicy',
    ]);
  });

  it("a Job template, a Service clusterIP, a claim's class and size, an immutable ConfigMap's data", () => {
    const job = (image: string) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { containers: [{ name: 'm', image }] } } },
    });
    expect(findings([job('a:1')], [job('a:2')])).toEqual(['immutable-field fails Job/migrate spec.template']);
    const svc = (spec: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }], ...spec },
    });
    expect(findings([svc({ clusterIP: 'None' })], [svc({})])).toEqual(['immutable-field fails Service/s spec.clusterIP']);
    expect(findings([svc({})], [svc({ ports: [{ port: 81 }] })])).toEqual([]);
    const pvc = (spec: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, ...spec },
    });
    expect(findings([pvc({ storageClassName: 'gp2' })], [pvc({ storageClassName: 'gp3' })])).toEqual([
      'immutable-field fails PersistentVolumeClaim/data spec.storageClassName',
    ]);
    expect(findings([pvc({})], [pvc({ resources: { requests: { storage: '8Gi' } } })])).toEqual([
      'volume-shrink fails PersistentVolumeClaim/data spec.resources.requests.storage',
    ]);
    expect(findings([pvc({})], [pvc({ resources: { requests: { storage: '20Gi' } } })])).toEqual([]);
    expect(findings([cm({ a: '1' }, true)], [cm({ a: '2' }, true)])).toEqual(['immutable-field fails ConfigMap/c data']);
    expect(findings([cm({ a: '1' })], [cm({ a: '2' })])).toEqual([]);
  });

  it('removed claims and StatefulSets, unless ArgoCD is told to keep them', () => {
    const pvc = (annotations: Record<string, string> = {}) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', annotations },
    });
    expect(findings([pvc()], [])).toEqual(['volume-removed data-loss PersistentVolumeClaim/data']);
    expect(findings([pvc({ 'argocd.argoproj.io/sync-options': 'Prune=false' })], [])).toEqual([]);
    // helm.sh/resource-policy: keep keeps it when the app is deleted, not when it is pruned
    expect(findings([pvc({ 'helm.sh/resource-policy': 'keep' })], [])).toEqual(['volume-removed data-loss PersistentVolumeClaim/data']);
    expect(findings([pvc({ 'helm.sh/resource-policy': 'keep' })], [], true)).toEqual([]);
    const sts = (name: string, whenDeleted?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name },
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        ...(whenDeleted ? { persistentVolumeClaimRetentionPolicy: { whenDeleted } } : {}),
      },
    });
    expect(findings([sts('db')], [])).toEqual(['statefulset-removed disruption StatefulSet/db']);
    expect(findings([sts('db', 'Delete')], [])).toEqual(['statefulset-removed data-loss StatefulSet/db']);
    const renamed = findingsOf([compare([sts('db')], [sts('postgres')])], []);
    expect(renamed[0].message).toContain('StatefulSet/postgres is added: it gets new, empty claims named after it, not these.');
    // an app folder renamed: the StatefulSet comes back in the app × env it is renamed to
    const gone = { ...compare([sts('db')], [], true), renamedTo: compare([], [sts('postgres')]).changes };
    expect(findingsOf([gone], [])[0].message).toContain(
      'when ArgoCD deletes the app × env, its pods are deleted; the claims of its volumeClaimTemplates (data) stay, unused. StatefulSet/postgres is added',
    );
  });

  it('a LoadBalancer that goes or changes type loses its address', () => {
    const svc = (name: string, type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type } });
    expect(findings([svc('lb', 'LoadBalancer')], [svc('lb', 'ClusterIP')])).toEqual([
      'load-balancer-address disruption Service/lb spec.type',
    ]);
    expect(findings([svc('lb', 'LoadBalancer')], [])).toEqual(['load-balancer-address disruption Service/lb']);
    expect(findings([svc('lb', 'ClusterIP')], [svc('lb', 'LoadBalancer')])).toEqual([]);
    // a Service of another type added here gets no address of a load balancer
    const [finding] = findingsOf([compare([svc('lb', 'LoadBalancer')], [svc('web', 'ClusterIP')])], []);
    expect(finding.message).toMatch(
      /^Service\/lb is a LoadBalancer and is removed: when ArgoCD prunes it, its load balancer and external address are released\. /,
    );
    // Prune=false keeps it, with its address
    const kept = {
      ...svc('lb', 'LoadBalancer'),
      metadata: { name: 'lb', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
    };
    expect(findings([kept], [])).toEqual([]);
  });

  it('a route or a TLSOption renamed under a live entryPoint', () => {
    const route = (name: string, entryPoints: string[], options?: string) => ({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRouteTCP',
      metadata: { name },
      spec: { entryPoints, routes: [{ match: 'HostSNI(`db.example.com`)' }], ...(options ? { tls: { options: { name: options } } } : {}) },
    });
    const option = (name: string) => ({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TLSOption',
      metadata: { name },
      spec: { alpnProtocols: ['postgresql'] },
    });
    expect(findings([route('db', ['postgres'])], [route('database', ['postgres'])])).toEqual([
      'route-renamed disruption IngressRouteTCP/db',
    ]);
    expect(findings([route('db', ['postgres'])], [route('database', ['websecure'])])).toEqual([]);
    expect(findings([route('db', ['postgres'])], [])).toEqual([]);
    expect(
      findings([route('db', ['websecure'], 'pg'), option('pg')], [route('db', ['websecure'], 'postgres'), option('postgres')]),
    ).toEqual(['tls-option-renamed disruption TLSOption/pg']);
    expect(findings([option('pg')], [option('postgres')])).toEqual([]);
  });
});

describe('findings at their edges', () => {
  const pvc = (spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, ...spec },
  });

  it("a claim's access modes and limits are fixed, its requests and volume attributes class are not", () => {
    expect(findings([pvc({})], [pvc({ accessModes: ['ReadWriteMany'] })])).toEqual([
      'immutable-field fails PersistentVolumeClaim/data spec.accessModes',
    ]);
    expect(findings([pvc({})], [pvc({ resources: { requests: { storage: '10Gi' }, limits: { storage: '20Gi' } } })])).toEqual([
      'immutable-field fails PersistentVolumeClaim/data spec.resources',
    ]);
    expect(findings([pvc({})], [pvc({ volumeAttributesClassName: 'fast' })])).toEqual([]);
    // 10Gi to 10240Mi is the same size: no shrink
    expect(findings([pvc({})], [pvc({ resources: { requests: { storage: '10240Mi' } } })])).toEqual([]);
  });

  it('a clusterIP set to another address is fixed; one first set is not; a StatefulSet podManagementPolicy is fixed, its ordinals not', () => {
    const svc = (clusterIP?: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ...(clusterIP ? { clusterIP } : {}) },
    });
    expect(findings([svc('10.0.0.1')], [svc('10.0.0.2')])).toEqual(['immutable-field fails Service/s spec.clusterIP']);
    expect(findings([svc()], [svc('10.0.0.2')])).toEqual([]);
    const sts = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec });
    expect(findings([sts({ podManagementPolicy: 'OrderedReady' })], [sts({ podManagementPolicy: 'Parallel' })])).toEqual([
      'immutable-field fails StatefulSet/db spec.podManagementPolicy',
    ]);
    expect(findings([sts({})], [sts({ ordinals: { start: 1 }, minReadySeconds: 5 })])).toEqual([]);
  });

  it("an immutable Secret's stringData; a hook on either side is recreated; Delete=false keeps a claim of a removed app × env", () => {
    const secret = (stringData: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'k' },
      immutable: true,
      stringData,
    });
    expect(findings([secret({ a: '1' })], [secret({ a: '2' })])).toEqual(['immutable-field fails Secret/k stringData']);
    const job = (image: string, hook: boolean) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', ...(hook ? { annotations: { 'helm.sh/hook': 'pre-install' } } : {}) },
      spec: { template: { spec: { containers: [{ name: 'm', image }] } } },
    });
    expect(findings([job('a:1', false)], [job('a:2', true)])).toEqual([]);
    expect(findings([job('a:1', true)], [job('a:2', false)])).toEqual([]);
    const kept = {
      ...pvc({}),
      metadata: { name: 'data', annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Delete=false' } },
    };
    expect(findings([kept], [], true)).toEqual([]);
    expect(findings([kept], [])).toEqual(['volume-removed data-loss PersistentVolumeClaim/data']);
  });

  it('orders findings by impact, then by app × env, and says where a renamed TLSOption was used and what a new LoadBalancer gets', () => {
    const lb = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'LoadBalancer' } });
    const t = (target: string, before: Record<string, unknown>[], after: Record<string, unknown>[]) => ({
      ...compare(before, after),
      target,
    });
    const all = findingsOf(
      [
        t('web/prod', [lb('a')], [lb('b')]),
        t('zz/prod', [pvc({})], []),
        t('api/prod', [pvc({})], []),
        t('db/prod', [pvc({})], [pvc({ storageClassName: 'x' })]),
      ],
      [],
    );
    expect(all.map((f) => `${f.impact} ${f.target} ${f.id}`)).toEqual([
      'fails db/prod immutable-field',
      'data-loss api/prod volume-removed',
      'data-loss zz/prod volume-removed',
      'disruption web/prod load-balancer-address',
    ]);
    expect(all[3].message).toContain(
      'its load balancer and external address are released, and the LoadBalancer Service added here gets a new address.',
    );
    const route = {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'r', namespace: 'prod' },
      spec: { entryPoints: ['websecure'], tls: { options: { name: 'old' } } },
    };
    const option = (name: string) => ({ apiVersion: 'traefik.io/v1alpha1', kind: 'TLSOption', metadata: { name } });
    const renamed = findingsOf([compare([option('old')], [option('new')])], [...objectsOf(render(route), 'prod').values()]);
    expect(renamed.map((f) => f.message.split(':')[0])).toEqual([
      'TLSOption/old is renamed to new while IngressRoute/r use it on entryPoint websecure',
    ]);
  });
});

describe('the README', () => {
  it('lists every finding, and no other', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('## Previewing a change');
    const section = readme.slice(start, readme.indexOf('**Output.**', start));
    const listed = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(FINDINGS));
  });
});

function result(targets: TargetChanges[]): DiffResult {
  return {
    base: { label: 'main (1234567)', revision: 'main', commit: '1234567'.padEnd(40, '0'), chart: 'the bundled chart' },
    head: { label: 'working tree', chart: 'the bundled chart' },
    targets: targets.map((t) => ({
      app: t.target.split('/')[0],
      env: t.target.split('/')[1],
      namespace: t.namespace,
      status: 'changed',
      rendered: true,
      changes: t.changes,
    })),
    findings: [],
    skipped: 0,
    errors: 0,
    notes: [],
    helms: [],
  };
}

describe('markdown for a pull-request comment', () => {
  const big = (n: number): TargetChanges => {
    const cm = (suffix: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { 'script.sh': Array.from({ length: 400 }, (_, i) => `echo line ${i} ${suffix}`).join('\n') },
    });
    return {
      target: `app${String(n).padStart(3, '0')}/prod`,
      namespace: 'prod',
      removed: false,
      changes: compareObjects(objectsOf(render(cm('old')), 'prod'), objectsOf(render(cm('new')), 'prod')),
    };
  };

  it("stays under GitHub's comment limit and says what it cut", () => {
    const many = result(Array.from({ length: 60 }, (_, i) => big(i)));
    const markdown = toMarkdown(many);
    expect([...markdown].length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(
      /_Cut to stay under GitHub's 65,536-character comment limit: \d+ lines of app\d+\/prod, the sections of \d+ app × envs\. Run `npx app-chart diff --base main` for everything\._\n$/,
    );
    // the section cut short says so at its end, with the count the closing note gives
    const [, cutLines, cutApp] = /: (\d+) lines of (app\d+)\/prod/.exec(markdown)!;
    expect(markdown).toContain(`<summary><code>${cutApp}/prod</code>: changed; 1 changed</summary>\n\n\`\`\`diff\n~ ConfigMap/big\n`);
    expect(markdown).toContain(`\n\`\`\`\n\n_${cutLines} more lines cut to fit GitHub's comment limit_\n\n</details>`);
    // every app × env still has its row in the table
    expect(markdown.match(/^\| `app\d+\/prod` \|/gm)).toHaveLength(60);
    const small = toMarkdown(many, 3000);
    expect([...small].length).toBeLessThanOrEqual(3000);
    expect(small).toContain('table rows');
  });

  it('counts characters as GitHub does, not bytes or UTF-16 units: a diff full of →, × and emoji is cut only past the limit', () => {
    const markdownOf = (lines: number) =>
      toMarkdown(result([compare([cm({})], [cm({ t: Array(lines).fill('🚀→×'.repeat(10)).join('\n') })])]));
    const fits = markdownOf(1500);
    expect(fits).not.toContain('Cut to stay');
    // the same text measured in UTF-16 units (or in bytes) is over the limit
    expect(fits.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect([...fits].length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const cut = markdownOf(3000);
    expect(cut).toMatch(/: \d+ lines of web\/prod\. Run /);
    expect([...cut].length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it('sends a comment that fits whole, to the last character, and keeps one with long names, findings and a long --base under any limit', () => {
    const three = result([big(1), big(2), big(3)]);
    const whole = toMarkdown(three, Number.MAX_SAFE_INTEGER);
    const size = [...whole].length;
    expect(toMarkdown(three, size)).toBe(whole);
    const under = toMarkdown(three, size - 1);
    expect(under).toContain('Cut to stay');
    expect([...under].length).toBeLessThanOrEqual(size - 1);
    // names as long as a folder's, a revision as long as a ref, findings: the note of what was cut grows with them
    const app = `${'a'.repeat(250)}@x`;
    const long = result([{ ...big(1), target: `${app}/${'e'.repeat(250)}` }, big(2), { ...big(3), target: `${app}-2/prod` }]);
    long.base.revision = `refs/heads/${'r'.repeat(240)}`;
    long.findings = [0, 1, 2].map(
      (i): DiffFinding => ({
        id: 'immutable-field',
        impact: 'fails',
        target: `${app}/${'e'.repeat(250)}`,
        object: 'ConfigMap/big',
        message: `m${i}`,
      }),
    );
    const longSize = [...toMarkdown(long, Number.MAX_SAFE_INTEGER)].length;
    for (let limit = 2500; limit < longSize; limit += Math.ceil((longSize - 2500) / 12)) {
      const markdown = toMarkdown(long, limit);
      expect([...markdown].length, `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(markdown).toContain('Cut to stay');
    }
  });

  it('names no --base in the note of a cut when the sides are two charts, not two revisions', () => {
    const charts = result(Array.from({ length: 60 }, (_, i) => big(i)));
    charts.base = { label: 'chart ./old', chart: 'app-chart 0.1.0' };
    expect(toMarkdown(charts)).toMatch(/Run `npx app-chart diff` for everything\._\n$/);
  });

  it('adds no note of a cut when everything fits, with app × envs to show or none', () => {
    const markdown = toMarkdown(result([compare([cm({ k: 'a' })], [cm({ k: 'b' })])]));
    expect(markdown).toMatch(/<summary><code>web\/prod<\/code>: .*<\/summary>[\s\S]*<\/details>\n$/);
    expect(markdown).not.toContain('Cut to stay');
    expect(toMarkdown(result([]))).not.toContain('Cut to stay');
  });

  it('keeps names and values from breaking out of code blocks and tables', () => {
    const t = compare(
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'a' } }],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'x\n```\n</details>\n| injected |' } }],
    );
    const r = result([t]);
    r.targets[0].app = 'we|b';
    const markdown = toMarkdown(r);
    expect(markdown).toContain('````diff\n');
    expect(markdown).toContain('| `we\\|b/prod` |');
    expect(markdown.match(/<\/details>/g)).toHaveLength(2);
    expect(markdown).toContain('<code>we|b/prod</code>');
    // a name that ends in a backtick: the code span is padded, or its own backtick would close it early
    r.targets[0].env = 'prod`';
    expect(toMarkdown(r)).toContain('| `` we\\|b/prod` `` |');
  });

  it('shows control characters from a repository as escapes, in text and markdown', () => {
    const t = compare(
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'a\nb' } }],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'a\n\u001b[2Jb\u0007' } }],
    );
    for (const output of [toText(result([t]), false), toMarkdown(result([t]))]) {
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
      expect(output).toContain('\\u001b[2Jb\\u0007');
    }
  });

  it('never notifies anyone named in a finding', () => {
    const r = result([]);
    r.findings = [
      {
        id: 'volume-removed',
        impact: 'data-loss',
        target: 'web/prod',
        object: 'PersistentVolumeClaim/x',
        message: 'PersistentVolumeClaim/@security-team is removed',
      },
    ];
    const markdown = toMarkdown(r);
    expect(markdown).not.toMatch(/@\w/);
    expect(markdown).toContain('PersistentVolumeClaim/@\u200bsecurity-team is removed');
  });
});

describe('the report of every app × env', () => {
  const cmap = (name: string, data: Record<string, string>, namespace?: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    data,
  });
  const chart = (version: string, digest: string) => ({ name: 'app-chart', version, digest, source: `oci://x/app-chart:${version}` });

  /** four app × envs: one changed, one added (renamed), one removed, one rendered the same, and one not compared */
  function mixed(): DiffResult {
    const changed = compare(
      [cmap('b', { k: '1' }), cmap('a', { k: '1' }), cmap('gone', { k: '1' }), cmap('other', { k: '1' }, 'edge')],
      [cmap('a', { k: '2', extra: 'x' }), cmap('b', { k: '1' }), cmap('new', { k: '1' }), cmap('other', { k: '2' }, 'edge')],
    );
    const r = result([changed]);
    r.targets.push(
      {
        app: 'api',
        env: 'dev',
        namespace: 'dev',
        status: 'added',
        rendered: true,
        renamedFrom: 'api/test',
        changes: compare([], [cmap('c', {})]).changes,
      },
      {
        app: 'api',
        env: 'test',
        namespace: 'test',
        status: 'removed',
        rendered: true,
        renamedTo: 'api/dev',
        changes: compare([cmap('c', {})], []).changes,
      },
      {
        app: 'same',
        env: 'prod',
        namespace: 'prod',
        status: 'unchanged',
        rendered: true,
        changes: [],
        chart: { base: chart('0.1.0', 'sha256:a'), head: chart('0.1.0', 'sha256:b') },
      },
      { app: 'quiet', env: 'prod', namespace: 'prod', status: 'unchanged', rendered: false, changes: [] },
      {
        app: 'broken',
        env: 'prod',
        namespace: 'prod',
        status: 'error',
        rendered: false,
        changes: [],
        error: { side: 'base', message: 'values do not match\n  line two' },
        chart: { base: chart('0.1.0', 'sha256:a'), head: chart('0.2.0', 'sha256:c') },
      },
    );
    r.skipped = 1;
    r.errors = 1;
    return r;
  }

  it('sorts object changes by kind, name, namespace and group, and labels an object outside the namespace with it', () => {
    const t = mixed().targets[0];
    expect(t.changes.map((c) => `${c.change} ${c.id.kind}/${c.id.name}/${c.id.namespace}`)).toEqual([
      'changed ConfigMap/a/prod',
      'removed ConfigMap/gone/prod',
      'added ConfigMap/new/prod',
      'changed ConfigMap/other/edge',
    ]);
    expect(toText(mixed(), false)).toContain(
      [
        '  ~ ConfigMap/a',
        '  -     data.k: "1"',
        '  +     data.k: "2"',
        '  +     data.extra: "x"',
        '  - ConfigMap/gone',
        '  + ConfigMap/new',
        '  ~ ConfigMap/other (namespace edge)',
      ].join('\n'),
    );
  });

  it('says "1 object" for one object added, and each chart change once however many app × envs it moves', () => {
    const one = result([compare([], [cmap('c', {})])]);
    expect(summaryLine(one)).toBe('1 app × env of 1 changes: 1 object added, 0 removed, 0 changed.');
    const moved = result([compare([], [cmap('c', {})]), { ...compare([], [cmap('d', {})]), target: 'api/prod' }]);
    for (const t of moved.targets) t.chart = { base: chart('0.1.0', 'sha256:a'), head: chart('0.2.0', 'sha256:b') };
    expect(chartsLine(moved)).toBe('app-chart 0.1.0 (oci://x/app-chart:0.1.0) → app-chart 0.2.0 (oci://x/app-chart:0.2.0)');
  });

  it("says each app × env's status, chart change and counts, and sums them up; only changed or failed ones get a section", () => {
    const text = toText(mixed(), false);
    const heads = text.split('\n').filter((l) => /^\S+\/\S+ \(namespace/.test(l));
    expect(heads).toEqual([
      'web/prod (namespace prod): changed; 1 added, 1 removed, 2 changed',
      'api/dev (namespace dev): new app × env, renamed from api/test (same values files); 1 added',
      'api/test (namespace test): app × env removed, renamed to api/dev (same values files): its objects are deleted and created anew under new names; 1 removed',
      'broken/prod (namespace prod): cannot compare: the base revision does not render; chart app-chart 0.1.0 → app-chart 0.2.0',
    ]);
    expect(text).toContain(
      'broken/prod (namespace prod): cannot compare: the base revision does not render; chart app-chart 0.1.0 → app-chart 0.2.0\n  values do not match\n    line two\n',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '✖ 3 app × envs of 6 change: 2 objects added, 2 removed, 2 changed; 1 app × env rendered the same objects; ' +
        '1 app × env not rendered: nothing it is made of changed (--all renders them); 1 app × env could not be compared.',
    );
    expect(text.split('\n')[0]).toBe(
      'app-chart diff: main (1234567) → working tree, chart: app-chart 0.1.0 (oci://x/app-chart:0.1.0) → app-chart 0.1.0 (oci://x/app-chart:0.1.0); app-chart 0.1.0 (oci://x/app-chart:0.1.0) → app-chart 0.2.0 (oci://x/app-chart:0.2.0)',
    );
  });

  it('ends with ✔ when nothing differs and ~ when something does but nothing failed; singular and plural as counted', () => {
    const none = result([]);
    none.targets.push({ app: 'a', env: 'prod', namespace: 'prod', status: 'unchanged', rendered: false, changes: [] });
    none.skipped = 2;
    expect(toText(none, false).trimEnd().split('\n').at(-1)).toBe(
      '✔ 0 app × envs of 1 change; 2 app × envs not rendered: nothing they are made of changed (--all renders them).',
    );
    const one = result([compare([cmap('a', { k: '1' })], [cmap('a', { k: '2' })])]);
    expect(toText(one, false).trimEnd().split('\n').at(-1)).toBe('~ 1 app × env of 1 changes: 0 objects added, 0 removed, 1 changed.');
    expect(toText(one, true).trimEnd().split('\n').at(-1)).toBe(
      '\u001b[33m~ 1 app × env of 1 changes: 0 objects added, 0 removed, 1 changed.\u001b[0m',
    );
  });

  it('gives the same counts as JSON, values of fields but never of a Secret', () => {
    const r = mixed();
    const secret = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: v } });
    r.targets.push({ ...r.targets[0], app: 'vault', changes: compare([secret('b2xk')], [secret('bmV3')]).changes });
    const json = toJson(r);
    expect(json.summary).toEqual({
      targets: 7,
      added: 1,
      removed: 1,
      changed: 2,
      unchanged: 2,
      skipped: 1,
      errors: 1,
      findings: 0,
      differs: true,
      objects: { added: 2, removed: 2, changed: 3 },
    });
    expect(json.targets[0].objects[0]).toEqual({
      change: 'changed',
      apiVersion: 'v1',
      group: '',
      kind: 'ConfigMap',
      namespace: 'prod',
      name: 'a',
      fields: [
        { path: 'data.k', change: 'changed', old: '1', new: '2' },
        { path: 'data.extra', change: 'added', new: 'x' },
      ],
    });
    expect(json.targets[0].objects[1]).toEqual({
      change: 'removed',
      apiVersion: 'v1',
      group: '',
      kind: 'ConfigMap',
      namespace: 'prod',
      name: 'gone',
    });
    expect(json.targets.at(-1)?.objects[0].fields).toEqual([{ path: 'data.token', change: 'changed', secret: true }]);
    expect(JSON.stringify(json)).not.toContain('bmV3');
  });

  /**
   * app × envs counted so that no two counts agree: 1 added, 2 removed, 3 changed, 4 unchanged (1 rendered, 3
   * skipped); objects 2 added, 4 removed, 5 changed; x1/prod alone has 1 added, 2 removed and 3 changed
   */
  function uneven(): DiffResult {
    const r = result([
      {
        ...compare(
          [cmap('a', { k: '1' }), cmap('b', { k: '1' }), cmap('c', { k: '1' }), cmap('gone1', {}), cmap('gone2', {})],
          [cmap('a', { k: '2' }), cmap('b', { k: '2' }), cmap('c', { k: '2' }), cmap('new', {})],
        ),
        target: 'x1/prod',
      },
      { ...compare([cmap('a', { k: '1' })], [cmap('a', { k: '2' })]), target: 'x2/prod' },
      { ...compare([cmap('a', { k: '1' })], [cmap('a', { k: '2' })]), target: 'x3/prod' },
    ]);
    const only = (app: string, status: 'added' | 'removed', changes: ObjectChange[]) =>
      ({ app, env: 'prod', namespace: 'prod', status, rendered: true, changes }) as const;
    r.targets.push(
      only('n1', 'added', compare([], [cmap('c', {})]).changes),
      only('r1', 'removed', compare([cmap('c', {})], []).changes),
      only('r2', 'removed', compare([cmap('c', {})], []).changes),
      { app: 'same', env: 'prod', namespace: 'prod', status: 'unchanged', rendered: true, changes: [] },
      ...['q1', 'q2', 'q3'].map((app) => ({
        app,
        env: 'prod',
        namespace: 'prod',
        status: 'unchanged' as const,
        rendered: false,
        changes: [],
      })),
    );
    r.skipped = 3;
    return r;
  }

  it('counts each status and each kind of object change apart, in every format', () => {
    const r = uneven();
    expect(toJson(r).summary).toEqual({
      targets: 10,
      added: 1,
      removed: 2,
      changed: 3,
      unchanged: 4,
      skipped: 3,
      errors: 0,
      findings: 0,
      differs: true,
      objects: { added: 2, removed: 4, changed: 5 },
    });
    const text = toText(r, false);
    expect(text).toContain('\nx1/prod (namespace prod): changed; 1 added, 2 removed, 3 changed\n');
    expect(text).toContain('\nr2/prod (namespace prod): app × env removed; 1 removed\n');
    const summary =
      '6 app × envs of 10 change: 2 objects added, 4 removed, 5 changed; 1 app × env rendered the same objects; ' +
      '3 app × envs not rendered: nothing they are made of changed (--all renders them).';
    expect(text.trimEnd().split('\n').at(-1)).toBe(`~ ${summary}`);
    const markdown = toMarkdown(r);
    expect(markdown).toContain(`\n${summary}\n`);
    expect(markdown).toContain('\n| `x1/prod` | prod | changed | 1 | 2 | 3 |  |\n');
    expect(markdown).toContain('\n| `r1/prod` | prod | removed | 0 | 1 | 0 |  |\n');
    expect(markdown).toContain('\n| `n1/prod` | prod | added | 1 | 0 | 0 |  |\n');
  });

  it('says each optional part of the summary only when it counts something', () => {
    const r = uneven();
    r.targets = r.targets.filter((t) => t.status !== 'unchanged');
    r.skipped = 0;
    const bare = '6 app × envs of 6 change: 2 objects added, 4 removed, 5 changed.';
    expect(toText(r, false).trimEnd().split('\n').at(-1)).toBe(`~ ${bare}`);
    expect(toMarkdown(r)).toContain(`\n${bare}\n`);
    expect(toMarkdown(r)).not.toMatch(/Chart:|Cut to stay|\[!CAUTION\]/);
    expect(toText(r, false)).not.toContain('will not apply, lose data');
    // the same app × envs, one of them not compared twice over: 2 rendered the same, 2 skipped, 2 errors
    r.targets.push(
      ...['s1', 's2'].map((app) => ({ app, env: 'prod', namespace: 'prod', status: 'unchanged' as const, rendered: true, changes: [] })),
      ...['e1', 'e2'].map((app) => ({
        app,
        env: 'prod',
        namespace: 'prod',
        status: 'error' as const,
        rendered: false,
        changes: [],
        error: { side: 'head' as const, message: 'boom' },
      })),
    );
    r.skipped = 2;
    r.errors = 2;
    expect(toText(r, false).trimEnd().split('\n').at(-1)).toBe(
      '✖ 6 app × envs of 10 change: 2 objects added, 4 removed, 5 changed; 2 app × envs rendered the same objects; ' +
        '2 app × envs not rendered: nothing they are made of changed (--all renders them); 2 app × envs could not be compared.',
    );
    expect(toJson(r).summary).toMatchObject({ targets: 10, unchanged: 2, skipped: 2, errors: 2 });
  });

  it('counts a deleted app × env as removed in JSON, not as added', () => {
    const deleted = result([]);
    deleted.targets.push({
      app: 'api',
      env: 'prod',
      namespace: 'prod',
      status: 'removed',
      rendered: true,
      changes: compare([cmap('c', {})], []).changes,
    });
    expect(toJson(deleted).summary).toMatchObject({ targets: 1, added: 0, removed: 1, objects: { added: 0, removed: 1, changed: 0 } });
  });

  it('shows a changed text of many lines as a diff of its lines, a long value as a block, and a field path with odd names quoted', () => {
    const script = (last: string) => ['#!/bin/sh', 'set -e', 'echo one', 'echo two', 'echo three', last].join('\n');
    const long = { list: Array.from({ length: 30 }, (_, i) => `item-${i}`) };
    const t = compare(
      [{ ...cmap('s', { 'run.sh': script('exit 0') }), metadata: { name: 's', annotations: { a: '1' } } }],
      [
        {
          ...cmap('s', { 'run.sh': script('exit 1') }),
          metadata: { name: 's', annotations: { a: '1', 'x y': JSON.stringify(long) } },
          binaryData: long,
        },
      ],
    );
    expect(targetLines(t.changes, 'prod')).toEqual([
      { mark: '~', text: 'ConfigMap/s' },
      { mark: '+', text: `    metadata.annotations["x y"]: ${JSON.stringify(JSON.stringify(long))}` },
      { mark: ' ', text: '    data["run.sh"]:' },
      { mark: ' ', text: '      echo two' },
      { mark: ' ', text: '      echo three' },
      { mark: '-', text: '      exit 0' },
      { mark: '+', text: '      exit 1' },
      { mark: '+', text: '    binaryData:' },
      { mark: '+', text: '      list:' },
      ...long.list.map((item) => ({ mark: '+', text: `        - ${item}` })),
    ]);
    expect(formatSegments(['spec', 'containers', { name: 'app' }, 'env', { name: 'a b' }, 'value', 0])).toBe(
      'spec.containers[name=app].env[name="a b"].value[0]',
    );
  });
});

describe('object identity and fields at their edges', () => {
  const cmIn = (name: string, namespace?: string, data: Record<string, string> = { k: '1' }) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    data,
  });

  it('an object moved to another namespace is removed there and added here, not changed', () => {
    const t = compare([cmIn('a', 'one')], [cmIn('a', 'two')]);
    expect(t.changes.map((c) => [c.change, c.id.namespace, c.fields.length])).toEqual([
      ['removed', 'one', 0],
      ['added', 'two', 0],
    ]);
  });

  it('keeps two objects of one identity (a chart that lets them through) both, not the last alone', () => {
    const objects = objectsOf(render(cmIn('a', undefined, { k: '1' }), cmIn('a', undefined, { k: '2' })), 'prod');
    expect([...objects.values()].map((o) => (o.obj.data as Record<string, string>).k)).toEqual(['1', '2']);
  });

  it('lists the keys a map gains in the order the new object has them', () => {
    expect(diffFields({ a: 1 }, { a: 1, c: 3, b: 2 }).map((f) => `${f.change} ${formatSegments(f.path)}`)).toEqual(['added c', 'added b']);
  });

  it('sorts objects that differ only in namespace by namespace, whatever order they render in', () => {
    const t = compare([], [cmIn('a', 'zeta'), cmIn('a', 'alpha')]);
    expect(t.changes.map((c) => c.id.namespace)).toEqual(['alpha', 'zeta']);
  });

  it('sorts objects that differ only in API group by group, whatever order they render in', () => {
    const mw = (apiVersion: string) => ({ apiVersion, kind: 'Middleware', metadata: { name: 'm' } });
    const t = compare([], [mw('traefik.io/v1alpha1'), mw('traefik.containo.us/v1alpha1')]);
    expect(t.changes.map((c) => c.id.group)).toEqual(['traefik.containo.us', 'traefik.io']);
    // namespace comes before group: one in namespace alpha of the newer group is listed first
    const mwIn = (apiVersion: string, namespace: string) => ({ ...mw(apiVersion), metadata: { name: 'm', namespace } });
    const both = compare([], [mwIn('traefik.containo.us/v1alpha1', 'zeta'), mwIn('traefik.io/v1alpha1', 'alpha')]);
    expect(both.changes.map((c) => `${c.id.namespace} ${c.id.group}`)).toEqual(['alpha traefik.io', 'zeta traefik.containo.us']);
  });

  it('labels a cluster-scoped object without a namespace, and a namespaced one elsewhere with it', () => {
    const t = compare(
      [],
      [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } }, cmIn('c', 'edge')],
    );
    expect(targetLines(t.changes, 'prod')).toEqual([
      { mark: '+', text: 'ClusterRole/reader' },
      { mark: '+', text: 'ConfigMap/c (namespace edge)' },
    ]);
  });

  it('matches claim templates by metadata.name, and an empty list against a named one by position', () => {
    const vct = (...names: string[]) => ({ volumeClaimTemplates: names.map((name) => ({ metadata: { name }, size: name })) });
    expect(diffFields(vct('a', 'b'), vct('b')).map((f) => [formatSegments(f.path), f.change])).toEqual([
      ['volumeClaimTemplates[name=a]', 'removed'],
    ]);
    expect(diffFields({ env: [] }, { env: [{ name: 'A', value: '1' }] })).toEqual([
      { path: ['env', 0], change: 'added', new: { name: 'A', value: '1' } },
    ]);
  });

  it('a list of unnamed maps that shrinks or grows: the items past the shorter one removed or added, with their values', () => {
    expect(diffFields({ l: [{ a: 1 }, { a: 2 }] }, { l: [{ a: 1 }] })).toEqual([{ path: ['l', 1], change: 'removed', old: { a: 2 } }]);
    expect(diffFields({ l: [{ a: 1 }] }, { l: [{ a: 1 }, { a: 3 }] })).toEqual([{ path: ['l', 1], change: 'added', new: { a: 3 } }]);
  });

  it('a kind named Secret in another API group is not a Secret: its values are shown, and many changes read as YAML', () => {
    const other = (v: string, n = 1) => ({
      apiVersion: 'example.io/v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `${v}${i}`])),
    });
    expect(compare([other('old')], [other('new')]).changes[0].fields).toEqual([
      { path: ['data', 'k0'], change: 'changed', old: 'old0', new: 'new0' },
    ]);
    const many = compare([other('old', FIELDS_BEFORE_YAML + 1)], [other('new', FIELDS_BEFORE_YAML + 1)]);
    expect(targetLines(many.changes, 'prod').map((l) => l.text)).toContain('      k0: new0');
  });

  it("a Secret's data that appears empty, or goes, is one change of the whole field", () => {
    const secret = (extra: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...extra });
    expect(compare([secret({})], [secret({ data: {} })]).changes[0].fields).toEqual([{ path: ['data'], change: 'added', secret: true }]);
    const gone = compare([secret({ stringData: { a: 'x' } })], [secret({})]);
    expect(gone.changes[0].fields).toEqual([{ path: ['stringData', 'a'], change: 'removed', secret: true }]);
    expect(targetLines(compare([secret({})], [secret({ data: { t: 'dG9r' } })]).changes, 'prod')).toEqual([
      { mark: '~', text: 'Secret/s' },
      { mark: '+', text: '    data.t: added (Secret value not shown)' },
    ]);
    // a data map that renders empty (`data:` with every key left out reads as null) loses its keys; one that fills
    // gains them
    expect(compare([secret({ data: { a: 'eA==' } })], [secret({ data: null })]).changes[0].fields).toEqual([
      { path: ['data', 'a'], change: 'removed', secret: true },
    ]);
    expect(compare([secret({ stringData: null })], [secret({ stringData: { b: 'y' } })]).changes[0].fields).toEqual([
      { path: ['stringData', 'b'], change: 'added', secret: true },
    ]);
  });
});

describe('how a changed field is printed', () => {
  const lines = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    targetLines(
      compare(
        [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, ...before }],
        [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, ...after }],
      ).changes,
      'prod',
    ).slice(1);

  it('shows line and paragraph separators from a repository as escapes too', () => {
    expect(visible('a\u2028b\u2029c\u0085d\te\nf')).toBe('a\\u2028b\\u2029c\\u0085d\te\nf');
  });

  it('keeps a value of up to 100 characters of JSON on its line, and writes a longer one as a block', () => {
    // {"k":{"k":"…"}} is 14 characters around the string
    const of = (n: number) => ({ data: { k: { k: 'x'.repeat(n - 14) } } });
    expect(lines({}, of(100))).toEqual([{ mark: '+', text: `    data: ${JSON.stringify(of(100).data)}` }]);
    expect(lines({}, of(101))).toEqual([
      { mark: '+', text: '    data:' },
      { mark: '+', text: '      k:' },
      { mark: '+', text: `        k: ${'x'.repeat(87)}` },
    ]);
  });

  it('writes a text of many lines added or removed as its lines, and separates two far changes of one text with …', () => {
    expect(lines({ data: {} }, { data: { 'a.sh': 'one\ntwo\n' } })).toEqual([
      { mark: '+', text: '    data["a.sh"]:' },
      { mark: '+', text: '      one' },
      { mark: '+', text: '      two' },
    ]);
    const text = (first: string, last: string) => [first, ...Array.from({ length: 8 }, (_, i) => `line ${i}`), last].join('\n');
    expect(lines({ data: { t: text('a', 'z') } }, { data: { t: text('b', 'y') } }).map((l) => `${l.mark}${l.text}`)).toEqual([
      '     data.t:',
      '-      a',
      '+      b',
      '       line 0',
      '       line 1',
      '       …',
      '       line 6',
      '       line 7',
      '-      z',
      '+      y',
    ]);
  });

  it('shows a text that grows from one line to many, or shrinks to one, as a diff of its lines', () => {
    const text = (t: string) => lines({ data: { t: 'echo one' } }, { data: { t } }).map((l) => `${l.mark}${l.text}`);
    expect(text('echo one\necho two')).toEqual(['     data.t:', '       echo one', '+      echo two']);
    expect(lines({ data: { t: 'a\nb' } }, { data: { t: 'b' } }).map((l) => `${l.mark}${l.text}`)).toEqual([
      '     data.t:',
      '-      a',
      '       b',
    ]);
  });

  it('says when a text of many lines gains or loses only its newline at the end', () => {
    const text = (before: string, after: string) => lines({ data: { t: before } }, { data: { t: after } }).map((l) => `${l.mark}${l.text}`);
    expect(text('a\nb', 'a\nb\n')).toEqual(['     data.t:', '+      (newline at the end)']);
    expect(text('a\nb\n', 'a\nc')).toEqual(['     data.t:', '       a', '-      b', '+      c', '-      (newline at the end)']);
  });
});

describe('findings, each condition', () => {
  const job = (spec?: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate' },
    ...(spec ? { spec } : {}),
  });
  const route = (kind: string, name: string, entryPoints: string[], namespace?: string) => ({
    apiVersion: 'traefik.io/v1alpha1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { entryPoints },
  });
  const option = (name: string, namespace?: string) => ({
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'TLSOption',
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });
  const messages = (before: Record<string, unknown>[], after: Record<string, unknown>[], removed = false) =>
    findingsOf([compare(before, after, removed)], []).map((f) => f.message);

  it("a Job's selector, and a spec that appears whole, are fixed too", () => {
    expect(findings([job({ selector: { matchLabels: { a: '1' } } })], [job({ selector: { matchLabels: { a: '2' } } })])).toEqual([
      'immutable-field fails Job/migrate spec.selector',
    ]);
    expect(findings([job()], [job({ template: { spec: {} } })])).toEqual(['immutable-field fails Job/migrate spec']);
  });

  it("an immutable ConfigMap's binaryData is fixed; a Service, StatefulSet or claim of another API group is none of Kubernetes' own", () => {
    const bin = (v: string) => ({ ...cm({}, true), binaryData: { b: v } });
    expect(findings([bin('AA==')], [bin('AQ==')])).toEqual(['immutable-field fails ConfigMap/c binaryData']);
    const lb = { apiVersion: 'example.io/v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer' } };
    expect(findings([lb], [])).toEqual([]);
    expect(findings([lb], [{ ...lb, spec: { type: 'ClusterIP' } }])).toEqual([]);
    // nor a PersistentVolumeClaim of another group, whose smaller storage Kubernetes does not refuse
    const claim = (storage: string) => ({
      apiVersion: 'example.io/v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { resources: { requests: { storage } } },
    });
    expect(findings([claim('10Gi')], [claim('5Gi')])).toEqual([]);
    // nor such a claim or StatefulSet removed, nor such a StatefulSet the successor of one of apps removed
    const sts = (apiVersion: string, name: string) => ({
      apiVersion,
      kind: 'StatefulSet',
      metadata: { name },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
    });
    expect(findings([claim('10Gi'), sts('example.io/v1', 'db')], [])).toEqual([]);
    const [message] = findingsOf([compare([sts('apps/v1', 'db')], [sts('example.io/v1', 'postgres')])], []).map((f) => f.message);
    expect(message).toContain('the claims of its volumeClaimTemplates (data) stay, unused.');
    expect(message).not.toContain('is added');
  });

  it('ends each fixed field with the fix for its kind', () => {
    const fix = (before: Record<string, unknown>, after: Record<string, unknown>) => messages([before], [after])[0].split('. Fix: ')[1];
    const obj = (apiVersion: string, kind: string, rest: Record<string, unknown>) => ({
      apiVersion,
      kind,
      metadata: { name: 'x' },
      ...rest,
    });
    const deploy = (app: string) => obj('apps/v1', 'Deployment', { spec: { selector: { matchLabels: { app } } } });
    expect(fix(deploy('a'), deploy('b'))).toBe(
      'keep the selector; if the change is meant, delete the Deployment with --cascade=orphan just before the sync so ArgoCD creates it anew.',
    );
    const sts = (serviceName: string) => obj('apps/v1', 'StatefulSet', { spec: { serviceName } });
    expect(fix(sts('a'), sts('b'))).toBe(
      'keep it as it was; if the change is meant, delete the StatefulSet with --cascade=orphan (pods and claims stay) just before ' +
        'the sync so ArgoCD creates it anew.',
    );
    const batch = (image: string) => obj('batch/v1', 'Job', { spec: { template: { spec: { containers: [{ name: 'm', image }] } } } });
    expect(fix(batch('a'), batch('b'))).toBe(
      'give the job a new name, or make it a hook (argocd.argoproj.io/hook) so ArgoCD deletes and creates it on each sync.',
    );
    const svc = (clusterIP: string) => obj('v1', 'Service', { spec: { clusterIP } });
    expect(fix(svc('10.0.0.1'), svc('10.0.0.2'))).toBe(
      'keep clusterIP as it was (a Service cannot switch between headless and not); if the change is meant, delete the Service ' +
        'just before the sync.',
    );
    const claim = (storageClassName: string) => obj('v1', 'PersistentVolumeClaim', { spec: { storageClassName } });
    expect(fix(claim('a'), claim('b'))).toBe('a claim keeps these from its creation: make a new claim under a new name and move the data.');
    const config = (k: string) => obj('v1', 'ConfigMap', { immutable: true, data: { k } });
    expect(fix(config('a'), config('b'))).toBe(
      'it is marked immutable: give the ConfigMap a new name (pods that mount it then roll to it).',
    );
  });

  it('says what a LoadBalancer becomes, and why a changed claim template cannot follow', () => {
    const svc = (type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type } });
    expect(messages([svc('LoadBalancer')], [svc('NodePort')])[0]).toMatch(/^Service\/lb changes from type LoadBalancer to NodePort: /);
    // a Service without a type is a ClusterIP one
    const untyped = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: {} };
    expect(messages([svc('LoadBalancer')], [untyped])[0]).toMatch(/^Service\/lb changes from type LoadBalancer to ClusterIP: /);
    const sts = (size: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { size } }] },
    });
    const [vct] = messages([sts('1Gi')], [sts('2Gi')]);
    expect(vct).toContain('StatefulSet/db spec.volumeClaimTemplates changes');
    expect(vct).toContain('; existing claims keep their old size and class.');
    expect(
      messages([sts('1Gi'), { ...sts('1Gi'), spec: { serviceName: 'a' } }].slice(1), [{ ...sts('1Gi'), spec: { serviceName: 'b' } }])[0],
    ).not.toContain('existing claims');
  });

  it('tells how to keep a removed claim: Prune=false when it is pruned, Delete=false when its app × env goes', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } };
    const [pruned] = messages([pvc], []);
    expect(pruned).toContain('PersistentVolumeClaim/data is removed: when ArgoCD prunes it, the claim is deleted');
    expect(pruned).toContain('argocd.argoproj.io/sync-options: Prune=false in a change');
    const [deleted] = messages([pvc], [], true);
    expect(deleted).toContain('is removed: when ArgoCD deletes the app × env, the claim is deleted');
    expect(deleted).toContain('argocd.argoproj.io/sync-options: Delete=false in a change');
  });

  it('a StatefulSet added without claim templates is no successor of a removed one with them', () => {
    const sts = (name: string, claims: boolean) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name },
      spec: claims ? { volumeClaimTemplates: [{ metadata: { name: 'data' } }] } : {},
    });
    const [message] = messages([sts('db', true)], [sts('cache', false)]);
    expect(message).toContain('the claims of its volumeClaimTemplates (data) stay, unused.');
    expect(message).not.toContain('is added');
    // a claim retention policy of Delete loses data only where there are claims to delete
    const deleting = { ...sts('cache', false), spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } };
    expect(findings([deleting], [])).toEqual(['statefulset-removed disruption StatefulSet/cache']);
    // nor is one added with them the successor of one removed without them: it had no claims to lose
    const [claimless] = messages([sts('cache', false)], [sts('db', true)]);
    expect(claimless).toBe(
      "StatefulSet/cache is removed: when ArgoCD prunes it, its pods are deleted. Keep the StatefulSet's name if it is meant to keep its data.",
    );
  });

  it('a route is renamed only to one of its own kind, in its own namespace', () => {
    // the message names the entryPoints both carry, not every one of the new route's
    expect(
      messages([route('IngressRoute', 'web', ['websecure', 'web'])], [route('IngressRoute', 'site', ['internal', 'websecure'])])[0],
    ).toMatch(/^IngressRoute\/web is renamed to site on entryPoint websecure, which carries its traffic: /);
    expect(findings([route('IngressRouteTCP', 'db', ['pg'])], [route('IngressRoute', 'web', ['pg'])])).toEqual([]);
    expect(findings([route('IngressRouteTCP', 'db', ['pg'])], [route('IngressRouteTCP', 'db2', ['pg'], 'other')])).toEqual([]);
    expect(findings([route('IngressRouteTCP', 'db', ['pg'], 'other')], [route('IngressRouteTCP', 'db2', ['pg'], 'other')])).toEqual([
      'route-renamed disruption IngressRouteTCP/db (namespace other)',
    ]);
  });

  it("a route that names no entryPoint is on Traefik's default ones, so renamed it competes there with its successor", () => {
    expect(messages([route('IngressRoute', 'web', [])], [route('IngressRoute', 'site', [])])[0]).toMatch(
      /^IngressRoute\/web is renamed to site on Traefik's default entryPoints, which carry its traffic: /,
    );
    // one that names its entryPoints shares them with one on the default entryPoints, either way round
    expect(messages([route('IngressRouteTCP', 'db', [])], [route('IngressRouteTCP', 'pg', ['postgres'])])[0]).toMatch(
      /^IngressRouteTCP\/db is renamed to pg on entryPoint postgres, which carries its traffic: /,
    );
    expect(findings([route('IngressRouteUDP', 'dns', ['udp'])], [route('IngressRouteUDP', 'resolver', [])])).toEqual([
      'route-renamed disruption IngressRouteUDP/dns',
    ]);
    // a route or TLSOption of another API group is none of Traefik's, removed or added
    const other = <T extends Record<string, unknown>>(o: T) => ({ ...o, apiVersion: 'example.io/v1' });
    expect(findings([other(route('IngressRoute', 'web', ['websecure']))], [other(route('IngressRoute', 'site', ['websecure']))])).toEqual(
      [],
    );
    expect(findings([route('IngressRoute', 'web', ['websecure'])], [other(route('IngressRoute', 'site', ['websecure']))])).toEqual([]);
    expect(findings([other(route('IngressRoute', 'web', ['websecure']))], [route('IngressRoute', 'site', ['websecure'])])).toEqual([]);
    // still only a route of its own kind, in its own namespace
    expect(findings([route('IngressRoute', 'web', [])], [route('IngressRouteTCP', 'db', [])])).toEqual([]);
    expect(findings([route('IngressRoute', 'web', [])], [route('IngressRoute', 'site', [], 'other')])).toEqual([]);
  });

  it('names every route that uses a renamed TLSOption and every entryPoint they are on, the second ones too', () => {
    const user = (kind: string, name: string, entryPoints: string[], apiVersion = 'traefik.io/v1alpha1') => ({
      ...route(kind, name, entryPoints),
      apiVersion,
      spec: { entryPoints, tls: { options: { name: 'pg' } } },
    });
    const base = [
      ...objectsOf(
        render(
          user('IngressRoute', 'site', ['websecure']),
          user('IngressRouteTCP', 'db', ['postgres', 'websecure']),
          // an IngressRoute of another API group is none of Traefik's
          user('IngressRoute', 'other', ['internal'], 'example.io/v1'),
        ),
        'prod',
      ).values(),
    ];
    const [finding] = findingsOf([compare([option('pg')], [option('postgres')])], base);
    expect(finding.message).toMatch(
      /^TLSOption\/pg is renamed to postgres while IngressRoute\/site, IngressRouteTCP\/db use it on entryPoint websecure, postgres: /,
    );
  });

  it('a route or TLSOption of the older traefik.containo.us group is renamed as one of traefik.io', () => {
    const older = <T extends Record<string, unknown>>(o: T) => ({ ...o, apiVersion: 'traefik.containo.us/v1alpha1' });
    expect(findings([older(route('IngressRoute', 'web', ['websecure']))], [older(route('IngressRoute', 'site', ['websecure']))])).toEqual([
      'route-renamed disruption IngressRoute/web',
    ]);
    const user = older({
      ...route('IngressRoute', 'web', ['websecure']),
      spec: { entryPoints: ['websecure'], tls: { options: { name: 'pg' } } },
    });
    expect(findings([user, older(option('pg'))], [user, older(option('postgres'))])).toEqual([
      'tls-option-renamed disruption TLSOption/pg',
    ]);
  });

  it('a TLSOption is renamed within its namespace, for the routes that name it there, in tls or in one of their routes', () => {
    const users = (tls: Record<string, unknown>, kind = 'IngressRouteTCP') => [
      ...objectsOf(render({ ...route(kind, 'r', ['websecure']), spec: { entryPoints: ['websecure'], ...tls } }), 'prod').values(),
    ];
    const renamed = (before: Record<string, unknown>, after: Record<string, unknown>, base: ReturnType<typeof users>) =>
      findingsOf([compare([before], [after])], base).map((f) => `${f.id} ${f.object}`);
    const perRoute = users({ routes: [{ match: 'HostSNI(`*`)', tls: { options: { name: 'pg' } } }] });
    expect(renamed(option('pg'), option('postgres'), perRoute)).toEqual(['tls-option-renamed TLSOption/pg']);
    expect(renamed(option('pg'), option('postgres', 'edge'), perRoute)).toEqual([]);
    // a route names a TLSOption of another namespace with options.namespace; without it, its own
    const elsewhere = users({ tls: { options: { name: 'pg', namespace: 'edge' } } });
    expect(renamed(option('pg', 'edge'), option('postgres', 'edge'), elsewhere)).toEqual([
      'tls-option-renamed TLSOption/pg (namespace edge)',
    ]);
    expect(renamed(option('pg', 'edge'), option('postgres', 'edge'), users({ tls: { options: { name: 'pg' } } }))).toEqual([]);
    // only routes use a TLSOption: another Traefik object that holds the same words does not
    expect(renamed(option('pg'), option('postgres'), users({ tls: { options: { name: 'pg' } } }, 'Middleware'))).toEqual([]);
    // a route with no entryPoints of its own names none in the message
    const anywhere = [
      ...objectsOf(render({ ...route('IngressRouteTCP', 'r', []), spec: { tls: { options: { name: 'pg' } } } }), 'prod').values(),
    ];
    const [finding] = findingsOf([compare([option('pg')], [option('postgres')])], anywhere);
    expect(finding.message).toMatch(/^TLSOption\/pg is renamed to postgres while IngressRouteTCP\/r use it: Traefik refuses/);
  });
});

describe('the report in each format, at its edges', () => {
  const cfg = (name: string, k: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k } });
  const finding = (target: string, impact: DiffFinding['impact'], message = 'm'): DiffFinding => ({
    id: 'volume-removed',
    impact,
    target,
    object: 'PersistentVolumeClaim/x',
    message,
  });
  /** two changed app × envs, a/prod and b/prod */
  const two = () =>
    result([
      { ...compare([cfg('c', '1')], [cfg('c', '2')]), target: 'a/prod' },
      { ...compare([cfg('c', '1')], [cfg('c', '3')]), target: 'b/prod' },
    ]);

  it('gives the app × envs with findings their sections first, in text and markdown', () => {
    const r = two();
    r.findings = [finding('b/prod', 'data-loss')];
    const text = toText(r, false);
    expect(text.indexOf('b/prod (namespace prod)')).toBeLessThan(text.indexOf('a/prod (namespace prod)'));
    const markdown = toMarkdown(r);
    expect(markdown.indexOf('<code>b/prod</code>')).toBeLessThan(markdown.indexOf('<code>a/prod</code>'));
    expect(markdown).toContain('| `b/prod` | prod | changed | 0 | 0 | 1 | 1 |');
    expect(markdown).toContain('| `a/prod` | prod | changed | 0 | 0 | 1 |  |');
  });

  it('names each impact in words, and in markdown with its icon, escaping what markdown would read', () => {
    const r = two();
    r.findings = [finding('a/prod', 'fails', 'x *y* ~z~ a_b'), finding('a/prod', 'data-loss'), finding('a/prod', 'disruption')];
    const text = toText(r, false);
    expect(text).toContain('✖ 3 changes will not apply, lose data or disrupt traffic:\n');
    expect(text).toContain('  will not apply  a/prod  x *y* ~z~ a_b  volume-removed\n');
    expect(text).toContain('  loses data  a/prod  m  volume-removed\n');
    expect(text).toContain('  disrupts traffic  a/prod  m  volume-removed\n');
    const markdown = toMarkdown(r);
    expect(markdown).toContain('> - ⛔ **will not apply** `a/prod`: x \\*y\\* \\~z\\~ a\\_b\n');
    expect(markdown).toContain('> - 🗑️ **loses data** `a/prod`: m\n');
    expect(markdown).toContain('> - ⚠️ **disrupts traffic** `a/prod`: m');
  });

  it('cuts findings past what fits, and says how many', () => {
    const r = two();
    r.findings = Array.from({ length: 40 }, (_, i) => finding('a/prod', 'fails', `finding ${i} ${'x'.repeat(80)}`));
    const markdown = toMarkdown(r, 4000);
    const shown = markdown.match(/^> - ⛔/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(markdown).toContain(`> - … and ${40 - shown} more findings`);
    expect(markdown).toContain(`${40 - shown} findings`);
  });

  it('lists findings and table rows in their order up to the first that does not fit, none after it, however short', () => {
    const r = two();
    r.findings = [finding('a/prod', 'fails', 'first'), finding('a/prod', 'fails', 'x'.repeat(4000)), finding('a/prod', 'fails', 'third')];
    const markdown = toMarkdown(r, 4000);
    expect(markdown.match(/^> - .*/gm)).toEqual(['> - ⛔ **will not apply** `a/prod`: first', '> - … and 2 more findings']);
    const rows = result([
      { ...compare([cfg('c', '1')], [cfg('c', '2')]), target: 'a/prod' },
      { ...compare([cfg('c', '1')], [cfg('c', '2')]), target: `${'long'.repeat(1000)}/prod` },
      { ...compare([cfg('c', '1')], [cfg('c', '2')]), target: 'c/prod' },
    ]);
    expect(toMarkdown(rows, 8000).match(/^\| `\S+` \|/gm)).toEqual(['| `a/prod` |']);
  });

  it('says which side does not render, and which chart each side renders with', () => {
    const r = result([]);
    r.targets.push({
      app: 'x',
      env: 'prod',
      namespace: 'prod',
      status: 'error',
      rendered: false,
      changes: [],
      error: { side: 'head', message: 'boom' },
    });
    r.base.chart = 'app-chart 0.1.0 (base)';
    r.head.chart = 'app-chart 0.2.0 (head)';
    const text = toText(r, false);
    expect(text).toContain('x/prod (namespace prod): cannot compare: the working tree does not render\n  boom\n');
    expect(text.split('\n')[0]).toBe('app-chart diff: main (1234567) → working tree, chart: app-chart 0.2.0 (head)');
    expect(toMarkdown(r)).not.toContain('Chart:');
    // the comment's section says why too, each line of the reason as it is
    r.targets[0].error = { side: 'head', message: 'boom\n  at line 2' };
    expect(toMarkdown(r)).toContain('does not render</summary>\n\n```text\nboom\n  at line 2\n```\n\n</details>');
    const chart = (version: string, digest: string) => ({ name: 'app-chart', version, digest, source: `s${version}` });
    r.targets[0].chart = { base: chart('0.1.0', 'a'), head: chart('0.2.0', 'b') };
    expect(toMarkdown(r)).toContain(' Chart: app-chart 0.1.0 (s0.1.0) → app-chart 0.2.0 (s0.2.0).\n');
  });

  it('escapes &, < and > of a name in a section summary', () => {
    const r = two();
    r.targets[0].app = 'a&<b>';
    expect(toMarkdown(r)).toContain('<summary><code>a&amp;&lt;b&gt;/prod</code>: changed; 1 changed</summary>');
  });

  it('gives in JSON the custom resource entry an object comes from, and the names of a list whose order changed', () => {
    const t = compare(
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec: { env: [{ name: 'A' }, { name: 'B' }] } }],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec: { env: [{ name: 'B' }, { name: 'A' }] } }],
    );
    t.changes[0].source = 'customResourcesMap.tcp-route';
    const [object] = toJson(result([t])).targets[0].objects;
    expect(object.source).toBe('customResourcesMap.tcp-route');
    expect(object.fields).toEqual([{ path: 'spec.env', change: 'changed', old: ['A', 'B'], new: ['B', 'A'], order: true }]);
    expect(targetLines(t.changes, 'prod').slice(1)).toEqual([{ mark: ' ', text: '    spec.env: order A, B → B, A' }]);
  });
});

const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A temporary folder, removed after the tests of the file. */
function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the base revision, read out of git', () => {
  const tmp = scratch('app-chart-diff-units-');
  const repo = join(tmp, 'repo');
  mkdirSync(join(repo, 'apps', 'web'), { recursive: true });
  writeFileSync(join(repo, 'apps', 'web', 'values.yaml'), 'a: 1\n');
  writeFileSync(join(repo, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  symlinkSync('apps/web/values.yaml', join(repo, 'inside-link'));
  symlinkSync('../../etc/passwd', join(repo, 'outside-link'));
  symlinkSync('/etc/passwd', join(repo, 'absolute-link'));
  gitIn(tmp, 'init', '-q', '-b', 'main', repo);
  gitIn(repo, 'add', '-A');
  gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');

  it('resolves a revision to its commit, and refuses one that names none, or reads as an option, or a folder outside git', async () => {
    const head = gitIn(repo, 'rev-parse', 'HEAD');
    expect(await resolveCommit(repo, 'main')).toBe(head);
    expect(await resolveCommit(repo, 'HEAD')).toBe(head);
    await expect(resolveCommit(repo, 'nope')).rejects.toThrow(`--base "nope": no such commit in ${repo}. Give a branch, tag or commit`);
    await expect(resolveCommit(repo, '--output=x')).rejects.toThrow('--base "--output=x": no such commit');
    await expect(resolveCommit(repo, 'HEAD:run.sh')).rejects.toThrow('no such commit');
    expect(await topLevel(join(repo, 'apps'))).toBe(realpathSync(repo));
    await expect(topLevel(tmp)).rejects.toThrow(`${tmp} is not in a git repository: --base needs the repo's history`);
  });

  it('reads the repo the paths are in, whatever GIT_DIR and GIT_WORK_TREE point at', async () => {
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'x'), 'x\n');
    gitIn(tmp, 'init', '-q', '-b', 'main', other);
    gitIn(other, 'add', '-A');
    gitIn(other, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'other');
    const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };
    process.env.GIT_DIR = join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    try {
      expect(await resolveCommit(repo, 'main')).toBe(gitIn(repo, '--git-dir', join(repo, '.git'), 'rev-parse', 'HEAD'));
      expect(await topLevel(join(repo, 'apps'))).toBe(realpathSync(repo));
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('writes every file of a commit as a checkout would: modes kept, links that stay inside, and a .git marker', async () => {
    const dest = join(tmp, 'tree');
    await extractTree(repo, await resolveCommit(repo, 'HEAD'), dest);
    expect(readFileSync(join(dest, 'apps', 'web', 'values.yaml'), 'utf8')).toBe('a: 1\n');
    expect(statSync(join(dest, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dest, 'apps', 'web', 'values.yaml')).mode & 0o777).toBe(0o644);
    expect(readlinkSync(join(dest, 'inside-link'))).toBe('apps/web/values.yaml');
    expect(existsSync(join(dest, 'outside-link'))).toBe(false);
    expect(existsSync(join(dest, 'absolute-link'))).toBe(false);
    expect(readFileSync(join(dest, '.git'), 'utf8')).toBe('');
    expect(readdirSync(dest).sort()).toEqual(['.git', 'apps', 'inside-link', 'run.sh']);
  });

  it("takes --config inside the repo from the base where the base has it, else each path's own; one outside for both sides", async () => {
    writeFileSync(join(repo, 'new.config.yaml'), 'helm: 4\n');
    const outsideConfig = join(tmp, 'outside.config.yaml');
    for (const [configFile, atBase] of [
      [join(repo, 'new.config.yaml'), undefined],
      [outsideConfig, outsideConfig],
    ] as const) {
      const sides = await openSides({ paths: [repo], base: 'main', configFile });
      try {
        expect([sides.head.configFile, sides.base.configFile]).toEqual([configFile, atBase]);
      } finally {
        sides.close();
      }
    }
    rmSync(join(repo, 'new.config.yaml'));
  });

  it('takes a values file as the path, a --config beside the repo for both sides, and each chart for its own side', async () => {
    const ci = `${repo}-ci`;
    mkdirSync(ci, { recursive: true });
    const besideConfig = join(ci, 'app-chart.config.yaml');
    const [chart, baseChart] = [
      { kind: 'local', path: join(tmp, 'new-chart') },
      { kind: 'local', path: join(tmp, 'old-chart') },
    ] as const;
    const file = join(repo, 'apps', 'web', 'values.yaml');
    const sides = await openSides({ paths: [file], base: 'main', configFile: besideConfig, chart, baseChart });
    try {
      expect([sides.head.paths, sides.head.top, sides.base.paths]).toEqual([
        [join(realpathSync(repo), 'apps', 'web', 'values.yaml')],
        realpathSync(repo),
        [join(sides.base.top, 'apps', 'web', 'values.yaml')],
      ]);
      expect([sides.head.configFile, sides.base.configFile, sides.head.chart, sides.base.chart]).toEqual([
        besideConfig,
        besideConfig,
        chart,
        baseChart,
      ]);
    } finally {
      sides.close();
    }
    // without --base, both sides are the working tree, confined to the repository it is in, each with its chart
    const charts = await openSides({ paths: [file], configFile: besideConfig, chart, baseChart });
    expect([charts.head.chart, charts.base.chart, charts.head.top, charts.head.confined, charts.base.configFile]).toEqual([
      chart,
      baseChart,
      realpathSync(repo),
      true,
      besideConfig,
    ]);
  });

  it('leaves out a file a crafted tree puts inside .git', async () => {
    const blob = gitIn(repo, 'hash-object', '-w', join(repo, 'run.sh'));
    const mktree = (entries: string) => execFileSync('git', ['mktree'], { cwd: repo, input: entries, encoding: 'utf8' }).trim();
    const tree = mktree(`040000 tree ${mktree(`100644 blob ${blob}\tconfig\n`)}\t.git\n100644 blob ${blob}\tok\n`);
    const commit = gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit-tree', tree, '-m', 'crafted');
    const dest = join(tmp, 'crafted');
    await extractTree(repo, commit, dest);
    expect(readdirSync(dest).sort()).toEqual(['.git', 'ok']);
    expect(readFileSync(join(dest, '.git'), 'utf8')).toBe('');
  });

  it('writes files of every form: empty, a space or tab in the name, a link up and back in; leaves out a submodule and a .git further down', async () => {
    const hash = (text: string) =>
      execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: text, encoding: 'utf8' }).trim();
    const mktree = (entries: string) => execFileSync('git', ['mktree'], { cwd: repo, input: entries, encoding: 'utf8' }).trim();
    const [empty, text, link] = [hash(''), hash('a: 1\nb: 2\n'), hash('../top.yaml')];
    const commitOfRepo = gitIn(repo, 'rev-parse', 'HEAD');
    const nested = mktree(`100644 blob ${text}\tconfig\n`);
    const apps = mktree(
      `100644 blob ${empty}\tempty.yaml\n100644 blob ${text}\tmy values.yaml\n100644 blob ${text}\ttab\there.yaml\n` +
        `120000 blob ${link}\tup-link\n040000 tree ${nested}\t.git\n160000 commit ${commitOfRepo}\tsubmodule\n`,
    );
    const tree = mktree(`040000 tree ${apps}\tapps\n100644 blob ${text}\ttop.yaml\n`);
    const commit = gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit-tree', tree, '-m', 'forms');
    const dest = join(tmp, 'forms');
    await extractTree(repo, commit, dest);
    expect(readdirSync(join(dest, 'apps')).sort()).toEqual(['empty.yaml', 'my values.yaml', 'tab\there.yaml', 'up-link']);
    expect(readFileSync(join(dest, 'apps', 'empty.yaml'), 'utf8')).toBe('');
    for (const name of ['my values.yaml', 'tab\there.yaml', 'up-link'])
      expect(readFileSync(join(dest, 'apps', name), 'utf8')).toBe('a: 1\nb: 2\n');
  });

  it('takes an annotated tag as the commit it tags, and a repository of SHA-256 ids', async () => {
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'tag', '-a', 'v1', '-m', 'release');
    expect(await resolveCommit(repo, 'v1')).toBe(gitIn(repo, 'rev-parse', 'HEAD'));
    const sha256 = join(tmp, 'sha256');
    mkdirSync(join(sha256, 'apps'), { recursive: true });
    writeFileSync(join(sha256, 'apps', 'values.yaml'), 'a: 1\n');
    gitIn(tmp, 'init', '-q', '-b', 'main', '--object-format=sha256', sha256);
    gitIn(sha256, 'add', '-A');
    gitIn(sha256, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    const commit = await resolveCommit(sha256, 'main');
    expect(commit).toMatch(/^[0-9a-f]{64}$/);
    await extractTree(sha256, commit, join(tmp, 'sha256-tree'));
    expect(readFileSync(join(tmp, 'sha256-tree', 'apps', 'values.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it("reads the repo's own objects whatever GIT_OBJECT_DIRECTORY says, and says so when git is not on PATH", async () => {
    const saved = { GIT_OBJECT_DIRECTORY: process.env.GIT_OBJECT_DIRECTORY, PATH: process.env.PATH };
    const restore = () => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    };
    const main = gitIn(repo, 'rev-parse', 'main');
    try {
      process.env.GIT_OBJECT_DIRECTORY = join(tmp, 'no-objects');
      expect(await resolveCommit(repo, 'main')).toBe(main);
      restore();
      process.env.PATH = join(tmp, 'no-such-bin');
      await expect(resolveCommit(repo, 'main')).rejects.toThrow('--base main: git is not installed or not on PATH.');
      await expect(topLevel(repo)).rejects.toThrow(`${repo}: git is not installed or not on PATH.`);
    } finally {
      restore();
    }
  });

  it('says what leads outside the repository: a file beside it with a name it starts with, a link out, a link to nothing', () => {
    mkdirSync(join(tmp, 'confine', 'chart', 'files'), { recursive: true });
    writeFileSync(join(tmp, 'confine-x.yaml'), 'a: 1\n');
    const top = join(tmp, 'confine');
    expect(outside(top, join(top, 'chart'))).toBeUndefined();
    expect(outside(top, join(tmp, 'confine-x.yaml'))).toBe(
      `${relative(process.cwd(), join(tmp, 'confine-x.yaml'))} leads outside the repository (to ${realpathSync(join(tmp, 'confine-x.yaml'))})`,
    );
    expect(outside(top, join(top, 'absent'))).toBe(`${join(top, 'absent')} is a symbolic link to nothing`);
    expect(linkOutOfChart(join(top, 'chart'))).toBeUndefined();
    symlinkSync(join(tmp, 'confine-x.yaml'), join(top, 'chart', 'files', 'creds'));
    expect(linkOutOfChart(join(top, 'chart'))).toMatch(/files\/creds leads outside the repository/);
  });

  it('takes the repository itself as inside, and a chart link that stays in the chart, at its top or further down', () => {
    const top = join(tmp, 'confine-self');
    mkdirSync(join(top, 'chart', 'templates'), { recursive: true });
    writeFileSync(join(top, 'chart', 'real.yaml'), 'a: 1\n');
    symlinkSync('real.yaml', join(top, 'chart', 'top-link.yaml'));
    symlinkSync('../real.yaml', join(top, 'chart', 'templates', 'down-link.yaml'));
    symlinkSync('..', join(top, 'chart', 'templates', 'chart-itself'));
    expect([outside(top, top), linkOutOfChart(join(top, 'chart'))]).toEqual([undefined, undefined]);
    symlinkSync('../../confine-x.yaml', join(top, 'chart', 'leaving.yaml'));
    expect(linkOutOfChart(join(top, 'chart'))).toMatch(/leaving\.yaml leads outside the repository/);
  });

  it('confines to a repository reached through a symbolic link (a linked workspace, /tmp on macOS) what lies inside it', () => {
    mkdirSync(join(tmp, 'confine-real', 'apps'), { recursive: true });
    writeFileSync(join(tmp, 'confine-real', 'apps', 'values.yaml'), 'a: 1\n');
    symlinkSync(join(tmp, 'confine-real'), join(tmp, 'confine-linked'));
    const top = join(tmp, 'confine-linked');
    expect([outside(top, join(top, 'apps', 'values.yaml')), outside(top, join(top, 'apps'))]).toEqual([undefined, undefined]);
    writeFileSync(join(tmp, 'confine-real.yaml'), 'a: 1\n');
    expect(outside(top, join(tmp, 'confine-real.yaml'))).toMatch(/leads outside the repository/);
  });

  it('names what leads outside relative to the working folder, from / and from inside the repository', () => {
    const top = join(tmp, 'confine-cwd');
    mkdirSync(join(top, 'apps'), { recursive: true });
    writeFileSync(join(tmp, 'confine-cwd-x.yaml'), 'a: 1\n');
    const file = join(tmp, 'confine-cwd-x.yaml');
    const cwd = process.cwd();
    const from = (dir: string) => {
      process.chdir(dir);
      try {
        return outside(top, file);
      } finally {
        process.chdir(cwd);
      }
    };
    const real = realpathSync(file);
    expect(from('/')).toBe(`${file.slice(1)} leads outside the repository (to ${real})`);
    expect(from(join(top, 'apps'))).toBe(`../../confine-cwd-x.yaml leads outside the repository (to ${real})`);
  });

  it('names the base files as <revision>:<path> from a working folder whose relative path to them is a part of the absolute one', async () => {
    // from "/", as in a container, "tmp/…/tree/" lies inside "/tmp/…/tree/": the absolute name must be replaced first
    const cwd = process.cwd();
    process.chdir('/');
    const sides = await openSides({ paths: [join(repo, 'apps')], base: 'main' }).finally(() => process.chdir(cwd));
    try {
      const file = join(sides.base.top, 'apps', 'web', 'values.yaml');
      expect(sides.base.display(`${file}: x`)).toBe('main:apps/web/values.yaml: x');
      expect(sides.base.display(`${relative('/', file)}: x`)).toBe('main:apps/web/values.yaml: x');
    } finally {
      sides.close();
    }
  });

  it('maps the paths given onto the base, and names the base files as <revision>:<path>', async () => {
    const sides = await openSides({ paths: [join(repo, 'apps')], base: 'main' });
    try {
      const commit = gitIn(repo, 'rev-parse', 'HEAD');
      expect(sides.base.info).toEqual({ label: `main (${commit.slice(0, 7)})`, revision: 'main', commit, chart: '' });
      expect(sides.head.info).toEqual({ label: 'working tree', chart: '' });
      expect(readFileSync(join(sides.base.paths[0], 'web', 'values.yaml'), 'utf8')).toBe('a: 1\n');
      expect(sides.head.paths).toEqual([join(realpathSync(repo), 'apps')]);
      expect(sides.base.display(`${join(sides.base.top, 'apps', 'web', 'values.yaml')}:1:1: x`)).toBe('main:apps/web/values.yaml:1:1: x');
      // a message may name the files relative to the working folder, which may end with the absolute name
      expect(sides.base.display(`${relative(process.cwd(), sides.base.top)}/apps/web/values.yaml: x`)).toBe('main:apps/web/values.yaml: x');
      // a message that names two files of the base names both by the revision
      const [one, two] = ['web/values.yaml', 'values.yaml'].map((f) => join(sides.base.top, 'apps', f));
      expect(sides.base.display(`${one}:2: x, see ${two}`)).toBe('main:apps/web/values.yaml:2: x, see main:apps/values.yaml');
      expect(sides.head.display('apps/x')).toBe('apps/x');
      expect([sides.base.confined, sides.head.confined, sides.head.top]).toEqual([true, true, realpathSync(repo)]);
    } finally {
      sides.close();
    }
    await expect(openSides({ paths: [repo, tmp], base: 'main' })).rejects.toThrow('not inside the git repository at');
    // a folder beside the repo whose name starts with the repo's is outside it too
    mkdirSync(`${repo}-other`, { recursive: true });
    await expect(openSides({ paths: [repo, `${repo}-other`], base: 'main' })).rejects.toThrow(
      `${relative(process.cwd(), realpathSync(`${repo}-other`))}: not inside the git repository at ${realpathSync(repo)}`,
    );
    // without --base, both sides are the working tree, confined only inside a git repository
    const outside = await openSides({ paths: [tmp] });
    expect([outside.base.top, outside.base.confined, outside.head.info.label]).toEqual([realpathSync(tmp), false, 'working tree']);
  });
});

describe('diff of a repo, rendered by a render of its own (no Helm)', () => {
  const tmp = scratch('app-chart-diff-index-');
  const repo = join(tmp, 'repo');
  const put = (path: string, text: string) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  /** a ConfigMap per app × env holding its values as read (comments make no difference), a claim when asked, and a failure */
  const render = async (request: RenderRequest) => {
    const values = Object.assign({}, ...(request.valueFiles ?? []).map((f) => parse(readFileSync(f, 'utf8')) ?? {}));
    if (values.fail) throw new RenderError(`cannot render: ${values.fail}`);
    const name = `${basename(request.appDir)}-${request.env}`;
    const claim = values.claim
      ? [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, annotations: { 'helm.sh/resource-policy': 'keep' } } }]
      : [];
    return [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { values: JSON.stringify(values) } }, ...claim]
      .map((o) => `---\n# Source: app/templates/x.yaml\n${stringify(o)}`)
      .join('');
  };
  put('apps/web/envs/prod/values.yaml', 'a: 1\n');
  put('apps/web/envs/dev/values.yaml', 'a: 1\n');
  put('apps/same/envs/prod/values.yaml', 'a: 1\n');
  put('apps/old/envs/prod/values.yaml', 'moved: 1\n');
  put('apps/twin1/envs/prod/values.yaml', 'twin: 1\n');
  put('apps/twin2/envs/prod/values.yaml', 'twin: 1\n');
  put('apps/envmove/envs/prod/values.yaml', 'envmove: 1\n');
  put('apps/kept/envs/prod/values.yaml', 'claim: true\n');
  put('apps/broken/envs/prod/values.yaml', 'fail: at the base\n');
  // an Application deploying web/prod with a setting lint does not apply: a note at each side, said once
  cpSync(join(packageRoot, 'chart'), join(repo, 'chart'), { recursive: true });
  put(
    'argocd/web.yaml',
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-prod\nspec:\n  source:\n' +
      '    repoURL: https://git.example.com/deploy.git\n    path: chart\n    helm:\n      releaseName: other\n' +
      '      valueFiles:\n        - ../apps/web/envs/prod/values.yaml\n  destination:\n    namespace: prod\n',
  );
  // two teams, each with a config of its own, with an app of one name
  for (const team of ['team1', 'team2']) {
    put(`teams/${team}/app-chart.config.yaml`, 'helm: 4\n');
    put(`teams/${team}/apps/api/envs/prod/values.yaml`, `team: ${team}\n`);
  }
  gitIn(tmp, 'init', '-q', '-b', 'main', repo);
  gitIn(repo, 'add', '-A');
  gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
  // the working tree: web/prod changed, same/prod changed in a comment only, old renamed to new, the twins renamed
  // to two others (no one-to-one rename), envmove moved to another env (not a rename), kept removed, broken still broken
  put('apps/web/envs/prod/values.yaml', 'a: 2\n');
  put('apps/same/envs/prod/values.yaml', '# a comment\na: 1\n');
  for (const [from, to] of [
    ['old/envs/prod', 'new/envs/prod'],
    ['twin1/envs/prod', 'twin3/envs/prod'],
    ['twin2/envs/prod', 'twin4/envs/prod'],
    ['envmove/envs/prod', 'envmove2/envs/dev'],
  ]) {
    mkdirSync(join(repo, 'apps', to, '..'), { recursive: true });
    renameSync(join(repo, 'apps', from), join(repo, 'apps', to));
  }
  rmSync(join(repo, 'apps', 'kept'), { recursive: true });
  put('apps/broken/envs/prod/values.yaml', 'fail: in the working tree\n');
  const cacheDir = join(tmp, 'cache');
  let result: DiffResult;
  beforeAll(async () => {
    result = await diff({ paths: [repo], base: 'main', render, cache: false, cacheDir });
  });
  const status = () => result.targets.map((t) => `${t.app}/${t.env} ${t.status}${t.rendered ? '' : ' (not rendered)'}`);

  it('pairs every app × env of either side in the order of app, then env, and says what happened to each', () => {
    expect(status()).toEqual([
      'broken/prod error (not rendered)',
      'envmove/prod removed',
      'envmove2/dev added',
      'kept/prod removed',
      'new/prod added',
      'old/prod removed',
      'same/prod unchanged',
      'twin1/prod removed',
      'twin2/prod removed',
      'twin3/prod added',
      'twin4/prod added',
      'web/dev unchanged (not rendered)',
      'web/prod changed',
    ]);
    expect([result.skipped, result.errors]).toEqual([1, 1]);
    // every app × env but the unchanged ones, rendered or not, gets a section; the summary counts those
    const headed = (s: string) => s.split(' ')[0];
    const sectioned = toText(result, false)
      .split('\n')
      .filter((l) => l.includes(' (namespace '));
    expect(sectioned.map(headed)).toEqual(
      status()
        .filter((s) => !s.includes(' unchanged'))
        .map(headed),
    );
  });

  it('takes an app × env removed and one added with the same values files, in the same env, one to one, as a rename', () => {
    const renames = result.targets
      .filter((t) => t.renamedFrom || t.renamedTo)
      .map((t) => `${t.app}/${t.env} ${t.renamedFrom ?? ''}→${t.renamedTo ?? ''}`);
    expect(renames).toEqual(['new/prod old/prod→', 'old/prod →new/prod']);
  });

  it("says a note of the working tree once, not again as the base's", () => {
    expect(result.notes).toEqual([
      `${relative(process.cwd(), join(repo, 'argocd', 'web.yaml'))}:1: app-chart does not apply helm.releaseName`,
    ]);
  });

  it('says that note once from any working folder: the top of the repo, a folder in it, or /', async () => {
    const cwd = process.cwd();
    for (const from of [repo, join(repo, 'apps', 'web'), '/']) {
      process.chdir(from);
      try {
        const run = await diff({ paths: [repo], base: 'main', render, cache: false, cacheDir });
        expect(run.notes, from).toEqual([
          `${relative(from, join(repo, 'argocd', 'web.yaml'))}:1: app-chart does not apply helm.releaseName`,
        ]);
      } finally {
        process.chdir(cwd);
      }
    }
  });

  it('names the side that does not render, the base first', () => {
    expect(result.targets[0].error).toEqual({ side: 'base', message: 'cannot render: at the base' });
  });

  it('keeps what helm.sh/resource-policy keeps when a whole app × env goes: no finding for the claim of a removed one', () => {
    expect(result.findings).toEqual([]);
  });

  /** Both teams' folders, each with a config of its own, every app × env listed. */
  const diffTeams = () =>
    diff({ paths: [join(repo, 'teams', 'team1'), join(repo, 'teams', 'team2')], base: 'main', render, cache: false, cacheDir, all: true });

  it('keeps apart two app × envs of one name under two configs', async () => {
    const teams = await diffTeams();
    expect(teams.targets.map((t) => `${t.app}/${t.env} ${t.status} ${t.rendered}`)).toEqual([
      'api/prod unchanged true',
      'api/prod unchanged true',
    ]);
  });

  it('takes a Helm that fails as an app × env that cannot be compared, not as the end of the diff', async () => {
    const failing = async () => {
      throw new HelmError('helm template was killed');
    };
    const run = await diff({ paths: [join(repo, 'apps', 'web')], base: 'main', render: failing, cache: false, cacheDir });
    expect(run.targets.map((t) => [`${t.app}/${t.env} ${t.status}`, t.error])).toEqual([
      ['web/dev unchanged', undefined],
      ['web/prod error', { side: 'base', message: 'helm template was killed' }],
    ]);
    expect(run.errors).toBe(1);
  });

  it('names every chart a side renders with in its header, each once', async () => {
    const team2 = join(repo, 'teams', 'team2', 'app-chart.config.yaml');
    writeFileSync(team2, 'helm: 4\nchart: ../../chart\n');
    try {
      const teams = await diffTeams();
      const bundled = expect.stringMatching(/^app-chart \S+ \(the chart bundled with app-chart\)$/);
      expect([teams.base.chart, ...teams.head.chart.split('; ')]).toEqual([
        bundled,
        bundled,
        expect.stringMatching(/\/repo\/chart \(named by \S+\/teams\/team2\/app-chart\.config\.yaml\)\)$/),
      ]);
    } finally {
      writeFileSync(team2, 'helm: 4\n');
    }
  });

  it('pairs each app × env with itself under a config given from outside the repository, whose platform values it refuses', async () => {
    const outside = join(tmp, 'ci-config');
    const config = join(outside, 'app-chart.config.yaml');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'platform.yaml'), 'token: of-the-machine\n');
    const statuses = async (all = true) => {
      const run = await diff({
        paths: [join(repo, 'apps', 'same')],
        base: 'main',
        configFile: config,
        render,
        cache: false,
        cacheDir,
        all,
      });
      return run.targets.map((t) => [`${t.app}/${t.env} ${t.status}`, t.error?.message]);
    };
    writeFileSync(config, 'helm: 4\n');
    expect(await statuses()).toEqual([['same/prod unchanged', undefined]]);
    // a platform values file beside it is a file of this machine, not of the repository: nothing renders with it
    writeFileSync(config, 'platformValuesFiles: [platform.yaml]\n');
    expect(await statuses()).toEqual([
      [
        'same/prod error',
        expect.stringMatching(/ci-config\/platform\.yaml leads outside the repository .*Keep values files, platform values files/),
      ],
    ]);
    // the same refusal at both revisions: nothing to render, nothing new to say
    expect(await statuses(false)).toEqual([['same/prod unchanged', undefined]]);
  });

  it('says a side renders nothing when none of the paths holds an app there', async () => {
    const added = await diff({ paths: [join(repo, 'apps', 'new')], base: 'main', render, cache: false, cacheDir });
    expect([added.base.chart, added.head.chart.startsWith('app-chart ')]).toEqual(['none (nothing to render)', true]);
    expect(added.targets.map((t) => t.status)).toEqual(['added']);
  });
});

describe('app-chart diff, the command, where nothing renders', () => {
  const tmp = scratch('app-chart-diff-cli-');
  const repo = join(tmp, 'repo');
  // one app × env, the same at the base: nothing to render
  mkdirSync(join(repo, 'apps', 'web', 'envs', 'prod'), { recursive: true });
  writeFileSync(join(repo, 'apps', 'web', 'envs', 'prod', 'values.yaml'), 'a: 1\n');
  gitIn(tmp, 'init', '-q', '-b', 'main', repo);
  gitIn(repo, 'add', '-A');
  gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
  const options = (more: Partial<DiffCliOptions> = {}): DiffCliOptions => ({
    chart: {},
    baseChart: {},
    format: 'text',
    all: false,
    cache: false,
    exitCode: false,
    base: 'main',
    ...more,
  });
  /** runDiff with what it writes, on a terminal or not, with NO_COLOR as given (undefined: unset) */
  async function run(more: Partial<DiffCliOptions>, tty = false, noColor?: string, paths = [repo]) {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
    const wasTty = process.stdout.isTTY;
    const wasNoColor = process.env.NO_COLOR;
    process.stdout.isTTY = tty;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    try {
      const status = await runDiff(paths, options(more));
      return { status, stdout: out.join(''), stderr: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.stdout.isTTY = wasTty;
      if (wasNoColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = wasNoColor;
    }
  }

  it('exits 0 when nothing differs, --exit-code or not, in each format', async () => {
    const text = await run({ exitCode: true });
    expect(text).toEqual({
      status: 0,
      stdout: expect.stringMatching(
        /^app-chart diff: main \([0-9a-f]{7}\) → working tree, chart: app-chart .*\n\n✔ 0 app × envs of 1 change; 1 app × env not rendered: nothing it is made of changed \(--all renders them\)\.\n$/,
      ),
      stderr: '',
    });
    const json = await run({ format: 'json' });
    expect([json.status, JSON.parse(json.stdout).summary.skipped, json.stdout.endsWith('}\n')]).toEqual([0, 1, true]);
    const markdown = await run({ format: 'markdown', exitCode: true });
    expect([markdown.status, markdown.stdout.split('\n')[0]]).toEqual([0, '<!-- app-chart diff -->']);
  });

  it('colours its text on a terminal only, and not when NO_COLOR is set to anything but empty', async () => {
    const paint = /\u001b\[/;
    expect((await run({}, true)).stdout).toMatch(paint);
    expect((await run({}, true, '')).stdout).toMatch(paint);
    expect((await run({}, true, '1')).stdout).not.toMatch(paint);
    expect((await run({}, false)).stdout).not.toMatch(paint);
    // the formats for files never take colour
    expect((await run({ format: 'markdown' }, true)).stdout).not.toMatch(paint);
  });

  it('exits 2 with the reason on stderr and nothing on stdout when it cannot compare', async () => {
    expect(await run({ base: undefined, exitCode: true })).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'app-chart diff: say what to compare with: --base <git revision>, or --base-chart <chart> / --chart <chart> to compare charts.\n',
    });
    const unknown = await run({ base: 'no-such-branch', exitCode: true, format: 'json' });
    expect([unknown.status, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toMatch(/^app-chart diff: .*no-such-branch.*\n$/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads the config of the repo, from its top or a folder in it, and none above the repo', async () => {
    const above = join(tmp, 'app-chart.config.yaml');
    writeFileSync(above, 'helm: 9\n');
    try {
      for (const paths of [[repo], [join(repo, 'apps', 'web')]]) expect((await run({}, false, undefined, paths)).status).toBe(0);
      writeFileSync(join(repo, 'app-chart.config.yaml'), 'helm: 9\n');
      for (const paths of [[repo], [join(repo, 'apps', 'web')]]) {
        const found = await run({}, false, undefined, paths);
        expect([found.status, found.stdout]).toEqual([2, '']);
        expect(found.stderr).toContain('app-chart.config.yaml');
        expect(found.stderr).not.toContain(relative(process.cwd(), above));
      }
    } finally {
      rmSync(above);
      rmSync(join(repo, 'app-chart.config.yaml'), { force: true });
    }
  });

  it('tells once which Helm HELM_BIN names, though the base and the working tree each find it', async () => {
    const was = process.env.HELM_BIN;
    process.env.HELM_BIN = helmFor(DEFAULT_HELM, {}).bin;
    try {
      const { status, stderr } = await run({});
      expect([status, stderr]).toEqual([
        0,
        `app-chart: using Helm ${PINNED[DEFAULT_HELM].version} at ${process.env.HELM_BIN} (from HELM_BIN)\n`,
      ]);
    } finally {
      if (was === undefined) delete process.env.HELM_BIN;
      else process.env.HELM_BIN = was;
    }
  });

  it('writes notes and the count of app × envs it could not compare on stderr, never stdout, and exits 2', async () => {
    // an Application with a setting app-chart does not apply (a note), the same at both sides: nothing renders
    const noted = join(tmp, 'noted');
    mkdirSync(join(noted, 'apps', 'web', 'envs', 'prod'), { recursive: true });
    writeFileSync(join(noted, 'apps', 'web', 'envs', 'prod', 'values.yaml'), 'a: 1\n');
    cpSync(join(packageRoot, 'chart'), join(noted, 'chart'), { recursive: true });
    mkdirSync(join(noted, 'argocd'));
    writeFileSync(
      join(noted, 'argocd', 'web.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-prod\nspec:\n  source:\n' +
        '    repoURL: https://git.example.com/deploy.git\n    path: chart\n    helm:\n      releaseName: other\n' +
        '      valueFiles:\n        - ../apps/web/envs/prod/values.yaml\n  destination:\n    namespace: prod\n',
    );
    gitIn(tmp, 'init', '-q', '-b', 'main', noted);
    gitIn(noted, 'add', '-A');
    gitIn(noted, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    // two app × envs added whose values file is a folder: neither can be compared
    for (const app of ['bad1', 'bad2']) mkdirSync(join(noted, 'apps', app, 'envs', 'prod', 'values.yaml'), { recursive: true });
    const note = `app-chart diff: note: ${relative(process.cwd(), join(noted, 'argocd', 'web.yaml'))}:1: app-chart does not apply helm.releaseName\n`;
    for (const format of ['text', 'json'] as const) {
      const { status, stdout, stderr } = await run({ format }, false, undefined, [noted]);
      expect([status, stderr]).toEqual([2, `${note}app-chart diff: 2 app × envs could not be compared (see above).\n`]);
      expect(stdout).not.toContain('releaseName');
    }
    rmSync(join(noted, 'apps', 'bad2'), { recursive: true });
    expect((await run({}, false, undefined, [noted])).stderr).toBe(
      `${note}app-chart diff: 1 app × env could not be compared (see above).\n`,
    );
  });

  it('exits 1 with --exit-code when an object differs, 0 without it (one app × env added, one Helm render)', async () => {
    const added = join(repo, 'apps', 'cache', 'envs', 'prod');
    mkdirSync(added, { recursive: true });
    writeFileSync(
      join(added, 'values.yaml'),
      'image: { repository: redis, tag: "8.0", port: 6379 }\ndeployment: { enabled: true }\nservice: { enabled: true }\n',
    );
    try {
      const differs = await run({ exitCode: true, cache: true });
      expect([differs.status, differs.stderr]).toEqual([1, '']);
      expect(differs.stdout).toMatch(/\n~ 1 app × env of 2 changes: \d+ objects added, 0 removed, 0 changed; 1 app × env not rendered/);
      expect((await run({ cache: true })).status).toBe(0);
    } finally {
      rmSync(join(repo, 'apps', 'cache'), { recursive: true });
    }
  });
});

describe('what diff pairs, flags and prints, detail by detail', () => {
  /** `helm template`-like output with each object written by a custom resource entry */
  const fromEntries = (...objects: [string, Record<string, unknown>][]) =>
    objects.map(([label, o]) => `---\n# Source: app/templates/custom-resources.yaml\n# ${label}\n${stringify(o)}`).join('');

  it("gives a changed object the working tree's apiVersion and custom resource entry, in JSON", () => {
    const route = (apiVersion: string) => ({ apiVersion, kind: 'IngressRouteTCP', metadata: { name: 'r' }, spec: { entryPoints: ['db'] } });
    const changes = compareObjects(
      objectsOf(fromEntries(['customResources[0]', route('traefik.io/v1alpha1')]), 'prod'),
      objectsOf(fromEntries(['customResourcesMap.tcp-route', route('traefik.io/v1')]), 'prod'),
    );
    const t: TargetChanges = { target: 'web/prod', namespace: 'prod', removed: false, changes };
    const [object] = toJson(result([t])).targets[0].objects;
    expect([object.change, object.apiVersion, object.source]).toEqual(['changed', 'traefik.io/v1', 'customResourcesMap.tcp-route']);
  });

  it('compares a list of words holding null as a whole, and an item added to or removed from a named list is no change of order', () => {
    expect(diffFields({ args: [null, 'x'] }, { args: [null, 'y'] })).toEqual([
      { path: ['args'], change: 'changed', old: [null, 'x'], new: [null, 'y'] },
    ]);
    const env = (...names: string[]) => ({ env: names.map((name) => ({ name, value: '1' })) });
    expect(diffFields(env('A', 'B'), env('A', 'B', 'C')).map((f) => `${formatSegments(f.path)} ${f.change}`)).toEqual([
      'env[name=C] added',
    ]);
    expect(diffFields(env('A', 'B', 'C'), env('A', 'C')).map((f) => `${formatSegments(f.path)} ${f.change}`)).toEqual([
      'env[name=B] removed',
    ]);
  });

  it('writes a list item by its name when it has dots and dashes, quotes other names, and quotes a key with a dot', () => {
    expect(formatSegments(['spec', 'env', { name: 'my.var-1' }, 'value'])).toBe('spec.env[name=my.var-1].value');
    expect(formatSegments(['env', { name: 'a b' }])).toBe('env[name="a b"]');
    expect(formatSegments(['data', 'app.conf'])).toBe('data["app.conf"]');
    expect(formatSegments(['metadata', 'labels', 'tier_2-x'])).toBe('metadata.labels.tier_2-x');
  });

  it('shows carriage return, vertical tab and form feed as escapes, and keeps tab and newline', () => {
    expect(visible('a\rb\u000bc\u000cd\te\nf\u0000')).toBe('a\\u000db\\u000bc\\u000cd\te\nf\\u0000');
  });

  it('ends with ✖ when an app × env could not be compared, even when others changed; JSON differs by objects, not by findings', () => {
    const r = result([compare([cm({ k: 'a' })], [cm({ k: 'b' })])]);
    expect(toText(r, false).trimEnd().split('\n').at(-1)).toMatch(/^~ 1 app × env of 1 changes: /);
    expect(toJson(r).summary.differs).toBe(true);
    r.errors = 1;
    expect(toText(r, false).trimEnd().split('\n').at(-1)).toMatch(/^✖ 1 app × env of 1 changes: .*; 1 app × env could not be compared\.$/);
    const none = result([]);
    none.findings = [{ id: 'volume-removed', impact: 'data-loss', target: 'web/prod', object: 'PersistentVolumeClaim/x', message: 'm' }];
    expect(toJson(none).summary.differs).toBe(false);
  });

  it('pads a code span that starts with a backtick, and keeps a finding of many lines on its line in markdown', () => {
    const r = result([compare([cm({ k: 'a' })], [cm({ k: 'b' })])]);
    r.targets[0].app = '`web';
    r.findings = [
      { id: 'volume-removed', impact: 'data-loss', target: '`web/prod', object: 'PersistentVolumeClaim/x', message: 'one\ntwo' },
    ];
    const markdown = toMarkdown(r);
    expect(markdown).toContain('| `` `web/prod `` | prod | changed | 0 | 0 | 1 | 1 |');
    expect(markdown).toContain('> - 🗑️ **loses data** `` `web/prod ``: one two\n');
  });

  it('a Service that turns headless or stops being headless is a fixed field', () => {
    const svc = (clusterIP?: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: clusterIP ? { clusterIP } : {},
    });
    expect(findings([svc()], [svc('None')])).toEqual(['immutable-field fails Service/s spec.clusterIP']);
    expect(findings([svc('None')], [svc()])).toEqual(['immutable-field fails Service/s spec.clusterIP']);
  });

  it('reads sync options with spaces after the commas, and takes a Helm hook as recreated', () => {
    const claim = (options: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', annotations: { 'argocd.argoproj.io/sync-options': options } },
      spec: { resources: { requests: { storage: '1Gi' } } },
    });
    expect(findings([claim('Replace=true, Prune=false')], [])).toEqual([]);
    expect(findings([claim('Replace=true,Delete=false')], [])).toEqual(['volume-removed data-loss PersistentVolumeClaim/data']);
    const forced = { annotations: { 'argocd.argoproj.io/sync-options': 'Replace=true, Force=true' } };
    expect(findings([deployment({ app: 'web' }, forced)], [deployment({ app: 'x' }, forced)])).toEqual([]);
    const hook = { annotations: { 'helm.sh/hook': 'pre-install' } };
    expect(findings([deployment({ app: 'web' }, hook)], [deployment({ app: 'x' }, hook)])).toEqual([]);
  });

  it('a TLSOption of another namespace is renamed for the routes that name it with that namespace', () => {
    const option = (name: string) => ({ apiVersion: 'traefik.io/v1alpha1', kind: 'TLSOption', metadata: { name, namespace: 'edge' } });
    const route = {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'web' },
      spec: { entryPoints: ['websecure'], tls: { options: { name: 'strict', namespace: 'edge' } } },
    };
    expect(findings([route, option('strict')], [route, option('strict2')])).toEqual([
      'tls-option-renamed disruption TLSOption/strict (namespace edge)',
    ]);
  });

  it('reads a quantity without a leading digit, and a StatefulSet spec that appears whole is fixed', () => {
    expect([quantity('.5Gi'), quantity('+.5'), quantity('1.')]).toEqual([2 ** 29, 0.5, 1]);
    const sts = (spec?: Record<string, unknown>) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      ...(spec ? { spec } : {}),
    });
    expect(findings([sts()], [sts({ serviceName: 'db' })])).toEqual(['immutable-field fails StatefulSet/db spec']);
  });

  it('refuses a render with a document it cannot read, naming its template and entry, and how many more there are', () => {
    const listDocument = '---\n# Source: app/templates/configmap.yaml\n- a\n- b\n';
    const message = (output: string) => {
      try {
        objectsOf(output, 'prod');
      } catch (error) {
        return error instanceof RenderError ? error.message : `not a RenderError: ${error}`;
      }
      return 'read';
    };
    expect(message(listDocument)).toBe(
      'configmap.yaml: Helm printed a document that cannot be read: a rendered document that is not a map of keys',
    );
    const entryListDocument = '---\n# Source: app/templates/custom-resources.yaml\n# customResourcesMap.bad\n- x\n';
    expect(message(`${entryListDocument}${listDocument}${render(cm({ a: '1' }))}`)).toBe(
      'custom-resources.yaml (customResourcesMap.bad): Helm printed a document that cannot be read: a rendered document that is not a map of keys (and 1 more)',
    );
  });
});

describe('diff of the files it is given, inside git and outside it (no Helm)', () => {
  const tmp = scratch('app-chart-diff-given-');
  const cacheDir = join(tmp, 'cache');
  const chart = join(packageRoot, 'chart');
  /** each app × env as one ConfigMap of the values files it renders with, platform values first */
  const render = async (request: RenderRequest) =>
    `---\n# Source: app/templates/x.yaml\n${stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${basename(request.appDir)}-${request.env}` },
      data: { files: [...(request.values ?? []), ...(request.valueFiles ?? [])].map((f) => readFileSync(f, 'utf8')).join('') },
    })}`;
  /** a repo with a config at its top naming a platform values file there, and one app × env */
  function repoAt(dir: string): string {
    mkdirSync(join(dir, 'apps', 'web', 'envs', 'prod'), { recursive: true });
    writeFileSync(join(dir, 'app-chart.config.yaml'), 'platformValuesFiles: [platform.yaml]\n');
    writeFileSync(join(dir, 'platform.yaml'), 'domain: example.com\n');
    writeFileSync(join(dir, 'apps', 'web', 'envs', 'prod', 'values.yaml'), 'a: 1\n');
    return dir;
  }
  const statuses = (r: DiffResult) => r.targets.map((t) => [`${t.app}/${t.env} ${t.status}`, t.error?.message]);

  it("outside git, takes an app folder's platform values from the config above it, comparing two charts", async () => {
    const plain = repoAt(join(tmp, 'plain'));
    const r = await diff({ paths: [join(plain, 'apps', 'web')], chart, baseChart: chart, render, cache: false, cacheDir, all: true });
    expect(statuses(r)).toEqual([['web/prod unchanged', undefined]]);
    // an app × env that cannot be planned alike at both sides (its values file a folder) is no change, not a failure
    mkdirSync(join(plain, 'apps', 'bad', 'envs', 'prod', 'values.yaml', 'x'), { recursive: true });
    const same = await diff({ paths: [join(plain, 'apps')], chart, baseChart: chart, render, cache: false, cacheDir });
    expect([statuses(same), same.errors, same.skipped]).toEqual([
      [
        ['bad/prod unchanged', undefined],
        ['web/prod unchanged', undefined],
      ],
      0,
      2,
    ]);
  });

  it('compares the chart given for one side alone with the one each app × env deploys', async () => {
    const dir = repoAt(join(tmp, 'one-side'));
    for (const given of [{ chart }, { baseChart: chart }]) {
      const r = await diff({ paths: [dir], ...given, render, cache: false, cacheDir, all: true });
      expect(statuses(r)).toEqual([['web/prod unchanged', undefined]]);
    }
  });

  it('takes an app × env added that renders no object as added, not unchanged', async () => {
    const repo = repoAt(join(tmp, 'renders-nothing'));
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    mkdirSync(join(repo, 'apps', 'off', 'envs', 'prod'), { recursive: true });
    writeFileSync(join(repo, 'apps', 'off', 'envs', 'prod', 'values.yaml'), 'enabled: false\n');
    const nothingForOff = async (request: RenderRequest) => (basename(request.appDir) === 'off' ? '' : render(request));
    const r = await diff({ paths: [repo], base: 'main', chart, baseChart: chart, render: nothingForOff, cache: false, cacheDir });
    expect(statuses(r)).toEqual([
      ['off/prod added', undefined],
      ['web/prod unchanged', undefined],
    ]);
  });

  it('keeps its renders in the cache unless told not to, so a second run renders nothing again', async () => {
    const dir = repoAt(join(tmp, 'cached'));
    const own = join(tmp, 'own-cache');
    let renders = 0;
    const counting = async (request: RenderRequest) => {
      renders++;
      return render(request);
    };
    const run = () => diff({ paths: [dir], chart, baseChart: chart, render: counting, cacheDir: own, all: true });
    await run();
    expect(renders).toBe(1);
    await run();
    expect(renders).toBe(1);
  });

  it('pairs the envs of an app in the order of their names as people sort them, not by their bytes', async () => {
    const dir = repoAt(join(tmp, 'env-order'));
    mkdirSync(join(dir, 'apps', 'web', 'envs', 'Staging'), { recursive: true });
    writeFileSync(join(dir, 'apps', 'web', 'envs', 'Staging', 'values.yaml'), 'a: 1\n');
    const r = await diff({ paths: [dir], chart, baseChart: chart, render, cache: false, cacheDir, all: true });
    expect(r.targets.map((t) => `${t.app}/${t.env}`)).toEqual(['web/prod', 'web/Staging']);
  });

  it("names a render error in the config's platformValues by the config, not by the copy written for Helm", async () => {
    const dir = repoAt(join(tmp, 'platform-named'));
    writeFileSync(join(dir, 'app-chart.config.yaml'), 'platformValues:\n  captain_domain: example.org\n');
    // a chart whose schema refuses captain_domain, as Helm reports it: the file Helm was given, at its line
    const refusing = async (request: RenderRequest) => {
      const written = request.values![0];
      throw new RenderError(
        `values do not match:\n  ${relative(process.cwd(), written)}:1:1: captain_domain: unknown key\n  ${written}:12:34: again`,
      );
    };
    const named = async () => {
      const r = await diff({ paths: [dir], chart, baseChart: chart, render: refusing, cache: false, cacheDir, all: true });
      const shown = `platformValues of ${relative(process.cwd(), join(dir, 'app-chart.config.yaml'))}`;
      expect(r.targets.map((t) => t.error?.message)).toEqual([
        `values do not match:\n  ${shown}: captain_domain: unknown key\n  ${shown}: again`,
      ]);
    };
    await named();
    // run from a folder above the cache (as from a repo whose node_modules holds it): the path relative to it
    // ends the absolute one, and neither leaves a piece of the other behind
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      await named();
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes no app × env that could not be planned for the rename of another: their values files are unknown', async () => {
    const repo = repoAt(join(tmp, 'unplanned'));
    // a values file that is a folder: the app × env is refused before its files are read
    mkdirSync(join(repo, 'apps', 'gone', 'envs', 'prod', 'values.yaml'), { recursive: true });
    writeFileSync(join(repo, 'apps', 'gone', 'envs', 'prod', 'values.yaml', 'x'), 'a: 1\n');
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    renameSync(join(repo, 'apps', 'gone'), join(repo, 'apps', 'fresh'));
    writeFileSync(join(repo, 'apps', 'fresh', 'envs', 'prod', 'values.yaml', 'x'), 'b: 2\n');
    const r = await diff({ paths: [repo], base: 'main', chart, baseChart: chart, render, cache: false, cacheDir });
    expect(r.targets.map((t) => [`${t.app}/${t.env} ${t.status}`, t.renamedFrom, t.renamedTo])).toEqual([
      ['fresh/prod error', undefined, undefined],
      ['gone/prod error', undefined, undefined],
      ['web/prod unchanged', undefined, undefined],
    ]);
  });

  it('names an app × env whose namespace changes by its new namespace; its objects leave the old one', async () => {
    const repo = repoAt(join(tmp, 'moved'));
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    writeFileSync(join(repo, 'app-chart.config.yaml'), 'platformValuesFiles: [platform.yaml]\nnamespaces: {prod: production}\n');
    const r = await diff({ paths: [repo], base: 'main', chart, baseChart: chart, render, cache: false, cacheDir });
    expect(toText(r, false)).toContain(
      'web/prod (namespace production): changed; 1 added, 1 removed\n  - ConfigMap/web-prod (namespace prod)\n  + ConfigMap/web-prod\n',
    );
  });

  it('in git, takes a folder whose only app was removed from the working tree as that app × env removed', async () => {
    const repo = repoAt(join(tmp, 'gone'));
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    rmSync(join(repo, 'apps', 'web'), { recursive: true });
    const r = await diff({ paths: [join(repo, 'apps')], base: 'main', chart, baseChart: chart, render, cache: false, cacheDir });
    expect(statuses(r)).toEqual([['web/prod removed', undefined]]);
    // the app's own folder, gone, given from outside the repository (the tests run in another git repository)
    const named = await diff({ paths: [join(repo, 'apps', 'web')], base: 'main', chart, baseChart: chart, render, cache: false, cacheDir });
    expect(statuses(named)).toEqual([['web/prod removed', undefined]]);
  });

  it('takes each app × env once from paths that overlap; an ArgoCD file it cannot read is named at its side', async () => {
    const repo = repoAt(join(tmp, 'overlap'));
    mkdirSync(join(repo, 'apps', 'web', 'envs', 'dev'));
    writeFileSync(join(repo, 'apps', 'web', 'envs', 'dev', 'values.yaml'), 'a: 2\n');
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    const web = join(repo, 'apps', 'web');
    // the first holds one of the two, each later one both
    const paths = [join(web, 'envs', 'prod', 'values.yaml'), web, join(repo, 'apps')];
    const r = await diff({ paths, base: 'main', chart, baseChart: chart, render, cache: false, cacheDir, all: true });
    expect(statuses(r)).toEqual([
      ['web/dev unchanged', undefined],
      ['web/prod unchanged', undefined],
    ]);
    // an Application that does not parse stops the comparison; only the base's is named by its revision
    mkdirSync(join(repo, 'argocd'));
    writeFileSync(join(repo, 'argocd', 'web.yaml'), 'kind: Application\nspec: [\n');
    const config = readFileSync(join(repo, 'app-chart.config.yaml'), 'utf8');
    writeFileSync(join(repo, 'app-chart.config.yaml'), `${config}argocd: [argocd/web.yaml]\n`);
    const atHead = diff({ paths: [repo], base: 'main', render, cache: false, cacheDir });
    await expect(atHead).rejects.toThrow(/web\.yaml/);
    await expect(atHead).rejects.not.toThrow(/^at /);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'broken');
    rmSync(join(repo, 'argocd'), { recursive: true });
    writeFileSync(join(repo, 'app-chart.config.yaml'), config);
    const commit = gitIn(repo, 'rev-parse', 'HEAD').slice(0, 7);
    await expect(diff({ paths: [repo], base: 'main', render, cache: false, cacheDir })).rejects.toThrow(
      new RegExp(`^at main \\(${commit}\\): .*main:argocd/web\\.yaml`, 's'),
    );
  });

  it('in git, renders with a chart given on the command line from outside the repository', async () => {
    const repo = repoAt(join(tmp, 'repo'));
    gitIn(tmp, 'init', '-q', '-b', 'main', repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    const r = await diff({ paths: [repo], base: 'main', chart, baseChart: chart, render, cache: false, cacheDir, all: true });
    expect(statuses(r)).toEqual([['web/prod unchanged', undefined]]);
    // a config the base revision cannot use is refused as the base's, its file named <revision>:<path>
    const broken = repoAt(join(tmp, 'broken'));
    writeFileSync(join(broken, 'app-chart.config.yaml'), 'helm: 5\n');
    gitIn(tmp, 'init', '-q', '-b', 'main', broken);
    gitIn(broken, 'add', '-A');
    gitIn(broken, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    writeFileSync(join(broken, 'app-chart.config.yaml'), 'platformValuesFiles: [platform.yaml]\n');
    const commit = gitIn(broken, 'rev-parse', 'HEAD').slice(0, 7);
    await expect(diff({ paths: [broken], base: 'main', render, cache: false, cacheDir })).rejects.toThrow(
      new RegExp(`^at main \\(${commit}\\): invalid config:\n  main:app-chart\\.config\\.yaml:1:1: helm: `),
    );
    // a path that is nowhere is named as it was given, relative to the working folder
    const nowhere = relative(process.cwd(), join(repo, 'apps', 'nowhere'));
    await expect(diff({ paths: [repo, nowhere], base: 'main', render, cache: false, cacheDir })).rejects.toThrow(
      new RegExp(`^${nowhere.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file or folder`),
    );
  });
});
