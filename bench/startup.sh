#!/usr/bin/env bash
# bench/startup.sh — node start, memory and hot-deploy benchmark: Cairn against a bare Felix 7.
#
# Run from the repository root, after building the distribution:
#     mvn -B install -DskipTests        # builds distribution/target/cairn-0.1.0-SNAPSHOT/
#     bench/startup.sh
# It prints a Markdown report and writes it into BENCHMARKS.md, section
# "## Node start, memory and hot deploy (issue: foundation)". About 2.5 minutes on 2 cores.
#
# What it does, all in a temporary folder (the build output is only read):
#   1. builds a readiness probe bundle for bare Felix (javac + jar) and DROPS tiny bundles to drop
#      (javac + bench.py), from bench/src;
#   2. lays out a bare Felix (org.apache.felix.main 7.0.5 + SCR, ConfigAdmin, FileInstall) and a copy of
#      the Cairn distribution, whose first, untimed run writes its AppCDS archive;
#   3. starts the setups below RUNS times each, interleaved (round i starts each once, order rotated),
#      measuring start -> ready, RSS and CPU right after ready (bench/bench.py does one start);
#   4. drops DROPS bundles into a running Cairn node and times drop -> ACTIVE from its log;
#   5. a few extra runs with class-load logging and native memory tracking, to see where time and
#      memory go; then the report.
# Settings (environment): RUNS=10 DROPS=20 RUN_TIMEOUT=30 (s per start) BUDGET=420 (s: no new round
# after that) KEEP_WORK=1 (keep the temporary folder) JAVA_HOME (else java on the PATH).
# Only local files and processes; every process started is in bench/bench.py's pid list and killed
# on exit.
set -euo pipefail

RUNS=${RUNS:-10}
DROPS=${DROPS:-20}
RUN_TIMEOUT=${RUN_TIMEOUT:-30}
BUDGET=${BUDGET:-420}

BENCH=$(cd "$(dirname "$0")" && pwd -P)
REPO=$(dirname "$BENCH")
DIST=$REPO/distribution/target/cairn-0.1.0-SNAPSHOT
M2=${MAVEN_REPO:-$HOME/.m2/repository}
if [ -n "${JAVA_HOME:-}" ]; then JBIN=$JAVA_HOME/bin/; else JBIN=; fi
JAVA=${JBIN}java

# The setups must not inherit options from the caller's environment.
unset JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
for v in $(compgen -e | grep '^CAIRN_' || true); do unset "$v"; done

[ -x "$DIST/bin/cairn" ] || { echo "no distribution at $DIST: run mvn -B install -DskipTests first" >&2; exit 2; }
PY=$(python3 -c 'import sys; print(sys.executable)')   # skip the pyenv shim on every call

