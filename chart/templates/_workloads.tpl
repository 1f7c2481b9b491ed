{{- /*
app.deployment.enabled: "true" when the chart renders a Deployment (deployment.enabled, and no StatefulSet
replaces it), else empty.
Usage: if include "app.deployment.enabled" .
*/ -}}
{{- define "app.deployment.enabled" -}}
{{- if and (.Values.deployment).enabled (not (include "app.statefulSet.enabled" .)) }}true{{ end -}}
{{- end -}}

{{- /*
app.statefulSet.enabled: "true" when the chart renders a StatefulSet (statefulSet.enabled), else empty.
Usage: if include "app.statefulSet.enabled" .
*/ -}}
{{- define "app.statefulSet.enabled" -}}
{{- if (.Values.statefulSet).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app.mainWorkload: the kind of the app's long-running workload: StatefulSet, Deployment, or empty for none.
Usage: include "app.mainWorkload" .
*/ -}}
{{- define "app.mainWorkload" -}}
{{- if include "app.statefulSet.enabled" . }}StatefulSet{{ else if include "app.deployment.enabled" . }}Deployment{{ end -}}
{{- end -}}

{{- /*
app.mainWorkload.key: the values key of the Deployment or StatefulSet the chart renders (deployment, statefulSet),
or empty for none.
Usage: index .Values (include "app.mainWorkload.key" .) | default dict
*/ -}}
{{- define "app.mainWorkload.key" -}}
{{- with include "app.mainWorkload" . }}{{ ternary "statefulSet" "deployment" (eq . "StatefulSet") }}{{ end -}}
{{- end -}}

{{- /*
app.autoscaled: "true" when KEDA or a HorizontalPodAutoscaler sets the replicas, so the workload must not.
Usage: if include "app.autoscaled" .
*/ -}}
{{- define "app.autoscaled" -}}
{{- if or (.Values.keda).enabled (.Values.horizontalPodAutoscaler).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app.service.enabled: "true" when the chart renders its Service: service.enabled, or an Ingress that needs it.
Usage: if include "app.service.enabled" .
*/ -}}
{{- define "app.service.enabled" -}}
{{- if or (.Values.service).enabled (.Values.ingress).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app.jobs.names: JSON list of the names of the jobs of cronJob or job that render (enabled, and an entry not null),
in name order. Fails when a job's enabled is not a boolean.
Usage: include "app.jobs.names" (dict "values" .Values.cronJob "path" "cronJob") | fromJsonArray
*/ -}}
{{- define "app.jobs.names" -}}
{{- $names := list -}}
{{- if (.values).enabled -}}
{{- range $name, $job := .values.jobs -}}
  {{- if kindIs "map" $job -}}
    {{- $enabled := index $job "enabled" -}}
    {{- if not (or (kindIs "invalid" $enabled) (kindIs "bool" $enabled)) -}}
      {{- fail (printf "%s.jobs.%s.enabled must be a boolean, got %s (value: %v). Write true or false, without quotes." $.path $name (kindOf $enabled) $enabled) -}}
    {{- end -}}
    {{- if ne $enabled false }}{{ $names = append $names $name }}{{ end -}}
  {{- else if not (kindIs "invalid" $job) -}}
    {{- fail (printf "%s.jobs.%s: must be a map of the job's settings, got %s (%v)." $.path $name (kindOf $job) $job) -}}
  {{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{- /*
app.jobs.values: the values of one job: its own keys, and for the keys it leaves unset (or null) the cronJob / job
defaults beside jobs. Maps merge key by key (the job's entries win); anything else the job sets replaces the default.
The labels and annotations beside jobs are the objects' only and are not inherited by the pods.
Usage: $w := dict ; include "app.jobs.values" (dict "into" $w "defaults" .Values.cronJob "job" $job)
*/ -}}
{{- define "app.jobs.values" -}}
{{- $into := .into -}}
{{- range $key, $value := .defaults -}}
  {{- if and (not (has $key (list "enabled" "jobs" "labels" "annotations"))) (not (kindIs "invalid" $value)) -}}
    {{- $_ := set $into $key (deepCopy $value) -}}
  {{- end -}}
{{- end -}}
{{- include "app.deepMerge" (dict "into" $into "from" (.job | default dict)) -}}
{{- end -}}

{{- /*
app.deepMerge: merges the map "from" into the map "into" in place: maps merge key by key, any other value of
"from" replaces the one in "into", including false, 0 and "" (sprig's merge functions would skip those); null
values of "from" are skipped, so null inherits.
Usage: include "app.deepMerge" (dict "into" $target "from" $overrides)
*/ -}}
{{- define "app.deepMerge" -}}
{{- $into := .into -}}
{{- range $key, $value := .from -}}
  {{- $current := index $into $key -}}
  {{- if and (kindIs "map" $current) (kindIs "map" $value) -}}
    {{- include "app.deepMerge" (dict "into" $current "from" $value) -}}
  {{- else if not (kindIs "invalid" $value) -}}
    {{- $_ := set $into $key (deepCopy $value) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app.jobs.spec: the JobSpec fields of a job (backoffLimit, parallelism, ...), from its merged values.
Usage: include "app.jobs.spec" $w
*/ -}}
{{- define "app.jobs.spec" -}}
{{- $w := . -}}
{{- range $field := list "parallelism" "completions" "backoffLimit" "activeDeadlineSeconds" "ttlSecondsAfterFinished" }}
{{- $value := index $w $field }}
{{- if not (kindIs "invalid" $value) }}
{{ $field }}: {{ int $value }}
{{- end }}
{{- end }}
{{- range $field := list "completionMode" "podReplacementPolicy" }}
{{- with index $w $field }}
{{ $field }}: {{ . }}
{{- end }}
{{- end }}
{{- with $w.podFailurePolicy }}
podFailurePolicy:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- /*
app.jobs.metadata: metadata of a CronJob or Job: <app>-<job>, app.kubernetes.io/name <app>-<job>, the labels and
annotations beside jobs, then the job's own. Fails when the name is longer than Kubernetes takes: 63 for a Job (its
pods carry the name as a label), 52 for a CronJob (whose Jobs add 11).
Usage: include "app.jobs.metadata" (dict "root" $ "name" $name "kind" "CronJob" "defaults" .Values.cronJob "job" $w)
*/ -}}
{{- define "app.jobs.metadata" -}}
{{- $name := printf "%s-%s" (include "app.name" .root) .name -}}
{{- $limit := ternary 52 63 (eq .kind "CronJob") -}}
{{- if gt (len $name) $limit -}}
  {{- fail (printf "%s.jobs.%s: the %s name %q has %d characters; Kubernetes takes at most %d%s. Shorten the job's key or appName." (ternary "cronJob" "job" (eq .kind "CronJob")) .name .kind $name (len $name) $limit (ternary " (the Jobs it starts add 11)" " (its pods carry the name as a label)" (eq .kind "CronJob"))) -}}
{{- end -}}
{{- $nameLabel := dict "app.kubernetes.io/name" ($name | trunc 63 | trimSuffix "-") -}}
{{- include "app.metadata" (dict "root" .root "name" $name "labels" (list $nameLabel .defaults.labels .job.labels) "annotations" (list .defaults.annotations .job.annotations) "sources" true) -}}
{{- end -}}
