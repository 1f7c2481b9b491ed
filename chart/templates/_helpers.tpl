{{- /*
app.name: the app's name, appName or else the release name, cut to 63 characters.
Usage: include "app.name" .
*/ -}}
{{- define "app.name" -}}
{{- .Values.appName | default .Release.Name | toString | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /*
app.namespace: namespaceOverride or else the release namespace.
Usage: include "app.namespace" .
*/ -}}
{{- define "app.namespace" -}}
{{- .Values.namespaceOverride | default .Release.Namespace -}}
{{- end -}}

{{- /*
app.chart: the helm.sh/chart label value, "app-chart-0.1.0".
Usage: include "app.chart" .
*/ -}}
{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /*
app.version: the app's version: appVersion (values.yaml says 0.0.1, as the GlueOps chart does), or else the chart
version, as in the GlueOps chart. The chart's own appVersion is never used: it is not the app's.
Usage: include "app.version" .
*/ -}}
{{- define "app.version" -}}
{{- .Values.appVersion | default .Chart.Version | toString -}}
{{- end -}}

{{- /*
app.port: the port the app listens on: appPort, image.port, deployment.port, else 8080.
Usage: include "app.port" .
*/ -}}
{{- define "app.port" -}}
{{- coalesce .Values.appPort (.Values.image).port (.Values.deployment).port 8080 | int -}}
{{- end -}}

{{- /*
app.selectorLabels: the labels that select the app's pods. The version is deliberately not among them:
a selector is immutable, and a version bump must not orphan the running pods.
Usage: include "app.selectorLabels" .
*/ -}}
{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.name" . | toYaml }}
app.kubernetes.io/instance: {{ .Release.Name | toYaml }}
{{- end -}}

{{- /*
app.podSelector: the labels that select the pods of the app's Deployment or StatefulSet: the selector labels and
that workload's matchLabels. The Service, the PodDisruptionBudget and the NetworkPolicy select with them.
Usage: include "app.podSelector" .
*/ -}}
{{- define "app.podSelector" -}}
{{- include "app.selectorLabels" . -}}
{{- with (index .Values (include "app.mainWorkload.key" .) | default dict).matchLabels }}
{{ include "app.stringMap" (list .) }}
{{- end -}}
{{- end -}}

{{- /*
app.serviceAccount.name: the name of the app's ServiceAccount: serviceAccount.name, else the serviceAccount.name of
the Deployment or StatefulSet the chart renders, else the app name (as the GlueOps chart names it).
Usage: include "app.serviceAccount.name" .
*/ -}}
{{- define "app.serviceAccount.name" -}}
{{- $workload := index .Values (include "app.mainWorkload.key" .) | default dict -}}
{{- coalesce (.Values.serviceAccount | default dict).name (dig "serviceAccount" "name" "" $workload) (include "app.name" .) -}}
{{- end -}}

{{- /*
app.labels: the labels every object of the chart carries, then commonLabels, then the extra maps given
(later maps win; values are rendered as strings).
Usage: include "app.labels" (list $ .Values.service.labels)
*/ -}}
{{- define "app.labels" -}}
{{- $root := first . -}}
{{- $labels := dict
  "app.kubernetes.io/name" (include "app.name" $root)
  "app.kubernetes.io/instance" $root.Release.Name
  "app.kubernetes.io/version" (include "app.version" $root | trunc 63)
  "app.kubernetes.io/managed-by" $root.Release.Service
  "helm.sh/chart" (include "app.chart" $root) -}}
{{- with $root.Values.teamOwner }}{{ $_ := set $labels "app.kubernetes.io/teamowner" . }}{{ end -}}
{{- include "app.stringMap" (concat (list $labels $root.Values.commonLabels) (rest .)) -}}
{{- end -}}

{{- /*
app.annotations: commonAnnotations, then the extra maps given (later maps win). Empty when there is none.
Usage: include "app.annotations" (list $ .Values.service.annotations)
*/ -}}
{{- define "app.annotations" -}}
{{- $root := first . -}}
{{- include "app.stringMap" (concat (list $root.Values.commonAnnotations) (rest .)) -}}
{{- end -}}

{{- /*
app.stringMap: merges maps left to right (null entries are skipped) and renders "key: "value"" lines,
values as quoted strings, keys sorted. A source may also be a list of {key, value} (the GlueOps list form).
Usage: include "app.stringMap" (list $a $b)
*/ -}}
{{- define "app.stringMap" -}}
{{- $merged := dict -}}
{{- range $map := . -}}
{{- if kindIs "slice" $map -}}
{{- range $map }}{{ if not (kindIs "invalid" .value) }}{{ $_ := set $merged (toString .key) .value }}{{ end }}{{ end -}}
{{- else -}}
{{- range $key, $value := $map -}}
{{- if not (kindIs "invalid" $value) }}{{ $_ := set $merged $key $value }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $lines := list -}}
{{- range $key, $value := $merged -}}
{{- $lines = append $lines (printf "%s: %s" (toYaml $key) ($value | toString | quote)) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}

{{- /*
app.metadata: the metadata block of an object of the chart: name, namespace, labels, annotations.
Usage: include "app.metadata" (dict "root" $ "name" $name "labels" $extraLabels "annotations" $extraAnnotations)
  or, with several sources merged left to right: "labels" (list $a $b) "annotations" (list $c $d) "sources" true
*/ -}}
{{- define "app.metadata" -}}
{{- $labels := ternary .labels (list .labels) (.sources | default false) -}}
{{- $annotations := ternary .annotations (list .annotations) (.sources | default false) -}}
metadata:
  name: {{ .name | toYaml }}
  namespace: {{ include "app.namespace" .root | toYaml }}
  labels:
    {{- include "app.labels" (concat (list .root) $labels) | nindent 4 }}
  {{- with include "app.annotations" (concat (list .root) $annotations) }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- /*
app.tplValue: a value rendered as YAML and then through tpl, so strings in it may use templates.
Usage: include "app.tplValue" (dict "value" .Values.deployment.volumes "root" $)
*/ -}}
{{- define "app.tplValue" -}}
{{- $text := toYaml .value -}}
{{- if contains "{{" $text }}{{ tpl $text .root }}{{ else }}{{ $text }}{{ end -}}
{{- end -}}

