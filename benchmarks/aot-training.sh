#!/usr/bin/env bash
# What the image's AOT cache buys a freshly started service for its first modules and jobs
# (docs/benchmarks.md, "AOT cache and the first modules"): the packaged server started cold without
# the cache and with a cache from the Dockerfile's training run, and, in each, the first uploads of
# two npm modules (sql-wasm, rollup: an upload's time is its validation and translation) and the
# first job of a third module (the corpus's sort), submitted and awaited. One server process at a
# time, three rounds; run it on a quiet machine.
#   ./mvnw -pl integration-tests -am package -DskipTests && bash benchmarks/aot-training.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=api-server/target/timeslice-server.jar
bash programs/npm/fetch.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=18089
token=aot-probe

train() { # $1: cache file
  java -XX:AOTCacheOutput="$1" \
    -Dtimeslice.training-run=true -Dtimeslice.data-dir="$work/train-$RANDOM" -Dserver.port=0 \
    -jar "$jar" >"$work/train.log" 2>&1
}

ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }

probe() { # $1: label, $2: JVM option for the cache (or -Dno.cache)
  local data="$work/data-$RANDOM"
  TIMESLICE_ADMIN_TOKEN=$token SERVER_PORT=$port TIMESLICE_DATA_DIR="$data" \
    java "$2" -jar "$jar" >"$work/server.log" 2>&1 &
  local pid=$!
  local start; start=$(ms)
  until curl -sf "http://localhost:$port/actuator/health/readiness" >/dev/null; do sleep 0.1; done
  local ready=$(($(ms) - start))
  local key
  key=$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"probe"}' "http://localhost:$port/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["apiKey"])')
  local times=()
  for m in programs/npm/cache/sql-wasm.wasm programs/npm/cache/rollup.wasm; do
    local t0; t0=$(ms)
    curl -sf -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/wasm' \
      --data-binary @"$m" "http://localhost:$port/modules" >/dev/null
    times+=($(($(ms) - t0)))
  done
  local t0; t0=$(ms)
  local id
  id=$(curl -sf -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/wasm' \
    --data-binary @programs/wasm/corpus/sort.wasm "http://localhost:$port/modules" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  local job
  job=$(curl -sf -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"moduleId\":\"$id\",\"function\":\"run\",\"args\":[32]}" "http://localhost:$port/jobs" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -sf -H "Authorization: Bearer $key" "http://localhost:$port/jobs/$job?wait=30s" |
    grep -q '"status":"SUCCEEDED"'; do :; done
  local first_job=$(($(ms) - t0))
  kill "$pid" && wait "$pid" || true
  echo -e "$1\t$ready\t${times[0]}\t${times[1]}\t$first_job"
}

train "$work/app.aot"
echo -e "cache\tready_ms\tsql-wasm_upload_ms\trollup_upload_ms\tsort_upload+first_job_ms"
for round in 1 2 3; do
  probe "none" -Dno.cache=true
  probe "training run" -XX:AOTCache="$work/app.aot"
done
