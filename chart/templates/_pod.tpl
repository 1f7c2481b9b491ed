{{- /*
app.podTemplate: the pod template (metadata and spec) of a workload, shared by every workload kind.
The workload's values (.Values.deployment for the Deployment) give every pod option; see values.yaml.
Usage: include "app.podTemplate" (dict "root" $ "workload" .Values.deployment "path" "deployment")
*/ -}}
{{- define "app.podTemplate" -}}
{{- $root := .root -}}
{{- $w := .workload | default dict -}}
metadata:
  labels:
    {{- include "app.labels" (list $root $w.matchLabels $w.labels $w.podLabels) | nindent 4 }}
  {{- with include "app.annotations" (list $root $w.annotations $w.podAnnotations) }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
spec:
  {{- if not (kindIs "invalid" $w.enableServiceLinks) }}
  enableServiceLinks: {{ $w.enableServiceLinks }}
  {{- end }}
  {{- if not (kindIs "invalid" $w.terminationGracePeriodSeconds) }}
  terminationGracePeriodSeconds: {{ $w.terminationGracePeriodSeconds }}
  {{- end }}
  {{- if dig "serviceAccount" "enabled" false $w }}
  serviceAccountName: {{ coalesce ($root.Values.serviceAccount).name $w.serviceAccount.name (include "app.name" $root) | quote }}
  {{- if not (kindIs "invalid" $w.serviceAccount.automountServiceAccountToken) }}
  automountServiceAccountToken: {{ $w.serviceAccount.automountServiceAccountToken }}
  {{- end }}
  {{- else if $w.serviceAccountName }}
  serviceAccountName: {{ $w.serviceAccountName | quote }}
  {{- end }}
  {{- with include "app.pullSecrets" (dict "root" $root "workload" $w) }}
  imagePullSecrets:
    {{- . | nindent 4 }}
  {{- end }}
  {{- range $field := list "hostNetwork" "shareProcessNamespace" "dnsPolicy" "priorityClassName" "runtimeClassName" "schedulerName" }}
  {{- with get $w $field }}
  {{ $field }}: {{ . }}
  {{- end }}
  {{- end }}
  {{- range $field := list "hostAliases" "dnsConfig" "securityContext" "nodeSelector" "tolerations" "initContainers" }}
  {{- with get $w $field }}
  {{ $field }}:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
  {{- with $w.affinity }}
  affinity:
    {{- include "app.tplValue" (dict "value" . "root" $root) | nindent 4 }}
  {{- end }}
  {{- if kindIs "invalid" $w.topologySpreadConstraints }}
  topologySpreadConstraints:
    - maxSkew: {{ $w.topologySpreadConstraintsMaxSkew | default 1 }}
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "app.selectorLabels" $root | nindent 10 }}
  {{- else if $w.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- include "app.tplValue" (dict "value" $w.topologySpreadConstraints "root" $root) | nindent 4 }}
  {{- end }}
  {{- with $w.volumes }}
  volumes:
    {{- include "app.tplValue" (dict "value" . "root" $root) | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ include "app.name" $root }}
      image: {{ include "app.image" (dict "root" $root "override" $w.image "path" (printf "%s.image" .path)) | quote }}
      imagePullPolicy: {{ coalesce $w.imagePullPolicy ($root.Values.image).pullPolicy "IfNotPresent" | title }}
      {{- with coalesce ($root.Values.image).command $w.command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with coalesce ($root.Values.image).args $w.args }}
      args:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: {{ $w.portName | default "http" }}
          containerPort: {{ include "app.port" $root }}
          protocol: {{ coalesce ($root.Values.image).protocol $w.protocol "TCP" }}
        {{- range $w.containerPorts }}
        - name: {{ .name }}
          containerPort: {{ coalesce .port .containerPort | int }}
          protocol: {{ .protocol | default "TCP" }}
        {{- end }}
      env:
        {{- include "app.env" (dict "root" $root "workload" $w) | nindent 8 }}
      {{- with $w.envFrom }}
      envFrom:
        {{- range . }}
        {{- if .type }}
        - {{ .type }}:
            name: {{ .name | quote }}
        {{- else }}
        - {{ toYaml . | nindent 10 | trim }}
        {{- end }}
        {{- end }}
      {{- end }}
      {{- with coalesce ($root.Values.image).lifecycle $w.lifecycle }}
      lifecycle:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- range $field := list "resources" "startupProbe" "livenessProbe" "readinessProbe" }}
      {{- with get $w $field }}
      {{ $field }}:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- with $w.containerSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $w.volumeMounts }}
      volumeMounts:
        {{- include "app.tplValue" (dict "value" . "root" $root) | nindent 8 }}
      {{- end }}
    {{- with $w.sidecar }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{- /*
app.env: the main container's env list: the ENV_APP_* variables every GlueOps app gets, then envVariables,
envSecrets, envConfigMaps and envMap (sorted by name), in that order.
Usage: include "app.env" (dict "root" $ "workload" .Values.deployment)
*/ -}}
{{- define "app.env" -}}
{{- $root := .root -}}
{{- $w := .workload -}}
- name: ENV_APP_NAME
  value: {{ include "app.name" $root | quote }}
- name: ENV_APP_VERSION
  value: {{ include "app.version" $root | quote }}
- name: ENV_APP_ENV
  value: {{ $root.Values.appEnv | default "" | toString | quote }}
- name: ENV_APP_PORT
  value: {{ include "app.port" $root | quote }}
{{- range $field, $path := dict "ENV_NODE_NAME" "spec.nodeName" "ENV_POD_NAME" "metadata.name" "ENV_POD_NAMESPACE" "metadata.namespace" "ENV_POD_IP" "status.podIP" }}
- name: {{ $field }}
  valueFrom:
    fieldRef:
      fieldPath: {{ $path }}
{{- end }}
{{- range $w.envVariables }}
- name: {{ .name | quote }}
  value: {{ .value | toString | quote }}
{{- end }}
{{- range $w.envSecrets }}
- name: {{ .variable | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName | quote }}
      key: {{ .secretKey | quote }}
{{- end }}
{{- range $w.envConfigMaps }}
- name: {{ .variable | quote }}
  valueFrom:
    configMapKeyRef:
      name: {{ .configMapName | quote }}
      key: {{ .configMapKey | quote }}
{{- end }}
{{- range $name, $source := $w.envMap }}
{{- if not (kindIs "invalid" $source) }}
- name: {{ $name | quote }}
  {{- if and (kindIs "map" $source) (hasKey $source "value") }}
  value: {{ $source.value | toString | quote }}
  {{- else if kindIs "map" $source }}
  {{- toYaml $source | nindent 2 }}
  {{- else }}
  value: {{ $source | toString | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}
