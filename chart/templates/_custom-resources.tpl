{{- /*
app.customResources.entry: renders one entry of customResources / customResourcesMap.
Usage: include "app.customResources.entry" (dict "entry" $entry "label" "customResourcesMap.tcp-route" "state" $state)
  $state: dict "root" $ "namespace" <release namespace> "seen" <dict of object identity -> who rendered it>
An entry is one of:
  - a string: rendered with tpl (skipped when it holds no "{{"), may hold several "---" documents;
  - a map with the single key "verbatim": its string is emitted as written, never through tpl;
  - a map: a manifest written as YAML (deep-merged across values files), rendered with tpl when it holds "{{";
  - null, "" or {}: nothing (how an env file removes a base entry of the map).
*/ -}}
{{- define "app.customResources.entry" -}}
{{- $entry := .entry -}}
{{- $label := .label -}}
{{- if kindIs "string" $entry -}}
  {{- if trim $entry -}}
    {{- include "app.customResources.documents" (dict "text" (include "app.customResources.tpl" .) "label" $label "state" .state) -}}
  {{- end -}}
{{- else if kindIs "map" $entry -}}
  {{- if hasKey $entry "verbatim" -}}
    {{- if or (ne (len $entry) 1) (not (kindIs "string" $entry.verbatim)) -}}
      {{- fail (printf "%s: a verbatim entry is a map with one key, \"verbatim\", holding the manifest text as a string (verbatim: |). Move the other keys into that text." $label) -}}
    {{- end -}}
    {{- include "app.customResources.documents" (dict "text" $entry.verbatim "label" $label "state" .state) -}}
  {{- else if $entry -}}
    {{- $text := toYaml $entry -}}
    {{- if contains "{{" $text -}}
      {{- include "app.customResources.documents" (dict "text" (include "app.customResources.tpl" (dict "entry" $text "label" $label "state" .state)) "label" $label "state" .state) -}}
    {{- else -}}
      {{- include "app.customResources.check" (dict "object" $entry "label" $label "state" .state) }}
---
# {{ $label }}
{{ $text }}
    {{- end -}}
  {{- end -}}
{{- else if not (kindIs "invalid" $entry) -}}
  {{- fail (printf "%s: is a %s (%v); an entry must be a manifest: a YAML string (key: |), an object with apiVersion, kind and metadata, or {verbatim: |} for text with its own {{ }}." $label (kindOf $entry) $entry) -}}
{{- end -}}
{{- end -}}

{{- /*
app.customResources.tpl: the entry's text rendered with tpl against the root context. The text becomes a
define named after the entry, so Helm's error for a failing template names the entry and quotes only its
source. Text without "{{" is returned unchanged (no tpl, no template clone).
Usage: include "app.customResources.tpl" (dict "entry" $text "label" $label "state" $state)
*/ -}}
{{- define "app.customResources.tpl" -}}
{{- if contains "{{" .entry -}}
{{- tpl (printf "{{ define %q }}%s{{ end }}{{ include %q . }}" .label .entry .label) .state.root -}}
{{- else -}}
{{- .entry -}}
{{- end -}}
{{- end -}}

{{- /*
app.customResources.documents: splits rendered text on "---" lines, parses and checks each document, and
emits it as rendered. Blank documents (whitespace and comments, as a false "if" leaves) are skipped; a
document that is explicitly empty ({}, null) is an error.
Usage: include "app.customResources.documents" (dict "text" $rendered "label" $label "state" $state)
*/ -}}
{{- define "app.customResources.documents" -}}
{{- $label := .label -}}
{{- $state := .state -}}
{{- $documents := list .text -}}
{{- if contains "---" .text -}}
  {{- $documents = regexSplit "(?m)^---[ \\t]*(?:#.*)?$" .text -1 -}}
{{- end -}}
{{- $many := gt (len $documents) 1 -}}
{{- range $index, $document := $documents -}}
  {{- $where := $label -}}
  {{- if $many -}}{{- $where = printf "%s (document %d of %d)" $label (add1 $index) (len $documents) -}}{{- end -}}
  {{- $object := fromYaml $document -}}
  {{- if hasKey $object "Error" -}}
    {{- include "app.customResources.parseError" (dict "where" $where "error" $object.Error "document" $document) -}}
  {{- end -}}
  {{- if $object -}}
    {{- include "app.customResources.check" (dict "object" $object "label" $where "state" $state) }}
---
# {{ $where }}
{{ trimAll "\n" $document }}
  {{- else if trim (regexReplaceAll "(?m)^[ \\t]*#.*$" $document "") -}}
    {{- fail (printf "%s: is an empty manifest (%s). Write the object, or set the entry to null to render nothing." $where (trim $document)) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app.customResources.parseError: fails with a readable reason for a document fromYaml could not read.
Usage: include "app.customResources.parseError" (dict "where" $where "error" $object.Error "document" $text)
*/ -}}
{{- define "app.customResources.parseError" -}}
{{- $error := .error -}}
{{- $first := trunc 60 (trim .document) | replace "\n" " " -}}
{{- if contains "unmarshal array" $error -}}
  {{- fail (printf "%s: is a YAML list (%q...), not a manifest. Write one object with apiVersion, kind and metadata; put several objects in one entry as documents separated by \"---\"." .where $first) -}}
{{- else if contains "cannot unmarshal" $error -}}
  {{- fail (printf "%s: is a plain value (%q...), not a manifest. Write an object with apiVersion, kind and metadata; check the indentation under the entry's \"|\"." .where $first) -}}
{{- else -}}
  {{- fail (printf "%s: is not valid YAML: %s. Check the indentation and quoting of that document (run helm template with --debug to see the rendered text)." .where (trimPrefix "error converting YAML to JSON: yaml: " $error)) -}}
{{- end -}}
{{- end -}}

{{- /*
app.customResources.check: fails unless the object has apiVersion, kind and metadata.name, and no other
entry (or object of the chart) renders the same group, kind, namespace and name; records it as seen.
Usage: include "app.customResources.check" (dict "object" $object "label" $where "state" $state)
*/ -}}
{{- define "app.customResources.check" -}}
{{- $object := .object -}}
{{- $metadata := $object.metadata -}}
{{- if not (kindIs "map" $metadata) -}}{{- $metadata = dict -}}{{- end -}}
{{- $missing := list -}}
{{- range $field := list "apiVersion" "kind" -}}
  {{- $value := get $object $field -}}
  {{- if not (and (kindIs "string" $value) $value) -}}{{- $missing = append $missing $field -}}{{- end -}}
{{- end -}}
{{- if not (and (kindIs "string" $metadata.name) $metadata.name) -}}{{- $missing = append $missing "metadata.name" -}}{{- end -}}
{{- if $missing -}}
  {{- fail (printf "%s: has no %s. Every manifest needs apiVersion, kind and metadata.name (all strings)." .label (join ", " $missing)) -}}
{{- end -}}
{{- $group := "" -}}
{{- if contains "/" $object.apiVersion -}}{{- $group = first (splitList "/" $object.apiVersion) -}}{{- end -}}
{{- $namespace := $metadata.namespace | default .state.namespace -}}
{{- $identity := printf "%s %s %s/%s" $object.kind (ternary "core" $group (eq $group "")) $namespace $metadata.name -}}
{{- with get .state.seen $identity -}}
  {{- fail (printf "%s and %s both render %s %s in namespace %s. Rename one (metadata.name) or remove one (an env file removes a map entry with \"key: null\")." . $.label $object.kind $metadata.name $namespace) -}}
{{- end -}}
{{- $_ := set .state.seen $identity .label -}}
{{- end -}}
