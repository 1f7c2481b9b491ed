// The Kubernetes types (and the KEDA types) the values schema uses. scripts/kubernetes-schema.ts turns these exports into JSON schema
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

// KEDA (keda.sh/v1alpha1), from the models of its CRDs.
import type { IScaledObjectSpec } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObjectSpec';
import type { IScaleTarget } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTarget';
import type { IScaleTriggers } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers';
import type { ITriggerAuthenticationSpec } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthenticationSpec';

/**
 * A count written as a number, or as digits in a string ("30"), which the chart renders as a number.
 * @pattern ^(0|[1-9][0-9]*)$
 */
export type CountText = string;

/** A KEDA trigger; the chart renders the values of its metadata as strings, as KEDA reads them. */
export type KedaTrigger = Omit<IScaleTriggers, 'metadata'> & {
  /** Scaler settings. */
  metadata?: { [key: string]: string | number | boolean };
};

/** Every field may be null: an env file nulls what a base file set. */
type NullableFields<T> = { [K in keyof T]?: T[K] | null };

/**
 * KEDA's ScaledObjectSpec (keda.sh/v1alpha1) as the values take it: the chart fills scaleTargetRef (the app's
 * workload) and triggers (from triggers, or else triggersMap); the counts may also be written as digits.
 */
export type KedaScaledObjectSpec = NullableFields<Omit<
  IScaledObjectSpec,
  'scaleTargetRef' | 'triggers' | 'pollingInterval' | 'cooldownPeriod' | 'initialCooldownPeriod' | 'idleReplicaCount' | 'minReplicaCount' | 'maxReplicaCount'
> & {
  scaleTargetRef?: Partial<IScaleTarget>;
  triggers?: KedaTrigger[];
  /** Triggers by name, used when triggers is empty; a map merges across values files, and null removes one. */
  triggersMap?: { [name: string]: KedaTrigger | null };
  pollingInterval?: number | CountText;
  cooldownPeriod?: number | CountText;
  initialCooldownPeriod?: number | CountText;
  idleReplicaCount?: number | CountText;
  minReplicaCount?: number | CountText;
  maxReplicaCount?: number | CountText;
}>;

/** KEDA's TriggerAuthenticationSpec (keda.sh/v1alpha1). */
export type KedaTriggerAuthenticationSpec = NullableFields<ITriggerAuthenticationSpec>;
