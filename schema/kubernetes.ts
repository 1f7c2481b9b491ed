// The Kubernetes types the values schema uses. scripts/kubernetes-schema.ts turns these exports into JSON schema
// definitions (through ts-json-schema-generator) and inlines the ones values.ts reaches.
export type {
  Affinity,
  Container,
  EnvFromSource,
  EnvVarSource,
  HostAlias,
  Lifecycle,
  PodDNSConfig,
  PodSecurityContext,
  Probe,
  ResourceRequirements,
  SecurityContext,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
} from 'kubernetes-types/core/v1.js';
export type {
  DeploymentStrategy,
  StatefulSetPersistentVolumeClaimRetentionPolicy,
  StatefulSetUpdateStrategy,
} from 'kubernetes-types/apps/v1.js';
export type { PodFailurePolicy } from 'kubernetes-types/batch/v1.js';
export type { HorizontalPodAutoscalerBehavior, MetricSpec } from 'kubernetes-types/autoscaling/v2.js';
