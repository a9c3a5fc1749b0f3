#!/bin/sh
# The bus's publish and request paths before tracing and call metrics (OLD jar, built at an earlier commit) and
# now, in each observe mode, interleaved: old, new, old, new — so a noisy machine shifts both alike.
# usage: bench/observe/tracing.sh OLD_BENCHMARKS_JAR NEW_BENCHMARKS_JAR [OUT_DIR]
set -eu
old=$1 new=$2 out=${3:-target/bench-observe}
mkdir -p "$out"
paths='BusBenchmark\.(publishToOneSubscriber|publishToOneSubscriberWithGrants|requestReply|requestReplyWithGrants)$'
for round in 1 2; do
  java -Djmh.ignoreLock=true -jar "$old" "$paths" -f 1 -wi 2 -w 1s -i 5 -r 1s -rf json -rff "$out/old-$round.json" > "$out/old-$round.txt"
  java -Djmh.ignoreLock=true -jar "$new" "$paths" -f 1 -wi 2 -w 1s -i 5 -r 1s -rf json -rff "$out/new-$round.json" > "$out/new-$round.txt"
done
for f in "$out"/old-*.txt "$out"/new-*.txt; do echo "== $f"; sed -n '/^Benchmark/,$p' "$f"; done
