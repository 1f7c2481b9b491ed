{{- /*
app-chart.podTemplate: the pod template (metadata and spec) of a workload, shared by every workload kind.
The workload's values (.Values.deployment for the Deployment, the merged values of a job for a CronJob or Job)
give every pod option; see values.yaml.
Usage: include "app-chart.podTemplate" (dict "root" $ "workload" .Values.deployment "path" "deployment" "kind" "Deployment")
  kind: Deployment, StatefulSet, CronJob or Job. CronJob and Job only: "job": the job's name, "entry": the job's
  own values (before the defaults beside the jobs), "defaults": where those defaults are (cronJob or job).
*/ -}}
{{- define "app-chart.podTemplate" -}}
{{- $root := .root -}}
{{- $w := .workload | default dict -}}
{{- $kind := .kind | default "Deployment" -}}
{{- $isJob := has $kind (list "CronJob" "Job") -}}
{{- $own := dict -}}
{{- $selector := include "app.selectorLabels" $root | fromYaml -}}
{{- if $isJob -}}
  {{- $jobName := printf "%s-%s" (include "app.name" $root) .job -}}
  {{- $_ := set $selector "app.kubernetes.io/name" ($jobName | trunc 63 | trimSuffix "-") -}}
  {{- $own = dict "app.kubernetes.io/name" (get $selector "app.kubernetes.io/name") "resource-type" (lower $kind) (lower $kind) $jobName -}}
{{- end -}}
{{- $selector = include "app-chart.stringMap" (dict "maps" (list $selector $w.matchLabels)) | fromYaml -}}
{{- $pod := dict "root" $root "workload" $w "kind" $kind "isJob" $isJob "selector" $selector "path" .path "entry" .entry "defaults" .defaults -}}
metadata:
  labels:
    {{- include "app-chart.labels" (dict "root" $root "maps" (list $own $w.matchLabels $w.labels $w.podLabels)) | nindent 4 }}
  {{- with include "app-chart.annotations" (dict "root" $root "maps" (list $w.annotations $w.podAnnotations (include "app-chart.checksums" (dict "root" $root "kind" $kind) | fromYaml))) }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
spec:
  enableServiceLinks: {{ ternary true $w.enableServiceLinks (kindIs "invalid" $w.enableServiceLinks) }}
  terminationGracePeriodSeconds: {{ ternary 60 $w.terminationGracePeriodSeconds (kindIs "invalid" $w.terminationGracePeriodSeconds) | int }}
  {{- include "app-chart.pod.identity" $pod }}
  {{- include "app-chart.pod.scheduling" $pod }}
  {{- include "app-chart.pod.volumes" $pod }}
  containers:
    {{- include "app-chart.pod.mainContainer" $pod }}
    {{- with $w.sidecar }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{- /*
app-chart.pod.identity: the spec lines of who the pod runs as: its ServiceAccount and image pull secrets.
Usage: {{- include "app-chart.pod.identity" $pod }}, $pod being the dict app-chart.podTemplate builds (root, workload, kind,
  isJob, selector, path, entry, defaults).
*/ -}}
{{- define "app-chart.pod.identity" -}}
{{- $root := .root -}}
{{- $w := .workload -}}
{{- $isJob := .isJob -}}
  {{- if dig "serviceAccount" "enabled" false $w }}
  {{- if $isJob }}
  serviceAccountName: {{ coalesce $w.serviceAccount.name ($root.Values.serviceAccount).name (include "app.name" $root) | quote }}
  {{- else }}
  serviceAccountName: {{ include "app-chart.serviceAccount.name" $root | quote }}
  {{- end }}
  {{- if not (kindIs "invalid" $w.serviceAccount.automountServiceAccountToken) }}
  automountServiceAccountToken: {{ $w.serviceAccount.automountServiceAccountToken }}
  {{- end }}
  {{- else if $w.serviceAccountName }}
  serviceAccountName: {{ $w.serviceAccountName | quote }}
  {{- end }}
  {{- $pullLevels := list (list $w.imagePullSecrets (printf "%s.imagePullSecrets" .path)) }}
  {{- if $isJob }}
  {{- $pullLevels = list (list (.entry | default dict).imagePullSecrets (printf "%s.imagePullSecrets" .path)) (list (index $root.Values .defaults).imagePullSecrets (printf "%s.imagePullSecrets" .defaults)) }}
  {{- end }}
  {{- with include "app-chart.pullSecrets" (dict "root" $root "levels" $pullLevels) }}
  imagePullSecrets:
    {{- . | trim | nindent 4 }}
  {{- end }}
{{- end -}}

{{- /*
app-chart.pod.scheduling: the spec lines of where and how the pod runs: host and DNS options, restart policy,
node selection, tolerations, security context, init containers, affinity and topology spread.
Usage: {{- include "app-chart.pod.scheduling" $pod }}, $pod being the dict app-chart.podTemplate builds (root, workload, kind,
  isJob, selector, path, entry, defaults).
*/ -}}
{{- define "app-chart.pod.scheduling" -}}
{{- $root := .root -}}
{{- $w := .workload -}}
{{- $kind := .kind -}}
{{- $selector := .selector -}}
  {{- range $field := list "hostNetwork" "shareProcessNamespace" "dnsPolicy" "priorityClassName" "runtimeClassName" "schedulerName" }}
  {{- with get $w $field }}
  {{ $field }}: {{ toYaml . }}
  {{- end }}
  {{- end }}
  {{- with $w.restartPolicy | default (get (dict "CronJob" "OnFailure" "Job" "Never") $kind) }}
  restartPolicy: {{ . }}
  {{- end }}
  {{- with $w.nodeSelector }}
  nodeSelector:
    {{- include "app-chart.stringMap" (dict "maps" (list .)) | nindent 4 }}
  {{- end }}
  {{- range $field := list "hostAliases" "dnsConfig" "securityContext" "tolerations" "initContainers" }}
  {{- with get $w $field }}
  {{ $field }}:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
  {{- with $w.affinity }}
  affinity:
    {{- include "app-chart.tplValue" (dict "value" . "root" $root) | nindent 4 }}
  {{- end }}
  {{- if kindIs "invalid" $w.topologySpreadConstraints }}
  topologySpreadConstraints:
    - maxSkew: {{ $w.topologySpreadConstraintsMaxSkew | default 1 | int }}
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- toYaml $selector | nindent 10 }}
  {{- else if $w.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- include "app-chart.tplValue" (dict "value" $w.topologySpreadConstraints "root" $root) | nindent 4 }}
  {{- end }}
{{- end -}}

