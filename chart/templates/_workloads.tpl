{{- /*
app.deployment.enabled: "true" when the chart renders a Deployment, else empty.
Usage: if include "app.deployment.enabled" .
*/ -}}
{{- define "app.deployment.enabled" -}}
{{- if (.Values.deployment).enabled }}true{{ end -}}
{{- end -}}

{{- /*
app.service.enabled: "true" when the chart renders its Service: service.enabled, or an Ingress that needs it.
Usage: if include "app.service.enabled" .
*/ -}}
{{- define "app.service.enabled" -}}
{{- if or (.Values.service).enabled (.Values.ingress).enabled }}true{{ end -}}
{{- end -}}
