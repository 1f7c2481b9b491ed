{{- /*
app.persistentVolumeClaim.claimName: the claim the pods mount: persistentVolumeClaim.existingClaim when it names
one, else persistentVolumeClaim.name, else <app>-pvc.
Usage: include "app.persistentVolumeClaim.claimName" .
*/ -}}
{{- define "app.persistentVolumeClaim.claimName" -}}
{{- $claim := .Values.persistentVolumeClaim -}}
{{- if kindIs "string" $claim.existingClaim }}{{ $claim.existingClaim | default $claim.name | default (printf "%s-pvc" (include "app.name" .)) }}
{{- else }}{{ $claim.name | default (printf "%s-pvc" (include "app.name" .)) }}{{ end -}}
{{- end -}}

{{- /*
app.persistentVolumeClaim.rendered: "true" when the chart renders the claim (enabled, and no existingClaim).
Usage: if include "app.persistentVolumeClaim.rendered" .
*/ -}}
{{- define "app.persistentVolumeClaim.rendered" -}}
{{- if and (.Values.persistentVolumeClaim).enabled (not .Values.persistentVolumeClaim.existingClaim) }}true{{ end -}}
{{- end -}}

{{- /*
app.persistentVolumeClaim.volume: YAML of the pod volume for persistentVolumeClaim, or empty when it is disabled or
has no mountPath (then the chart renders the claim and no pod mounts it, as the GlueOps chart without a Deployment).
Usage: include "app.persistentVolumeClaim.volume" $ | fromYaml
*/ -}}
{{- define "app.persistentVolumeClaim.volume" -}}
{{- if and (.Values.persistentVolumeClaim).enabled .Values.persistentVolumeClaim.mountPath -}}
name: {{ include "app.name" . }}-pvc
persistentVolumeClaim:
  claimName: {{ include "app.persistentVolumeClaim.claimName" . | toYaml }}
{{- end -}}
{{- end -}}

{{- /*
app.externalSecret.secretName: the Secret an externalSecret.secrets entry writes: its name, else <app>-<key>.
Usage: include "app.externalSecret.secretName" (dict "root" $ "key" $key "entry" $entry)
*/ -}}
{{- define "app.externalSecret.secretName" -}}
{{- (.entry).name | default (printf "%s-%s" (include "app.name" .root) .key) -}}
{{- end -}}

{{- /*
app.externalSecret.env: env entries (each "- name: ..." on its own line, after a newline) for every key of every
externalSecret.secrets entry with data, read from the Secret the ExternalSecret writes. Empty when disabled.
Usage: include "app.externalSecret.env" $
*/ -}}
{{- define "app.externalSecret.env" -}}
{{- $root := . -}}
{{- if (.Values.externalSecret).enabled -}}
{{- range $key, $entry := .Values.externalSecret.secrets -}}
{{- if kindIs "map" $entry -}}
{{- range $secretKey, $item := $entry.data }}
{{- if $item }}
- name: {{ (get $item "envName") | default $secretKey | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ include "app.externalSecret.secretName" (dict "root" $root "key" $key "entry" $entry) | quote }}
      key: {{ $secretKey | quote }}
{{- end }}
{{- end }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app.externalSecret.envFrom: envFrom entries (secretRef) for every externalSecret.secrets entry with dataFrom.
Usage: include "app.externalSecret.envFrom" $
*/ -}}
{{- define "app.externalSecret.envFrom" -}}
{{- $root := . -}}
{{- if (.Values.externalSecret).enabled -}}
{{- range $key, $entry := .Values.externalSecret.secrets -}}
{{- if and (kindIs "map" $entry) (kindIs "map" $entry.dataFrom) $entry.dataFrom.key }}
- secretRef:
    name: {{ include "app.externalSecret.secretName" (dict "root" $root "key" $key "entry" $entry) | quote }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app.dataBlock: the data: block of a ConfigMap or Secret from a map of scalars (null entries dropped), keys and
values quoted so that "no", "on" or "0123" stay strings; with encode, values are base64-encoded (Secret).
Usage: include "app.dataBlock" (dict "data" $map "path" "configMap.configs.app" "encode" false)
*/ -}}
{{- define "app.dataBlock" -}}
{{- $encode := .encode -}}
{{- $lines := list -}}
{{- range $key, $value := .data -}}
  {{- if kindIs "invalid" $value -}}
  {{- else if or (kindIs "map" $value) (kindIs "slice" $value) -}}
    {{- fail (printf "%s: %s must be a string, number or boolean, not a %s; write nested content as a string (key: |)." $.path $key (kindOf $value)) -}}
  {{- else -}}
    {{- $text := toString $value -}}
    {{- if kindIs "float64" $value }}{{ $text = toRawJson $value }}{{ end -}}
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
