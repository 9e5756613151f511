{{/* The chart's name, or nameOverride. */}}
{{- define "timeslice.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name for the objects, at most 63 characters (a DNS label). */}}
{{- define "timeslice.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "timeslice.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "timeslice.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "timeslice.selectorLabels" -}}
app.kubernetes.io/name: {{ include "timeslice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "timeslice.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "timeslice.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "timeslice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "timeslice.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding admin-token, database-username and database-password. */}}
{{- define "timeslice.secretName" -}}
{{- default (include "timeslice.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{- define "timeslice.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* True when more than one pod may run at once. */}}
{{- define "timeslice.multiPod" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{- end }}
{{- end }}

{{/* Fails the render on combinations that cannot work. */}}
{{- define "timeslice.validate" -}}
{{- if and (include "timeslice.multiPod" .) (not .Values.externalDatabase.enabled) }}
{{- fail "replicaCount > 1 or autoscaling needs externalDatabase.enabled: each pod's embedded PostgreSQL would hold its own jobs" }}
{{- end }}
{{- if and .Values.externalDatabase.enabled (not .Values.externalDatabase.url) }}
{{- fail "externalDatabase.enabled needs externalDatabase.url (a jdbc:postgresql:// URL)" }}
{{- end }}
{{- end }}
