#!/usr/bin/env bash
# The bus's publish and request paths with grants beside the same paths without, in alternating short JMH forks,
# so that both meet the same machine: on 2 shared cores one long run per benchmark mostly measures the neighbours.
# Prints each pair and the median ratio. Usage: bench/jmh/grants.sh [pairs]   (after: mvn -B -q -pl bench/jmh -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")"
pairs=${1:-8}
jar=target/benchmarks.jar
run() {   # benchmark -> score
  java -jar "$jar" "BusBenchmark.$1\$" -f 1 -wi 3 -w 1 -i 4 -r 1 -rf csv -rff /tmp/grants-$$.csv >/dev/null 2>&1
  tail -1 /tmp/grants-$$.csv | cut -d, -f5
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %14s %14s %7s %12s %12s %7s\n' pair publish/s granted/s ratio request_ns granted_ns ratio
pub=(); req=()
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then a=$(run publishToOneSubscriber); b=$(run publishToOneSubscriberWithGrants)
  else b=$(run publishToOneSubscriberWithGrants); a=$(run publishToOneSubscriber); fi
  if (( i % 2 )); then c=$(run requestReply); d=$(run requestReplyWithGrants)
  else d=$(run requestReplyWithGrants); c=$(run requestReply); fi
  p=$(awk -v x="$b" -v y="$a" 'BEGIN {print x / y}'); r=$(awk -v x="$d" -v y="$c" 'BEGIN {print x / y}')
  pub+=("$p"); req+=("$r")
  printf '%-4s %14.0f %14.0f %7.3f %12.1f %12.1f %7.3f\n' "$i" "$a" "$b" "$p" "$c" "$d" "$r"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "median granted/bare: publish throughput $(median "${pub[@]}"), request time $(median "${req[@]}")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f /tmp/grants-$$.csv