LOAD_START=$(cut -d ' ' -f 1 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench.XXXXXX")
mkdir -p "$WORK/pids" "$WORK/logs"
RESULTS=$WORK/results.jsonl
HELPER_PID=

cleanup() {
  local rc=$?
  set +e                                 # clean up whatever fails
  trap - EXIT INT TERM
  if [ -n "$HELPER_PID" ]; then          # bench.py stops its node on SIGTERM
    kill -TERM "$HELPER_PID" 2>/dev/null
    wait "$HELPER_PID" 2>/dev/null
  fi
  local f pid
  for f in "$WORK"/pids/*; do            # nodes bench.py started and has not reaped
    [ -e "$f" ] || continue
    pid=${f##*/}
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# bench.py in the background so that a signal to this script is handled at once.
py() {
  "$PY" "$BENCH/bench.py" "$@" &
  HELPER_PID=$!
  local rc=0
  wait "$HELPER_PID" || rc=$?
  HELPER_PID=
  return "$rc"
}

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# A Maven artifact from the local repository, fetched from Maven Central when missing.
artifact() {   # group artifact version
  local path="$M2/${1//.//}/$2/$3/$2-$3.jar"
  if [ ! -f "$path" ]; then
    log "fetching $1:$2:$3"
    mvn -B -q dependency:get -Dartifact="$1:$2:$3" -Dtransitive=false >&2
  fi
  echo "$path"
}

# ------------------------------------------------------------------ 1. probe and drop bundles
log "building the probe and $DROPS drop bundles in $WORK"
OSGI_CORE=$(artifact org.osgi osgi.core 8.0.0)
"${JBIN}javac" --release 11 -nowarn -cp "$OSGI_CORE" -d "$WORK/classes/probe" "$BENCH/src/bench/probe/ReadyProbe.java"
"${JBIN}javac" --release 11 -nowarn -cp "$OSGI_CORE" -d "$WORK/classes/drop" "$BENCH/src/bench/drop/Activator.java"
cat > "$WORK/probe.mf" <<'EOF'
Bundle-ManifestVersion: 2
Bundle-SymbolicName: bench.ready.probe
Bundle-Version: 1.0.0
Bundle-Activator: bench.probe.ReadyProbe
Import-Package: org.osgi.framework;version="[1.8,2)"
EOF
"${JBIN}jar" --create --file "$WORK/probe.jar" --manifest "$WORK/probe.mf" -C "$WORK/classes/probe" .
py mkjars --classes "$WORK/classes/drop" --out "$WORK/drops/jars" --count "$DROPS"

# ------------------------------------------------------------------ 2. bare Felix and Cairn
# Bare Felix: felix.jar finds ../conf/config.properties by itself, so the command is plain
# `java -jar bin/felix.jar`; one folder per storage kind (fresh / warm), the bundles shared.
mkdir -p "$WORK/felix-bundles"
cp "$(artifact org.apache.felix org.apache.felix.scr 2.2.18)" \
   "$(artifact org.osgi org.osgi.service.component 1.5.1)" \
   "$(artifact org.osgi org.osgi.util.promise 1.3.0)" \
   "$(artifact org.osgi org.osgi.util.function 1.2.0)" \
   "$(artifact org.apache.felix org.apache.felix.configadmin 1.9.26)" \
   "$(artifact org.apache.felix org.apache.felix.fileinstall 3.7.4)" "$WORK/felix-bundles/"
FELIX_MAIN=$(artifact org.apache.felix org.apache.felix.main 7.0.5)
for kind in fresh warm; do
  F=$WORK/felix-$kind
  mkdir -p "$F/bin" "$F/conf" "$F/load"
  cp "$FELIX_MAIN" "$F/bin/felix.jar"
  cat > "$F/conf/config.properties" <<EOF
org.osgi.framework.storage=$F/cache
felix.auto.deploy.dir=$WORK/felix-bundles
felix.auto.deploy.action=install,start
org.osgi.framework.startlevel.beginning=2
felix.auto.start.2=file:$WORK/probe.jar
felix.fileinstall.dir=$F/load
EOF
done

# Cairn: a copy of the distribution with empty data/ and deploy/ and no archive yet.
C=$WORK/cairn
cp -a "$DIST" "$C"
rm -rf "$C/data" "$C"/lib/*.jsa
find "$C/deploy" -mindepth 1 ! -name .keep -delete
mkdir -p "$WORK/data"

# One start of a setup: start_node <setup> [extra bench.py options...]
start_node() {
  local setup=$1; shift
  local out="$WORK/logs/$setup.$(date +%s%N).log"
  local common=(--setup "$setup" --out "$out" --results "$RESULTS" --pids "$WORK/pids" --timeout "$RUN_TIMEOUT")
  case $setup in
    felix-fresh|felix-warm|diag-felix|nmt-felix)
      local F=$WORK/felix-warm
      [ "$setup" = felix-fresh ] && { F=$WORK/felix-fresh; rm -rf "$F/cache"; }
      py start "${common[@]}" --kind probe --cwd "$F" "$@" -- "$JAVA" ${XOPTS:-} -Dlaunch.t0={t0} -jar "$F/bin/felix.jar" ;;
    cairn-fresh)
      rm -rf "$WORK/data/$setup"
      py start "${common[@]}" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/$setup" "$@" -- "$C/bin/cairn" ;;
    cairn-warm|diag-cairn|nmt-cairn)     # (c): bin/cairn as shipped, with its archive
      py start "${common[@]}" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/cairn-warm" \
        ${XOPTS:+--env JAVA_OPTS="$XOPTS"} "$@" -- "$C/bin/cairn" ;;
    cairn-stock)                          # (a): no JVM options at all but the two properties
      py start "${common[@]}" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/$setup" "$@" -- \
        "$JAVA" -Dlaunch.t0={t0} -Dcairn.home="$C" -jar "$C/lib/cairn.jar" ;;
    cairn-nocds)                          # (b): bin/cairn defaults without the archive
      py start "${common[@]}" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/$setup" --env CAIRN_CDS=off "$@" -- \
        "$C/bin/cairn" ;;
    cairn-g1)                             # (d): as (c) with G1 instead of the serial collector
      py start "${common[@]}" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/$setup" \
        --env JAVA_OPTS="-XX:-UseSerialGC -XX:+UseG1GC" "$@" -- "$C/bin/cairn" ;;
    *) echo "unknown setup $setup" >&2; return 2 ;;
  esac
}

log "first Cairn run writes the AppCDS archive"
py start --setup prime --out "$WORK/logs/prime.log" --results "$WORK/prime.jsonl" --pids "$WORK/pids" \
  --timeout "$RUN_TIMEOUT" --kind cairn --env CAIRN_DATA_DIR="$WORK/data/prime" -- "$C/bin/cairn"
JSA=$(ls "$C"/lib/*.jsa 2>/dev/null | head -n 1 || true)
[ -n "$JSA" ] || { echo "bin/cairn wrote no CDS archive in $C/lib; see $WORK/logs/prime.log" >&2; KEEP_WORK=1; exit 1; }
log "archive: ${JSA##*/} ($(( $(stat -c %s "$JSA") / 1024 )) KiB)"

