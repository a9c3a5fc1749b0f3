#!/usr/bin/env bash
# bench/startup-platform.sh — the platform on the class path (issue 13): Cairn's start with its system bundles'
# classes loaded by the application class loader (bin/cairn's default) against the old way
# (CAIRN_CLASSPATH_PLATFORM=off: a bundle class loader each) and against a bare Felix 7, side by side.
#
# It measures the spike of commit 3cc549a (branch connect), whose launcher and bin/cairn have both switches; the
# launcher on main has neither (BENCHMARKS.md says why). To run it again, build a distribution from that commit:
#     git worktree add /tmp/spike 3cc549a && (cd /tmp/spike && mvn -B install -DskipTests)
#     DIST=/tmp/spike/distribution/target/cairn-0.1.0-SNAPSHOT bench/startup-platform.sh
# It prints a Markdown report and writes it into BENCHMARKS.md, section
# "## The platform on the class path (issue 13)" (keeping its "### " notes). About 4 minutes on 2 cores.
#
# What it does, all in a temporary folder (the build output is only read):
#   1. lays out the bare Felix of bench/startup.sh (org.apache.felix.main 7.0.5 + SCR, ConfigAdmin, FileInstall,
#      a probe bundle that prints `ready`) and two copies of the distribution, one per way, each with the AppCDS
#      archive its first, untimed run makes (bin/cairn keeps one archive per lib/, so the ways cannot share one);
#   2. starts the six setups RUNS times, interleaved (round i starts each once, order rotated), measuring
#      spawn -> ready, RSS and CPU right after ready (bench/bench.py start);
#   3. times drop -> ACTIVE of DROPS bundles in a running node of each way (bench/bench.py drops);
#   4. counts, from one class-load log per way, where the classes loaded until ready came from; then the report.
# Settings (environment): RUNS=12 DROPS=20 RUN_TIMEOUT=30 (s per start) BUDGET=480 (s: no new round after
# that) DIST (the distribution folder) KEEP_WORK=1 (keep the temporary folder) JAVA_HOME (else java on the PATH).
set -euo pipefail

RUNS=${RUNS:-12}
DROPS=${DROPS:-20}
RUN_TIMEOUT=${RUN_TIMEOUT:-30}
BUDGET=${BUDGET:-480}

BENCH=$(cd "$(dirname "$0")" && pwd -P)
REPO=$(dirname "$BENCH")
DIST=${DIST:-$REPO/distribution/target/cairn-0.1.0-SNAPSHOT}
M2=${MAVEN_REPO:-$HOME/.m2/repository}
if [ -n "${JAVA_HOME:-}" ]; then JBIN=$JAVA_HOME/bin/; else JBIN=; fi
JAVA=${JBIN}java

unset JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
for v in $(compgen -e | grep '^CAIRN_' || true); do unset "$v"; done

[ -x "$DIST/bin/cairn" ] || { echo "no distribution at $DIST: run mvn -B install -DskipTests first" >&2; exit 2; }
grep -q CAIRN_CLASSPATH_PLATFORM "$DIST/bin/cairn" || { echo "$DIST/bin/cairn has no class-path platform: build the spike (commit 3cc549a, see the top of this script)" >&2; exit 2; }
PY=$(python3 -c 'import sys; print(sys.executable)')

LOAD_START=$(cut -d ' ' -f 1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-platform.XXXXXX")
mkdir -p "$WORK/pids" "$WORK/logs" "$WORK/data"
RESULTS=$WORK/results.jsonl
HELPER_PID=

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$HELPER_PID" ]; then kill -TERM "$HELPER_PID" 2>/dev/null; wait "$HELPER_PID" 2>/dev/null; fi
  local f
  for f in "$WORK"/pids/*; do [ -e "$f" ] && kill -KILL -- "-${f##*/}" 2>/dev/null; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