{{- /*
app.ownObjects: JSON map of the identities of the objects the chart itself renders, so a custom
resource that collides with one of them fails with both names (see app.customResources.entry).
Usage: include "app.ownObjects" . | fromJson
*/ -}}
{{- define "app.ownObjects" -}}
{{- $root := . -}}
{{- $name := include "app.name" . -}}
{{- $namespace := include "app.namespace" . -}}
{{- $own := dict -}}
{{- $add := list -}}
{{- if include "app.deployment.enabled" . -}}
{{- $add = append $add (list "Deployment" "apps" $name "the chart's Deployment (deployment.enabled)") -}}
{{- end -}}
{{- if include "app.statefulSet.enabled" . -}}
{{- $add = append $add (list "StatefulSet" "apps" $name "the chart's StatefulSet (statefulSet.enabled)") -}}
{{- end -}}
{{- if include "app.service.enabled" . -}}
{{- $add = append $add (list "Service" "core" $name "the chart's Service (service.enabled)") -}}
{{- end -}}
{{- if (.Values.networkPolicy).enabled -}}
{{- $add = append $add (list "NetworkPolicy" "networking.k8s.io" $name "the chart's NetworkPolicy (networkPolicy.enabled)") -}}
{{- end -}}
{{- if (.Values.ingress).enabled -}}
{{- range $index, $entry := .Values.ingress.entries -}}
{{- $add = append $add (list "Ingress" "networking.k8s.io" (printf "%s-%s" $name $entry.name) (printf "the chart's Ingress (ingress.entries[%d])" $index)) -}}
{{- end -}}
{{- end -}}
{{- range $path := list "cronJob" "job" -}}
{{- range $job := include "app.jobs.names" (dict "values" (index $root.Values $path) "path" $path) | fromJsonArray -}}
{{- $add = append $add (list (ternary "CronJob" "Job" (eq $path "cronJob")) "batch" (printf "%s-%s" $name $job) (printf "the chart's %s (%s.jobs.%s)" (ternary "CronJob" "Job" (eq $path "cronJob")) $path $job)) -}}
{{- end -}}
{{- end -}}
{{- if (.Values.serviceAccount).create -}}
{{- $add = append $add (list "ServiceAccount" "core" (include "app.serviceAccount.name" .) "the chart's ServiceAccount (serviceAccount.create)") -}}
{{- end -}}
{{- if and (.Values.podDisruptionBudget).enabled (or (not (kindIs "invalid" .Values.podDisruptionBudget.minAvailable)) (not (kindIs "invalid" .Values.podDisruptionBudget.maxUnavailable))) -}}
{{- $add = append $add (list "PodDisruptionBudget" "policy" $name "the chart's PodDisruptionBudget (podDisruptionBudget.enabled)") -}}
{{- end -}}
{{- if (.Values.horizontalPodAutoscaler).enabled -}}
{{- $add = append $add (list "HorizontalPodAutoscaler" "autoscaling" $name "the chart's HorizontalPodAutoscaler (horizontalPodAutoscaler.enabled)") -}}
{{- end -}}
{{- if include "app.persistentVolumeClaim.rendered" . -}}
{{- $add = append $add (list "PersistentVolumeClaim" "core" (include "app.persistentVolumeClaim.claimName" .) "the chart's PersistentVolumeClaim (persistentVolumeClaim.enabled)") -}}
{{- end -}}
{{- range $kind, $source := dict "ConfigMap" (list "configMap" "configs") "Secret" (list "secret" "secrets") "ExternalSecret" (list "externalSecret" "secrets") -}}
{{- $values := get $root.Values (first $source) | default dict -}}
{{- if $values.enabled -}}
{{- range $key, $entry := index $values (last $source) -}}
{{- if $entry -}}
{{- $add = append $add (list $kind (ternary "external-secrets.io" "core" (eq $kind "ExternalSecret")) (printf "%s-%s" $name $key) (printf "the chart's %s (%s.%s.%s)" $kind (first $source) (last $source) $key)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- with .Values.keda -}}
{{- if .enabled -}}
{{- if (.scaledObject).enabled -}}
{{- $add = append $add (list "ScaledObject" "keda.sh" $name "the chart's ScaledObject (keda.scaledObject.enabled)") -}}
{{- end -}}
{{- range $key, $auth := .triggerAuthentication -}}
{{- if and $auth $auth.enabled -}}
{{- $add = append $add (list "TriggerAuthentication" "keda.sh" (printf "%s-%s" $name $key) (printf "the chart's TriggerAuthentication (keda.triggerAuthentication.%s)" $key)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $add -}}
{{- $_ := set $own (printf "%s %s %s/%s" (index . 0) (index . 1) $namespace (index . 2)) (index . 3) -}}
{{- end -}}
{{- toJson $own -}}
{{- end -}}
