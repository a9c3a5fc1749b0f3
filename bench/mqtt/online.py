#!/usr/bin/env python3
"""bench/mqtt/online.py — how long a node takes from its start to its MQTT connection, with the node's mqtt bundle
of this build against an earlier one (issue 13: Paho's connect slept 3 x 100 ms before it sent CONNECT).

Builds nothing; run after building the distribution:
    cd /work/main && mvn -B -o -q install -DskipTests
    BASELINE=/path/to/an/earlier/mqtt-0.1.0-SNAPSHOT.jar bench/mqtt/online.py [ROUNDS]     # ROUNDS=10

In a temporary folder: a real Mosquitto on a free loopback port and two copies of the distribution, "this build"
and "BASELINE's mqtt bundle" (the same but system/'s mqtt JAR replaced by BASELINE), each with conf/dev.cairn.mqtt.cfg
pointing at the broker. One untimed start each makes its AppCDS archive; then ROUNDS rounds, each starting both
copies one after the other (which goes first alternates), warm: spawn of bin/cairn -> the log's "ready in" line,
and spawn -> the log's "connected to" line (the transport's CONNACK is in and its subscriptions are made), read
from the lines' timestamps; then SIGTERM and the exit awaited. p50 and min-max per copy.
"""
import datetime, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DIST = os.environ.get("DIST", os.path.join(REPO, "distribution", "target", "cairn-0.1.0-SNAPSHOT"))
BASELINE = os.environ.get("BASELINE")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stamp(line):
    """The epoch seconds of a log line's leading ISO timestamp (UTC, milliseconds)."""
    return datetime.datetime.strptime(line.split(" ")[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def start(home, out):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN")}
    t0 = time.time()
    p = subprocess.Popen([os.path.join(home, "bin", "cairn")], cwd=home, env=env, stdout=open(out, "w"),
                         stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    ready = connected = None
    while time.time() < deadline and (ready is None or connected is None):
        for line in open(out, errors="replace"):
            if ready is None and " ready in " in line:
                ready = stamp(line) - t0
            if connected is None and ": connected to " in line:
                connected = stamp(line) - t0
        if p.poll() is not None:
            raise RuntimeError("%s exited: %s" % (home, open(out).read()))
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGTERM)
    p.wait(30)
    if ready is None or connected is None:
        raise RuntimeError("%s: no ready or connected line in 60 s:\n%s" % (home, open(out).read()))
    return ready * 1000, connected * 1000


def main():
    if not BASELINE or not os.path.isfile(BASELINE):
        sys.exit("BASELINE must name an earlier build's mqtt bundle JAR")
    work = tempfile.mkdtemp(prefix="cairn-bench-online.")
    port = free_port()
    conf = os.path.join(work, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write("listener %d 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\nmax_topic_alias 0\n"
                "max_queued_messages 0\npersistence false\n" % port)
    broker = subprocess.Popen([MOSQUITTO, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        deadline = time.time() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            if time.time() > deadline:
                raise RuntimeError("Mosquitto did not listen on %d" % port)
            time.sleep(0.02)
        copies = {}
        for name, node in (("this build", "now"), ("BASELINE's mqtt bundle", "before")):
            home = os.path.join(work, node)
            shutil.copytree(DIST, home, symlinks=True, ignore=shutil.ignore_patterns("data", "logs", "*.jsa"))
            if node == "before":
                jar = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(home, "system")) for f in fs
                       if f.startswith("mqtt-") and f.endswith(".jar")]
                assert len(jar) == 1, jar
                shutil.copyfile(BASELINE, jar[0])
            with open(os.path.join(home, "conf", "dev.cairn.mqtt.cfg"), "w") as f:
                f.write("broker.urls = tcp://127.0.0.1:%d\n" % port)
            with open(os.path.join(home, "conf", "cairn.properties"), "a") as f:
                f.write("\nnode.id = online-%s\n" % node)
            start(home, os.path.join(work, node + "-first.log"))   # makes the archive, seeds data/
            copies[name] = home
        results = {name: ([], []) for name in copies}
        names = list(copies)
        for i in range(ROUNDS):
            log("round %d of %d" % (i + 1, ROUNDS))
            for name in (names if i % 2 == 0 else names[::-1]):
                ready, connected = start(copies[name], os.path.join(work, "run.log"))
                results[name][0].append(ready)
                results[name][1].append(connected)
        print("\n| mqtt bundle | spawn → ready p50 (min–max) | spawn → connected p50 (min–max) |")
        print("|---|---:|---:|")
        for name, (ready, connected) in results.items():
            print("| %s | %d ms (%d–%d) | %d ms (%d–%d) |" % (name, statistics.median(ready), min(ready), max(ready),
                                                             statistics.median(connected), min(connected), max(connected)))
        print("\n%d rounds, %s UTC, load average %s" % (ROUNDS, time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
                                                       open("/proc/loadavg").read().split()[0]))
    finally:
        os.killpg(broker.pid, signal.SIGTERM)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
