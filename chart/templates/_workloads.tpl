{{- /*
app-chart.mainWorkload: the kind of the app's long-running workload: StatefulSet, Deployment, or empty for none.
Usage: include "app-chart.mainWorkload" .
*/ -}}
{{- define "app-chart.mainWorkload" -}}
{{- if include "app-chart.statefulSet.enabled" . }}StatefulSet{{ else if include "app-chart.deployment.enabled" . }}Deployment{{ end -}}
{{- end -}}

{{- /*
app-chart.mainWorkload.key: the values key of the Deployment or StatefulSet the chart renders (deployment, statefulSet),
or empty for none.
Usage: index .Values (include "app-chart.mainWorkload.key" .) | default dict
*/ -}}
{{- define "app-chart.mainWorkload.key" -}}
{{- with include "app-chart.mainWorkload" . }}{{ ternary "statefulSet" "deployment" (eq . "StatefulSet") }}{{ end -}}
{{- end -}}

{{- /*
app-chart.autoscaled: "true" when KEDA or a HorizontalPodAutoscaler sets the replicas, so the workload must not.
Usage: if include "app-chart.autoscaled" .
*/ -}}
{{- define "app-chart.autoscaled" -}}
{{- if or (.Values.keda).enabled (.Values.horizontalPodAutoscaler).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.jobs.names: JSON list of the names of the jobs of cronJob or job that render (enabled, and an entry not null),
in name order. Fails when a job's enabled is not a boolean.
Usage: include "app-chart.jobs.names" (dict "values" .Values.cronJob "path" "cronJob") | fromJsonArray
*/ -}}
{{- define "app-chart.jobs.names" -}}
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
app-chart.jobs.values: the values of one job: its own keys, and for the keys it leaves unset (or null) the cronJob / job
defaults beside jobs. Maps merge key by key (the job's entries win); anything else the job sets replaces the default.
The labels and annotations beside jobs are the objects' only and are not inherited by the pods.
Usage: $w := dict ; include "app-chart.jobs.values" (dict "into" $w "defaults" .Values.cronJob "job" $job)
*/ -}}
{{- define "app-chart.jobs.values" -}}
{{- $into := .into -}}
{{- range $key, $value := .defaults -}}
  {{- if and (not (has $key (list "enabled" "jobs" "labels" "annotations"))) (not (kindIs "invalid" $value)) -}}
    {{- $_ := set $into $key (deepCopy $value) -}}
  {{- end -}}
{{- end -}}
{{- include "app-chart.deepMerge" (dict "into" $into "from" (.job | default dict)) -}}
{{- end -}}

{{- /*
app-chart.deepMerge: merges the map "from" into the map "into" in place: maps merge key by key, any other value of
"from" replaces the one in "into", including false, 0 and "" (sprig's merge functions would skip those); null
values of "from" are skipped, so null inherits.
Usage: include "app-chart.deepMerge" (dict "into" $target "from" $overrides)
*/ -}}
{{- define "app-chart.deepMerge" -}}
{{- $into := .into -}}
{{- range $key, $value := .from -}}
  {{- $current := index $into $key -}}
  {{- if and (kindIs "map" $current) (kindIs "map" $value) -}}
    {{- include "app-chart.deepMerge" (dict "into" $current "from" $value) -}}
  {{- else if not (kindIs "invalid" $value) -}}
    {{- $_ := set $into $key (deepCopy $value) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app-chart.jobs.spec: the JobSpec fields of a job (backoffLimit, parallelism, ...), from its merged values.
Usage: include "app-chart.jobs.spec" $w
*/ -}}
{{- define "app-chart.jobs.spec" -}}
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
app-chart.jobs.metadata: metadata of a CronJob or Job: <app>-<job>, app.kubernetes.io/name <app>-<job>, the labels and
annotations beside jobs, then the job's own. Fails when the name is longer than Kubernetes takes: 63 for a Job (its
pods carry the name as a label), 52 for a CronJob (whose Jobs add 11).
Usage: include "app-chart.jobs.metadata" (dict "root" $ "name" $name "kind" "CronJob" "defaults" .Values.cronJob "job" $w)
*/ -}}
{{- define "app-chart.jobs.metadata" -}}
{{- $name := printf "%s-%s" (include "app.name" .root) .name -}}
{{- $limit := ternary 52 63 (eq .kind "CronJob") -}}
{{- if gt (len $name) $limit -}}
  {{- fail (printf "%s.jobs.%s: the %s name %q has %d characters; Kubernetes takes at most %d%s. Shorten the job's key or appName." (ternary "cronJob" "job" (eq .kind "CronJob")) .name .kind $name (len $name) $limit (ternary " (the Jobs it starts add 11)" " (its pods carry the name as a label)" (eq .kind "CronJob"))) -}}
{{- end -}}
{{- $nameLabel := dict "app.kubernetes.io/name" ($name | trunc 63 | trimSuffix "-") -}}
{{- include "app-chart.metadata" (dict "root" .root "name" $name "labels" (list $nameLabel .defaults.labels .job.labels) "annotations" (list .defaults.annotations .job.annotations)) -}}
{{- end -}}
