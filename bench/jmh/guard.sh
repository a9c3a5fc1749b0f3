#!/usr/bin/env bash
# What a circuit breaker and a rate limit cost on the in-JVM request path: GuardBenchmark's request with no guard
# beside the same request with a breaker elsewhere (the look-up), through a breaker, and through a rate limit, in
# alternating short JMH forks so that all meet the same machine (2 shared cores: one long run mostly measures the
# neighbours). Prints each round and the median of each. Usage: bench/jmh/guard.sh [rounds]
# (after: mvn -B -q -pl bench/jmh -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-6}
jar=target/benchmarks.jar
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
run() {   # benchmark -> ns per request
  java -jar "$jar" "GuardBenchmark.$1\$" -f 1 -wi 3 -w 1 -i 4 -r 1 -rf csv -rff "$csv" >/dev/null 2>&1
  tail -1 "$csv" | cut -d, -f5
}
names=(requestNoGuard requestBreakerElsewhere requestThroughBreaker requestRateLimited)
declare -A all
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s' round; printf ' %24s' "${names[@]}"; echo
for i in $(seq 1 "$rounds"); do
  order=("${names[@]}")
  (( i % 2 )) || order=(requestRateLimited requestThroughBreaker requestBreakerElsewhere requestNoGuard)
  declare -A got=()
  for n in "${order[@]}"; do got[$n]=$(run "$n"); all[$n]+="${got[$n]} "; done
  printf '%-6s' "$i"; for n in "${names[@]}"; do printf ' %24.1f' "${got[$n]}"; done; echo
done
median() { printf '%s\n' $1 | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf '%-6s' median; for n in "${names[@]}"; do printf ' %24.1f' "$(median "${all[$n]}")"; done; echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
