{{- /*
app.image: the image reference of a workload. A string override (deployment.image: "repo/name:tag") is used
as written; a map override takes registry / repository / tag / digest key by key over the top-level image.
The tag falls back to appVersion, then (image.useChartVersionAsTagFallback, on by default) the chart version.
Usage: include "app.image" (dict "root" $ "override" .Values.deployment.image "path" "deployment.image")
*/ -}}
{{- define "app.image" -}}
{{- $root := .root -}}
{{- $top := $root.Values.image | default dict -}}
{{- if not (kindIs "map" $top) -}}
  {{- fail (printf "image: must be a map with registry, repository and tag, not a %s (%v). Write the reference as image.repository and image.tag, or as %s: \"registry/repo:tag\"." (kindOf $top) $top .path) -}}
{{- end -}}
{{- $override := .override -}}
{{- if and (kindIs "string" $override) (trim $override) -}}
{{- trim $override -}}
{{- else -}}
  {{- $image := deepCopy $top -}}
  {{- if kindIs "map" $override }}{{ $image = mergeOverwrite $image (pick $override "registry" "repository" "tag" "digest") }}{{ end -}}
  {{- $repository := $image.repository | default "" | toString | trim -}}
  {{- if not $repository -}}
    {{- fail (printf "%s: no image repository. Set image.repository (e.g. postgres) or %s: \"registry/repo:tag\"." .path .path) -}}
  {{- end -}}
  {{- $registry := $image.registry | default "docker.io" | toString | trim -}}
  {{- $tag := "" -}}
  {{- if not (kindIs "invalid" $image.tag) }}{{ $tag = $image.tag | toString | trim }}{{ end -}}
  {{- if not $tag }}{{ $tag = $root.Values.appVersion | default "" | toString | trim }}{{ end -}}
  {{- if and (not $tag) (ne (toString $top.useChartVersionAsTagFallback) "false") }}{{ $tag = $root.Chart.Version }}{{ end -}}
  {{- $digest := $image.digest | default "" | toString | trim -}}
  {{- if and (not $tag) (not $digest) -}}
    {{- fail (printf "%s: no image tag. Set image.tag, image.digest or appVersion (image.useChartVersionAsTagFallback is false)." .path) -}}
  {{- end -}}
  {{- if regexMatch "\\s" (printf "%s%s%s" $registry $repository $tag) -}}
    {{- fail (printf "%s: the image reference %s/%s:%s contains whitespace; remove it." .path $registry $repository $tag) -}}
  {{- end -}}
  {{- $reference := printf "%s/%s" $registry $repository -}}
  {{- with $tag }}{{ $reference = printf "%s:%s" $reference . }}{{ end -}}
  {{- with $digest }}{{ $reference = printf "%s@%s" $reference . }}{{ end -}}
  {{- $reference -}}
{{- end -}}
{{- end -}}

{{- /*
app.pullSecrets: the imagePullSecrets list of a pod. The workload's own imagePullSecrets wins when it is set, and
"" (or []) there means none; null or unset inherits image.pullSecrets, else image.imagePullSecrets (the GlueOps
key). Each may be one name or a list of names. Empty when there is none.
Usage: include "app.pullSecrets" (dict "root" $ "workload" .Values.deployment)
*/ -}}
{{- define "app.pullSecrets" -}}
{{- $image := .root.Values.image | default dict -}}
{{- $names := index (.workload | default dict) "imagePullSecrets" -}}
{{- if kindIs "invalid" $names }}{{ $names = index $image "pullSecrets" }}{{ end -}}
{{- if kindIs "invalid" $names }}{{ $names = index $image "imagePullSecrets" }}{{ end -}}
{{- if kindIs "string" $names }}{{ $names = compact (list (trim $names)) }}{{ end -}}
{{- range $names }}
{{- $name := . }}{{ if kindIs "map" . }}{{ $name = .name }}{{ end }}
- name: {{ $name | toString | trim | quote }}
{{- end -}}
{{- end -}}
