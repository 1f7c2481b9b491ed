{{- /*
app-chart.customResources.entry: renders one entry of customResources / customResourcesMap: its text rendered, split
into "---" documents, each parsed and checked (apiVersion, kind, metadata.name; no object rendered twice) and
emitted as rendered under a "# <entry>" line.
Usage: include "app-chart.customResources.entry" (dict "entry" $entry "label" "customResourcesMap.tcp-route" "state" $state)
  $state: dict "root" $ "namespace" <release namespace> "seen" <dict of object identity -> who rendered it>
          "known" <app-chart.customResources.known as a dict>
An entry is one of:
  - a string: rendered with tpl (skipped when it holds no "{{"), may hold several "---" documents;
  - a map with the single key "verbatim": its string is emitted as written, never through tpl;
  - a map: a manifest written as YAML (deep-merged across values files), rendered with tpl when it holds "{{";
  - null, "" or {}: nothing (how an env file removes a base entry of the map).
Apps with thousands of entries run this thousands of times: it is one define with the checks inline, and the
error messages are built in separate defines only when an entry fails (see README, Performance).
*/ -}}
{{- define "app-chart.customResources.entry" -}}
{{- $label := .label -}}
{{- $state := .state -}}
{{- $text := .entry -}}
{{- $templated := true -}}
{{- if kindIs "string" $text -}}
  {{- /* the text as written */ -}}
{{- else if kindIs "map" $text -}}
  {{- if hasKey $text "verbatim" -}}
    {{- if or (ne (len $text) 1) (not (kindIs "string" $text.verbatim)) -}}
      {{- fail (printf "%s: a verbatim entry is a map with one key, \"verbatim\", holding the manifest text as a string (verbatim: |). Move the other keys into that text." $label) -}}
    {{- end -}}
    {{- $text = $text.verbatim -}}
    {{- $templated = false -}}
  {{- else if $text -}}
    {{- $text = toYaml $text -}}
  {{- else -}}
    {{- $text = "" -}}
  {{- end -}}
{{- else if kindIs "invalid" $text -}}
  {{- $text = "" -}}
{{- else -}}
  {{- fail (printf "%s: is a %s (%v); an entry must be a manifest: a YAML string (key: |), an object with apiVersion, kind and metadata, or {verbatim: |} for text with its own {{ }}." $label (kindOf $text) $text) -}}
{{- end -}}
{{- if contains "<no value>" $text -}}
  {{- fail (printf "%s: holds the text \"<no value>\", which Helm deletes from everything it renders, after the chart's checks. Remove it (quote a value that should be empty as \"\")." $label) -}}
{{- end -}}
{{- if and $templated (contains "{{" $text) -}}
  {{- /* Known expressions are replaced in one pass over the source: each "{{" starts an action, and an action
  that is a key of $state.known, or .Values.<key>.<key>… naming a string (captain_domain only through
  $state.known, which holds it when it is set), becomes its value, which is appended
  and never read again. "{{- " trims the white space of the text before it, as Go's templates do (the text only,
  never a value). Any other action sends the whole entry through tpl. */ -}}
  {{- $pieces := splitList "{{" $text -}}
  {{- $done := "" -}}
  {{- $tail := first $pieces -}}
  {{- range $piece := rest $pieces -}}
    {{- $action := splitn "}}" 2 $piece -}}
    {{- $value := false -}}
    {{- if eq (len $action) 2 -}}
      {{- $expression := $action._0 -}}
      {{- $trim := hasPrefix "- " $expression -}}
      {{- if $trim }}{{ $expression = trimPrefix "-" $expression }}{{ end -}}
      {{- if hasKey $state.known $expression -}}
        {{- $value = get $state.known $expression -}}
      {{- else if and (regexMatch "^ \\.Values(\\.[A-Za-z_][A-Za-z0-9_]*)+ $" $expression) (ne $expression " .Values.captain_domain ") -}}
        {{- $value = $state.root.Values -}}
        {{- range $key := slice (splitList "." (trim $expression)) 2 -}}
          {{- if and (kindIs "map" $value) (hasKey $value $key) }}{{ $value = index $value $key }}{{ else }}{{ $value = false }}{{ end -}}
        {{- end -}}
        {{- if or (not (kindIs "string" $value)) (contains "<no value>" $value) }}{{ $value = false }}{{ end -}}
      {{- end -}}
      {{- if kindIs "string" $value -}}
        {{- if $trim }}{{ $tail = regexReplaceAll "[ \\t\\r\\n]+$" $tail "" }}{{ end -}}
        {{- $done = print $done $tail $value -}}
        {{- $tail = $action._1 -}}
      {{- end -}}
    {{- end -}}
    {{- if not (kindIs "string" $value) -}}
      {{- $done = false -}}
      {{- break -}}
    {{- end -}}
  {{- end -}}
  {{- $rendered := $done -}}
  {{- if kindIs "string" $done }}{{ $rendered = print $done $tail }}{{ end -}}
  {{- if kindIs "string" $rendered -}}
    {{- $text = $rendered -}}
  {{- else -}}
    {{- if $state.noDomain -}}
      {{- include "app-chart.requireCaptainDomain" (dict "root" $state.root "text" $text "where" $label) -}}
    {{- end -}}
    {{- /* a comment renders nothing: it is there to name the entry in Helm's message when tpl fails */ -}}
    {{- $named := print "{{/* " (replace "*/" "* /" $label) " */}}" $text -}}
    {{- $text = tpl $named $state.root -}}
  {{- end -}}
{{- end -}}
{{- $documents := list $text -}}
{{- if contains "---" $text -}}
  {{- /* split where Helm splits the rendered output into manifests ("---" at the start of a line, whatever
  follows it), so every document Helm emits is one the checks below saw */ -}}
  {{- $documents = regexSplit "(?:^|\\s*\\n)---\\s*" $text -1 -}}
{{- end -}}
{{- $count := len $documents -}}
{{- range $index, $document := $documents -}}
  {{- $where := $label -}}
  {{- if gt $count 1 }}{{ $where = printf "%s (document %d of %d)" $label (add1 $index) $count }}{{ end -}}
  {{- $object := fromYaml $document -}}
  {{- if hasKey $object "Error" -}}
    {{- include "app-chart.customResources.parseError" (dict "where" $where "error" $object.Error "document" $document) -}}
  {{- end -}}
  {{- if $object -}}
    {{- $metadata := $object.metadata -}}
    {{- if not (and (kindIs "string" $object.apiVersion) $object.apiVersion (kindIs "string" $object.kind) $object.kind (kindIs "map" $metadata) (kindIs "string" $metadata.name) $metadata.name) -}}
      {{- include "app-chart.customResources.incomplete" (dict "object" $object "label" $where) -}}
    {{- end -}}
    {{- $group := dir $object.apiVersion -}}
    {{- if eq $group "." }}{{ $group = "core" }}{{ end -}}
    {{- $namespace := $metadata.namespace | default $state.namespace -}}
    {{- $identity := printf "%s %s %s/%s" $object.kind $group $namespace $metadata.name -}}
    {{- if hasKey $state.seen $identity -}}
      {{- fail (printf "%s and %s both render %s %s in namespace %s. Rename one (metadata.name) or remove one (an env file removes a map entry with \"key: null\")." (get $state.seen $identity) $where $object.kind $metadata.name $namespace) -}}
    {{- end -}}
    {{- $_ := set $state.seen $identity $where }}
