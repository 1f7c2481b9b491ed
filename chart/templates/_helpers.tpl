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
app.chart: the helm.sh/chart label value, "app-0.1.0".
Usage: include "app.chart" .
*/ -}}
{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /*
app.version: appVersion or else the chart's appVersion.
Usage: include "app.version" .
*/ -}}
{{- define "app.version" -}}
{{- .Values.appVersion | default .Chart.AppVersion | toString -}}
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
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
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
values as quoted strings, keys sorted.
Usage: include "app.stringMap" (list $a $b)
*/ -}}
{{- define "app.stringMap" -}}
{{- $merged := dict -}}
{{- range $map := . -}}
{{- range $key, $value := $map -}}
{{- if not (kindIs "invalid" $value) }}{{ $_ := set $merged $key $value }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $lines := list -}}
{{- range $key, $value := $merged -}}
{{- $lines = append $lines (printf "%s: %s" $key ($value | toString | quote)) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}

{{- /*
app.metadata: the metadata block of an object of the chart: name, namespace, labels, annotations.
Usage: include "app.metadata" (dict "root" $ "name" $name "labels" $extraLabels "annotations" $extraAnnotations)
*/ -}}
{{- define "app.metadata" -}}
metadata:
  name: {{ .name }}
  namespace: {{ include "app.namespace" .root }}
  labels:
    {{- include "app.labels" (list .root .labels) | nindent 4 }}
  {{- with include "app.annotations" (list .root .annotations) }}
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
resource that collides with one of them fails with both names (see app.customResources.check).
Usage: include "app.ownObjects" . | fromJson
*/ -}}
{{- define "app.ownObjects" -}}
{{- $name := include "app.name" . -}}
{{- $namespace := include "app.namespace" . -}}
{{- $own := dict -}}
{{- if include "app.deployment.enabled" . -}}
{{- $_ := set $own (printf "Deployment apps %s/%s" $namespace $name) "the chart's Deployment (deployment.enabled)" -}}
{{- end -}}
{{- if include "app.service.enabled" . -}}
{{- $_ := set $own (printf "Service core %s/%s" $namespace $name) "the chart's Service (service.enabled)" -}}
{{- end -}}
{{- if (.Values.networkPolicy).enabled -}}
{{- $_ := set $own (printf "NetworkPolicy networking.k8s.io %s/%s" $namespace $name) "the chart's NetworkPolicy (networkPolicy.enabled)" -}}
{{- end -}}
{{- if (.Values.ingress).enabled -}}
{{- range $index, $entry := .Values.ingress.entries -}}
{{- $_ := set $own (printf "Ingress networking.k8s.io %s/%s-%s" $namespace $name $entry.name) (printf "the chart's Ingress (ingress.entries[%d])" $index) -}}
{{- end -}}
{{- end -}}
{{- toJson $own -}}
{{- end -}}
