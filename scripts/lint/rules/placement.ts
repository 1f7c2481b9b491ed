// Objects an app must not create: cluster-wide or privileged ones, and ones in other apps' namespaces.
import { asMap } from '../k8s.ts';
import type { Finding } from '../types.ts';
import { type ObjectsContext, report, type RuleDef } from './rule.ts';

/** Kinds that are cluster-scoped or grant cluster-wide power; an app's custom resources should not hold them. */
export const CLUSTER_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'StorageClass',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'GatewayClass',
  'CSIDriver',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'PodSecurityPolicy',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ClusterIssuer',
  'ClusterSecretStore',
  'ClusterExternalSecret',
  'ClusterPolicy',
]);

const POWERFUL_ROLES = new Set(['cluster-admin', 'admin']);

function clusterScoped(ctx: ObjectsContext): Finding[] {
  const allowed = new Set(ctx.config.allowedKinds);
  const findings: Finding[] = [];
  for (const object of ctx.objects.filter((o) => o.entry && !allowed.has(o.kind))) {
    const roleRef = asMap(object.obj.roleRef);
    const binds = object.kind === 'RoleBinding' && roleRef.kind === 'ClusterRole' && POWERFUL_ROLES.has(String(roleRef.name));
    if (!CLUSTER_KINDS.has(object.kind) && !binds) continue;
    const where = { ...ctx.at(object, binds ? ['roleRef', 'name'] : ['kind']), object: object.ref };
    const data = { object: object.ref, role: String(roleRef.name), kind: object.kind };
    findings.push(report(clusterScopedKind, binds ? 'bindsClusterRole' : 'clusterWide', data, where));
  }
  return findings;
}

function otherNamespace(ctx: ObjectsContext): Finding[] {
  const findings: Finding[] = [];
  for (const object of ctx.objects.filter((o) => o.explicitNamespace && o.namespace !== ctx.namespace)) {
    const allowed = ctx.config.allowedNamespaces.some(
      (rule) =>
        rule.namespace === object.namespace &&
        (!rule.kinds || rule.kinds.includes(object.kind)) &&
        (!rule.names || rule.names.includes(object.name)),
    );
    if (allowed) continue;
    const data = { object: object.ref, namespace: object.namespace, own: ctx.namespace };
    findings.push(report(foreignNamespace, 'otherNamespace', data, { ...ctx.at(object, ['metadata', 'namespace']), object: object.ref }));
  }
  return findings;
}

const clusterScopedKind = {
  id: 'cluster-scoped-kind',
  severity: 'error',
  family: 'placement',
  summary:
    'A custom resource of a cluster-scoped or privileged kind: Namespace, ClusterRole, ClusterRoleBinding, ' +
    'CustomResourceDefinition, webhook configurations, StorageClass, ClusterIssuer, ..., or a RoleBinding to cluster-admin.',
  why:
    'Such objects affect every tenant of the cluster and outlive the app; ArgoCD projects usually forbid them, so the sync ' +
    'fails, and where they do not, an app gains power it should not have.',
  fix: 'Leave cluster-wide objects to the platform team; list a kind under allowedKinds in app-chart.config.yaml when apps may create it.',
  messages: {
    bindsClusterRole: "{object} grants the ClusterRole {role} to the app's namespace: grant a Role with only the permissions the app needs",
    clusterWide:
      "{kind} is cluster-wide: an app's custom resources should not create it (it outlives the app and affects every tenant). " +
      'Ask the platform team, or list {kind} under allowedKinds in app-chart.config.yaml if apps may',
  },
  example: {
    values: `customResourcesMap:
  reader: |
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: {{ include "app.name" . }}-reader
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: view
    subjects:
      - kind: ServiceAccount
        name: {{ include "app.name" . }}
        namespace: {{ include "app.namespace" . }}
`,
  },
  objects: clusterScoped,
} satisfies RuleDef;

const foreignNamespace = {
  id: 'foreign-namespace',
  severity: 'error',
  family: 'placement',
  summary: "An object whose metadata.namespace is not the app's namespace.",
  why:
    "The app then writes into another team's namespace (or one that does not exist); ArgoCD often refuses it, and deleting the " +
    'app leaves it behind.',
  fix:
    'Remove metadata.namespace (Helm puts the object in the app\'s namespace) or use {{ include "app.namespace" . }}. Objects ' +
    'that must live elsewhere, such as the ingress-nginx tcp-services ConfigMap, are listed under allowedNamespaces in ' +
    'app-chart.config.yaml.',
  messages: {
    otherNamespace:
      "{object} goes to namespace {namespace}, not the app's ({own}): drop metadata.namespace (or use {{ include " +
      '"app.namespace" . }}), or allow it under allowedNamespaces in app-chart.config.yaml',
  },
  example: {
    values: `customResourcesMap:
  settings: |
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      namespace: default
`,
  },
  objects: otherNamespace,
} satisfies RuleDef;

export const placementRules: RuleDef[] = [clusterScopedKind, foreignNamespace];
