{{/*
Names, labels and the per-service configuration every template shares.
A "component" is one entry of .Values.services (documents, smartpost, tasks, portal, notify).
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "hausportal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; a release named like the chart is not repeated. */}}
{{- define "hausportal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* name-version for the helm.sh/chart label. */}}
{{- define "hausportal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "hausportal.labels" -}}
helm.sh/chart: {{ include "hausportal.chart" . }}
{{ include "hausportal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hausportal
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select the whole release. */}}
{{- define "hausportal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hausportal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Object name of one component: <fullname>-<service>. Call with (dict "root" $ "name" $name). */}}
{{- define "hausportal.componentName" -}}
{{- printf "%s-%s" (include "hausportal.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of one component's objects. app.kubernetes.io/component is the service name, or
.component when set: Job pods are "<name>-migrate" / "notify-digest" so that the service's
selector (and its Service endpoints and PodDisruptionBudget) never match them.
*/}}
{{- define "hausportal.componentLabels" -}}
{{ include "hausportal.labels" .root }}
app.kubernetes.io/component: {{ .component | default .name }}
{{- end }}

{{/* Selector labels of one service's pods. */}}
{{- define "hausportal.componentSelectorLabels" -}}
{{ include "hausportal.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
The effective configuration of one service: serviceDefaults deep-merged with
services.<name> (the service's values win; lists are replaced, not appended).
Returns YAML; use as
  $svc := include "hausportal.serviceConfig" (dict "root" $ "name" $name) | fromYaml
*/}}
{{- define "hausportal.serviceConfig" -}}
{{- $own := index .root.Values.services .name | default dict }}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) }}
{{- end }}

{{/* Names of the enabled services, sorted, as a YAML list under "names". */}}
{{- define "hausportal.enabledServices" -}}
names:
{{- range $name := keys .Values.services | sortAlpha }}
{{- $svc := include "hausportal.serviceConfig" (dict "root" $ "name" $name) | fromYaml }}
{{- if $svc.enabled }}
  - {{ $name }}
{{- end }}
{{- end }}
{{- end }}

{{/* Image reference of one service: image.repository + "-" + name unless the service names its own. */}}
{{- define "hausportal.image" -}}
{{- $svc := .svc }}
{{- $repository := $svc.image.repository | default (printf "%s-%s" .root.Values.image.repository .name) }}
{{- $tag := $svc.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- $digest := $svc.image.digest | default .root.Values.image.digest }}
{{- if $digest }}
{{- printf "%s@%s" $repository $digest }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}
{{- end }}

{{/* pull policy of one service. */}}
{{- define "hausportal.imagePullPolicy" -}}
{{- .svc.image.pullPolicy | default .root.Values.image.pullPolicy }}
{{- end }}

{{/* The ServiceAccount a service's pods run as. */}}
{{- define "hausportal.serviceAccountName" -}}
{{- if .svc.serviceAccount.create }}
{{- .svc.serviceAccount.name | default (include "hausportal.componentName" .) }}
{{- else }}
{{- .svc.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}

{{/* Browser-facing base URL: publicBaseUrl, else the Ingress host, else nothing (app default). */}}
{{- define "hausportal.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl }}
{{- .Values.publicBaseUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/* One env var read from an existing Secret. Call with (dict "name" "X" "secret" "s" "key" "k"). */}}
{{- define "hausportal.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end }}

{{/*
The environment of one service, the same for its Deployment, its migration Job and (notify)
the digest CronJob. Settings use the service's prefix: DOCUMENTS_, SMARTPOST_, ...
Call with (dict "root" $ "name" $name "svc" $svc).
*/}}
{{- define "hausportal.env" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $p := printf "%s_" (upper .name) }}
{{- $db := .svc.database | default dict }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: {{ $p }}ENVIRONMENT
  value: {{ $v.environment | quote }}
{{ include "hausportal.secretEnv" (dict "name" (printf "%sDATABASE_URL" $p) "secret" ($db.existingSecret | default $v.database.existingSecret) "key" ($db.urlKey | default $v.database.urlKey)) }}
- name: {{ $p }}DATABASE_SCHEMA
  value: {{ .name | quote }}
- name: {{ $p }}MIGRATE_ON_STARTUP
  value: "false"
- name: {{ $p }}BUS
  value: "kafka"
- name: {{ $p }}KAFKA_BOOTSTRAP_SERVERS
  value: {{ $v.kafka.bootstrapServers | quote }}
{{- with $v.kafka.topicPartitions }}
- name: {{ $p }}KAFKA_TOPIC_PARTITIONS
  value: {{ . | toString | quote }}
{{- end }}
{{- with $v.kafka.replicationFactor }}
- name: {{ $p }}KAFKA_REPLICATION_FACTOR
  value: {{ . | toString | quote }}
{{- end }}
- name: {{ $p }}STORAGE
  value: "s3"
- name: {{ $p }}S3_ENDPOINT
  value: {{ $v.s3.endpoint | quote }}
- name: {{ $p }}S3_SECURE
  value: {{ $v.s3.secure | toString | quote }}
- name: {{ $p }}S3_REGION
  value: {{ $v.s3.region | quote }}
- name: {{ $p }}S3_BUCKET
  value: {{ $v.s3.bucket | quote }}
{{ include "hausportal.secretEnv" (dict "name" (printf "%sS3_ACCESS_KEY" $p) "secret" $v.s3.existingSecret "key" $v.s3.accessKeyKey) }}
{{ include "hausportal.secretEnv" (dict "name" (printf "%sS3_SECRET_KEY" $p) "secret" $v.s3.existingSecret "key" $v.s3.secretKeyKey) }}
{{ include "hausportal.secretEnv" (dict "name" (printf "%sJWT_SECRET" $p) "secret" $v.jwt.existingSecret "key" $v.jwt.secretKey) }}
{{- with include "hausportal.publicBaseUrl" $root }}
- name: {{ $p }}PUBLIC_BASE_URL
  value: {{ . | quote }}
{{- end }}
- name: {{ $p }}LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: {{ $p }}LOG_JSON
  value: {{ $v.logJson | toString | quote }}
{{- /* the pod's component label: "<name>", or "<name>-migrate" / "notify-digest" in Jobs */}}
- name: {{ $p }}OTEL_SERVICE_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.labels['app.kubernetes.io/component']
{{- if $v.otel.enabled }}
- name: {{ $p }}OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $v.otel.endpoint | quote }}
{{- $attributes := list "service.namespace=hausportal" "k8s.namespace.name=$(POD_NAMESPACE)" "k8s.pod.name=$(POD_NAME)" (printf "deployment.environment=%s" $v.environment) }}
{{- range $key, $value := $v.otel.resourceAttributes }}
{{- $attributes = append $attributes (printf "%s=%s" $key (toString $value)) }}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ join "," $attributes | quote }}
{{- end }}
{{- if eq .name "documents" }}
- name: DOCUMENTS_MAX_UPLOAD_BYTES
  value: {{ $v.documents.maxUploadBytes | int64 | toString | quote }}
- name: DOCUMENTS_DELETED_RETENTION_DAYS
  value: {{ $v.documents.deletedRetentionDays | toString | quote }}
{{- end }}
{{- if eq .name "smartpost" }}
- name: SMARTPOST_MAX_UPLOAD_BYTES
  value: {{ $v.smartpost.maxUploadBytes | int64 | toString | quote }}
- name: SMARTPOST_SPLIT_WORKERS
  value: {{ $v.smartpost.splitWorkers | toString | quote }}
- name: SMARTPOST_DELETED_RETENTION_DAYS
  value: {{ $v.smartpost.deletedRetentionDays | toString | quote }}
- name: SMARTPOST_WORK_DIR
  value: /tmp/smartpost-work
{{- end }}
{{- if eq .name "tasks" }}
- name: TASKS_MAX_UPLOAD_BYTES
  value: {{ $v.tasks.maxUploadBytes | int64 | toString | quote }}
{{- end }}
{{- if or (eq .name "notify") (eq .name "portal") }}
{{- $portalUrl := $v.portalUrl }}
{{- if and (not $portalUrl) (include "hausportal.publicBaseUrl" $root) }}
{{- $portalUrl = printf "%s/portal" (include "hausportal.publicBaseUrl" $root) }}
{{- end }}
{{- with $portalUrl }}
- name: {{ $p }}PORTAL_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if eq .name "notify" }}
- name: NOTIFY_SMTP_HOST
  value: {{ $v.smtp.host | quote }}
- name: NOTIFY_SMTP_PORT
  value: {{ $v.smtp.port | toString | quote }}
- name: NOTIFY_SMTP_STARTTLS
  value: {{ $v.smtp.starttls | toString | quote }}
- name: NOTIFY_MAIL_FROM
  value: {{ $v.smtp.from | quote }}
- name: NOTIFY_DIGEST_HOUR
  value: {{ $v.digest.hour | toString | quote }}
{{- if $v.smtp.existingSecret }}
{{ include "hausportal.secretEnv" (dict "name" "NOTIFY_SMTP_USERNAME" "secret" $v.smtp.existingSecret "key" $v.smtp.usernameKey) }}
{{ include "hausportal.secretEnv" (dict "name" "NOTIFY_SMTP_PASSWORD" "secret" $v.smtp.existingSecret "key" $v.smtp.passwordKey) }}
{{- end }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with .svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* envFrom of one service: global then per-service extraEnvFrom (ConfigMap/Secret refs). */}}
{{- define "hausportal.envFrom" -}}
{{- $all := concat (.root.Values.extraEnvFrom | default list) (.svc.extraEnvFrom | default list) }}
{{- with $all }}
envFrom:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Pod-level scheduling and security shared by Deployment, Job and CronJob pods. */}}
{{- define "hausportal.podCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . | quote }}
{{- end }}
{{- end }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml .svc.podSecurityContext | nindent 2 }}
{{- with .svc.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with .svc.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .svc.tmpSizeLimit | quote }}
{{- end }}

{{/* Container-level settings shared by every container of a service. */}}
{{- define "hausportal.containerCommon" -}}
image: {{ include "hausportal.image" . | quote }}
imagePullPolicy: {{ include "hausportal.imagePullPolicy" . }}
securityContext:
  {{- toYaml .svc.securityContext | nindent 2 }}
env:
  {{- include "hausportal.env" . | trim | nindent 2 }}
{{- include "hausportal.envFrom" . }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}
