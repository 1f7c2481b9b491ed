{{- /*
app-chart.captainDomain: the platform's domain (captain_domain, which ArgoCD's platform values inject), or "" when it
is unset, empty, not a string, or holds "<no value>" (a text Helm deletes from what it renders).
Usage: include "app-chart.captainDomain" $
*/ -}}
{{- define "app-chart.captainDomain" -}}
{{- $domain := .Values.captain_domain -}}
{{- if and (kindIs "string" $domain) (not (contains "<no value>" $domain)) }}{{ $domain }}{{ end -}}
{{- end -}}

{{- /*
app-chart.requireCaptainDomain: fails when a text that is rendered with tpl builds a host from
{{ .Values.captain_domain }} while captain_domain is not set, which would render hosts such as "web.apps.".
A text that handles the unset case itself ({{ .Values.captain_domain | default "..." }}) passes.
Usage: include "app-chart.requireCaptainDomain" (dict "root" $ "text" $hostname "where" "ingress.entries[0].hosts[0].hostname")
*/ -}}
{{- define "app-chart.requireCaptainDomain" -}}
{{- if and (not (include "app-chart.captainDomain" .root)) (regexMatch "\\{\\{-?\\s*\\$?\\.Values\\.captain_domain\\s*-?\\}\\}" .text) -}}
  {{- fail (printf "%s: builds a host from {{ .Values.captain_domain }}, but captain_domain is not set, so the host would end in \".\" (e.g. \"web.apps.\"). Set captain_domain to the platform's domain (ArgoCD's platform values inject it; with helm: --set captain_domain=apps.example.com), or write the host in full." .where) -}}
{{- end -}}
{{- end -}}
