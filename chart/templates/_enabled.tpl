{{- /*
Whether the chart renders each of its objects: one predicate per kind, used by that kind's template and by
app-chart.ownObjects (which must know every object the chart renders), so the two cannot disagree. A predicate
gives "true" or nothing (Usage: if include "app-chart.<kind>.enabled" .); one for a kind with many objects gives
the JSON list of the names of those it renders.
*/ -}}

{{- /*
app-chart.deployment.enabled: "true" when the chart renders a Deployment (deployment.enabled, and no StatefulSet
replaces it), else empty.
Usage: if include "app-chart.deployment.enabled" .
*/ -}}
{{- define "app-chart.deployment.enabled" -}}
{{- if and (.Values.deployment).enabled (not (include "app-chart.statefulSet.enabled" .)) }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.statefulSet.enabled: "true" when the chart renders a StatefulSet (statefulSet.enabled), else empty.
Usage: if include "app-chart.statefulSet.enabled" .
*/ -}}
{{- define "app-chart.statefulSet.enabled" -}}
{{- if (.Values.statefulSet).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.service.enabled: "true" when the chart renders its Service: service.enabled, or an Ingress that needs it.
Usage: if include "app-chart.service.enabled" .
*/ -}}
{{- define "app-chart.service.enabled" -}}
{{- if or (.Values.service).enabled (.Values.ingress).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.persistentVolumeClaim.rendered: "true" when the chart renders the claim (enabled, and no existingClaim).
Usage: if include "app-chart.persistentVolumeClaim.rendered" .
*/ -}}
{{- define "app-chart.persistentVolumeClaim.rendered" -}}
{{- if and (.Values.persistentVolumeClaim).enabled (not .Values.persistentVolumeClaim.existingClaim) }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.ingress.enabled: "true" when the chart renders the Ingresses of ingress.entries (ingress.enabled).
Usage: if include "app-chart.ingress.enabled" .
*/ -}}
{{- define "app-chart.ingress.enabled" -}}
{{- if (.Values.ingress).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.networkPolicy.enabled: "true" when the chart renders its NetworkPolicy (networkPolicy.enabled).
Usage: if include "app-chart.networkPolicy.enabled" .
*/ -}}
{{- define "app-chart.networkPolicy.enabled" -}}
{{- if (.Values.networkPolicy).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.serviceAccount.enabled: "true" when the chart creates the ServiceAccount (serviceAccount.create).
Usage: if include "app-chart.serviceAccount.enabled" .
*/ -}}
{{- define "app-chart.serviceAccount.enabled" -}}
{{- if (.Values.serviceAccount).create }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.podDisruptionBudget.enabled: "true" when the chart renders its PodDisruptionBudget: enabled, with
minAvailable or maxUnavailable set (with neither there is nothing to render).
Usage: if include "app-chart.podDisruptionBudget.enabled" .
*/ -}}
{{- define "app-chart.podDisruptionBudget.enabled" -}}
{{- $budget := .Values.podDisruptionBudget | default dict -}}
{{- if and $budget.enabled (or (not (kindIs "invalid" $budget.minAvailable)) (not (kindIs "invalid" $budget.maxUnavailable))) }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.horizontalPodAutoscaler.enabled: "true" when the chart renders its HorizontalPodAutoscaler.
Usage: if include "app-chart.horizontalPodAutoscaler.enabled" .
*/ -}}
{{- define "app-chart.horizontalPodAutoscaler.enabled" -}}
{{- if (.Values.horizontalPodAutoscaler).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.keda.scaledObject.enabled: "true" when the chart renders a KEDA ScaledObject (keda.enabled and
keda.scaledObject.enabled).
Usage: if include "app-chart.keda.scaledObject.enabled" .
*/ -}}
{{- define "app-chart.keda.scaledObject.enabled" -}}
{{- if and (.Values.keda).enabled (dig "scaledObject" "enabled" false .Values.keda) }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.keda.triggerAuthentication.names: JSON list of the keda.triggerAuthentication entries the chart renders
(keda.enabled, and the entry set and enabled), in name order.
Usage: range include "app-chart.keda.triggerAuthentication.names" . | fromJsonArray
*/ -}}
{{- define "app-chart.keda.triggerAuthentication.names" -}}
{{- $names := list -}}
{{- if (.Values.keda).enabled -}}
{{- range $name, $auth := .Values.keda.triggerAuthentication -}}
{{- if and $auth $auth.enabled }}{{ $names = append $names $name }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{- /*
app-chart.dataEntries.names: JSON list of the entries of configMap.configs, secret.secrets or
externalSecret.secrets the chart renders (the section enabled, and the entry not null or empty), in name order.
Usage: range include "app-chart.dataEntries.names" (dict "section" .Values.configMap "entries" "configs") | fromJsonArray
*/ -}}
{{- define "app-chart.dataEntries.names" -}}
{{- $names := list -}}
{{- $section := .section | default dict -}}
{{- if $section.enabled -}}
{{- range $name, $entry := index $section .entries -}}
{{- if $entry }}{{ $names = append $names $name }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}
