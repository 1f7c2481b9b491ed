{{- /*
app-chart.chart: the helm.sh/chart label value, "app-chart-0.1.0".
Usage: include "app-chart.chart" .
*/ -}}
{{- define "app-chart.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /*
app-chart.podSelector: the labels that select the pods of the app's Deployment or StatefulSet: the selector labels and
that workload's matchLabels. The Service, the PodDisruptionBudget and the NetworkPolicy select with them.
Usage: include "app-chart.podSelector" .
*/ -}}
{{- define "app-chart.podSelector" -}}
{{- include "app.selectorLabels" . -}}
{{- with (index .Values (include "app-chart.mainWorkload.key" .) | default dict).matchLabels }}
{{ include "app-chart.stringMap" (dict "maps" (list .)) }}
{{- end -}}
{{- end -}}

{{- /*
app-chart.serviceAccount.name: the name of the app's ServiceAccount: serviceAccount.name, else the serviceAccount.name of
the Deployment or StatefulSet the chart renders, else the app name (as the GlueOps chart names it).
Usage: include "app-chart.serviceAccount.name" .
*/ -}}
{{- define "app-chart.serviceAccount.name" -}}
{{- $workload := index .Values (include "app-chart.mainWorkload.key" .) | default dict -}}
{{- coalesce (.Values.serviceAccount | default dict).name (dig "serviceAccount" "name" "" $workload) (include "app.name" .) -}}
{{- end -}}

{{- /*
app-chart.labels: the labels every object of the chart carries, then commonLabels, then the maps given (later maps
win; values are rendered as strings).
Usage: include "app-chart.labels" (dict "root" $ "maps" (list .Values.service.labels))
Params: root: the chart's root context; maps: a list of label maps (or GlueOps {key, value} lists), nil entries skipped.
*/ -}}
{{- define "app-chart.labels" -}}
{{- $root := .root -}}
{{- $labels := dict
  "app.kubernetes.io/name" (include "app.name" $root)
  "app.kubernetes.io/instance" $root.Release.Name
  "app.kubernetes.io/version" (include "app.version" $root | trunc 63)
  "app.kubernetes.io/managed-by" $root.Release.Service
  "helm.sh/chart" (include "app-chart.chart" $root) -}}
{{- with $root.Values.teamOwner }}{{ $_ := set $labels "app.kubernetes.io/teamowner" . }}{{ end -}}
{{- include "app-chart.stringMap" (dict "maps" (concat (list $labels $root.Values.commonLabels) (.maps | default list))) -}}
{{- end -}}

{{- /*
app-chart.annotations: commonAnnotations, then the maps given (later maps win). Empty when there is none.
Usage: include "app-chart.annotations" (dict "root" $ "maps" (list .Values.service.annotations))
Params: root: the chart's root context; maps: a list of annotation maps (or {key, value} lists), nil entries skipped.
*/ -}}
{{- define "app-chart.annotations" -}}
{{- include "app-chart.stringMap" (dict "maps" (concat (list .root.Values.commonAnnotations) (.maps | default list))) -}}
{{- end -}}

{{- /*
app-chart.stringMap: merges maps left to right (null entries are skipped) and renders "key: "value"" lines,
values as quoted strings, keys sorted. A source may also be a list of {key, value} (the GlueOps list form).
Usage: include "app-chart.stringMap" (dict "maps" (list $a $b))
Params: maps: the maps to merge, in order.
*/ -}}
{{- define "app-chart.stringMap" -}}
{{- $merged := dict -}}
{{- range $map := .maps -}}
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
{{- $lines = append $lines (printf "%s: %s" (toYaml $key) (include "app-chart.text" $value | quote)) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}

{{- /*
app-chart.text: a scalar as text: a number as written (Helm reads every number of a values file as a float, which
toString would print as 1.2e+07 past six digits), anything else through toString.
Usage: include "app-chart.text" $value
*/ -}}
{{- define "app-chart.text" -}}
{{- if kindIs "float64" . }}{{ toRawJson . }}{{ else }}{{ toString . }}{{ end -}}
{{- end -}}

{{- /*
app-chart.metadata: the metadata block of an object of the chart: name, namespace, labels, annotations.
Usage: include "app-chart.metadata" (dict "root" $ "name" $name "labels" (list $s.labels) "annotations" (list $s.annotations))
Params: root: the chart's root context; name: the object's name; labels, annotations: lists of maps merged left to
right over the chart's own (see app-chart.labels, app-chart.annotations).
*/ -}}
{{- define "app-chart.metadata" -}}
metadata:
  name: {{ .name | toYaml }}
  namespace: {{ include "app.namespace" .root | toYaml }}
  labels:
    {{- include "app-chart.labels" (dict "root" .root "maps" .labels) | nindent 4 }}
  {{- with include "app-chart.annotations" (dict "root" .root "maps" .annotations) }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- /*
app-chart.tplValue: a value rendered as YAML and then through tpl, so strings in it may use templates.
Usage: include "app-chart.tplValue" (dict "value" .Values.deployment.volumes "root" $)
*/ -}}
{{- define "app-chart.tplValue" -}}
{{- $text := toYaml .value -}}
{{- if contains "{{" $text }}{{ tpl $text .root }}{{ else }}{{ $text }}{{ end -}}
{{- end -}}