py() {
  "$PY" "$BENCH/bench.py" "$@" &
  HELPER_PID=$!
  local rc=0
  wait "$HELPER_PID" || rc=$?
  HELPER_PID=
  return "$rc"
}
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
artifact() {   # group artifact version: a jar from the local repository, fetched when missing
  local path="$M2/${1//.//}/$2/$3/$2-$3.jar"
  [ -f "$path" ] || mvn -B -q dependency:get -Dartifact="$1:$2:$3" -Dtransitive=false >&2
  echo "$path"
}

# ------------------------------------------------------------------ 1. layouts
log "probe, drop bundles, bare Felix and two copies of the distribution in $WORK"
OSGI_CORE=$(artifact org.osgi osgi.core 8.0.0)
"${JBIN}javac" --release 11 -nowarn -cp "$OSGI_CORE" -d "$WORK/classes/probe" "$BENCH/src/bench/probe/ReadyProbe.java"
"${JBIN}javac" --release 11 -nowarn -cp "$OSGI_CORE" -d "$WORK/classes/drop" "$BENCH/src/bench/drop/Activator.java"
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: bench.ready.probe\nBundle-Version: 1.0.0\nBundle-Activator: bench.probe.ReadyProbe\nImport-Package: org.osgi.framework;version="[1.8,2)"\n' > "$WORK/probe.mf"
"${JBIN}jar" --create --file "$WORK/probe.jar" --manifest "$WORK/probe.mf" -C "$WORK/classes/probe" .
py mkjars --classes "$WORK/classes/drop" --out "$WORK/drops/jars" --count "$DROPS"

mkdir -p "$WORK/felix-bundles"
cp "$(artifact org.apache.felix org.apache.felix.scr 2.2.18)" "$(artifact org.osgi org.osgi.service.component 1.5.1)" \
   "$(artifact org.osgi org.osgi.util.promise 1.3.0)" "$(artifact org.osgi org.osgi.util.function 1.2.0)" \
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

