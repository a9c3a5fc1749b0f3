#!/usr/bin/env bash
# bench/broker.sh — what the embedded MQTT broker (dev.cairn.broker) adds to a Cairn node.
#
# Build first, then run from anywhere:
#     cd /work/main && mvn -B -o -q install -DskipTests     # distribution/target/cairn-0.1.0-SNAPSHOT/
#     bench/broker.sh [RUNS]                                  # RUNS=5 by default; ~2-3 minutes
#
# Setups, each a copy of the distribution in a temporary folder (the build output is only read); each gets
# one untimed first start (AppCDS archive written, bundles installed into data/), then RUNS timed starts,
# interleaved round by round:
#   node         the distribution as built
#   broker off   + the broker bundle (shipped in system/4 now; dropped into deploy/ for an older
#                distribution), no configuration (it must cost nothing)
#   broker on    + deploy/dev.cairn.broker.cfg with a free loopback port (in memory)
#   persistent   + the same with persistent=true (journal in the bundle's data area)
# Per start: the node's own "ready in N ms" (from bin/cairn's launch.t0); for broker setups, launch ->
# the port accepting TCP and the broker's own "listening ... in N ms"; RSS (VmRSS) once settled (and, with a
# broker, after one MQTT 3.1.1 QoS 1 publish/subscribe round trip); SIGTERM -> exit.
# Then "hot": a running node with the bundle and no configuration gets deploy/dev.cairn.broker.cfg dropped
# in (rename, as FileInstall wants): drop -> port accepting, RSS; the file removed: -> port closed, RSS.
# Medians are printed as a Markdown table. Settings: SETTLE_S=2 (s before reading RSS) KEEP_WORK=1.
# Only local files and loopback; every node is started in its own process group and stopped by its id.
set -euo pipefail

RUNS=${1:-${RUNS:-5}}
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
HERE=$REPO/bundles/broker
DIST=${DIST:-$REPO/distribution/target/cairn-0.1.0-SNAPSHOT}
JAR=${BROKER_JAR:-$(ls "$HERE"/target/broker-*.jar 2>/dev/null | head -n 1)}
[ -x "$DIST/bin/cairn" ] || { echo "no distribution at $DIST: build it first (see the top of $0)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no broker bundle in $HERE/target: mvn -B -pl bundles/broker package" >&2; exit 2; }
unset JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
for v in $(compgen -e | grep '^CAIRN_' || true); do unset "$v"; done

exec python3 - "$DIST" "$JAR" "$RUNS" "${SETTLE_S:-2}" "${KEEP_WORK:-0}" <<'PY'
import glob, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

DIST, JAR, RUNS, SETTLE, KEEP = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5] == "1"
READY = re.compile(r"ready in (\d+) ms")
LISTENING = re.compile(r"MQTT broker listening on \S+ \(.*\) in (\d+) ms")
STOPPED = re.compile(r"MQTT broker on \S+ stopped")
FAILED = re.compile(r" (SEVERE|ERROR) ")
WORK = tempfile.mkdtemp(prefix="cairn-bench-broker.")
live = {}   # pid -> Popen, for the cleanup