---
# {{ $where }}
{{ trimAll "\n" $document }}
  {{- else if trim (regexReplaceAll "(?m)^[ \\t]*#.*$" $document "") -}}
    {{- fail (printf "%s: is an empty manifest (%s). Write the object, or set the entry to null to render nothing." $where (trim $document)) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app-chart.customResources.known: JSON map of the template actions entries use most (the chart's names, the release,
captain_domain, the chart's labels as an entry's metadata takes them), each written as the text between "{{" and
"}}" with one space either side (" include \"app.name\" . "), to its value in this render.
app-chart.customResources.entry replaces an entry's actions with these values in one pass over its source when every
action of the entry is one of them: the bytes tpl gives, without tpl's cost (tpl parses every template of the
chart again, per call). A value holding "<no value>" is left out: Helm's tpl deletes that text, so such an
entry goes through tpl.
Usage: include "app-chart.customResources.known" $ | fromJson
*/ -}}
{{- define "app-chart.customResources.known" -}}
{{- $known := dict
  " include \"app.name\" . " (include "app.name" .)
  " include \"app.namespace\" . " (include "app.namespace" .)
  " .Release.Name " .Release.Name
  " .Release.Namespace " .Release.Namespace -}}
{{- with include "app-chart.captainDomain" . }}{{ $_ := set $known " .Values.captain_domain " . }}{{ end -}}
{{- range $helper := list "app.labels" "chart.commonLabels" -}}
{{- $labels := include $helper $ -}}
{{- $_ := set $known (printf " include %q . " $helper) $labels -}}
{{- range $indent := list 2 4 6 8 -}}
{{- $_ := set $known (printf " include %q . | nindent %d " $helper $indent) (nindent $indent $labels) -}}
{{- $_ := set $known (printf " include %q . | indent %d " $helper $indent) (indent $indent $labels) -}}
{{- end -}}
{{- end -}}
{{- range $action, $value := $known }}{{ if contains "<no value>" $value }}{{ $_ := unset $known $action }}{{ end }}{{ end -}}
{{- toJson $known -}}
{{- end -}}