# "bl": bundle class loaders (CAIRN_CLASSPATH_PLATFORM=off, as every release so far); "cp": the class-path platform
# (boot delegation to the application class loader); "cn": OSGi Connect (CAIRN_SPIKE=connect: connect: locations).
for way in bl cp cn; do
  cp -a "$DIST" "$WORK/cairn-$way"
  rm -rf "$WORK/cairn-$way/data" "$WORK/cairn-$way"/lib/*.jsa
  find "$WORK/cairn-$way/deploy" -mindepth 1 ! -name .keep -delete
done
way_env() { case $1 in bl) echo CAIRN_CLASSPATH_PLATFORM=off ;; cp) echo CAIRN_CLASSPATH_PLATFORM=on ;; cn) echo CAIRN_SPIKE=connect ;; esac; }

start_node() {   # start_node <setup> [bench.py options...]
  local setup=$1; shift
  local common=(--setup "$setup" --out "$WORK/logs/$setup.$(date +%s%N).log" --results "$RESULTS"
                --pids "$WORK/pids" --timeout "$RUN_TIMEOUT")
  case $setup in
    felix-fresh|felix-warm)
      local F=$WORK/felix-${setup#felix-}
      [ "$setup" = felix-fresh ] && rm -rf "$F/cache"
      py start "${common[@]}" --kind probe --cwd "$F" "$@" -- "$JAVA" -Dlaunch.t0={t0} -jar "$F/bin/felix.jar" ;;
    cp-fresh|bl-fresh|cn-fresh|cp-warm|bl-warm|cn-warm|cp-diag|bl-diag|cn-diag)
      local way=${setup%-*} data=$WORK/data/$setup
      case $setup in *-fresh) rm -rf "$data" ;; *-diag) data=$WORK/data/$way-warm ;; esac
      py start "${common[@]}" --kind cairn --env "$(way_env "$way")" --env CAIRN_DATA_DIR="$data" \
        ${XOPTS:+--env JAVA_OPTS="$XOPTS"} "$@" -- "$WORK/cairn-$way/bin/cairn" ;;
    *) echo "unknown setup $setup" >&2; return 2 ;;
  esac
}

for way in bl cp cn; do
  log "first run of way $way writes its AppCDS archive"
  py start --setup "prime-$way" --out "$WORK/logs/prime-$way.log" --results "$WORK/prime.jsonl" --pids "$WORK/pids" \
    --timeout "$RUN_TIMEOUT" --kind cairn --env "$(way_env "$way")" --env CAIRN_DATA_DIR="$WORK/data/prime-$way" \
    -- "$WORK/cairn-$way/bin/cairn"
  ls "$WORK/cairn-$way"/lib/*.jsa >/dev/null 2>&1 || { echo "way $way wrote no archive; see $WORK/logs" >&2; KEEP_WORK=1; exit 1; }
done

# ------------------------------------------------------------------ 2. start, interleaved
SETUPS=(felix-fresh bl-fresh cp-fresh cn-fresh felix-warm bl-warm cp-warm cn-warm)
log "round 0 (untimed: seeds the warm storage and the page cache)"
for s in "${SETUPS[@]}"; do start_node "$s"; done
mv "$RESULTS" "$WORK/round0.jsonl"
rounds=0
for ((i = 1; i <= RUNS; i++)); do
  if (( SECONDS > BUDGET )); then log "time budget of $BUDGET s used: stopping after $rounds rounds"; break; fi
  log "round $i of $RUNS (load $(cut -d ' ' -f 1 /proc/loadavg))"
  n=${#SETUPS[@]}
  for ((k = 0; k < n; k++)); do start_node "${SETUPS[$(( (k + i) % n ))]}"; done
  rounds=$i
done

# ------------------------------------------------------------------ 3. hot deploy, each way
for way in bl cp cn; do
  log "drop -> ACTIVE, way $way, $DROPS drops"
  mkdir -p "$WORK/drops-$way/deploy" "$WORK/drops-$way/stage"
  cp "$WORK"/drops/jars/*.jar "$WORK/drops-$way/stage/"
  py drops --deploy "$WORK/drops-$way/deploy" --stage "$WORK/drops-$way/stage" --count "$DROPS" \
    --out "$WORK/logs/drops-$way.log" --results "$WORK/drops-$way.jsonl" --pids "$WORK/pids" --timeout "$RUN_TIMEOUT" \
    --env "$(way_env "$way")" --env CAIRN_DATA_DIR="$WORK/data/drops-$way" --env CAIRN_DEPLOY_DIR="$WORK/drops-$way/deploy" \
    -- "$WORK/cairn-$way/bin/cairn"
done

# ------------------------------------------------------------------ 4. where the classes came from
for way in bl cp cn; do
  XOPTS="-Xlog:class+load=info:file=$WORK/logs/classes-$way.txt" start_node "$way-diag"
done

"$PY" - "$RESULTS" "$WORK" "$REPO/BENCHMARKS.md" "$rounds" "$LOAD_START" "$(cut -d ' ' -f 1-3 /proc/loadavg)" \
  "$SECONDS" "$("$JAVA" -version 2>&1 | sed -n 's/.*(build \(.*\))$/\1/p' | head -n 1)" <<'EOF'
import json, math, re, statistics, sys, datetime, os
results, work, md, rounds, load0, load1, elapsed, jdk = sys.argv[1:9]
by = {}
for line in open(results):
    r = json.loads(line); by.setdefault(r["setup"], []).append(r)
def ok(s): return [r for r in by.get(s, []) if r["ok"]]
def med(s, k):
    v = [r[k] for r in ok(s) if r.get(k) is not None]
    return statistics.median(v) if v else None
def rng(s):
    v = [r["wall_ms"] for r in ok(s)]
    return "**%d** (%d–%d)" % (statistics.median(v), min(v), max(v)) if v else "failed"
def pct(v, p):
    s = sorted(v); return s[max(0, math.ceil(p / 100 * len(s)) - 1)]
def drops(way):
    try:
        r = json.loads(open(os.path.join(work, "drops-%s.jsonl" % way)).read().splitlines()[-1])
    except (OSError, IndexError):
        return None
    return r["latencies_ms"] if r["ok"] else None
import glob, zipfile
SYSTEM_CLASSES = set()   # the classes system/'s JARs hold (not the JARs they embed)
for jar in glob.glob(os.path.join(work, "cairn-bl", "system", "*", "*.jar")):
    with zipfile.ZipFile(jar) as z:
        SYSTEM_CLASSES.update(n[:-6].replace("/", ".") for n in z.namelist()
                              if n.endswith(".class") and not n.startswith("META-INF/"))
def sources(way):
    c = {"total": 0, "jdk": 0, "app": 0, "jar": 0, "system": 0, "other": 0, "sys_all": 0, "sys_archive": 0}
    try:
        lines = open(os.path.join(work, "logs", "classes-%s.txt" % way)).read().splitlines()
    except OSError:
        return c
    for l in lines:
        m = re.search(r"source: (.*)$", l)
        if not m: continue
        c["total"] += 1; s = m.group(1)
        name = l.split("]")[-1].split()[0]
        if name in SYSTEM_CLASSES:
            c["sys_all"] += 1
            if s.startswith("shared objects file (top)"): c["sys_archive"] += 1
        if s == "shared objects file": c["jdk"] += 1
        elif s.startswith("shared objects file (top)"): c["app"] += 1
        elif "/system/" in s and s.endswith(".jar"): c["system"] += 1; c["jar"] += 1
        elif s.startswith("file:") or s.startswith("jar:"): c["jar"] += 1
        else: c["other"] += 1
    return c
def ratio(a, b): return "%.2f" % (a / b) if a and b else "–"
mib = lambda k: "–" if k is None else "%.1f" % (k / 1024)
ms = lambda v: "–" if v is None else "%d" % round(v)
W = (("bl", "bundle class loaders (as released)"), ("cp", "class-path platform (boot delegation)"), ("cn", "OSGi Connect (spike)"))
fw, ff = med("felix-warm", "wall_ms"), med("felix-fresh", "wall_ms")
out = []
out.append("## The platform on the class path (issue 13)\n")
out.append("Measured %s by `bench/startup-platform.sh` (%s s) on %d cores, JDK %s; load average (1, 5, 15 min) %s at "
           "the start, %s at the end: the machine is shared and was busy, so compare within the table, by ratios, and "
           "read CPU time to ready first (it depends less on the other load than wall time).\n"
           % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), elapsed, os.cpu_count(), jdk, load0, load1))
out.append("- Three ways to start the same distribution (three copies, each with the AppCDS archive its first run made), "
           "and bench/startup.sh's bare Felix (SCR, ConfigAdmin, FileInstall, a ready probe; `java -jar felix.jar`):")
out.append("  - **bundle class loaders**: `bin/cairn` as released: each system bundle has its own Felix class loader;")
out.append("  - **class-path platform**: system/'s JARs on the class path after lib/'s, and each system bundle (but the broker, "
           "which embeds JARs: its JAR is on the class path but it keeps its own loader) given the application class loader as its boot-delegation loader "
           "(`felix.bootdelegation.classloaders`): its classes are defined by a built-in loader;")
out.append("  - **OSGi Connect**: the same class path, and Felix's `ConnectFrameworkFactory` with a `ModuleConnector` that "
           "connects `connect:file:…jar` locations: headers and entries from the JAR, the application class loader as "
           "the bundle's class loader.")
out.append("- %s interleaved rounds after one untimed round; each round starts all eight setups once, order rotated. "
           "Spawn → ready as in bench/startup.sh; fresh = empty data/ (or Felix cache), warm = the previous run's. "
           "Drop → ACTIVE: 20 bundles dropped into a running node of each way, as in bench/startup.sh.\n" % rounds)
out.append("| Measure | bare Felix | " + " | ".join("Cairn, " + n for _, n in W) + " |")
out.append("|---|--:|" + "--:|" * len(W))
def row(label, cells): out.append("| %s | %s |" % (label, " | ".join(cells)))
row("Start → ready, warm, median (min–max), ms", [rng("felix-warm")] + [rng(w + "-warm") for w, _ in W])
row("… / bare Felix", ["1"] + [ratio(med(w + "-warm", "wall_ms"), fw) for w, _ in W])
row("Start → ready, fresh, median (min–max), ms", [rng("felix-fresh")] + [rng(w + "-fresh") for w, _ in W])
row("… / bare Felix", ["1"] + [ratio(med(w + "-fresh", "wall_ms"), ff) for w, _ in W])
row("CPU time to ready, warm / fresh, median, ms", ["%s / %s" % (ms(med(s + "-warm", "cpu_ms")), ms(med(s + "-fresh", "cpu_ms"))) for s in ["felix"] + [w for w, _ in W]])
row("… warm / bare Felix", ["1"] + [ratio(med(w + "-warm", "cpu_ms"), med("felix-warm", "cpu_ms")) for w, _ in W])
row("Cairn's own `ready in`, warm / fresh, median, ms", ["–"] + ["%s / %s" % (ms(med(w + "-warm", "self_ms")), ms(med(w + "-fresh", "self_ms"))) for w, _ in W])
row("RSS right after ready, warm, median (anon / file), MiB", ["%s (%s / %s)" % tuple(mib(med(s + "-warm", k)) for k in ("rss_kib", "anon_kib", "file_kib")) for s in ["felix"] + [w for w, _ in W]])
row("Drop → ACTIVE, p50 / p95 (nearest rank), ms", ["–"] + [("%d / %d" % (pct(d, 50), pct(d, 95))) if d else "failed" for d in (drops(w) for w, _ in W)])
out.append("")
out.append("Classes loaded until the node stopped, one warm run of each way with `-Xlog:class+load`:\n")
src = [sources(w) for w, _ in W]
out.append("| Source | " + " | ".join(n for _, n in W) + " |")
out.append("|---|" + "--:|" * len(W))
for key, label in (("total", "total"), ("jdk", "JDK's CDS archive"), ("app", "Cairn's AppCDS archive (lib/*.jsa)"),
                   ("jar", "parsed from JARs"), ("system", "… of which from system/'s JARs"), ("other", "generated (lambdas, proxies, reflection) and other"),
                   ("sys_all", "classes of system/'s JARs, wherever from"), ("sys_archive", "… of which from Cairn's AppCDS archive")):
    out.append("| %s | %s |" % (label, " | ".join(str(c[key]) for c in src)))
out.append("")
section = "\n".join(out) + "\n"
print(section)
text = open(md).read()
start = text.find("## The platform on the class path (issue 13)")
if start < 0:
    text = text.rstrip("\n") + "\n\n" + section
else:
    end = text.find("\n## ", start + 3)
    keep = "" if end < 0 else text[end:]
    # hand-written notes under "### " headings inside the section are kept
    notes = text.find("\n### ", start, end if end >= 0 else len(text))
    if notes >= 0:
        keep = text[notes:end if end >= 0 else len(text)] + keep
    text = text[:start] + section.rstrip("\n") + "\n" + keep
open(md, "w").write(text)
EOF
log "done in $SECONDS s; BENCHMARKS.md updated"
failed=$(cat "$RESULTS" "$WORK"/drops-*.jsonl | grep -c '"ok": false' || true)
if [ "$failed" -gt 0 ]; then log "$failed runs failed; logs in $WORK"; KEEP_WORK=1; exit 1; fi
