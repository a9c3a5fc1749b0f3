#!/usr/bin/env bash
# HTTP benchmarks of a node (results in BENCHMARKS.md, "HTTP"): requests per second and p99 of GET /health and
# GET / (the hello example) under wrk on loopback, and what the HTTP stack adds to a node's start and RSS.
# Needs the built distribution and wrk (apt-get install wrk). Short on purpose: the machine is shared.
#   bench/web/bench.sh [duration, default 10s] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
DIST=$(ls -d distribution/target/cairn-*-SNAPSHOT 2>/dev/null | head -1)
DURATION=${1:-10s}
CONNS=${2:-16}
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "bench/web: wrk is missing (apt-get install wrk)" >&2; exit 2; }
PORT=18$((RANDOM % 900 + 100))

node() {   # $1: with-http|without-http; starts a fresh node, waits for ready, prints start ms and RSS KiB
  rm -rf "$WORK/node" && cp -r "$DIST" "$WORK/node" && rm -rf "$WORK/node/data" "$WORK/node/deploy"/*
  cp distribution/target/examples/hello.jar "$WORK/node/deploy/"
  [ "$1" = with-http ] && printf 'http.port = %s\n' "$PORT" > "$WORK/node/conf/dev.cairn.web.cfg"
  CAIRN_CDS=off CAIRN_NODE_ID=bench "$WORK/node/bin/cairn" > "$WORK/out.log" 2>&1 & echo $! > "$WORK/pid"
  for _ in $(seq 1 300); do grep -q ' ready in ' "$WORK/out.log" && break; sleep 0.1; done
  grep -q 'Hello, world!' "$WORK/out.log" || sleep 1
  [ "$1" = with-http ] && for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
  sleep 2   # let the start-up settle before measuring memory
  local ms rss; ms=$(grep -o 'ready in [0-9]* ms' "$WORK/out.log" | grep -o '[0-9]*'); rss=$(ps -o rss= -p "$(cat "$WORK/pid")" | tr -d ' ')
  echo "$1: ready in ${ms} ms, RSS ${rss} KiB"
}

stop() { kill "$(cat "$WORK/pid")"; wait "$(cat "$WORK/pid")" 2>/dev/null || true; }

for run in 1 2 3; do node without-http; stop; done
for run in 1 2 3; do node with-http; stop; done

node with-http
for path in /health /; do
  echo "== GET $path, $CONNS connections, 2 threads, $DURATION"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path" | grep -E 'Requests/sec|99%|50%|Non-2xx|Socket errors'
done
echo "RSS after load: $(ps -o rss= -p "$(cat "$WORK/pid")" | tr -d ' ') KiB"
stop