{{- /*
app-chart.pod.volumes: the spec lines of the pod's volumes: the persistentVolumeClaim's, then the workload's own.
Usage: {{- include "app-chart.pod.volumes" $pod }}, $pod being the dict app-chart.podTemplate builds (root, workload, kind,
  isJob, selector, path, entry, defaults).
*/ -}}
{{- define "app-chart.pod.volumes" -}}
{{- $root := .root -}}
{{- $w := .workload -}}
  {{- $claim := include "app-chart.persistentVolumeClaim.volume" $root | fromYaml }}
  {{- if or $claim $w.volumes }}
  volumes:
    {{- with $claim }}
    - {{ toYaml . | nindent 6 | trim }}
    {{- end }}
    {{- with $w.volumes }}
    {{- include "app-chart.tplValue" (dict "value" . "root" $root) | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end -}}

{{- /*
app-chart.pod.mainContainer: the list item of the app's container: image, command, ports, env, probes, mounts.
Usage: {{- include "app-chart.pod.mainContainer" $pod }}, $pod being the dict app-chart.podTemplate builds (root, workload, kind,
  isJob, selector, path, entry, defaults).
*/ -}}
{{- define "app-chart.pod.mainContainer" -}}
{{- $root := .root -}}
{{- $w := .workload -}}
{{- $kind := .kind }}
    - name: {{ include "app.name" $root | toYaml }}
      image: {{ include "app-chart.image" (dict "root" $root "override" $w.image "path" (printf "%s.image" .path)) | quote }}
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
        - name: {{ $w.portName | default "http" | toYaml }}
          containerPort: {{ include "app.port" $root }}
          protocol: {{ coalesce ($root.Values.image).protocol $w.protocol "TCP" }}
        {{- range $index, $_ := $w.containerPorts }}
        - name: {{ toYaml .name }}
          containerPort: {{ required (printf "%s.containerPorts[%d].port: required; the port the container listens on." $.path $index) (coalesce .port .containerPort) | int }}
          protocol: {{ .protocol | default "TCP" }}
        {{- end }}
      env:
        {{- include "app-chart.env" (dict "root" $root "workload" $w) | nindent 8 }}
      {{- $externalEnvFrom := include "app-chart.externalSecret.envFrom" $root }}
      {{- if or $w.envFrom $externalEnvFrom }}
      envFrom:
        {{- with $externalEnvFrom }}
        {{- . | trim | nindent 8 }}
        {{- end }}
        {{- range $w.envFrom }}
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
      {{- $mounts := include "app-chart.chartMounts" (dict "root" $root "workload" $w "kind" $kind) }}
      {{- if or $mounts $w.volumeMounts }}
      volumeMounts:
        {{- with $mounts }}
        {{- . | trim | nindent 8 }}
        {{- end }}
        {{- with $w.volumeMounts }}
        {{- include "app-chart.tplValue" (dict "value" . "root" $root) | nindent 8 }}
        {{- end }}
      {{- end }}
{{- end -}}

