#!/usr/bin/env bash
# bench/devloop/devloop.sh — how long from saving a source file to the new version answering on the bus, with
# `cairnctl dev` (issue 15). The figure is in BENCHMARKS.md, "cairnctl dev".
#
# Builds nothing; run after building the distribution and installing the API artifacts the project builds against:
#     mvn -B -o -q install -DskipTests        # distribution/target/cairn-0.1.0-SNAPSHOT/, dev.cairn:bus.api in ~/.m2
#     bench/devloop/devloop.sh [RUNS]         # RUNS=5 edits by default; about 1 minute on 2 cores
#
# In a temporary folder: a real Mosquitto on a free loopback port, one node (a copy of the distribution, id bench-1)
# that trusts a key pair made by `cairnctl keys init`, and a copy of distribution/src/test/projects/greeter (a
# stand-alone bundle project that serves devloop/greeting). `cairnctl dev --node bench-1` runs on it; once the
# node answers "hello from v1", each round edits the greeting to the next version and asks devloop/greeting with
# mosquitto_rr (MQTT 5 request/response, as any client of the fleet asks) every 100 ms until the new greeting
# comes back. Per round: save → answer, and the build's and the deploy's shares as cairnctl dev printed them.
# Settings (environment): DIST=DIR KEEP_WORK=1. Only local files and loopback; the broker, the node and
# cairnctl dev run in process groups of their own, stopped by their id.
set -euo pipefail

RUNS=${1:-${RUNS:-5}}
REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
DIST=${DIST:-$REPO/distribution/target/cairn-0.1.0-SNAPSHOT}
[ -x "$DIST/bin/cairnctl" ] || { echo "no distribution at $DIST: build it first (see the top of $0)" >&2; exit 2; }
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || { echo "mosquitto is not installed" >&2; exit 2; }
command -v mosquitto_rr >/dev/null 2>&1 || { echo "mosquitto_rr is not installed (package mosquitto-clients)" >&2; exit 2; }
for v in $(compgen -e | grep '^CAIRN_' || true); do unset "$v"; done

exec python3 - "$DIST" "$RUNS" "$REPO/distribution/src/test/projects/greeter" "${KEEP_WORK:-0}" <<'PY'
import os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

DIST, RUNS, FIXTURE, KEEP = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
VERSION = os.path.basename(DIST.rstrip("/")).removeprefix("cairn-")
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
WORK = tempfile.mkdtemp(prefix="cairn-bench-devloop.")
groups = []
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # stop what it started, as on Ctrl-C


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def start(cmd, out, env=None, cwd=None):
    p = subprocess.Popen(cmd, stdout=open(out, "w"), stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    groups.append(p)
    return p


def stop_all():
    for p in reversed(groups):
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def wait_for(what, check, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)   # polling a process; a benchmark, not a test
    raise SystemExit("timed out waiting for " + what)


with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
broker = f"tcp://127.0.0.1:{port}"
conf = os.path.join(WORK, "mosquitto.conf")
open(conf, "w").write(f"listener {port} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n")
env = dict(os.environ, CAIRN_CTL_HOME=os.path.join(WORK, "ctl"), CAIRN_BROKER=broker, CAIRNCTL_CDS="off")
ctl = os.path.join(DIST, "bin", "cairnctl")


def greeting():
    r = subprocess.run(["mosquitto_rr", "-p", str(port), "-t", "cairn/svc/devloop/greeting", "-e", "cairn/reply/bench",
                        "-m", '"bench"', "-D", "publish", "correlation-data", "bench", "-W", "1"],
                       capture_output=True, text=True)
    return r.stdout.strip().strip('"') if r.returncode == 0 else None


try:
    start([MOSQUITTO, "-c", conf], os.path.join(WORK, "mosquitto.log"))
    subprocess.run([ctl, "keys", "init"], env=env, check=True, capture_output=True)
    node = os.path.join(WORK, "node")
    shutil.copytree(DIST, node, symlinks=True)
    open(os.path.join(node, "conf", "dev.cairn.mqtt.json"), "w").write('{ "broker.urls": ["%s"], "reconnect.max.ms": 1000 }' % broker)
    os.makedirs(os.path.join(node, "conf", "trusted-keys"), exist_ok=True)
    shutil.copy(os.path.join(WORK, "ctl", "cairnctl.pub"), os.path.join(node, "conf", "trusted-keys", "operator.pub"))
    start([os.path.join(node, "bin", "cairn")], os.path.join(WORK, "node.log"), env=dict(env, CAIRN_NODE_ID="bench-1", CAIRN_CDS="off"))
    wait_for("the node", lambda: subprocess.run([ctl, "info", "bench-1"], env=env, capture_output=True).returncode == 0, 60)

    project = os.path.join(WORK, "greeter")
    shutil.copytree(FIXTURE, project)
    pom = os.path.join(project, "pom.xml")
    text = open(pom).read()
    open(pom, "w").write(text.replace("@cairn.version@", VERSION))
    source = os.path.join(project, "src/main/java/it/devloop/greeter/Greeter.java")
    dev_out = os.path.join(WORK, "dev.out")
    start([ctl, "dev", "--node", "bench-1", project], dev_out, env=env)
    log("cairnctl dev started; waiting for the first build and deploy")
    wait_for("hello from v1", lambda: greeting() == "hello from v1", 180)

    rows = []
    for v in range(2, RUNS + 2):
        printed = len(open(dev_out).read())
        text = open(source).read()
        saved = time.monotonic()
        open(source, "w").write(text.replace(f'"hello from v{v - 1}"', f'"hello from v{v}"'))
        wait_for(f"hello from v{v}", lambda: greeting() == f"hello from v{v}", 30)
        live = time.monotonic() - saved
        wait_for("the deploy's line", lambda: "after the change" in open(dev_out).read()[printed:], 10)
        new = open(dev_out).read()[printed:]
        built = float(re.search(r"\) in ([0-9.]+) s", new).group(1))
        deployed = float(re.search(r"ACTIVE, ([0-9.]+) s after the change", new).group(1))
        rows.append((live, built, deployed))
        log(f"v{v}: save → answer {live:.2f} s (build {built:.1f} s, ACTIVE {deployed:.1f} s after the change)")

    lives = [r[0] for r in rows]
    print(f"cairnctl dev, {RUNS} edits of a one-class bundle, load {open('/proc/loadavg').read().split()[0]}:")
    print(f"  save → new version answering on the bus: p50 {statistics.median(lives):.2f} s, min {min(lives):.2f} s, max {max(lives):.2f} s")
    print(f"  of which the Maven build: p50 {statistics.median(r[1] for r in rows):.1f} s; "
          f"ACTIVE on the node: p50 {statistics.median(r[2] for r in rows):.1f} s after the save")
finally:
    stop_all()
    if KEEP:
        log("kept " + WORK)
    else:
        shutil.rmtree(WORK, ignore_errors=True)
PY
