#!/usr/bin/env bash
# bench/arm/boot.sh — the distribution tarball on the Raspberry Pi's CPUs, here: boots the very same
# cairn-*.tar.gz under qemu user-mode emulation with Debian's openjdk-17-jre-headless for arm64 (64-bit
# Raspberry Pi OS) and armhf (32-bit), checks it as a Pi would run it, and times it against x86.
#
#     bench/arm/boot.sh            # both; bench/arm/boot.sh arm64 (or armhf) for one
#
# For each architecture, in a temporary folder on a tmpfs of its own mount namespace (a 32-bit guest on
# this 64-bit host fails on ext4 with 'Value too large for defined data type', a qemu user-mode problem):
#   1. NativeCheck (bench/arm) on the emulated JVM loads JNA's libjnidispatch and Pi4J's linuxfs and gpiod
#      libraries from the tarball's jars and calls into each (getpid, strerror, the libgpiod version);
#   2. the tarball unpacked, the greenhouse deployed as demo.sh does (mock pins, a simulated sensor), and
#      bin/cairn started with JAVA_HOME = a wrapper JDK whose bin/java runs the arm java through qemu
#      (binfmt_misc is not mounted on these machines): ready in data/log/cairn.0.log, the greenhouse's
#      alert and fan going on and off, `bin/cairn status`, no ERROR; then platform = raspberrypi, which
#      off a Pi should fail with a reason in `cairn status` (reported as a note, not a failure, if the
#      pi4j bundle does not say it yet), and back to mock; a clean stop that leaves the class-data archive;
#   3. RUNS warm starts (archive, kept data/) interleaved with as many x86 starts of another copy of the
#      same tarball on this host's JDK 17; in the first, jcmd reads os.arch and whether the archive is
#      mapped; the output of every start (and of the status client) is searched for JVM option warnings.
# Then a table (medians, ratio to x86) and 'checks: N passed, N failed'; exits 1 if any check failed, 2 if
# something is missing (and says what to install). About 1–2 minutes per architecture on 2 cores.
#
# Settings (environment): RUNS=3, READY_TIMEOUT=300 (s per start), TARBALL (default: the newest
# distribution/target/cairn-*.tar.gz, built when there is none), X86_JAVA_HOME (default: Debian's
# openjdk-17 for this host), INSTALL=no (only say what to install), KEEP_LOGS=1 (keep the logs folder,
# as is done when a check fails). Run as root, it installs what is missing with apt-get: note that
# openjdk-17 is Multi-Arch: same, so apt upgrades the host's JDK 17 to the same build.
set -euo pipefail

RUNS=${RUNS:-3}
READY_TIMEOUT=${READY_TIMEOUT:-300}
HERE=$(cd "$(dirname "$0")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)

ARCHS=("$@")
[ ${#ARCHS[@]} -gt 0 ] || ARCHS=(arm64 armhf)
for arch in "${ARCHS[@]}"; do
  case $arch in arm64|armhf) ;; *) echo "usage: $0 [arm64] [armhf]" >&2; exit 2 ;; esac
done
qemu_of() { case $1 in arm64) echo /usr/bin/qemu-aarch64-static ;; armhf) echo /usr/bin/qemu-arm-static ;; esac; }
os_arch_of() { case $1 in arm64) echo aarch64 ;; armhf) echo arm ;; esac; }
jdk_of() { echo "/usr/lib/jvm/java-17-openjdk-$1"; }

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# The nodes must not inherit options from the caller's environment.
unset JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
for v in $(compgen -e | grep '^CAIRN_' | grep -v '^CAIRN_ARM_' || true); do unset "$v"; done

