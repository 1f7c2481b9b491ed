{{- /*
app-chart.persistentVolumeClaim.claimName: the claim the pods mount: persistentVolumeClaim.existingClaim when it names
one, else persistentVolumeClaim.name, else <app>-pvc.
Usage: include "app-chart.persistentVolumeClaim.claimName" .
*/ -}}
{{- define "app-chart.persistentVolumeClaim.claimName" -}}
{{- $claim := .Values.persistentVolumeClaim -}}
{{- if kindIs "string" $claim.existingClaim }}{{ $claim.existingClaim | default $claim.name | default (printf "%s-pvc" (include "app.name" .)) }}
{{- else }}{{ $claim.name | default (printf "%s-pvc" (include "app.name" .)) }}{{ end -}}
{{- end -}}

{{- /*
app-chart.persistentVolumeClaim.volume: YAML of the pod volume for persistentVolumeClaim, or empty when it is disabled or
has no mountPath (then the chart renders the claim and no pod mounts it, as the GlueOps chart without a Deployment).
Usage: include "app-chart.persistentVolumeClaim.volume" $ | fromYaml
*/ -}}
{{- define "app-chart.persistentVolumeClaim.volume" -}}
{{- if and (.Values.persistentVolumeClaim).enabled .Values.persistentVolumeClaim.mountPath -}}
name: {{ include "app.name" . }}-pvc
persistentVolumeClaim:
  claimName: {{ include "app-chart.persistentVolumeClaim.claimName" . | toYaml }}
{{- end -}}
{{- end -}}

{{- /*
app-chart.externalSecret.secretName: the Secret an externalSecret.secrets entry writes: its name, else <app>-<key>.
Usage: include "app-chart.externalSecret.secretName" (dict "root" $ "key" $key "entry" $entry)
*/ -}}
{{- define "app-chart.externalSecret.secretName" -}}
{{- (.entry).name | default (printf "%s-%s" (include "app.name" .root) .key) -}}
{{- end -}}

{{- /*
app-chart.externalSecret.env: env entries (each "- name: ..." on its own line, after a newline) for every key of every
externalSecret.secrets entry with data, read from the Secret the ExternalSecret writes. Empty when disabled.
Usage: include "app-chart.externalSecret.env" $
*/ -}}
{{- define "app-chart.externalSecret.env" -}}
{{- $root := . -}}
{{- if (.Values.externalSecret).enabled -}}
{{- range $key, $entry := .Values.externalSecret.secrets -}}
{{- if kindIs "map" $entry -}}
{{- range $secretKey, $item := $entry.data }}
{{- if $item }}
- name: {{ (get $item "envName") | default $secretKey | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ include "app-chart.externalSecret.secretName" (dict "root" $root "key" $key "entry" $entry) | quote }}
      key: {{ $secretKey | quote }}
{{- end }}
{{- end }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app-chart.externalSecret.envFrom: envFrom entries (secretRef) for every externalSecret.secrets entry with dataFrom.
Usage: include "app-chart.externalSecret.envFrom" $
*/ -}}
{{- define "app-chart.externalSecret.envFrom" -}}
{{- $root := . -}}
{{- if (.Values.externalSecret).enabled -}}
{{- range $key, $entry := .Values.externalSecret.secrets -}}
{{- if and (kindIs "map" $entry) (kindIs "map" $entry.dataFrom) $entry.dataFrom.key }}
- secretRef:
    name: {{ include "app-chart.externalSecret.secretName" (dict "root" $root "key" $key "entry" $entry) | quote }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app-chart.dataBlock: the data: block of a ConfigMap or Secret from a map of scalars (null entries dropped), keys and
values quoted so that "no", "on" or "0123" stay strings; with encode, values are base64-encoded (Secret).
Usage: include "app-chart.dataBlock" (dict "data" $map "path" "configMap.configs.app" "encode" false)
*/ -}}
{{- define "app-chart.dataBlock" -}}
{{- $encode := .encode -}}
{{- $lines := list -}}
{{- range $key, $value := .data -}}
  {{- if kindIs "invalid" $value -}}
  {{- else if or (kindIs "map" $value) (kindIs "slice" $value) -}}
    {{- fail (printf "%s: %s must be a string, number or boolean, not a %s; write nested content as a string (key: |)." $.path $key (kindOf $value)) -}}
  {{- else -}}
    {{- $text := include "app-chart.text" $value -}}
    {{- $lines = append $lines (printf "%s: %s" (toRawJson $key) (ternary (b64enc $text | quote) (toRawJson $text) $encode)) -}}
  {{- end -}}
{{- end -}}
{{- if $lines }}
data:
  {{- range $lines }}
  {{ . }}
  {{- end }}
{{- end -}}
{{- end -}}
