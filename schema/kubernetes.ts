// The Kubernetes types (and the KEDA types) the values schema uses, from the kubernetes-models packages: the
// same API version that lint validates rendered objects against. scripts/kubernetes-schema.ts turns these exports into JSON schema
// definitions (through ts-json-schema-generator) and inlines the ones values.ts reaches.
export type { IAffinity as Affinity } from 'kubernetes-models/v1/Affinity';
export type { IContainer as Container } from 'kubernetes-models/v1/Container';
export type { IEnvFromSource as EnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
export type { IEnvVarSource as EnvVarSource } from 'kubernetes-models/v1/EnvVarSource';
export type { IHostAlias as HostAlias } from 'kubernetes-models/v1/HostAlias';
export type { ILifecycle as Lifecycle } from 'kubernetes-models/v1/Lifecycle';
export type { IPodDNSConfig as PodDNSConfig } from 'kubernetes-models/v1/PodDNSConfig';
export type { IPodSecurityContext as PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
export type { IProbe as Probe } from 'kubernetes-models/v1/Probe';
export type { IResourceRequirements as ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
export type { ISecurityContext as SecurityContext } from 'kubernetes-models/v1/SecurityContext';
export type { IToleration as Toleration } from 'kubernetes-models/v1/Toleration';
export type { ITopologySpreadConstraint as TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
export type { IVolume as Volume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { IDeploymentStrategy as DeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
export type { IStatefulSetPersistentVolumeClaimRetentionPolicy as StatefulSetPersistentVolumeClaimRetentionPolicy } from 'kubernetes-models/apps/v1/StatefulSetPersistentVolumeClaimRetentionPolicy';
export type { IStatefulSetUpdateStrategy as StatefulSetUpdateStrategy } from 'kubernetes-models/apps/v1/StatefulSetUpdateStrategy';
export type { IPodFailurePolicy as PodFailurePolicy } from 'kubernetes-models/batch/v1/PodFailurePolicy';
export type { IHorizontalPodAutoscalerBehavior as HorizontalPodAutoscalerBehavior } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerBehavior';
export type { IMetricSpec as MetricSpec } from 'kubernetes-models/autoscaling/v2/MetricSpec';

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
export type KedaScaledObjectSpec = NullableFields<
  Omit<
    IScaledObjectSpec,
    | 'scaleTargetRef'
    | 'triggers'
    | 'pollingInterval'
    | 'cooldownPeriod'
    | 'initialCooldownPeriod'
    | 'idleReplicaCount'
    | 'minReplicaCount'
    | 'maxReplicaCount'
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
  }
>;

/** KEDA's TriggerAuthenticationSpec (keda.sh/v1alpha1). */
export type KedaTriggerAuthenticationSpec = NullableFields<ITriggerAuthenticationSpec>;