{{- /*
app-chart.customResources.checkKeys: fails on a customResourcesMap key that would break the "# <entry>" line the
chart writes before each document (a line break or other control character) or that Helm would alter
("<no value>").
Usage: include "app-chart.customResources.checkKeys" .Values.customResourcesMap
*/ -}}
{{- define "app-chart.customResources.checkKeys" -}}
{{- $bad := "[[:cntrl:]\\x{85}\\x{2028}\\x{2029}]|<no value>" -}}
{{- if regexMatch $bad (keys . | join " ") -}}
  {{- range $key, $_ := . -}}
    {{- if regexMatch $bad $key -}}
      {{- fail (printf "customResourcesMap: the key %q holds a line break, a control character or \"<no value>\". Name entries with letters, digits, \"-\", \"_\" and \".\"." $key) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- /*
app-chart.customResources.parseError: fails with a readable reason for a document fromYaml could not read.
Usage: include "app-chart.customResources.parseError" (dict "where" $where "error" $object.Error "document" $text)
*/ -}}
{{- define "app-chart.customResources.parseError" -}}
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
app-chart.customResources.incomplete: fails naming what the object lacks of apiVersion, kind and metadata.name.
Usage: include "app-chart.customResources.incomplete" (dict "object" $object "label" $where)
*/ -}}
{{- define "app-chart.customResources.incomplete" -}}
{{- $object := .object -}}
{{- $metadata := $object.metadata -}}
{{- if not (kindIs "map" $metadata) -}}{{- $metadata = dict -}}{{- end -}}
{{- $missing := list -}}
{{- range $field := list "apiVersion" "kind" -}}
  {{- $value := get $object $field -}}
  {{- if not (and (kindIs "string" $value) $value) -}}{{- $missing = append $missing $field -}}{{- end -}}
{{- end -}}
{{- if not (and (kindIs "string" $metadata.name) $metadata.name) -}}{{- $missing = append $missing "metadata.name" -}}{{- end -}}
{{- fail (printf "%s: has no %s. Every manifest needs apiVersion, kind and metadata.name (all strings)." .label (join ", " $missing)) -}}
{{- end -}}
