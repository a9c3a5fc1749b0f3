#!/usr/bin/env python3
"""What a node does before ready, by part: warm starts of a Cairn distribution with a JFR recording
(execution samples every 1 ms) or a class-load log, stopped as soon as `ready in` is logged.

  bench/startup-profile.py --dist DIR [--runs 5] [--mode jfr|classes] [--out DIR]

DIR is a copy of the exploded distribution (it is started as is: its data/ is the warm storage; run it
once first so that its AppCDS archive exists). Prints, per part, the share of the samples taken on the
thread that starts the bundles (Felix's "FelixStartLevel") before ready, attributed to the innermost
frame of a known part (a frame of Cairn's bundles wins over the framework and SCR code that called it,
the XML parser over SCR that called it); or, in classes mode, the classes loaded before ready by source.
Only local processes; each node is stopped with SIGTERM (SIGKILL after 20 s).
"""

import argparse
import collections
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(r"ready in (\d+) ms")

# Most specific first: the first prefix a frame matches names its part.
PARTS = [
    ("XML parser (JAXP, Xerces)", ("com.sun.org.apache.xerces", "javax.xml", "jdk.xml", "com.sun.org.apache.xml")),
    ("Jackson", ("com.fasterxml.jackson",)),
    ("Artemis / Netty", ("org.apache.activemq", "io.netty")),
    ("Jetty / Felix HTTP", ("org.eclipse.jetty", "org.apache.felix.http")),
    ("dev.cairn.deploy", ("dev.cairn.deploy",)),
    ("dev.cairn.broker", ("dev.cairn.broker",)),
    ("dev.cairn.management", ("dev.cairn.management",)),
    ("dev.cairn.web", ("dev.cairn.web",)),
    ("dev.cairn.observe", ("dev.cairn.observe",)),
    ("dev.cairn.bus", ("dev.cairn.bus",)),
    ("dev.cairn.mqtt", ("dev.cairn.mqtt", "org.eclipse.paho", "com.hivemq")),
    ("dev.cairn.launcher", ("dev.cairn.launcher",)),
    ("Felix metatype", ("org.apache.felix.metatype",)),
    ("Felix ConfigAdmin", ("org.apache.felix.cm",)),
    ("Felix FileInstall", ("org.apache.felix.fileinstall",)),
    ("Felix log", ("org.apache.felix.log",)),
    ("Felix SCR", ("org.apache.felix.scr",)),
    ("Felix framework: resolver", ("org.apache.felix.resolver",)),
    ("Felix framework", ("org.apache.felix.framework", "org.osgi.framework")),
]


def part_of(frames):
    """frames: innermost first, each a 'pkg.Class.method' string."""
    for name, prefixes in PARTS:
        for f in frames:
            if f.startswith(prefixes):
                return name
    return "other (JDK)"


def start_once(dist, env_extra, log_path, timeout_s=60):
    env = dict(os.environ)
    for k in [k for k in env if k.startswith("CAIRN_") or k in ("JAVA_OPTS", "JAVA_TOOL_OPTIONS")]:
        del env[k]
    env.update(env_extra)
    with open(log_path, "w") as out:
        p = subprocess.Popen([os.path.join(dist, "bin", "cairn")], stdout=out, stderr=subprocess.STDOUT,
                             env=env, cwd=dist, start_new_session=True)
    deadline = time.time() + timeout_s
    ready = None
    try:
        while time.time() < deadline and ready is None:
            with open(log_path) as f:
                m = READY.search(f.read())
            if m:
                ready = int(m.group(1))
            elif p.poll() is not None:
                break
            else:
                time.sleep(0.01)
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        except ProcessLookupError:
            pass
    if ready is None:
        raise SystemExit("no ready line in " + log_path)
    return ready


STARTED = re.compile(r"^(\S+) .* started (\S+) ")


def log_ms(stamp):
    import datetime
    return datetime.datetime.fromisoformat(stamp.rstrip("Z")).timestamp() * 1000


def started_gaps(log):
    """(bundle, ms since the previous bundle's `started` line), and ('last started -> ready', ms)."""
    prev = None
    with open(log) as f:
        for line in f:
            m = STARTED.match(line)
            r = READY.search(line)
            if m or r:
                t = log_ms(line.split(" ")[0])
                if prev is not None:
                    yield (m.group(2) if m else "last started → ready"), t - prev
                prev = t
            if r:
                return


def ready_at(log):
    with open(log) as f:
        for line in f:
            if READY.search(line):
                return log_ms(line.split(" ")[0])
    return float("inf")


