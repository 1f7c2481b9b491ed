{{- /*
The helpers a values file may use in its own templates (customResources, customResourcesMap, hosts, and any
other string the chart renders with tpl). Their names and output are a contract: they take the chart's root
context (.) and are never renamed; the chart's other helpers are named app-chart.* and may change.

The chart.* helpers are the names the GlueOps app chart gives the same things, so that a custom resource written
for it renders here unchanged. Like the GlueOps ones, chart.appLabels, chart.commonLabels and
chart.commonAnnotations start with a line break, so "| indent 4" after "labels:" and "| nindent 4" both give
valid YAML. Label values are quoted strings here (a label value must be a string).
*/ -}}

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
app.labels: the labels the chart's own objects carry: name, instance, version, managed-by, helm.sh/chart, the
team owner, then commonLabels.
Usage: labels: {{- include "app.labels" . | nindent 4 }}
*/ -}}
{{- define "app.labels" -}}
{{- include "app-chart.labels" (dict "root" .) -}}
{{- end -}}

{{- /*
chart.name: the helm.sh/chart value, "app-chart-0.1.0" (GlueOps name).
Usage: include "chart.name" .
*/ -}}
{{- define "chart.name" -}}
{{- include "app-chart.chart" . -}}
{{- end -}}

{{- /*
chart.appLabels: a line break, then the app's name, version and instance labels (GlueOps name). A context with a
suffixName key (merge (deepCopy $) (dict "suffixName" "x")) names "<app>-x", as in the GlueOps chart's jobs.
Usage: {{- include "chart.appLabels" . | indent 4 }}
*/ -}}
{{- define "chart.appLabels" -}}
{{- $name := include "app.name" . -}}
{{- with .suffixName }}{{ $name = printf "%s-%s" $name . | trunc 63 | trimSuffix "-" }}{{ end }}
{{ include "app-chart.stringMap" (dict "maps" (list (dict "app.kubernetes.io/name" $name "app.kubernetes.io/version" (include "app.version" . | trunc 63) "app.kubernetes.io/instance" .Release.Name))) }}
{{- end -}}

{{- /*
chart.commonLabels: a line break, then the labels the chart's own objects carry (GlueOps name; see app.labels).
Usage: {{- include "chart.commonLabels" . | indent 4 }}
*/ -}}
{{- define "chart.commonLabels" }}
{{ include "app.labels" . }}
{{- end -}}

{{- /*
chart.commonAnnotations: a line break, then helm.sh/chart and commonAnnotations (GlueOps name).
Usage: {{- include "chart.commonAnnotations" . | indent 4 }}
*/ -}}
{{- define "chart.commonAnnotations" }}
{{ include "app-chart.stringMap" (dict "maps" (list (dict "helm.sh/chart" (include "app-chart.chart" .)) .Values.commonAnnotations)) }}
{{- end -}}

{{- /*
chart.serviceAccountName: the name of the ServiceAccount the app's pods run as (GlueOps name).
Usage: include "chart.serviceAccountName" .
*/ -}}
{{- define "chart.serviceAccountName" -}}
{{- include "app-chart.serviceAccount.name" . -}}
{{- end -}}