{{- /*
app-chart.ownObjects: JSON map of the identities of the objects the chart itself renders, so a custom
resource that collides with one of them fails with both names (see app-chart.customResources.entry).
Usage: include "app-chart.ownObjects" . | fromJson
*/ -}}
{{- define "app-chart.ownObjects" -}}
{{- $root := . -}}
{{- $name := include "app.name" . -}}
{{- $namespace := include "app.namespace" . -}}
{{- $own := dict -}}
{{- $add := list -}}
{{- if include "app-chart.deployment.enabled" . -}}
{{- $add = append $add (list "Deployment" "apps" $name "the chart's Deployment (deployment.enabled)") -}}
{{- end -}}
{{- if include "app-chart.statefulSet.enabled" . -}}
{{- $add = append $add (list "StatefulSet" "apps" $name "the chart's StatefulSet (statefulSet.enabled)") -}}
{{- end -}}
{{- if include "app-chart.service.enabled" . -}}
{{- $add = append $add (list "Service" "core" $name "the chart's Service (service.enabled)") -}}
{{- end -}}
{{- if include "app-chart.networkPolicy.enabled" . -}}
{{- $add = append $add (list "NetworkPolicy" "networking.k8s.io" $name "the chart's NetworkPolicy (networkPolicy.enabled)") -}}
{{- end -}}
{{- if include "app-chart.ingress.enabled" . -}}
{{- range $index, $entry := .Values.ingress.entries -}}
{{- $add = append $add (list "Ingress" "networking.k8s.io" (printf "%s-%s" $name $entry.name) (printf "the chart's Ingress (ingress.entries[%d])" $index)) -}}
{{- end -}}
{{- end -}}
{{- range $path := list "cronJob" "job" -}}
{{- range $job := include "app-chart.jobs.names" (dict "values" (index $root.Values $path) "path" $path) | fromJsonArray -}}
{{- $add = append $add (list (ternary "CronJob" "Job" (eq $path "cronJob")) "batch" (printf "%s-%s" $name $job) (printf "the chart's %s (%s.jobs.%s)" (ternary "CronJob" "Job" (eq $path "cronJob")) $path $job)) -}}
{{- end -}}
{{- end -}}
{{- if include "app-chart.serviceAccount.enabled" . -}}
{{- $add = append $add (list "ServiceAccount" "core" (include "app-chart.serviceAccount.name" .) "the chart's ServiceAccount (serviceAccount.create)") -}}
{{- end -}}
{{- if include "app-chart.podDisruptionBudget.enabled" . -}}
{{- $add = append $add (list "PodDisruptionBudget" "policy" $name "the chart's PodDisruptionBudget (podDisruptionBudget.enabled)") -}}
{{- end -}}
{{- if include "app-chart.horizontalPodAutoscaler.enabled" . -}}
{{- $add = append $add (list "HorizontalPodAutoscaler" "autoscaling" $name "the chart's HorizontalPodAutoscaler (horizontalPodAutoscaler.enabled)") -}}
{{- end -}}
{{- if include "app-chart.persistentVolumeClaim.rendered" . -}}
{{- $add = append $add (list "PersistentVolumeClaim" "core" (include "app-chart.persistentVolumeClaim.claimName" .) "the chart's PersistentVolumeClaim (persistentVolumeClaim.enabled)") -}}
{{- end -}}
{{- range $kind, $source := dict "ConfigMap" (list "configMap" "configs") "Secret" (list "secret" "secrets") "ExternalSecret" (list "externalSecret" "secrets") -}}
{{- range $key := include "app-chart.dataEntries.names" (dict "section" (get $root.Values (first $source)) "entries" (last $source)) | fromJsonArray -}}
{{- $add = append $add (list $kind (ternary "external-secrets.io" "core" (eq $kind "ExternalSecret")) (printf "%s-%s" $name $key) (printf "the chart's %s (%s.%s.%s)" $kind (first $source) (last $source) $key)) -}}
{{- end -}}
{{- end -}}
{{- if include "app-chart.keda.scaledObject.enabled" . -}}
{{- $add = append $add (list "ScaledObject" "keda.sh" $name "the chart's ScaledObject (keda.scaledObject.enabled)") -}}
{{- end -}}
{{- range $key := include "app-chart.keda.triggerAuthentication.names" . | fromJsonArray -}}
{{- $add = append $add (list "TriggerAuthentication" "keda.sh" (printf "%s-%s" $name $key) (printf "the chart's TriggerAuthentication (keda.triggerAuthentication.%s)" $key)) -}}
{{- end -}}
{{- range $add -}}
{{- $_ := set $own (printf "%s %s %s/%s" (index . 0) (index . 1) $namespace (index . 2)) (index . 3) -}}
{{- end -}}
{{- toJson $own -}}
{{- end -}}