# ------------------------------------------------------------------ what is needed, installed if missing
if [ -z "${CAIRN_ARM_NS:-}" ]; then
  HOST_DEB=$(dpkg --print-architecture 2>/dev/null || echo amd64)
  X86_JAVA_HOME=${X86_JAVA_HOME:-$(jdk_of "$HOST_DEB")}
  packages=() foreign=()
  [ -x "$X86_JAVA_HOME/bin/javac" ] && [ -x "$X86_JAVA_HOME/bin/jcmd" ] || packages+=(openjdk-17-jdk-headless)
  for arch in "${ARCHS[@]}"; do
    [ -x "$(qemu_of "$arch")" ] || packages+=(qemu-user-static)
    if [ ! -x "$(jdk_of "$arch")/bin/java" ]; then
      packages+=("openjdk-17-jre-headless:$arch")
      dpkg --print-foreign-architectures 2>/dev/null | grep -qx "$arch" || foreign+=("$arch")
    fi
  done
  command -v python3 >/dev/null || packages+=(python3)
  command -v unshare >/dev/null || packages+=(util-linux)
  if [ ${#packages[@]} -gt 0 ]; then
    mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
    if [ "$(id -u)" = 0 ] && [ "${INSTALL:-yes}" != no ] && command -v apt-get >/dev/null; then
      log "installing ${packages[*]} (apt may upgrade the host's openjdk-17 to the same build)"
      export DEBIAN_FRONTEND=noninteractive
      for arch in "${foreign[@]}"; do dpkg --add-architecture "$arch"; done
      apt-get update -q >&2
      apt-get install -y -q --no-install-recommends "${packages[@]}" >&2
    else
      echo "missing: ${packages[*]}. Install with:" >&2
      for arch in "${foreign[@]}"; do echo "  sudo dpkg --add-architecture $arch" >&2; done
      echo "  sudo apt-get update" >&2
      echo "  sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
      exit 2
    fi
  fi
  if [ -z "${TARBALL:-}" ]; then
    TARBALL=$(ls -t "$REPO"/distribution/target/cairn-*.tar.gz 2>/dev/null | head -n 1 || true)
    if [ -z "$TARBALL" ]; then
      log "no distribution/target/cairn-*.tar.gz: building it"
      (cd "$REPO" && { mvn -B -q -o install -DskipTests -pl distribution -am || mvn -B -q install -DskipTests -pl distribution -am; }) >&2
      TARBALL=$(ls -t "$REPO"/distribution/target/cairn-*.tar.gz | head -n 1)
    fi
  fi
  [ -f "$TARBALL" ] || { echo "no tarball at $TARBALL" >&2; exit 2; }
  # The rest runs in a private mount namespace, where a tmpfs can be mounted that nobody else sees.
  export CAIRN_ARM_NS=1 TARBALL X86_JAVA_HOME
  if [ "$(id -u)" = 0 ]; then
    exec unshare --mount --propagation private -- "$BASH" "$0" "${ARCHS[@]}"
  fi
  exec unshare --map-root-user --mount --propagation private -- "$BASH" "$0" "${ARCHS[@]}"
fi

# ------------------------------------------------------------------ inside the namespace
PY=$(python3 -c 'import sys; print(sys.executable)')
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/cairn-arm.XXXXXX")     # outside the tmpfs: kept if a check fails
WORK=$LOGS/work
mkdir -p "$WORK"
mount -t tmpfs -o size=2g,mode=0700 cairn-arm "$WORK"
mkdir -p "$WORK/pids" "$LOGS/logs"
RESULTS=$LOGS/results.jsonl
HELPER_PID=
status=1

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$HELPER_PID" ]; then kill -TERM "$HELPER_PID" 2>/dev/null; wait "$HELPER_PID" 2>/dev/null; fi
  local f
  for f in "$WORK"/pids/*; do                     # nodes the helper started and has not reaped
    [ -e "$f" ] && kill -KILL -- "-${f##*/}" 2>/dev/null
  done
  if [ "$status" != 0 ] || [ "${KEEP_LOGS:-0}" = 1 ]; then
    for f in "$WORK"/*/data/log; do
      [ -d "$f" ] && { mkdir -p "$LOGS/node-logs/$(basename "$(dirname "$(dirname "$f")")")"; cp -r "$f" "$LOGS/node-logs/$(basename "$(dirname "$(dirname "$f")")")/"; }
    done
    umount "$WORK" 2>/dev/null
    rmdir "$WORK" 2>/dev/null
    echo "logs kept in $LOGS" >&2
  else
    umount "$WORK" 2>/dev/null
    rm -rf "$LOGS"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the helper in the background so that a signal to this script is handled at once
py() {
  "$PY" "$HERE/arm.py" "$@" &
  HELPER_PID=$!
  local rc=0
  wait "$HELPER_PID" || rc=$?
  HELPER_PID=
  return "$rc"
}

log "tarball: $TARBALL; work folder (tmpfs): $WORK"
cp "$TARBALL" "$WORK/cairn.tar.gz"     # a rebuild of distribution/target meanwhile changes nothing here

# An unpacked copy of the tarball with the greenhouse in deploy/, as demo.sh lays it out: Pi4J's mock pins,
# the fan relay on pin 17, a simulated sensor; its sine (4 s) makes the alert and the fan go on and off.
node_copy() {
  local d=$WORK/$1
  mkdir -p "$d"
  tar -xzf "$WORK/cairn.tar.gz" -C "$d" --strip-components=1
  cp "$d"/hardware/*.jar "$d/examples/greenhouse.jar" "$d/deploy/"
  printf 'platform = mock\n' > "$d/deploy/dev.cairn.hardware.pi4j.cfg"
  printf 'name = fan\npin = 17\nactive.low = true\n' > "$d/deploy/dev.cairn.hardware.gpio.output-fan.cfg"
  printf 'name = greenhouse\nmode = sine\nbase = 28\namplitude = 4\nperiod.ms = 4000\ninterval.ms = 200\n' \
    > "$d/deploy/dev.cairn.hardware.sensors.simulated-greenhouse.cfg"
  printf 'threshold = 29\nhysteresis = 1\n' > "$d/deploy/dev.cairn.examples.greenhouse.alert.cfg"
  printf 'fan = fan\n' > "$d/deploy/dev.cairn.examples.greenhouse.fan.cfg"
  echo "$d"
}

# A JDK folder for bin/cairn's JAVA_HOME: bin/java runs the arm java through qemu, the rest is the arm JDK.
wrapper_jdk() {
  local arch=$1 jdk w f
  jdk=$(jdk_of "$arch")
  w=$WORK/jdk-$arch
  mkdir -p "$w/bin"
  for f in "$jdk"/*; do [ "${f##*/}" = bin ] || ln -s "$f" "$w/"; done
  for f in "$jdk"/bin/*; do [ "${f##*/}" = java ] || ln -s "$f" "$w/bin/"; done
  printf '#!/bin/sh\nexec %s %s/bin/java "$@"\n' "$(qemu_of "$arch")" "$jdk" > "$w/bin/java"
  chmod +x "$w/bin/java"
  echo "$w"
}

