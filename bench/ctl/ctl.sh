#!/usr/bin/env bash
# bench/ctl/ctl.sh — how long one cairnctl command takes, `cairnctl --help` and `cairnctl nodes`, per way of
# starting its JVM (issue 13).
#
# Builds nothing; run from anywhere after building the distribution:
#     cd /work/main && mvn -B -o -q install -DskipTests     # distribution/target/cairn-0.1.0-SNAPSHOT/
#     bench/ctl/ctl.sh [RUNS]                                 # RUNS=20 by default; ~5 minutes on 2 cores
#
# In a temporary folder (the build output is only read): a real Mosquitto on a free loopback port, one real
# Cairn node (a copy of the distribution, node id bench-1) connected to it, a key pair made by
# `cairnctl keys init` that the node trusts (conf/trusted-keys/), and until `nodes` lists bench-1 online.
# Then RUNS rounds; each round runs every variant below once with `--help` and once with `nodes` (which of the
# two goes first alternates), the variants in an order rotated every round, and once `java -Xshare:auto -version`
# (the bare JVM: the floor). Every command runs on a pseudo-terminal of 120 columns, as for an operator at a
# terminal (picocli then colours the help and looks up the terminal's width); its exit code must be 0 and its
# output must be the same in every variant. Per variant: p50 and p90 of the wall time, p50 of user+sys CPU.
#   before        BASELINE's jars (an earlier build's lib/ctl/, if given) with the JVM options bin/cairnctl had
#                 before issue 13: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k
#   flags         this build's jars, the same options
#   -UsePerfData  + -XX:-UsePerfData (no hsperfdata file)
#   dynamic CDS   + -XX:SharedArchiveFile of a dynamic archive, written by one `nodes` run with -XX:ArchiveClassesAtExit
#   static CDS    + -XX:SharedArchiveFile of a static archive: -Xshare:dump from the class list of one `nodes` run
#   static+cols   static CDS + -Dcairnctl.columns=120 (the terminal's width from the launcher, not from picocli's stty)
#   +ci1          static+cols + -XX:CICompilerCount=1 (one C1 compiler thread instead of two)
#   +reloc0       static+cols + -XX:ArchiveRelocationMode=0 (the archives mapped at the address they were made for,
#                 not at a random one with every pointer patched)
#   +ci1+reloc0   both
#   bin/cairnctl, BASELINE's jars   the launcher below over BASELINE's lib/ctl/ (a copy of the distribution)
#   bin/cairnctl  the distribution's launcher as shipped, its per-user archive in a temporary XDG_CACHE_HOME (made
#                 by one untimed `nodes` run before the rounds)
# Settings (environment): BASELINE=DIR (a lib/ctl/ of an earlier build) DIST=DIR JAVA_HOME KEEP_WORK=1
# SHIPPED_ONLY=1 (only the two bin/cairnctl rows and the bare JVM: not the JVM options step by step).
# Only local files and loopback; the broker and the node run in process groups of their own, stopped by their id.
set -euo pipefail

RUNS=${1:-${RUNS:-20}}
REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
DIST=${DIST:-$REPO/distribution/target/cairn-0.1.0-SNAPSHOT}
[ -x "$DIST/bin/cairnctl" ] || { echo "no distribution at $DIST: build it first (see the top of $0)" >&2; exit 2; }
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || { echo "mosquitto is not installed" >&2; exit 2; }
unset JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS CAIRNCTL_OPTS CAIRNCTL_CDS
for v in $(compgen -e | grep '^CAIRN_' || true); do unset "$v"; done

exec python3 - "$DIST" "$RUNS" "${BASELINE:-}" "${KEEP_WORK:-0}" "${SHIPPED_ONLY:-0}" <<'PY'
import fcntl, os, pwd, shutil, signal, socket, statistics, struct, subprocess, sys, tempfile, termios, time