# ------------------------------------------------------------------ 3. start, interleaved
SETUPS=(felix-fresh cairn-fresh felix-warm cairn-warm cairn-stock cairn-nocds cairn-g1)
log "round 0 (untimed: seeds the warm storage and the page cache)"
for s in "${SETUPS[@]}"; do start_node "$s"; done
mv "$RESULTS" "$WORK/round0.jsonl"

rounds=0
for ((i = 1; i <= RUNS; i++)); do
  if (( SECONDS > BUDGET )); then log "time budget of $BUDGET s used: stopping after $rounds rounds"; break; fi
  log "round $i of $RUNS"
  n=${#SETUPS[@]}
  for ((k = 0; k < n; k++)); do start_node "${SETUPS[$(( (k + i) % n ))]}"; done
  rounds=$i
done

# ------------------------------------------------------------------ 4. hot deploy
log "drop -> ACTIVE, $DROPS drops"
mkdir -p "$WORK/drops/deploy" "$WORK/drops/stage"
cp "$WORK"/drops/jars/*.jar "$WORK/drops/stage/"      # same file system as deploy/: mv is a rename
py drops --deploy "$WORK/drops/deploy" --stage "$WORK/drops/stage" --count "$DROPS" \
  --out "$WORK/logs/drops.log" --results "$RESULTS" --pids "$WORK/pids" --timeout "$RUN_TIMEOUT" \
  --env CAIRN_DATA_DIR="$WORK/data/drops" --env CAIRN_DEPLOY_DIR="$WORK/drops/deploy" -- "$C/bin/cairn"

# ------------------------------------------------------------------ 5. where time and memory go
log "diagnostics: class loading (3 runs each) and native memory (1 run each)"
for ((i = 1; i <= 3; i++)); do
  XOPTS="-Xlog:class+load=info:file=$WORK/logs/classes-cairn-$i.txt:timemillis,uptimemillis" \
    start_node diag-cairn --classlog "$WORK/logs/classes-cairn-$i.txt" --smaps "$WORK/logs/smaps-cairn-$i.txt"
  XOPTS="-Xlog:class+load=info:file=$WORK/logs/classes-felix-$i.txt:timemillis,uptimemillis" \
    start_node diag-felix --classlog "$WORK/logs/classes-felix-$i.txt" --smaps "$WORK/logs/smaps-felix-$i.txt"
done
XOPTS="-XX:NativeMemoryTracking=summary" start_node nmt-cairn --nmt "$WORK/logs/nmt-cairn.txt" --jcmd "${JBIN}jcmd"
XOPTS="-XX:NativeMemoryTracking=summary" start_node nmt-felix --nmt "$WORK/logs/nmt-felix.txt" --jcmd "${JBIN}jcmd"
java_version_call=no     # does bin/cairn start a JVM of its own (java -version) before the node's?
grep -Eq '"\$JAVA" +-version' "$C/bin/cairn" && java_version_call=yes
serial_heap_ignored=no
cds_info=$("$JAVA" -XX:+UseSerialGC -Xlog:cds=info -version 2>&1 || true)
case $cds_info in *"heap data is being ignored"*) serial_heap_ignored=yes ;; esac
archive_relocation=no    # does this JDK map CDS archives at a random address (and patch them)?
case $cds_info in *"ArchiveRelocationMode == 1"*) archive_relocation=yes ;; esac

# ------------------------------------------------------------------ report
failed=$(grep -c '"ok": false' "$RESULTS" || true)
py report --results "$RESULTS" --cairn-home "$C" --bench-md "$REPO/BENCHMARKS.md" \
  --nmt-cairn "$WORK/logs/nmt-cairn.txt" --nmt-felix "$WORK/logs/nmt-felix.txt" \
  --meta date="$(date -u +'%Y-%m-%d %H:%M UTC')" --meta runs="$rounds" --meta nproc="$(nproc)" \
  --meta cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
  --meta mem_gib="$(awk '/MemTotal/ {printf "%d", $2 / 1048576 + 0.5}' /proc/meminfo)" \
  --meta kernel="$(uname -r)" \
  --meta jdk="JDK $("$JAVA" -version 2>&1 | sed -n 's/.*(build \(.*\))$/\1/p' | head -n 1)" \
  --meta load="$LOAD_START at the start, $(cut -d ' ' -f 1 /proc/loadavg) at the end" \
  --meta elapsed="$SECONDS" --meta serial_heap_ignored="$serial_heap_ignored" \
  --meta java_version_call="$java_version_call" --meta archive_relocation="$archive_relocation"
log "done in $SECONDS s; BENCHMARKS.md updated"
if [ "$failed" -gt 0 ]; then log "$failed runs failed; logs in $WORK"; KEEP_WORK=1; exit 1; fi