X86=$(node_copy x86)
mkdir -p "$WORK/classes"
"$X86_JAVA_HOME/bin/javac" --release 17 -nowarn -cp "$X86/hardware/jna.jar" -d "$WORK/classes" "$HERE/NativeCheck.java"

rc=0
meta=()
for arch in "${ARCHS[@]}"; do
  t=$SECONDS
  log "$arch: $(qemu_of "$arch") with $(jdk_of "$arch")"
  W=$(wrapper_jdk "$arch")
  N=$(node_copy "$arch")
  mkdir -p "$WORK/tmp-$arch"
  cp=$(printf '%s:' "$N"/hardware/jna.jar "$N"/hardware/pi4j-core.jar "$N"/hardware/hardware-pi4j.jar \
    "$N"/lib/slf4j-api-*.jar "$N"/lib/slf4j-jdk14-*.jar)$WORK/classes
  py natives --arch "$arch" --java "$W/bin/java" --expect "$(os_arch_of "$arch")" --cp "$cp" --tmp "$WORK/tmp-$arch" \
    --results "$RESULTS" --out "$LOGS/logs/$arch-natives.err" || rc=1
  py boot --arch "$arch" --expect "$(os_arch_of "$arch")" --node "$N" --java-home "$W" --x86-node "$X86" \
    --x86-java-home "$X86_JAVA_HOME" --jcmd "$X86_JAVA_HOME/bin/jcmd" --runs "$RUNS" --timeout "$READY_TIMEOUT" \
    --results "$RESULTS" --logs "$LOGS/logs" --pids "$WORK/pids" || rc=1
  log "$arch: $((SECONDS - t)) s"
  meta+=(--meta "elapsed_$arch=$((SECONDS - t))")
  meta+=(--meta "JDK $arch=openjdk-17-jre-headless:$arch $(dpkg-query -W -f='${Version}' "openjdk-17-jre-headless:$arch" 2>/dev/null || echo '?')")
  meta+=(--meta "qemu $arch=$("$(qemu_of "$arch")" --version | head -n 1)")
done

jdk_x86=$("$X86_JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*(build \(.*\))$/\1/p' | head -n 1)
py report --results "$RESULTS" "${meta[@]}" --meta "date=$(date -u +'%Y-%m-%d %H:%M UTC')" \
  --meta "host=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(uname -r)" \
  --meta "JDK x86=$jdk_x86" --meta "load=$(cut -d ' ' -f 1-3 /proc/loadavg)" --meta "total=$SECONDS s" || rc=1
status=$rc
exit "$rc"