def now():
    return time.monotonic() * 1000.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepting(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def until(check, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for " + what)
        time.sleep(0.002)


def rss_kib(pid):
    """VmRSS of the process tree: bin/cairn stays the parent of the node's JVM."""
    total = 0
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            total += sum(rss_kib(int(c)) for c in f.read().split())
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def write_cfg(deploy, props):
    tmp = os.path.join(deploy, ".dev.cairn.broker.cfg")
    with open(tmp, "w") as f:
        f.write("".join("%s=%s\n" % kv for kv in props.items()))
    os.rename(tmp, os.path.join(deploy, "dev.cairn.broker.cfg"))   # FileInstall skips dot files


def mqtt_round_trip(port):
    """CONNECT, SUBSCRIBE bench/t at QoS 1, PUBLISH to it at QoS 1, until the message comes back."""
    def packet(kind, body):
        n, rem = len(body), b""
        while True:
            d, n = n % 128, n // 128
            rem += bytes([d | (0x80 if n else 0)])
            if not n:
                return bytes([kind]) + rem + body

    def s(text):
        return len(text.encode()).to_bytes(2, "big") + text.encode()

    def read_packet(c):
        kind, length, shift = c.recv(1, socket.MSG_WAITALL)[0], 0, 0
        while True:
            b = c.recv(1, socket.MSG_WAITALL)[0]
            length, shift = length | (b & 0x7F) << shift, shift + 7
            if not b & 0x80:
                break
        body = c.recv(length, socket.MSG_WAITALL) if length else b""
        return kind, body

    with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c.sendall(packet(0x10, s("MQTT") + bytes([4, 2, 0, 30]) + s("bench")))
        assert read_packet(c)[0] == 0x20, "no CONNACK"
        c.sendall(packet(0x82, (1).to_bytes(2, "big") + s("bench/t") + bytes([1])))
        assert read_packet(c)[0] == 0x90, "no SUBACK"
        c.sendall(packet(0x32, s("bench/t") + (2).to_bytes(2, "big") + b"x" * 100))
        while True:
            kind, body = read_packet(c)
            if kind & 0xF0 == 0x30:
                break
        c.sendall(bytes([0xE0, 0]))


class Node:
    def __init__(self, home, log_name):
        self.home = home
        self.log_path = os.path.join(home, log_name)
        self.out = open(self.log_path, "wb")
        self.t0 = now()
        self.proc = subprocess.Popen([os.path.join(home, "bin", "cairn")], stdout=self.out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        live[self.proc.pid] = self.proc
        self.read_at = 0
        self.lines = []

    def wait_line(self, pattern, timeout_s=60):
        """The first line of this run's log matching pattern, read or not before."""
        deadline = time.monotonic() + timeout_s
        while True:
            with open(self.log_path, "r", errors="replace") as f:
                f.seek(self.read_at)
                chunk = f.read()
            complete = chunk[:chunk.rfind("\n") + 1]
            self.read_at += len(complete.encode())
            for line in complete.splitlines():
                if FAILED.search(line):
                    raise RuntimeError("%s: %s" % (self.home, line.strip()))
                self.lines.append(line)
            for line in self.lines:
                m = pattern.search(line)
                if m:
                    return m
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s" % (self.home, self.proc.returncode))
            if time.monotonic() > deadline:
                raise RuntimeError("%s: no line matching %s" % (self.home, pattern.pattern))
            time.sleep(0.002)

    def stop(self):
        t = now()
        os.killpg(self.proc.pid, signal.SIGTERM)
        rc = self.proc.wait(30)
        live.pop(self.proc.pid, None)
        self.out.close()
        if rc != 0:
            raise RuntimeError("%s exited with %d after SIGTERM" % (self.home, rc))
        return now() - t


SETUPS = {
    "node": None,
    "broker off": {},
    "broker on": {"port": None},
    "persistent": {"port": None, "persistent": "true"},
}


def lay_out(name, cfg):
    home = os.path.join(WORK, name.replace(" ", "-"))
    shutil.copytree(DIST, home, symlinks=True)
    deploy = os.path.join(home, "deploy")
    port = None
    if cfg is not None:
        # The distribution ships the broker in system/4; a copy in deploy/ would only clash with it.
        if not glob.glob(os.path.join(home, "system", "*", "broker-*.jar")):
            shutil.copy(JAR, os.path.join(deploy, "broker.jar"))
        if cfg:
            port = free_port()
            write_cfg(deploy, dict(cfg, port=port))
    return home, port


def one_start(name, home, port, log_name):
    node = Node(home, log_name)
    rec = {}
    m = node.wait_line(READY)
    rec["ready ms"] = int(m.group(1))
    if port:
        until(lambda: accepting(port), 60, "port %d" % port)
        rec["launch -> port ms"] = now() - node.t0
        m = node.wait_line(LISTENING)
        rec["broker's own ms"] = int(m.group(1))
    time.sleep(SETTLE)
    rec["RSS MiB"] = rss_kib(node.proc.pid) / 1024
    if port:
        mqtt_round_trip(port)
        time.sleep(SETTLE)
        rec["RSS after MQTT MiB"] = rss_kib(node.proc.pid) / 1024
    rec["stop ms"] = node.stop()
    return rec


def hot(home, cfg, log_name):
    node = Node(home, log_name)
    node.wait_line(READY)
    time.sleep(SETTLE)
    rec = {"RSS before MiB": rss_kib(node.proc.pid) / 1024}
    deploy = os.path.join(home, "deploy")
    port = free_port()
    t = now()
    write_cfg(deploy, dict(cfg, port=port))
    until(lambda: accepting(port), 60, "port %d" % port)
    rec["drop cfg -> port ms"] = now() - t
    m = node.wait_line(LISTENING)
    rec["broker's own ms"] = int(m.group(1))
    time.sleep(SETTLE)
    rec["RSS on MiB"] = rss_kib(node.proc.pid) / 1024
    t = now()
    os.unlink(os.path.join(deploy, "dev.cairn.broker.cfg"))
    until(lambda: not accepting(port), 60, "port %d to close" % port)
    rec["remove cfg -> closed ms"] = now() - t
    node.wait_line(STOPPED)
    time.sleep(SETTLE)
    rec["RSS off again MiB"] = rss_kib(node.proc.pid) / 1024
    node.stop()
    return rec


def median_table(title, results):
    keys = []
    for recs in results.values():
        for r in recs:
            keys += [k for k in r if k not in keys]
    print("\n%s (medians of %d)\n" % (title, RUNS))
    print("| setup | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, recs in results.items():
        cells = []
        for k in keys:
            vals = [r[k] for r in recs if k in r]
            cells.append("%.1f" % statistics.median(vals) if vals and "MiB" in k else
                         "%d" % round(statistics.median(vals)) if vals else "")
        print("| %s | %s |" % (name, " | ".join(cells)))


try:
    homes = {name: lay_out(name, cfg) for name, cfg in SETUPS.items()}
    for name, (home, port) in homes.items():      # first start: CDS archive, bundles into data/
        one_start(name, home, port, "warmup.log")
    results = {name: [] for name in SETUPS}
    names = list(SETUPS)
    for i in range(RUNS):
        for name in names[i % len(names):] + names[:i % len(names)]:
            home, port = homes[name]
            results[name].append(one_start(name, home, port, "run-%d.log" % i))
    du = lambda p: sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs) / 2**20
    disk = {n: du(os.path.join(homes[n][0], "data")) for n in SETUPS}
    journal = sum(du(os.path.join(d, "data")) for d, dirs, _ in os.walk(os.path.join(homes["persistent"][0], "data"))
                  if "data" in dirs and os.path.basename(d).startswith("bundle"))
    hot_results = {"in memory": [], "persistent": []}
    hot_home = homes["broker off"][0]
    for i in range(RUNS):
        hot_results["in memory"].append(hot(hot_home, {}, "hot-%d.log" % i))
        hot_results["persistent"].append(hot(hot_home, {"persistent": "true"}, "hot-p-%d.log" % i))
    print("bundle: %s, %.1f MiB; java: %s; %d cores; load average at the end: %s" % (
          os.path.basename(JAR), os.path.getsize(JAR) / 2**20,
          subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
          os.cpu_count(), open("/proc/loadavg").read().split()[0]))
    median_table("Node start with and without the broker", results)
    median_table("Configuration dropped into a running node (bundle already installed)", hot_results)
    print("\ndata/ on disk after the starts: " + ", ".join("%s %.1f MiB" % kv for kv in disk.items())
          + "; of which the persistent broker's data area (journal): %.1f MiB" % journal)
finally:
    for pid, proc in list(live.items()):
        try:
            os.killpg(pid, signal.SIGKILL)
            proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    if KEEP:
        print("work folder kept: " + WORK, file=sys.stderr)
    else:
        shutil.rmtree(WORK, ignore_errors=True)
PY