def jfr_samples(jfr_file):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", jfr_file],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        frames = []
        for fr in (v.get("stackTrace") or {}).get("frames") or []:
            m = fr["method"]
            frames.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
        yield v["startTime"], thread, frames


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dist", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mode", choices=["jfr", "classes", "gaps"], default="jfr")
    ap.add_argument("--out", default=None)
    ap.add_argument("--jfc", default=None, help="JFR settings (default: profile.jfc with 1 ms sampling)")
    ap.add_argument("--java-opts", default="", help="more JVM options for bin/cairn (JAVA_OPTS)")
    a = ap.parse_args()
    dist = os.path.abspath(a.dist)
    out = a.out or tempfile.mkdtemp(prefix="cairn-profile.")
    os.makedirs(out, exist_ok=True)
    jfc = a.jfc
    if a.mode == "jfr" and not jfc:
        java_home = os.path.dirname(os.path.dirname(os.path.realpath(subprocess.run(
            ["sh", "-c", "command -v java"], capture_output=True, text=True).stdout.strip())))
        with open(os.path.join(java_home, "lib", "jfr", "profile.jfc")) as f:
            text = f.read()
        text = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*', r"\g<1>1 ms",
                      text, flags=re.S)
        jfc = os.path.join(out, "fast.jfc")
        with open(jfc, "w") as f:
            f.write(text)

    readies = []
    per_part = collections.defaultdict(list)    # part -> samples per run
    totals = []
    class_sources = collections.defaultdict(list)
    for i in range(a.runs):
        log = os.path.join(out, f"node-{i}.log")
        if a.mode == "gaps":
            readies.append(start_once(dist, {"CAIRN_LOG_LEVEL": "debug", "JAVA_OPTS": a.java_opts}, log))
            for bsn, ms in started_gaps(log):
                class_sources[bsn].append(ms)
            print(f"run {i}: ready in {readies[-1]} ms", file=sys.stderr)
            continue
        if a.mode == "jfr":
            rec = os.path.join(out, f"start-{i}.jfr")
            opts = f"-XX:StartFlightRecording=filename={rec},settings={jfc},dumponexit=true"
        else:
            rec = os.path.join(out, f"classes-{i}.log")
            opts = f"-Xlog:class+load=info:file={rec}:utctime"
        readies.append(start_once(dist, {"JAVA_OPTS": (opts + " " + a.java_opts).strip(), "CAIRN_LOG_LEVEL": "info"}, log))
        if a.mode == "jfr":
            counts = collections.Counter()
            with open(log) as f:
                ready_wall = None
                for line in f:
                    if READY.search(line):
                        ready_wall = line.split(" ")[0]
            for when, thread, frames in jfr_samples(rec):
                if ready_wall and when[:23] > ready_wall[:23]:
                    continue
                if thread != "FelixStartLevel":
                    continue
                counts[part_of(frames)] += 1
            totals.append(sum(counts.values()))
            for name, _ in PARTS + [("other (JDK)", ())]:
                per_part[name].append(counts[name])
        else:
            counts = collections.Counter()
            ready_ms = ready_at(log)
            with open(rec) as f:
                for line in f:
                    stamp = re.match(r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)", line)
                    if stamp and log_ms(stamp.group(1)) > ready_ms:
                        break                       # loaded after ready (the stop)
                    counts["(all classes)"] += 1
                    m = re.search(r"source: (.*)$", line)
                    src = m.group(1) if m else "?"
                    if "shared objects file (top)" in src:
                        src = "Cairn's AppCDS archive"
                    elif "shared objects file" in src:
                        src = "JDK's CDS archive"
                    elif src.startswith("jrt:"):
                        src = "jrt:"
                    elif "bundle" in src or src.endswith(".jar"):
                        src = "JAR " + os.path.basename(src.split("!")[0])
                    counts[src] += 1
                    cls = line.split("]")[-1].split()[0] if "]" in line else ""
                    if cls.startswith("dev.cairn."):
                        counts["(classes of " + ".".join(cls.split(".")[:3]) + ")"] += 1
                    if re.search(r"(xerces|javax\.xml|jdk\.xml|org\.xml\.sax)", line):
                        counts["(XML parser classes, wherever from)"] += 1
            for k, v in counts.items():
                class_sources[k].append(v)
        print(f"run {i}: ready in {readies[-1]} ms", file=sys.stderr)

    print(f"runs: {a.runs}; `ready in` median {statistics.median(readies)} ms ({min(readies)}-{max(readies)});"
          f" load average {open('/proc/loadavg').read().split()[:3]}; files in {out}")
    if a.mode == "gaps":
        print("| Bundle | gap before its `started` line, median ms |")
        print("|---|--:|")
        for k, vs in sorted(class_sources.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"| {k} | {statistics.median(vs):g} |")
        total = sum(statistics.median(v) for v in class_sources.values())
        print(f"| sum of the medians (first `started` → ready) | {total:g} |")
    elif a.mode == "jfr":
        print(f"samples on FelixStartLevel before ready, median per run: {statistics.median(totals)}")
        print("| Part (innermost frame) | samples, median per run | share |")
        print("|---|--:|--:|")
        rows = sorted(per_part.items(), key=lambda kv: -statistics.median(kv[1]))
        for name, vs in rows:
            med = statistics.median(vs)
            if med == 0:
                continue
            print(f"| {name} | {med:g} | {100 * med / max(1, statistics.median(totals)):.0f} % |")
    else:
        print("| Source | classes, median |")
        print("|---|--:|")
        for k, vs in sorted(class_sources.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"| {k} | {statistics.median(vs):g} |")


if __name__ == "__main__":
    main()
