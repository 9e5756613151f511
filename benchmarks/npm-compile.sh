#!/usr/bin/env bash
# Compile times of the large npm modules (programs/npm, fetched by its fetch.sh): V8's
# `new WebAssembly.Module` and the engine in each compilation mode, one process per module and mode,
# in the same run. Needs the benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests) and node.
#   bash benchmarks/npm-compile.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
jar=benchmarks/target/benchmarks.jar
bash programs/npm/fetch.sh
echo -e "module\tengine\tbytes\tcold_ms\twarm_ms\t(V8: validate warm_ms)\tpeak_rss_mib\toutcome"
while IFS=$'\t' read -r name _; do
  case "$name" in '#'* | '') continue ;; esac
  file="programs/npm/cache/$name.wasm"
  node benchmarks/node/compile.mjs "$file" "$rounds"
  for mode in EAGER LAZY_TRANSLATION LAZY; do
    java -cp "$jar" io.timeslice.bench.CompileProbe "$mode" "$rounds" "$file" |
      awk -F'\t' -v OFS='\t' '{ print $1, $2, $3, $4, $5, "", $6, $7 }'
  done
done <programs/npm/modules.tsv