{{- /*
app-chart.env: the main container's env list: the ENV_APP_* variables every GlueOps app gets, then envVariables,
envSecrets, envConfigMaps and envMap (sorted by name), in that order.
Usage: include "app-chart.env" (dict "root" $ "workload" .Values.deployment)
*/ -}}
{{- define "app-chart.env" -}}
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
{{- range $field := list (list "ENV_NODE_NAME" "spec.nodeName") (list "ENV_POD_NAME" "metadata.name") (list "ENV_POD_NAMESPACE" "metadata.namespace") (list "ENV_POD_IP" "status.podIP") }}
- name: {{ first $field }}
  valueFrom:
    fieldRef:
      fieldPath: {{ last $field }}
{{- end }}
{{- range $w.envVariables }}
- name: {{ .name | quote }}
  value: {{ ternary "" (include "app-chart.text" .value) (kindIs "invalid" .value) | quote }}
{{- end }}
{{- range $w.envSecrets }}
- name: {{ .variable | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName | quote }}
      key: {{ .secretKey | quote }}
{{- end }}
{{- include "app-chart.externalSecret.env" $root }}
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
  value: {{ ternary "" (include "app-chart.text" $source.value) (kindIs "invalid" $source.value) | quote }}
  {{- else if kindIs "map" $source }}
  {{- toYaml $source | nindent 2 }}
  {{- else }}
  value: {{ include "app-chart.text" $source | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- /*
app-chart.chartMounts: the volume mounts the chart adds to the main container: each volume claim template (StatefulSet),
then the persistentVolumeClaim. Empty when there is none.
Usage: include "app-chart.chartMounts" (dict "root" $ "workload" $w "kind" "StatefulSet")
*/ -}}
{{- define "app-chart.chartMounts" -}}
{{- $root := .root -}}
{{- if eq .kind "StatefulSet" -}}
{{- range $name, $template := .workload.volumeClaimTemplates }}
{{- if $template }}
- name: {{ toYaml $name }}
  mountPath: {{ required (printf "statefulSet.volumeClaimTemplates.%s.mountPath: required; where the main container mounts the volume." $name) $template.mountPath | toYaml }}
  {{- with $template.subPath }}
  subPath: {{ toYaml . }}
  {{- end }}
  {{- if $template.readOnly }}
  readOnly: true
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- with include "app-chart.persistentVolumeClaim.volume" $root | fromYaml }}
{{- $claim := $root.Values.persistentVolumeClaim }}
- name: {{ toYaml .name }}
  mountPath: {{ toYaml $claim.mountPath }}
  {{- with $claim.subPath }}
  subPath: {{ toYaml . }}
  {{- end }}
{{- end }}
{{- end -}}

{{- /*
app-chart.checksums: YAML map of checksum annotations for the pods of a Deployment or StatefulSet: the sha256 of the
ConfigMaps and Secrets the chart renders, so a change to them rolls the pods. Jobs get none (a Job's pod template
cannot change), CronJobs none (each run reads the current data).
Usage: include "app-chart.checksums" (dict "root" $ "kind" "Deployment") | fromYaml
*/ -}}
{{- define "app-chart.checksums" -}}
{{- $root := .root -}}
{{- if has .kind (list "Deployment" "StatefulSet") -}}
{{- if ($root.Values.configMap).enabled }}
checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
{{- end }}
{{- if ($root.Values.secret).enabled }}
checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
{{- end }}
{{- end -}}
{{- end -}}
