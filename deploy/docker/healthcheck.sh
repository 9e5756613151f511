#!/usr/bin/env bash
# Exits 0 when GET http://HOST:PORT/PATH answers 200, else 1 with the reason on stderr. The image's
# HEALTHCHECK and the chart's helm test use it: the JRE image has neither curl nor wget, but bash's
# /dev/tcp is enough for one HTTP/1.0 request.
set -uo pipefail
host="${1:-127.0.0.1}"
port="${2:-${SERVER_PORT:-8080}}"
path="${3:-/actuator/health/readiness}"

if ! exec 3<>"/dev/tcp/$host/$port"; then
  echo "unhealthy: cannot connect to $host:$port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
status=""
IFS= read -r -t 5 status <&3
exec 3<&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "unhealthy: $path answered '${status%$'\r'}'" >&2; exit 1 ;;
esac
