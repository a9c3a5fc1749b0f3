#!/usr/bin/env python3
"""Helpers for bench/startup.sh (run that, not this): start one node and measure it, time hot deploys,
build the dropped bundles, and write the report.

  bench.py mkjars  --classes DIR --out DIR --count N
  bench.py start   --setup NAME --kind cairn|probe --out LOG --results FILE --pids DIR [--env K=V]... -- CMD...
  bench.py drops   --deploy DIR --stage DIR --count N --out LOG --results FILE --pids DIR [--env K=V]... -- CMD...
  bench.py report  --results FILE --cairn-home DIR --bench-md FILE [--meta K=V]...

Every child runs in its own process group, is listed in --pids while it lives, and is stopped with
SIGTERM (SIGKILL after --stop-timeout) whatever happens; bench/startup.sh kills anything still listed.
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import zipfile

READY_CAIRN = re.compile(r"ready in (\d+) ms")
FAILED_CAIRN = re.compile(r" (SEVERE|ERROR) .*(system bundle|node failed)")
READY_PROBE = re.compile(r"^ready (\d+) ms")
FAILED_PROBE = re.compile(r"^not ready:")
LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z ")
POLL_S = 0.002


def now_ms():
    return time.time_ns() // 1_000_000


def log_ms(line):
    """Epoch ms of a Cairn log line (ISO-8601 UTC; ISO_INSTANT leaves out a .000 fraction)."""
    m = LOG_TIME.match(line)
    if not m:
        raise ValueError("no timestamp in: " + line)
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    frac = m.group(2) or ".0"
    return int(t.timestamp()) * 1000 + int(round(float(frac) * 1000))


class Failure(Exception):
    pass


class Child:
    """One node process: spawned in its own group, output to a file that is tailed for patterns."""

    def __init__(self, cmd, out_path, pids_dir, env_pairs=(), cwd=None):
        env = dict(os.environ)
        for pair in env_pairs:
            k, _, v = pair.partition("=")
            env[k] = v
        self.pids_dir = pids_dir
        self.out = open(out_path, "wb")
        self.reader = open(out_path, "r", encoding="utf-8", errors="replace")
        self.pending = ""
        self.seen = []
        self.t0 = now_ms()
        cmd = [a.replace("{t0}", str(self.t0)) for a in cmd]
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, cwd=cwd, start_new_session=True)
        self.pid = self.proc.pid
        open(os.path.join(pids_dir, str(self.pid)), "w").close()

    def lines(self):
        """New complete lines of output since the last call."""
        chunk = self.reader.read()
        if not chunk:
            return []
        data = self.pending + chunk
        parts = data.split("\n")
        self.pending = parts.pop()
        self.seen.extend(parts)
        return parts

    def wait_for(self, ok, bad, timeout_s):
        """The first line matching ok (a regex); Failure on a line matching bad, exit or timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            for line in self.lines():
                if ok.search(line):
                    return line
                if bad is not None and bad.search(line):
                    raise Failure("failed: " + line.strip()[:200])
            if self.proc.poll() is not None:
                for line in self.lines() + [self.pending]:
                    if ok.search(line):
                        return line
                raise Failure("exited with %d before ready" % self.proc.returncode)
            if time.monotonic() > deadline:
                raise Failure("no ready within %d s" % timeout_s)
            time.sleep(POLL_S)

    def stop(self, timeout_s):
        """SIGTERM to the group, SIGKILL after timeout_s; the exit code (negative: killed)."""
        try:
            if self.proc.poll() is None:
                try:
                    os.killpg(self.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    self.proc.wait(timeout_s)
                except subprocess.TimeoutExpired:
                    os.killpg(self.pid, signal.SIGKILL)
                    self.proc.wait(5)
            return self.proc.returncode
        finally:
            try:
                os.killpg(self.pid, signal.SIGKILL)   # anything the node left in its group
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.unlink(os.path.join(self.pids_dir, str(self.pid)))
            except FileNotFoundError:
                pass
            self.out.close()
            self.reader.close()


def tree(pid):
    """The process and its descendants: bin/cairn stays the parent of the node's JVM."""
    out = [pid]
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            for c in f.read().split():
                out += tree(int(c))
    except OSError:
        pass
    return out


def jvm_pid(pid):
    """The JVM under bin/cairn (for jcmd and smaps), or the process itself."""
    for p in reversed(tree(pid)):
        try:
            with open("/proc/%d/comm" % p) as f:
                if f.read().strip() == "java":
                    return p
        except OSError:
            pass
    return pid


def proc_memory(pid):
    """VmRSS, RssAnon, RssFile in KiB, summed over the process tree (bin/cairn's shell counts too)."""
    out = {}
    for p in tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    key = line.split(":")[0]
                    if key in ("VmRSS", "RssAnon", "RssFile"):
                        out[key] = out.get(key, 0) + int(line.split()[1])
        except OSError:
            pass
    return out


def proc_cpu_ms(pid):
    """User + system CPU of the process tree, with waited-for children (bin/cairn's `java -version`)."""
    ticks = 0
    for p in tree(pid):
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += sum(int(fields[i]) for i in (11, 12, 13, 14))   # utime stime cutime cstime
        except OSError:
            pass
    return ticks * 1000 // os.sysconf("SC_CLK_TCK")


def append_result(path, rec):
    with open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")


def on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


# ---------------------------------------------------------------- mkjars

def manifest(headers):
    return "".join("%s: %s\r\n" % kv for kv in headers).encode() + b"\r\n"


def cmd_mkjars(a):
    os.makedirs(a.out, exist_ok=True)
    classes = []
    for root, _, files in os.walk(a.classes):
        for name in files:
            full = os.path.join(root, name)
            classes.append((full, os.path.relpath(full, a.classes)))
    for i in range(1, a.count + 1):
        path = os.path.join(a.out, "drop-%02d.jar" % i)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("META-INF/MANIFEST.MF", manifest([
                ("Manifest-Version", "1.0"), ("Bundle-ManifestVersion", "2"),
                ("Bundle-SymbolicName", "bench.drop.d%02d" % i), ("Bundle-Version", "1.0.%d" % i),
                ("Bundle-Activator", "bench.drop.Activator"),
                ("Import-Package", 'org.osgi.framework;version="[1.8,2)"')]))
            for full, rel in classes:
                z.write(full, rel)


# ---------------------------------------------------------------- start

def cmd_start(a):
    rec = {"setup": a.setup, "ok": False}
    child = Child(a.cmd, a.out, a.pids, a.env, a.cwd)
    rec["t0"] = child.t0
    try:
        ok, bad = (READY_CAIRN, FAILED_CAIRN) if a.kind == "cairn" else (READY_PROBE, FAILED_PROBE)
        line = child.wait_for(ok, bad, a.timeout)
        mem = proc_memory(child.pid)            # first, so that it is "right after ready"
        rec["cpu_ms"] = proc_cpu_ms(child.pid)
        rec["rss_kib"], rec["anon_kib"], rec["file_kib"] = mem["VmRSS"], mem.get("RssAnon"), mem.get("RssFile")
        figure = int(ok.search(line).group(1))
        if a.kind == "cairn":
            rec["ready_at"] = log_ms(line)
            rec["wall_ms"] = rec["ready_at"] - child.t0     # from spawning bin/cairn (or java)
            rec["self_ms"] = figure                          # Cairn's own figure, from its launch.t0
        else:
            rec["wall_ms"] = rec["self_ms"] = figure         # probe: from -Dlaunch.t0 = spawn time
            rec["ready_at"] = child.t0 + figure
        if a.smaps:
            with open("/proc/%d/smaps" % jvm_pid(child.pid)) as src, open(a.smaps, "w") as dst:
                dst.write(src.read())
            rec["smaps"] = a.smaps
        if a.nmt:
            nmt = subprocess.run([a.jcmd, str(jvm_pid(child.pid)), "VM.native_memory", "summary", "scale=KB"],
                                 capture_output=True, text=True, timeout=30)
            with open(a.nmt, "w") as f:
                f.write(nmt.stdout + nmt.stderr)
        if a.settle:
            time.sleep(a.settle)
        rec["ok"] = True
    except (Failure, OSError, ValueError, subprocess.TimeoutExpired) as e:
        rec["error"] = str(e)
    finally:
        rec["exit"] = child.stop(a.stop_timeout)
        if a.classlog:
            rec["classlog"] = a.classlog
        append_result(a.results, rec)
    status = "%5d ms  %5.1f MiB" % (rec["wall_ms"], rec["rss_kib"] / 1024) if rec["ok"] else "FAILED " + rec["error"]
    print("  %-12s %s" % (a.setup, status), file=sys.stderr)


# ---------------------------------------------------------------- drops

def cmd_drops(a):
    jars = sorted(j for j in os.listdir(a.stage) if j.endswith(".jar"))[: a.count]
    symbolic = {}
    for j in jars:
        with zipfile.ZipFile(os.path.join(a.stage, j)) as z:
            mf = z.read("META-INF/MANIFEST.MF").decode()
        symbolic[j] = re.search(r"Bundle-SymbolicName: (\S+)", mf).group(1)
    rng = random.Random(7)
    child = Child(a.cmd, a.out, a.pids, a.env)
    rec = {"setup": "drops", "ok": False, "latencies_ms": []}
    try:
        child.wait_for(READY_CAIRN, FAILED_CAIRN, a.timeout)
        time.sleep(1.0)                                      # let the first scans of deploy/ pass
        for j in jars:
            time.sleep(rng.uniform(0.15, 0.30))              # drops land at any phase of the 25 ms poll
            started = re.compile(r" started %s \S+ \(%s\)" % (re.escape(symbolic[j]), re.escape(j)))
            t_drop = now_ms()
            os.rename(os.path.join(a.stage, j), os.path.join(a.deploy, j))   # what `mv` does: rename(2)
            line = child.wait_for(started, None, a.timeout)
            rec["latencies_ms"].append(log_ms(line) - t_drop)
            installed = re.compile(r" installed %s \S+ \(%s\)" % (re.escape(symbolic[j]), re.escape(j)))
            inst = [l for l in child.seen if installed.search(l)]
            if inst:
                rec.setdefault("installed_ms", []).append(log_ms(inst[-1]) - t_drop)
        rec["ok"] = True
    except (Failure, OSError, ValueError) as e:
        rec["error"] = str(e)
    finally:
        rec["exit"] = child.stop(a.stop_timeout)
        append_result(a.results, rec)
    lat = rec["latencies_ms"]
    print("  drops        %s" % (("p50 %d ms over %d drops" % (percentile(lat, 50), len(lat))) if rec["ok"]
                                 else "FAILED " + rec["error"]), file=sys.stderr)


# ---------------------------------------------------------------- report

def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def load(results):
    by = {}
    with open(results) as f:
        for line in f:
            rec = json.loads(line)
            by.setdefault(rec["setup"], []).append(rec)
    return by


def med(recs, key):
    vals = [r[key] for r in recs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt_ms(v):
    return "–" if v is None else "%d" % round(v)


def fmt_mib(kib):
    return "–" if kib is None else "%.1f" % (kib / 1024)


def start_cell(recs, runs):
    ok = [r for r in recs if r["ok"]]
    if not ok:
        return "failed"
    walls = [r["wall_ms"] for r in ok]
    cell = "**%d** (%d–%d)" % (round(statistics.median(walls)), min(walls), max(walls))
    if len(ok) < runs:
        cell += " [%d of %d runs ok]" % (len(ok), runs)
    return cell


CLASS_LINE = re.compile(r"^\[(\d+)ms\]\[(\d+)ms\] (\S+) source: (.*)$")


def class_log(path, ready_at):
    """Counts by source of the classes loaded until ready, and epoch ms of landmarks."""
    counts = {"total": 0, "cds_base": 0, "cds_top": 0, "jar": 0, "jrt": 0, "other": 0, "xml": 0}
    by_jar, first, picocli = {}, {}, []
    jvm_start = None
    with open(path, errors="replace") as f:
        for line in f:
            m = CLASS_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            t, up, name, source = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
            if jvm_start is None:
                jvm_start = t - up
            if t > ready_at:
                break
            counts["total"] += 1
            if source == "shared objects file":
                counts["cds_base"] += 1
            elif source.startswith("shared objects file"):
                counts["cds_top"] += 1
            elif source.startswith("file:") or source.startswith("jar:"):
                counts["jar"] += 1
                jar = os.path.basename(source.split("!")[0].strip())
                by_jar[jar] = by_jar.get(jar, 0) + 1
            elif source.startswith("jrt:"):
                counts["jrt"] += 1
            else:
                counts["other"] += 1
            if name.startswith("picocli."):
                picocli.append(t)
            if name.startswith(("com.sun.org.apache.xerces.", "org.xml.sax.", "javax.xml.", "jdk.xml.", "com.sun.xml.")):
                counts["xml"] += 1
            key = LANDMARKS.get(name) or ("activator" if name in ACTIVATORS else None)
            if key is None and name.startswith("org.apache.felix.framework."):
                key = "felix"
            if key and key not in first:
                first[key] = t
    return {"counts": counts, "by_jar": by_jar, "first": first, "jvm_start": jvm_start,
            "picocli_span": (picocli[-1] - picocli[0]) if picocli else 0, "picocli_n": len(picocli)}


# First loads that mark the phases of a start.
LANDMARKS = {"dev.cairn.launcher.Main": "cairn_main", "org.apache.felix.main.Main": "felix_main",
             "dev.cairn.launcher.NodeSettings": "settings"}
ACTIVATORS = {"org.apache.felix.log.Activator", "org.apache.felix.cm.impl.Activator",
              "org.apache.felix.metatype.internal.Activator", "org.apache.felix.scr.impl.Activator",
              "org.apache.felix.fileinstall.internal.FileInstall", "bench.probe.ReadyProbe"}


SMAPS_HEAD = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$")


def smaps(path):
    """Resident KiB by kind of mapping: {kind: [rss, anonymous part]}."""
    if not path or not os.path.exists(path):
        return None
    out, kind = {}, None
    with open(path) as f:
        for line in f:
            m = SMAPS_HEAD.match(line)
            if m:
                name = m.group(1).strip()
                if name.endswith(".jsa"):
                    kind = "Cairn's AppCDS archive (lib/*.jsa)" if "/lib/cairn-" in name else "JDK's CDS archive (classes.jsa)"
                elif name.endswith("libjvm.so"):
                    kind = "libjvm.so (the JVM's own code)"
                elif ".so" in name:
                    kind = "other shared libraries"
                elif name.endswith("/lib/modules"):
                    kind = "JDK modules image (lib/modules)"
                elif name in ("", "[heap]", "[stack]") or name.startswith("[anon"):
                    kind = "anonymous: Java heap, metaspace, code cache, stacks, malloc"
                else:
                    kind = "other (files, vdso)"
                out.setdefault(kind, [0, 0])
            elif kind and line.startswith("Rss:"):
                out[kind][0] += int(line.split()[1])
            elif kind and line.startswith("Anonymous:"):
                out[kind][1] += int(line.split()[1])
    return out


def class_major(jar, prefix):
    with zipfile.ZipFile(jar) as z:
        for n in z.namelist():
            if n.startswith(prefix) and n.endswith(".class"):
                data = z.read(n)
                return int.from_bytes(data[6:8], "big")
    return None


NMT_LINE = re.compile(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB\)")
NMT_TOTAL = re.compile(r"^Total: reserved=(\d+)KB, committed=(\d+)KB")


def nmt(path):
    if not path or not os.path.exists(path):
        return None
    cats, total = {}, None
    with open(path) as f:
        for line in f:
            m = NMT_LINE.match(line.strip())
            if m:
                cats[m.group(1).strip()] = int(m.group(3))
            m = NMT_TOTAL.match(line.strip())
            if m:
                total = int(m.group(2))
    return {"total": total, "cats": cats} if cats else None


def median_phase(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def system_bundles():
    """How many system bundles the built distribution ships (system/<level>/*.jar)."""
    import glob
    return len(glob.glob("distribution/target/cairn-*/system/*/*.jar"))


def cmd_report(a):
    by = load(a.results)
    meta = dict(kv.partition("=")[::2] for kv in a.meta)
    runs = int(meta.get("runs", "10"))
    ok = lambda s: [r for r in by.get(s, []) if r["ok"]]   # noqa: E731

    fw, fc, cw, cc = (med(ok("felix-warm"), "wall_ms"), med(ok("felix-fresh"), "wall_ms"),
                      med(ok("cairn-warm"), "wall_ms"), med(ok("cairn-fresh"), "wall_ms"))
    ratio = lambda c, f: (c / f) if (c and f) else None      # noqa: E731
    rw, rf = ratio(cw, fw), ratio(cc, fc)
    drops = (by.get("drops") or [{}])[-1]
    lat = drops.get("latencies_ms") or []
    p50 = percentile(lat, 50) if lat else None
    p95 = percentile(lat, 95) if lat else None

    out = []
    w = out.append
    w("## Node start, memory and hot deploy (issue: foundation)")
    w("")
    w("Measured %s by `bench/startup.sh` (%s s for the whole script) on %s cores (%s), %s GiB RAM, Linux %s, %s. "
      "The machine is shared and was busy (1-minute load average %s), so every figure is a median and start "
      "times show their range."
      % (meta.get("date"), meta.get("elapsed", "?"), meta.get("nproc"), meta.get("cpu"), meta.get("mem_gib"),
         meta.get("kernel"), meta.get("jdk"), meta.get("load", "?")))
    w("")
    w("Method:")
    w("")
    w("- Setups run from a temporary copy of the exploded distribution and of a bare Felix, interleaved: each of "
      "%d rounds starts every setup once, in an order rotated from round to round, after one untimed round." % runs)
    w("- **Bare Felix**: `java -jar felix.jar` (org.apache.felix.main 7.0.5, no JVM options but `-Dlaunch.t0`) with "
      "SCR 2.2.18 (+ org.osgi.service.component 1.5.1, org.osgi.util.promise 1.3.0, org.osgi.util.function 1.2.0), "
      "ConfigAdmin 1.9.26 and FileInstall 3.7.4 from `felix.auto.deploy.dir`, no gogo; a probe bundle at start level 2 "
      "prints `ready` on FrameworkEvent.STARTED once every bundle is ACTIVE. **Cairn**: `bin/cairn` as shipped "
      "(%d system bundles), its AppCDS archive made by one untimed first run." % system_bundles())
    w("- **Start → ready**: from the moment the benchmark spawns the process (it passes that time as `-Dlaunch.t0` "
      "where it runs java itself) to Felix's probe line, or to the timestamp of Cairn's `ready in` log line. Cairn's "
      "own `ready in` figure starts at bin/cairn's `date`, so it leaves out what bin/cairn does before; it is shown "
      "apart. **Fresh** = Felix's cache or Cairn's data/ deleted before each run (lib/*.jsa kept); **warm** = the "
      "storage the previous run of the same setup left.")
    w("- **RSS**: VmRSS of /proc/<pid>/status, summed over the process tree (bin/cairn's shell stays the JVM's "
      "parent, ~1 MiB), as soon as ready is seen (output polled every 2 ms); CPU = user + system time of the "
      "process tree and its waited-for children at that moment.")
    w("- **Drop → ACTIVE**: %d bundles with distinct Bundle-SymbolicName and an empty activator, each renamed "
      "(as `mv` does) from a folder on the same file system into deploy/ of a node started by `bin/cairn` "
      "(defaults, deploy poll 25 ms), the first 1 s after ready, then one every 150–300 ms once the previous one "
      "started; "
      "latency = timestamp of Cairn's `started <name>` log line − the clock just before the rename." % len(lat))
    w("")
    w("| Measure | bare Felix 7.0.5 | Cairn | Cairn / Felix |")
    w("|---|--:|--:|--:|")
    w("| Start → ready, fresh storage, median of %d (min–max), ms | %s | %s | %s |"
      % (runs, start_cell(by.get("felix-fresh", []), runs), start_cell(by.get("cairn-fresh", []), runs),
         "%.2f" % rf if rf else "–"))
    w("| Start → ready, warm storage, median of %d (min–max), ms | %s | %s | %s |"
      % (runs, start_cell(by.get("felix-warm", []), runs), start_cell(by.get("cairn-warm", []), runs),
         "%.2f" % rw if rw else "–"))
    w("| Cairn's own `ready in` figure, fresh / warm, ms | – | %s / %s | |"
      % (fmt_ms(med(ok("cairn-fresh"), "self_ms")), fmt_ms(med(ok("cairn-warm"), "self_ms"))))
    w("| RSS right after ready, fresh / warm, median, MiB | %s / %s | %s / %s | %.2f |"
      % (fmt_mib(med(ok("felix-fresh"), "rss_kib")), fmt_mib(med(ok("felix-warm"), "rss_kib")),
         fmt_mib(med(ok("cairn-fresh"), "rss_kib")), fmt_mib(med(ok("cairn-warm"), "rss_kib")),
         (med(ok("cairn-warm"), "rss_kib") or 0) / (med(ok("felix-warm"), "rss_kib") or 1)))
    w("| CPU time to ready, fresh / warm, median, ms | %s / %s | %s / %s | %.2f |"
      % (fmt_ms(med(ok("felix-fresh"), "cpu_ms")), fmt_ms(med(ok("felix-warm"), "cpu_ms")),
         fmt_ms(med(ok("cairn-fresh"), "cpu_ms")), fmt_ms(med(ok("cairn-warm"), "cpu_ms")),
         (med(ok("cairn-warm"), "cpu_ms") or 0) / (med(ok("felix-warm"), "cpu_ms") or 1)))
    w("| Drop → ACTIVE, p50 / p95 of %d drops (nearest rank), ms | – | %s / %s | |"
      % (len(lat), fmt_ms(p50), fmt_ms(p95)) if lat else
      "| Drop → ACTIVE | – | failed: %s | |" % drops.get("error", "not run"))
    w("")
    w("Cairn JVM options, warm storage, median of %d runs each (interleaved with the runs above):" % runs)
    w("")
    w("| Setup | start → ready, ms (min–max) | RSS, MiB | RSS anon / file, MiB | CPU to ready, ms |")
    w("|---|--:|--:|--:|--:|")
    variants = [
        ("cairn-stock", "(a) Cairn on stock JVM flags: `java -jar lib/cairn.jar` (G1, C1+C2, JDK's own CDS archive)"),
        ("cairn-nocds", "(b) `bin/cairn` defaults, `CAIRN_CDS=off` (SerialGC, C1 only, small heap, no AppCDS)"),
        ("cairn-warm", "(c) `bin/cairn` defaults + AppCDS archive — as shipped"),
        ("cairn-g1", "(d) as (c) but G1: `JAVA_OPTS=\"-XX:-UseSerialGC -XX:+UseG1GC\"`"),
        ("felix-warm", "bare Felix, stock flags (reference)"),
    ]
    for key, label in variants:
        rs = ok(key)
        w("| %s | %s | %s | %s / %s | %s |" % (label, start_cell(by.get(key, []), runs), fmt_mib(med(rs, "rss_kib")),
                                             fmt_mib(med(rs, "anon_kib")), fmt_mib(med(rs, "file_kib")),
                                             fmt_ms(med(rs, "cpu_ms"))))
    w("")

    # Targets.
    rss_c = max(filter(None, [med(ok("cairn-fresh"), "rss_kib"), med(ok("cairn-warm"), "rss_kib")]), default=None)
    verdict = lambda b: "**met**" if b else "**not met**"   # noqa: E731
    w("| Target | Measured | |")
    w("|---|---|---|")
    best = lambda s: min([r["wall_ms"] for r in ok(s)], default=None)   # noqa: E731
    bf, bw = ratio(best("cairn-fresh"), best("felix-fresh")), ratio(best("cairn-warm"), best("felix-warm"))
    w("| Start ≤ 0.6 × bare Felix | medians: fresh %s×, warm %s× (fastest runs: %s×, %s×) | %s |"
      % ("%.2f" % rf if rf else "–", "%.2f" % rw if rw else "–", "%.2f" % bf if bf else "–",
         "%.2f" % bw if bw else "–", verdict(rf and rw and rf <= 0.6 and rw <= 0.6)))
    w("| RSS ≤ 48 MiB | %s MiB (larger of fresh / warm medians) | %s |"
      % (fmt_mib(rss_c), verdict(rss_c is not None and rss_c <= 48 * 1024)))
    w("| Drop → ACTIVE p50 ≤ 60 ms | %s ms (p95 %s ms) | %s |" % (fmt_ms(p50), fmt_ms(p95), verdict(p50 is not None and p50 <= 60)))
    w("")

    # Diagnostics: where the start-up time goes, what loads, what holds memory.
    diag_c = [r for r in ok("diag-cairn") if r.get("classlog") and os.path.exists(r["classlog"])]
    diag_f = [r for r in ok("diag-felix") if r.get("classlog") and os.path.exists(r["classlog"])]
    cl_c = [(r, class_log(r["classlog"], r["ready_at"])) for r in diag_c]
    cl_f = [(r, class_log(r["classlog"], r["ready_at"])) for r in diag_f]

    def phase(pairs, fn):
        vals = []
        for r, c in pairs:
            try:
                vals.append(fn(r, c))
            except (KeyError, TypeError):
                pass
        return median_phase(vals)

    launch = lambda r: r["ready_at"] - r["self_ms"]          # noqa: E731  bin/cairn's own t0
    first = lambda c, k: c["first"][k]                        # noqa: E731
    ph_c = {
        "script": phase(cl_c, lambda r, c: launch(r) - r["t0"]),
        "jvm": phase(cl_c, lambda r, c: c["jvm_start"] - launch(r)),
        "boot": phase(cl_c, lambda r, c: first(c, "cairn_main") - c["jvm_start"]),
        "cli": phase(cl_c, lambda r, c: first(c, "settings") - first(c, "cairn_main")),
        "prep": phase(cl_c, lambda r, c: first(c, "felix") - first(c, "settings")),
        "fwinit": phase(cl_c, lambda r, c: first(c, "activator") - first(c, "felix")),
        "bundles": phase(cl_c, lambda r, c: r["ready_at"] - first(c, "activator")),
        "total": phase(cl_c, lambda r, c: r["ready_at"] - r["t0"]),
    }
    ph_f = {
        "jvm": phase(cl_f, lambda r, c: c["jvm_start"] - r["t0"]),
        "boot": phase(cl_f, lambda r, c: first(c, "felix_main") - c["jvm_start"]),
        "fwinit": phase(cl_f, lambda r, c: first(c, "activator") - first(c, "felix_main")),
        "bundles": phase(cl_f, lambda r, c: r["ready_at"] - first(c, "activator")),
        "total": phase(cl_f, lambda r, c: r["ready_at"] - r["t0"]),
    }
    cnt = lambda pairs, k: median_phase([c["counts"][k] for _, c in pairs])   # noqa: E731
    pico_n = median_phase([c["by_jar"].get("picocli-4.7.7.jar", 0) for _, c in cl_c]) if cl_c else None
    pico_jar = os.path.join(a.cairn_home, "lib", "picocli-4.7.7.jar")
    pico_major = class_major(pico_jar, "picocli/") if os.path.exists(pico_jar) else None

    if cl_c and cl_f:
        w("Where the time goes: %d extra warm runs of each with `-Xlog:class+load` to a file, median per phase; a "
          "phase ends when the first class of the next one loads, the JVM's start is the log's clock minus the "
          "JVM's uptime. The logging adds work and these runs meet the machine's load at another moment (%s and %s "
          "ms in all, against the timed medians of %s and %s ms above), so read the phases as shares of the start."
          % (len(cl_c), fmt_ms(ph_c["total"]), fmt_ms(ph_f["total"]), fmt_ms(cw), fmt_ms(fw)))
        w("")
        w("| Phase | Cairn (bin/cairn + CDS), ms | bare Felix, ms |")
        w("|---|--:|--:|")
        w("| bin/cairn's shell work before it execs java and takes `launch.t0` | %s | – |" % fmt_ms(ph_c["script"]))
        w("| exec → JVM running | %s | %s |" % (fmt_ms(ph_c["jvm"]), fmt_ms(ph_f["jvm"])))
        w("| JVM boot → launcher's main class | %s | %s |" % (fmt_ms(ph_c["boot"]), fmt_ms(ph_f["boot"])))
        w("| command line (Main → NodeSettings) | %s | – |" % fmt_ms(ph_c["cli"]))
        w("| settings, log files, control socket, system/ scan → first Felix class | %s | – |" % fmt_ms(ph_c["prep"]))
        w("| Felix: framework init, bundle cache, install, resolve → first bundle activator | %s | %s |"
          % (fmt_ms(ph_c["fwinit"]), fmt_ms(ph_f["fwinit"])))
        w("| bundle activators → ready (Cairn 10 bundles, bare 6 + probe) | %s | %s |"
          % (fmt_ms(ph_c["bundles"]), fmt_ms(ph_f["bundles"])))
        w("| total, spawn → ready (with the logging) | %s | %s |" % (fmt_ms(ph_c["total"]), fmt_ms(ph_f["total"])))
        w("")
        w("| Classes loaded until ready | Cairn (bin/cairn + CDS) | bare Felix |")
        w("|---|--:|--:|")
        w("| total | %s | %s |" % (fmt_ms(cnt(cl_c, "total")), fmt_ms(cnt(cl_f, "total"))))
        w("| from the JDK's CDS archive | %s | %s |" % (fmt_ms(cnt(cl_c, "cds_base")), fmt_ms(cnt(cl_f, "cds_base"))))
        w("| from Cairn's AppCDS archive (lib/*.jsa) | %s | – |" % fmt_ms(cnt(cl_c, "cds_top")))
        w("| parsed from JARs | %s | %s |" % (fmt_ms(cnt(cl_c, "jar")), fmt_ms(cnt(cl_f, "jar"))))
        w("| … of which picocli-4.7.7.jar | %s | – |" % fmt_ms(pico_n))
        w("| parsed from the JDK's modules (jrt:) | %s | %s |" % (fmt_ms(cnt(cl_c, "jrt")), fmt_ms(cnt(cl_f, "jrt"))))
        w("| generated (lambdas, proxies, reflection) | %s | %s |" % (fmt_ms(cnt(cl_c, "other")), fmt_ms(cnt(cl_f, "other"))))
        w("| XML parser classes (SAX, Xerces), wherever from | %s | %s |" % (fmt_ms(cnt(cl_c, "xml")), fmt_ms(cnt(cl_f, "xml"))))
        w("")

    sm_c = smaps(next((r.get("smaps") for r in reversed(ok("diag-cairn")) if r.get("smaps")), None))
    sm_f = smaps(next((r.get("smaps") for r in reversed(ok("diag-felix")) if r.get("smaps")), None))
    if sm_c and sm_f:
        w("Resident memory right after ready by mapping (one warm run each, /proc/<pid>/smaps), MiB "
          "(in brackets: the part that is private anonymous copy-on-write pages):")
        w("")
        w("| Mapping | Cairn (bin/cairn + CDS) | bare Felix |")
        w("|---|--:|--:|")
        cell = lambda v: "–" if not v else ("%s" % fmt_mib(v[0]) + (" (%s)" % fmt_mib(v[1]) if v[1] and v[1] != v[0] else ""))  # noqa: E731
        for k in sorted(set(sm_c) | set(sm_f), key=lambda k: -(sm_c.get(k, [0])[0] + sm_f.get(k, [0])[0])):
            w("| %s | %s | %s |" % (k, cell(sm_c.get(k)), cell(sm_f.get(k))))
        w("| total | %s | %s |" % (fmt_mib(sum(v[0] for v in sm_c.values())), fmt_mib(sum(v[0] for v in sm_f.values()))))
        w("")

    n_c, n_f = nmt(a.nmt_cairn), nmt(a.nmt_felix)
    if n_c and n_f:
        keys = sorted(set(n_c["cats"]) | set(n_f["cats"]),
                      key=lambda k: -(n_c["cats"].get(k, 0) + n_f["cats"].get(k, 0)))[:7]
        w("Memory the JVM has committed right after ready, by part (one warm run each with "
          "`-XX:NativeMemoryTracking=summary`; committed is an upper bound of what is resident), MiB:")
        w("")
        w("| Part | Cairn (bin/cairn + CDS) | bare Felix |")
        w("|---|--:|--:|")
        for k in keys:
            w("| %s | %s | %s |" % (k, fmt_mib(n_c["cats"].get(k)), fmt_mib(n_f["cats"].get(k))))
        w("| total committed | %s | %s |" % (fmt_mib(n_c["total"]), fmt_mib(n_f["total"])))
        w("")

    # What stands in the way, from the figures above.
    w("### What stands in the way")
    w("")
    para = []
    if rw and rf:
        para.append("Start: Cairn reaches ready at %.2f× (warm) and %.2f× (fresh) the time of the bare Felix, so "
                    "the 0.6× target is %s." % (rw, rf, "met" if rw <= 0.6 and rf <= 0.6 else "not met"))
    if cl_c and ph_c["total"]:
        names = {"bundles": "the system bundles' activators", "fwinit": "Felix's own init (framework, bundle cache, "
                 "resolve)", "cli": "the command line", "boot": "JVM boot", "prep": "settings, log files, "
                 "control socket", "script": "bin/cairn's shell", "jvm": "exec"}
        parts = sorted(((v, k) for k, v in ph_c.items() if k in names and v is not None), reverse=True)
        para.append("Where Cairn's start goes (diagnostic runs, %s ms spawn → ready with the logging): %s."
                    % (fmt_ms(ph_c["total"]), ", ".join("%s %s ms (%d %%)" % (names[k], fmt_ms(v), round(100 * v / ph_c["total"]))
                                                        for v, k in parts[:5])))
        xml = cnt(cl_c, "xml") or 0
        para.append("Its %d system bundles take %s ms from the first activator to ready, against %s ms for the bare "
                    "setup's 6: Cairn adds felix.log, metatype, Jackson, its deploy, bus, MQTT, broker, management, "
                    "observe and (idle) HTTP bundles%s."
                    % (system_bundles(), fmt_ms(ph_c["bundles"]), fmt_ms(ph_f["bundles"]),
                       (", and SCR then has component descriptors to parse, which pulls in the JDK's XML parser "
                        "(%d classes; none in the bare setup)" % xml) if xml and not cnt(cl_f, "xml") else ""))
    if cl_c and ph_c["cli"] is not None:
        txt = ("The command line alone takes %s ms before Felix is even touched" % fmt_ms(ph_c["cli"]))
        if pico_n:
            txt += (": %d picocli classes are parsed and verified from the JAR on every start although the AppCDS "
                    "archive is in use, because picocli 4.7.7 is compiled to class version %s (Java 5), which CDS "
                    "cannot archive (bin/cairn's `-Xlog:cds=off` hides that warning); a node start parses no "
                    "arguments in the common case, so this is the cheapest time to win back"
                    % (pico_n, pico_major))
        para.append(txt + ".")
    if ph_c.get("script") is not None:
        gaps = [r["wall_ms"] - r["self_ms"] for r in ok("cairn-warm") + ok("cairn-fresh")]
        txt = ("bin/cairn's own shell work before `launch.t0` took %s ms in the diagnostic runs and up to %s ms "
               "in the timed ones on this loaded machine; Cairn's `ready in` figure leaves it out"
               % (fmt_ms(ph_c["script"]), fmt_ms(max(gaps) if gaps else None)))
        if meta.get("java_version_call") == "yes":
            txt += " (it runs `java -version`, a whole extra JVM, to name the archive)"
        para.append(txt + ".")
    if cl_c:
        para.append("The AppCDS archive is used: %s of %s classes loaded until ready come from it and %s from the "
                    "JDK's archive; only %s are parsed from JARs."
                    % (fmt_ms(cnt(cl_c, "cds_top")), fmt_ms(cnt(cl_c, "total")), fmt_ms(cnt(cl_c, "cds_base")),
                       fmt_ms(cnt(cl_c, "jar"))))
    if meta.get("archive_relocation") == "yes" and sm_c:
        dirty = sum(v[1] for k, v in sm_c.items() if "archive" in k)
        para.append("This JDK build maps CDS archives at a random address (ArchiveRelocationMode=1) and patches "
                    "their pointers on every start, so %s MiB of archive pages are private copies rather than shared "
                    "file pages (`-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0` keeps them clean; "
                    "RSS stays the same)." % fmt_mib(dirty))
    if meta.get("serial_heap_ignored") == "yes":
        para.append("With SerialGC, JDK 17 ignores the heap objects of its CDS archive (archived module graph, "
                    "interned strings; only G1 maps them).")
    rs_c, rs_nocds = med(ok("cairn-warm"), "rss_kib"), med(ok("cairn-nocds"), "rss_kib")
    if rs_c:
        txt = ("Memory: %s MiB resident right after ready, %s MiB of it anonymous and %s MiB file-backed"
               % (fmt_mib(rs_c), fmt_mib(med(ok("cairn-warm"), "anon_kib")), fmt_mib(med(ok("cairn-warm"), "file_kib"))))
        if rs_nocds:
            txt += " (%s MiB without the AppCDS archive)" % fmt_mib(rs_nocds)
        if n_c:
            txt += ("; the Java heap alone is committed at its -Xms16m (%s MiB)"
                    % fmt_mib(n_c["cats"].get("Java Heap")))
        if sm_c:
            fixed = sum(v[0] for k, v in sm_c.items() if k.startswith(("libjvm", "JDK", "other")))
            own = sum(v[0] for v in sm_c.values()) - fixed
            txt += (". %s MiB of it are mappings every JVM on this JDK has (libjvm.so, the JDK's archive, other "
                    "libraries, the modules image); the other %s MiB are Cairn's heap, metaspace, code, stacks and "
                    "its archive, and that part has to shrink by %s MiB to meet 48 MiB (e.g. a smaller initial "
                    "heap than -Xms16m, fewer classes)"
                    % (fmt_mib(fixed), fmt_mib(own), fmt_mib(max(0, rs_c - 48 * 1024))))
        para.append(txt + ".")
    if lat:
        inst = drops.get("installed_ms") or []
        txt = "Hot deploy: p50 %s ms, p95 %s ms" % (fmt_ms(p50), fmt_ms(p95))
        if inst:
            txt += ("; the `installed` line comes at p50 %s ms, so the rest (resolve, start, the asynchronous "
                    "bundle event that logs `started`) takes about %s ms"
                    % (fmt_ms(percentile(inst, 50)), fmt_ms(percentile(lat, 50) - percentile(inst, 50))))
        txt += (". FileInstall takes a file only when two scans 25 ms apart agree, so 25–50 ms of every drop is "
                "the poll itself")
        para.append(txt + ".")
    w(" ".join(para))
    w("")

    text = "\n".join(out)
    print(text)
    write_section(a.bench_md, text)


def write_section(path, section):
    """Replaces the section (up to the next `## ` heading) in BENCHMARKS.md, or appends it."""
    title = section.split("\n", 1)[0]
    old = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    lines = old.split("\n")
    if title in lines:
        start = lines.index(title)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = "\n".join(lines[:start]) + "\n" + section + "\n" + "\n".join(lines[end:])
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(new.rstrip("\n") + "\n")


# ---------------------------------------------------------------- main

def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd_name", required=True)

    m = sub.add_parser("mkjars")
    m.add_argument("--classes", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--count", type=int, default=20)

    for name in ("start", "drops"):
        s = sub.add_parser(name)
        s.add_argument("--out", required=True)
        s.add_argument("--results", required=True)
        s.add_argument("--pids", required=True)
        s.add_argument("--env", action="append", default=[])
        s.add_argument("--timeout", type=float, default=30)
        s.add_argument("--stop-timeout", type=float, default=15)
        if name == "start":
            s.add_argument("--setup", required=True)
            s.add_argument("--kind", choices=["cairn", "probe"], required=True)
            s.add_argument("--cwd")
            s.add_argument("--classlog")
            s.add_argument("--nmt")
            s.add_argument("--smaps")
            s.add_argument("--jcmd", default="jcmd")
            s.add_argument("--settle", type=float, default=0)
        else:
            s.add_argument("--deploy", required=True)
            s.add_argument("--stage", required=True)
            s.add_argument("--count", type=int, default=20)
        s.add_argument("cmd", nargs=argparse.REMAINDER)

    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--cairn-home", required=True)
    r.add_argument("--bench-md", required=True)
    r.add_argument("--nmt-cairn")
    r.add_argument("--nmt-felix")
    r.add_argument("--meta", action="append", default=[])

    a = p.parse_args()
    if getattr(a, "cmd", None) and a.cmd and a.cmd[0] == "--":
        a.cmd = a.cmd[1:]
    {"mkjars": cmd_mkjars, "start": cmd_start, "drops": cmd_drops, "report": cmd_report}[a.cmd_name](a)


if __name__ == "__main__":
    main()