DIST, RUNS, BASELINE, KEEP = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
SHIPPED_ONLY = sys.argv[5] == "1"
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MAIN = "dev.cairn.ctl.cli.Cairnctl"
OLD_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xss512k"]   # bin/cairnctl before issue 13
COLUMNS = 120
RELOC0 = ["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"]   # map the archives where they were written for
WORK = tempfile.mkdtemp(prefix="cairn-bench-ctl.")
groups = []   # Popen of each process group to stop at the end (broker, node)
LOAD_START = open("/proc/loadavg").read().split()[0]


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(check, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for " + what)
        time.sleep(0.05)


def on_pty(argv, env):
    """Runs argv with stdin, stdout and stderr on a new pseudo-terminal (its controlling terminal, 120 columns).
    Returns (exit status, wall ms, user+sys CPU ms of the process and what it waited for, output)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLUMNS, 0, 0))

    def controlling_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave, preexec_fn=controlling_terminal)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:   # EIO: every end of the terminal closed
            break
        if not chunk:
            break
        out += chunk
    _, status, usage = os.wait4(p.pid, 0)
    wall = (time.monotonic() - t0) * 1000
    os.close(master)
    p.returncode = 0   # reaped by wait4
    return os.waitstatus_to_exitcode(status), wall, (usage.ru_utime + usage.ru_stime) * 1000, bytes(out)


def cp(lib):
    return ["-cp", os.path.join(lib, "*"), MAIN]


def main():
    lib = os.path.join(DIST, "lib", "ctl")
    port = free_port()
    url = "tcp://127.0.0.1:%d" % port

    # ---- broker, key, node
    conf = os.path.join(WORK, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write("user %s\nlistener %d 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\nmax_topic_alias 0\n"
                "max_queued_messages 0\npersistence false\n" % (pwd.getpwuid(os.getuid()).pw_name, port))
    broker = subprocess.Popen([MOSQUITTO, "-c", conf], stdout=open(os.path.join(WORK, "mosquitto.log"), "w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    groups.append(broker)
    until(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, 10, "Mosquitto on " + url)

    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN")}
    env.update(CAIRN_CTL_HOME=os.path.join(WORK, "ctl-home"), CAIRN_BROKER=url, TERM="xterm",
               XDG_CACHE_HOME=os.path.join(WORK, "cache"))
    subprocess.run([JAVA] + OLD_FLAGS + cp(lib) + ["keys", "init"], env=env, check=True, stdout=subprocess.DEVNULL)

    node = os.path.join(WORK, "node")
    shutil.copytree(DIST, node, symlinks=True)
    for f in os.listdir(os.path.join(node, "lib")):
        if f.endswith(".jsa"):
            os.remove(os.path.join(node, "lib", f))
    os.makedirs(os.path.join(node, "conf", "trusted-keys"), exist_ok=True)
    shutil.copy(os.path.join(WORK, "ctl-home", "cairnctl.pub"), os.path.join(node, "conf", "trusted-keys", "bench.pub"))
    with open(os.path.join(node, "conf", "dev.cairn.mqtt.cfg"), "w") as f:
        f.write("broker.urls = %s\n" % url)
    node_log = os.path.join(WORK, "node.log")
    cairn = subprocess.Popen([os.path.join(node, "bin", "cairn")], cwd=node, stdout=open(node_log, "w"), stderr=subprocess.STDOUT,
                             env=dict(env, CAIRN_NODE_ID="bench-1"), start_new_session=True)
    groups.append(cairn)
    until(lambda: " ready in " in open(node_log).read(), 120, "the node's ready line")

    def listed():
        r = subprocess.run([JAVA] + OLD_FLAGS + cp(lib) + ["nodes"], env=env, capture_output=True, text=True)
        return r.returncode == 0 and "bench-1  online" in r.stdout
    until(listed, 60, "cairnctl nodes to list bench-1 online")
    log("broker on %s, node bench-1 online; work folder %s" % (url, WORK))

    # ---- archives
    dyn, static, classes = (os.path.join(WORK, n) for n in ("dynamic.jsa", "static.jsa", "nodes.classlist"))
    subprocess.run([JAVA] + OLD_FLAGS + ["-XX:ArchiveClassesAtExit=" + dyn, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"] + cp(lib)
                   + ["nodes"], env=env, check=True, capture_output=True)
    subprocess.run([JAVA] + OLD_FLAGS + ["-XX:DumpLoadedClassList=" + classes] + cp(lib) + ["nodes"], env=env, check=True,
                   capture_output=True)
    subprocess.run([JAVA] + OLD_FLAGS + ["-Xshare:dump", "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + static,
                                         "-Xlog:cds=off"] + cp(lib)[:2], env=env, check=True, capture_output=True)
    shipped = [os.path.join(DIST, "bin", "cairnctl")]
    cache = os.path.join(WORK, "cache", "cairn")
    archives = lambda: [f for f in os.listdir(cache) if f.endswith(".jsa")] if os.path.isdir(cache) else []
    subprocess.run(shipped + ["nodes"], env=env, check=True, capture_output=True)
    until(lambda: len(archives()) >= 1, 60, "bin/cairnctl's archive in " + cache)
    shipped_before = None
    if BASELINE:
        # the same launcher over BASELINE's jars: a copy of the distribution whose lib/ctl/ is BASELINE
        before_home = os.path.join(WORK, "dist-before")
        shutil.copytree(DIST, before_home, symlinks=True, ignore=shutil.ignore_patterns("data", "logs"))
        shutil.rmtree(os.path.join(before_home, "lib", "ctl"))
        shutil.copytree(BASELINE, os.path.join(before_home, "lib", "ctl"))
        shipped_before = [os.path.join(before_home, "bin", "cairnctl")]
        subprocess.run(shipped_before + ["nodes"], env=env, check=True, capture_output=True)
        until(lambda: len(archives()) >= 2, 60, "the archive of bin/cairnctl over BASELINE's jars in " + cache)
    sizes = {n: os.path.getsize(p) / 2**20 for n, p in (("dynamic", dyn), ("static", static))}
    sizes["bin/cairnctl (each)"] = max(os.path.getsize(os.path.join(cache, f)) for f in archives()) / 2**20
    log("archives: " + ", ".join("%s %.1f MiB" % kv for kv in sizes.items()))

    variants = []
    if BASELINE and not SHIPPED_ONLY:
        variants.append(("before", [JAVA] + OLD_FLAGS + ["-Dcairn.home=" + DIST] + cp(BASELINE)))
    base = [JAVA] + OLD_FLAGS + ["-Dcairn.home=" + DIST]
    cols = ["-XX:SharedArchiveFile=" + static, "-Xlog:cds=off", "-Dcairnctl.columns=%d" % COLUMNS]
    steps = [
        ("flags", base + cp(lib)),
        ("-UsePerfData", base + ["-XX:-UsePerfData"] + cp(lib)),
        ("dynamic CDS", base + ["-XX:SharedArchiveFile=" + dyn, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"] + cp(lib)),
        ("static CDS", base + ["-XX:SharedArchiveFile=" + static, "-Xlog:cds=off"] + cp(lib)),
        ("static+cols", base + cols + cp(lib)),
        ("+ci1", base + cols + ["-XX:CICompilerCount=1"] + cp(lib)),
        ("+reloc0", base + cols + RELOC0 + cp(lib)),
        ("+ci1+reloc0", base + cols + ["-XX:CICompilerCount=1"] + RELOC0 + cp(lib)),
    ]
    if not SHIPPED_ONLY:
        variants += steps
    if shipped_before:
        variants.append(("bin/cairnctl, BASELINE's jars", shipped_before))
    variants.append(("bin/cairnctl", shipped))
    floor = [JAVA, "-Xshare:auto", "-version"]

    # ---- rounds
    times = {(v, c): [] for v, _ in variants for c in ("--help", "nodes")}
    cpu = {k: [] for k in times}
    floor_times, floor_cpu = [], []
    first = {}
    for i in range(RUNS):
        log("round %d of %d" % (i + 1, RUNS))
        order = variants[i % len(variants):] + variants[:i % len(variants)]
        for name, argv in order:
            for command in (("--help", "nodes") if i % 2 == 0 else ("nodes", "--help")):
                rc, wall, used, out = on_pty(argv + [command], env)
                if rc != 0:
                    raise RuntimeError("%s %s exited with %d:\n%s" % (name, command, rc, out.decode(errors="replace")))
                if first.setdefault(command, (name, out))[1] != out:
                    raise RuntimeError("%s %s printed something else than %s did:\n%s\n---\n%s" % (
                        name, command, first[command][0], out.decode(errors="replace"), first[command][1].decode(errors="replace")))
                times[(name, command)].append(wall)
                cpu[(name, command)].append(used)
        rc, wall, used, _ = on_pty(floor, env)
        floor_times.append(wall)
        floor_cpu.append(used)

    # ---- report
    def p(xs, q):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    print("\n| variant | `--help` p50 | p90 | CPU p50 | `nodes` p50 | p90 | CPU p50 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, _ in variants:
        cells = []
        for command in ("--help", "nodes"):
            t, c = times[(name, command)], cpu[(name, command)]
            cells += ["%.0f ms" % statistics.median(t), "%.0f ms" % p(t, 0.9), "%.0f ms" % statistics.median(c)]
        print("| %s | %s |" % (name, " | ".join(cells)))
    print("| `java -Xshare:auto -version` | %.0f ms | %.0f ms | %.0f ms | | | |" % (
        statistics.median(floor_times), p(floor_times, 0.9), statistics.median(floor_cpu)))
    jdk = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print("\n%d rounds, %s; %d cores (%s); %s; archives %s; load average %s at the start, %s at the end" % (
        RUNS, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(), cpu_model,
        jdk[-1] if jdk else "?", ", ".join("%s %.1f MiB" % kv for kv in sizes.items()), LOAD_START,
        open("/proc/loadavg").read().split()[0]))


try:
    main()
finally:
    for proc in reversed(groups):   # the node first: bin/cairn passes SIGTERM on to its JVM
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # whatever is left of the group
        except ProcessLookupError:
            pass
    if KEEP:
        print("work folder kept: " + WORK, file=sys.stderr)
    else:
        shutil.rmtree(WORK, ignore_errors=True)
PY
