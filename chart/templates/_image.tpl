{{- /*
app-chart.image: the image reference of a workload. A string override (deployment.image: "repo/name:tag") is used
as written; a map override takes registry / repository / tag / digest key by key over the top-level image, and a
key it leaves unset or "" inherits (as in the GlueOps chart). The tag falls back to appVersion, then (unless
image.useChartVersionAsTagFallback is false, or "false" in any case) to the chart version. A tag may carry a digest
(1.29.5@sha256:...); image.digest, when set, replaces it.
Usage: include "app-chart.image" (dict "root" $ "override" .Values.deployment.image "path" "deployment.image")
*/ -}}
{{- define "app-chart.image" -}}
{{- $root := .root -}}
{{- $top := $root.Values.image | default dict -}}
{{- if not (kindIs "map" $top) -}}
  {{- fail (printf "image: must be a map with registry, repository and tag, not a %s (%v). Write the reference as image.repository and image.tag, or as %s: \"registry/repo:tag\"." (kindOf $top) $top .path) -}}
{{- end -}}
{{- $override := .override -}}
{{- if and (kindIs "string" $override) (trim $override) -}}
{{- trim $override -}}
{{- else -}}
  {{- $image := dict -}}
  {{- range $key := list "registry" "repository" "tag" "digest" -}}
    {{- $_ := set $image $key (dict "value" (index $top $key) "path" (printf "image.%s" $key)) -}}
    {{- if kindIs "map" $override -}}
      {{- $value := index $override $key -}}
      {{- if not (or (kindIs "invalid" $value) (and (kindIs "string" $value) (not (trim $value)))) -}}
        {{- $_ := set $image $key (dict "value" $value "path" (printf "%s.%s" $.path $key)) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- $repository := $image.repository.value | default "" | toString | trim -}}
  {{- if not $repository -}}
    {{- fail (printf "%s: no image repository. Set image.repository (e.g. postgres) or %s: \"registry/repo:tag\"." .path .path) -}}
  {{- end -}}
  {{- if contains "@" $repository -}}
    {{- fail (printf "%s: %q holds a digest; the repository is the name alone. Write the digest as image.digest (e.g. digest: %s) or the whole reference as %s: \"registry/repo@digest\"." $image.repository.path $repository (splitList "@" $repository | last) .path) -}}
  {{- end -}}
  {{- $registry := "docker.io" -}}
  {{- if not (kindIs "invalid" $image.registry.value) -}}
    {{- $registry = $image.registry.value | toString | trim -}}
    {{- if and (not $registry) (ne (toString $image.registry.value) "") -}}
      {{- fail (printf "%s: is blank. Write the registry host (e.g. ghcr.io), or remove the key to use docker.io." $image.registry.path) -}}
    {{- end -}}
    {{- $registry = $registry | default "docker.io" -}}
  {{- end -}}
  {{- $tag := "" -}}
  {{- $tagValue := $image.tag.value -}}
  {{- if and (not (kindIs "invalid" $tagValue)) (not (kindIs "string" $tagValue)) (eq (toString $tagValue) "0") -}}
    {{- fail (printf "%s: the number 0 is not a tag to rely on (YAML reads 0, 00 and 0.0 alike). Quote the tag: tag: \"0\"." $image.tag.path) -}}
  {{- end -}}
  {{- if not (kindIs "invalid" $tagValue) }}{{ $tag = $tagValue | toString | trim }}{{ end -}}
  {{- if not $tag }}{{ $tag = $root.Values.appVersion | default "" | toString | trim }}{{ end -}}
  {{- if and (not $tag) (include "app-chart.image.chartVersionFallback" $root) }}{{ $tag = $root.Chart.Version }}{{ end -}}
  {{- $digest := $image.digest.value | default "" | toString | trim -}}
  {{- if and (not $tag) (not $digest) -}}
    {{- fail (printf "%s: no image tag. Set image.tag, image.digest or appVersion (image.useChartVersionAsTagFallback is false)." .path) -}}
  {{- end -}}
  {{- /* image.digest wins over a digest carried in the tag (as the default tag carries one) */ -}}
  {{- if $digest }}{{ $tag = splitList "@" $tag | first }}{{ end -}}
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
app-chart.image.chartVersionFallback: "true" unless image.useChartVersionAsTagFallback is false, or the text "false" in
any case with any surrounding spaces (the GlueOps chart's string forms); another text fails.
Usage: if include "app-chart.image.chartVersionFallback" $
*/ -}}
{{- define "app-chart.image.chartVersionFallback" -}}
{{- $flag := (.Values.image | default dict).useChartVersionAsTagFallback -}}
{{- if kindIs "string" $flag -}}
  {{- $text := $flag | trim | lower -}}
  {{- if not (has $text (list "true" "false")) -}}
    {{- fail (printf "image.useChartVersionAsTagFallback: %q is neither true nor false. Write true or false." $flag) -}}
  {{- end -}}
  {{- $flag = eq $text "true" -}}
{{- end -}}
{{- if or (kindIs "invalid" $flag) $flag }}true{{ end -}}
{{- end -}}

{{- /*
app-chart.pullSecrets: the imagePullSecrets list of a pod. The first level that sets it (not null) wins: a job's own
imagePullSecrets, then the one beside the jobs (cronJob / job), then the workload's, then image.pullSecrets. Each
is one name or a list of names; "" (or []) there means none. A name must be a Secret name; a blank one fails.
Empty when there is none.
Usage: include "app-chart.pullSecrets" (dict "root" $ "levels" (list (list $value "deployment.imagePullSecrets") ...))
*/ -}}
{{- define "app-chart.pullSecrets" -}}
{{- $names := list -}}
{{- $path := "" -}}
{{- $single := false -}}
{{- $levels := append .levels (list (.root.Values.image | default dict).pullSecrets "image.pullSecrets") -}}
{{- range $level := $levels -}}
  {{- if and (not $path) (not (kindIs "invalid" (first $level))) -}}
    {{- $path = last $level -}}
    {{- $value := first $level -}}
    {{- if kindIs "string" $value -}}
      {{- if and $value (not (trim $value)) -}}
        {{- fail (printf "%s: is blank. Write the name of the Secret that holds the registry credentials, or \"\" for no pull secret." $path) -}}
      {{- end -}}
      {{- $names = compact (list $value) -}}
      {{- $single = true -}}
    {{- else -}}
      {{- $names = $value -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- range $index, $entry := $names }}
{{- $name := $entry }}{{ if kindIs "map" $entry }}{{ $name = $entry.name }}{{ end }}
{{- $name = $name | toString | trim }}
{{- if not (and (le (len $name) 253) (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $name)) }}
{{- $at := ternary $path (printf "%s[%d]" $path $index) $single }}
{{- fail (printf "%s: %q is not a Secret name (lowercase letters, digits, '-' and '.'). Write the name of the Secret that holds the registry credentials." $at (toString $name)) }}
{{- end }}
- name: {{ $name | quote }}
{{- end -}}
{{- end -}}
