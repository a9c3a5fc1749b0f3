#!/usr/bin/env python3
"""bench/memory/memory.py — what each JVM flag buys in a Cairn node's memory right after ready (issue 13).

Run from the repository root, after building the distribution (it is only read, and copied once):
    bench/memory/memory.py                       # every variant below, 5 rounds
    bench/memory/memory.py --rounds 3 default xms4 arena2
It prints a Markdown report (tables per variant) on stdout; progress goes to stderr. About 4 minutes for
all variants and 5 rounds on 2 cores.

For each variant (JVM options in JAVA_OPTS, which bin/cairn puts after its DEFAULT_OPTS, plus
environment), in a copy of the distribution of its own:
  1. one untimed first run writes the AppCDS archive (as a new node does), one more seeds data/;
  2. ROUNDS warm starts, interleaved (round i starts every variant once, the order rotated), each read
     right after its `ready in` line: VmRSS, RssAnon, RssFile of the JVM (/proc/PID/status; bin/cairn's
     shell is left out), Pss, Private_Clean + Private_Dirty and Private_Dirty from /proc/PID/smaps_rollup,
     the time from spawning bin/cairn to the ready line's timestamp, CPU to ready; then SIGTERM;
  3. one extra start with -XX:NativeMemoryTracking=summary: jcmd VM.native_memory summary, GC.heap_info
     and Thread.print (threads), read after the memory figures; then the node must still work:
     `bin/cairn status` lists 27 bundles all ACTIVE (or LAZY), examples/hello.jar dropped into deploy/
     logs `started`, and the node exits 0 on SIGTERM.
Settings: --rounds 5, --timeout 30 (s per start), --keep (keep the temporary folder), JAVA_HOME.
Only local files and processes; every process started is stopped (bench/bench.py's Child).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import bench  # noqa: E402  bench/bench.py: Child, jvm_pid, log_ms, ready patterns

REPO = os.path.dirname(os.path.dirname(HERE))
DIST = os.path.join(REPO, "distribution", "target", "cairn-0.1.0-SNAPSHOT")
JBIN = os.path.join(os.environ["JAVA_HOME"], "bin") + "/" if os.environ.get("JAVA_HOME") else ""
DIAG = "-XX:+UnlockDiagnosticVMOptions"

# name: (JAVA_OPTS, extra environment, what it is). "default" is bin/cairn as built.
VARIANTS = {
    "default": ("", {}, "bin/cairn's DEFAULT_OPTS as built"),
    "xms8": ("-Xms8m", {}, "initial heap 8 MiB"),
    "xms4": ("-Xms4m", {}, "initial heap 4 MiB"),
    "xmn2": ("-Xmn2m", {}, "young generation 2 MiB"),
    "xms8-xmn2": ("-Xms8m -Xmn2m", {}, "initial heap 8 MiB, young 2 MiB"),
    "xms4-xmn1": ("-Xms4m -Xmn1m", {}, "initial heap 4 MiB, young 1 MiB"),
    "heapfree": ("-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30", {}, "heap free ratios 10/30 %"),
    "xss256": ("-Xss256k", {}, "thread stacks 256 KiB"),
    "code16": ("-XX:ReservedCodeCacheSize=16m", {}, "code cache reserved 16 MiB"),
    "codeinit": ("-XX:InitialCodeCacheSize=512k", {}, "code cache initially 512 KiB"),
    "ci1": ("-XX:CICompilerCount=1", {}, "one JIT compiler thread"),
    "xint": ("-Xint", {}, "interpreter only: no JIT, no compiled code"),
    "meta": ("-XX:MetaspaceSize=8m -XX:MinMetaspaceFreeRatio=10 -XX:MaxMetaspaceFreeRatio=20", {},
             "metaspace GC threshold 8 MiB, free ratios 10/20 %"),
    "reloc0": (DIAG + " -XX:ArchiveRelocationMode=0", {}, "CDS archives mapped at their base address"),
    "appcds-off": ("", {"CAIRN_CDS": "off"}, "no AppCDS archive (the JDK's own only)"),
    "share-off": ("-Xshare:off", {"CAIRN_CDS": "off"}, "no class-data sharing at all"),
    "noperf": ("-XX:-UsePerfData", {}, "no hsperfdata file"),
    "arena2": ("", {"MALLOC_ARENA_MAX": "2"}, "glibc malloc arenas capped at 2"),
}
DEFAULT_ORDER = list(VARIANTS)


def add_combination(spec):
    """--combo NAME='OPTS'[;ENV=V...]: a further variant, e.g. best='-Xms4m -Xss256k;MALLOC_ARENA_MAX=2'."""
    name, _, rest = spec.partition("=")
    opts, *envs = rest.split(";")
    VARIANTS[name] = (opts.strip(), dict(e.split("=", 1) for e in envs if e), "combination: " + rest)
    return name


def log(msg):
    print(time.strftime("%T"), msg, file=sys.stderr, flush=True)


def status_fields(pid, keys):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k = line.split(":")[0]
            if k in keys:
                out[k] = int(line.split()[1])
    return out


def rollup(pid):
    out = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            m = re.match(r"^(\w+):\s+(\d+) kB", line)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def cpu_ms(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")


class Node:
    """One variant's copy of the distribution."""

    def __init__(self, work, base, name):
        self.name = name
        self.opts, self.env, self.what = VARIANTS[name]
        self.home = os.path.join(work, name)
        self.logs = os.path.join(work, "logs")
        self.pids = os.path.join(work, "pids")
        shutil.copytree(base, self.home, symlinks=True)
        self.runs = 0

    def spawn(self, extra_opts=""):
        self.runs += 1
        env = ["%s=%s" % kv for kv in self.env.items()]
        opts = (self.opts + " " + extra_opts).strip()
        if opts:
            env.append("JAVA_OPTS=" + opts)
        out = os.path.join(self.logs, "%s.%d.log" % (self.name, self.runs))
        return bench.Child([os.path.join(self.home, "bin", "cairn")], out, self.pids, env, cwd=self.home)

    def start(self, timeout, extra_opts="", check=False):
        """One start; the figures right after ready (and, with check, NMT, heap, threads, the checks)."""
        child = self.spawn(extra_opts)
        rec = {"variant": self.name, "ok": False}
        try:
            line = child.wait_for(bench.READY_CAIRN, bench.FAILED_CAIRN, timeout)
            pid = bench.jvm_pid(child.pid)
            st = status_fields(pid, ("VmRSS", "RssAnon", "RssFile", "Threads"))   # first: "right after ready"
            ru = rollup(pid)
            rec.update(rss=st["VmRSS"], anon=st["RssAnon"], file=st["RssFile"], threads=st["Threads"],
                       pss=ru.get("Pss"), private=ru.get("Private_Clean", 0) + ru.get("Private_Dirty", 0),
                       dirty=ru.get("Private_Dirty"), cpu=cpu_ms(pid),
                       wall=bench.log_ms(line) - child.t0, self_ms=int(bench.READY_CAIRN.search(line).group(1)))
            if check:
                self.diagnose(pid, rec)
                self.check(child, rec, timeout)
            rec["ok"] = True
        except (bench.Failure, OSError, ValueError, KeyError, subprocess.TimeoutExpired) as e:
            rec["error"] = str(e)
        finally:
            rec["exit"] = child.stop(15)
            warnings = [l for l in child.seen if "warning" in l.lower() and "VM" in l]
            if warnings:
                rec["jvm_warnings"] = warnings[:3]
        if rec["ok"] and rec["exit"] != 0:
            rec["ok"], rec["error"] = False, "exit %s on SIGTERM" % rec["exit"]
        return rec

    def diagnose(self, pid, rec):
        def jcmd(*args):
            return subprocess.run([JBIN + "jcmd", str(pid)] + list(args), capture_output=True, text=True,
                                  timeout=30).stdout
        nmt = jcmd("VM.native_memory", "summary", "scale=KB")
        with open(os.path.join(self.logs, self.name + ".nmt.txt"), "w") as f:
            f.write(nmt)
        rec["nmt"] = {m.group(1).strip(): int(m.group(2))
                      for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", nmt, re.M)}
        m = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", nmt, re.M)
        rec["nmt_total"] = int(m.group(1)) if m else None
        heap = jcmd("GC.heap_info")
        used = committed = 0
        for m in re.finditer(r"^ (?:def new|tenured) generation\s+total (\d+)K, used (\d+)K", heap, re.M):
            committed += int(m.group(1))
            used += int(m.group(2))
        rec["heap_used"], rec["heap_committed"] = used, committed
        m = re.search(r"Metaspace\s+used (\d+)K, committed (\d+)K", heap)
        if m:
            rec["meta_used"], rec["meta_committed"] = int(m.group(1)), int(m.group(2))
        rec["java_threads"] = jcmd("Thread.print").count(" tid=")

    def check(self, child, rec, timeout):
        status = subprocess.run([os.path.join(self.home, "bin", "cairn"), "status"], capture_output=True,
                                text=True, timeout=60, cwd=self.home)
        rows = [l.split() for l in status.stdout.splitlines() if re.match(r"^\d+\s", l)]
        rec["bundles"] = len(rows)
        rec["bundles_active"] = sum(1 for r in rows if len(r) > 3 and r[3] in ("ACTIVE", "LAZY"))
        if status.returncode != 0 or rec["bundles"] != 27 or rec["bundles_active"] != 27:
            raise bench.Failure("status: %d bundles, %d ACTIVE/LAZY, exit %d" % (
                rec["bundles"], rec["bundles_active"], status.returncode))
        shutil.copy(os.path.join(self.home, "examples", "hello.jar"), os.path.join(self.home, "hello.tmp"))
        t = bench.now_ms()
        os.rename(os.path.join(self.home, "hello.tmp"), os.path.join(self.home, "deploy", "hello.jar"))
        line = child.wait_for(re.compile(r" started \S+ \S+ \(hello\.jar\)"), None, timeout)
        rec["hello_ms"] = bench.log_ms(line) - t
        os.unlink(os.path.join(self.home, "deploy", "hello.jar"))


def mib(kib):
    return "%.1f" % (kib / 1024) if kib is not None else "–"


def med(recs, key):
    vals = [r[key] for r in recs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def report(nodes, results, checks, meta):
    out = []
    w = out.append
    w("Variants, warm starts, median of %s rounds (JVM figures right after ready, MiB; time from spawning "
      "bin/cairn to the `ready in` line, ms, min–max):" % meta["rounds"])
    w("")
    w("| Variant | JAVA_OPTS / environment | RSS | anon | file | Pss | private | private dirty | "
      "start → ready (min–max) | CPU to ready |")
    w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    base = [r for r in results if r["variant"] == "default" and r["ok"]]
    for n in nodes:
        rs = [r for r in results if r["variant"] == n.name and r["ok"]]
        fails = sum(1 for r in results if r["variant"] == n.name and not r["ok"])
        what = " ".join(filter(None, [n.opts] + ["%s=%s" % kv for kv in n.env.items()])) or "(none)"
        if not rs:
            w("| %s | `%s` | failed: %s |" % (n.name, what, next(
                (r.get("error") for r in results if r["variant"] == n.name), "?")))
            continue
        walls = [r["wall"] for r in rs]
        delta = ""
        if base and n.name != "default":
            delta = " (%+.1f)" % ((med(rs, "rss") - med(base, "rss")) / 1024)
        w("| %s | `%s` | **%s**%s | %s | %s | %s | %s | %s | %d (%d–%d) | %d |%s" % (
            n.name, what, mib(med(rs, "rss")), delta, mib(med(rs, "anon")), mib(med(rs, "file")),
            mib(med(rs, "pss")), mib(med(rs, "private")), mib(med(rs, "dirty")), statistics.median(walls),
            min(walls), max(walls), med(rs, "cpu"), (" %d failed" % fails) if fails else ""))
    w("")
    w("One start each with `-XX:NativeMemoryTracking=summary` (NMT's own bookkeeping adds to RSS), MiB "
      "committed unless marked; threads from /proc (all) and `jcmd Thread.print` (Java); checks: "
      "`bin/cairn status` (bundles ACTIVE or LAZY of 27), hello.jar dropped → `started` (ms), exit on SIGTERM:")
    w("")
    w("| Variant | RSS | heap used / committed | metaspace used / committed | shared class space | code | "
      "thread | arena chunk | NMT total | threads all / Java | status | hello.jar | exit |")
    w("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n in nodes:
        c = checks.get(n.name)
        if not c or "nmt" not in c:
            w("| %s | failed: %s |" % (n.name, (c or {}).get("error", "not run")))
            continue
        nm = c["nmt"]
        w("| %s | %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | %d / %d | %s | %s | %s |" % (
            n.name, mib(c["rss"]), mib(c["heap_used"]), mib(c["heap_committed"]), mib(c.get("meta_used")),
            mib(c.get("meta_committed")), mib(nm.get("Shared class space")), mib(nm.get("Code")),
            mib(nm.get("Thread")), mib(nm.get("Arena Chunk")), mib(c["nmt_total"]), c["threads"],
            c["java_threads"], "%s/%s" % (c.get("bundles_active", "?"), c.get("bundles", "?")),
            c.get("hello_ms", "–") if c["ok"] else "FAILED " + c.get("error", ""), c["exit"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="*", help="names from VARIANTS (default: all)")
    ap.add_argument("--combo", action="append", default=[], help="NAME='OPTS'[;ENV=V...] (more variants)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--out", help="also write the report to this file")
    a = ap.parse_args()
    names = (a.variants or DEFAULT_ORDER) + [add_combination(c) for c in a.combo]
    if "default" not in names:
        names.insert(0, "default")
    if not os.path.exists(os.path.join(DIST, "bin", "cairn")):
        sys.exit("no distribution at %s: build it first" % DIST)
    for k in [k for k in os.environ if k.startswith("CAIRN_") or k in (
            "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX")]:
        del os.environ[k]
    signal_exit()
    load0 = open("/proc/loadavg").read().split()[0]
    t_start = time.monotonic()
    work = tempfile.mkdtemp(prefix="cairn-memory.")
    os.makedirs(os.path.join(work, "logs"))
    os.makedirs(os.path.join(work, "pids"))
    try:
        base = os.path.join(work, "dist")            # one snapshot: others may rebuild the distribution
        shutil.copytree(DIST, base, symlinks=True)
        shutil.rmtree(os.path.join(base, "data"), ignore_errors=True)
        for f in os.listdir(os.path.join(base, "lib")):
            if f.endswith(".jsa"):
                os.unlink(os.path.join(base, "lib", f))
        for f in os.listdir(os.path.join(base, "deploy")):
            if f != ".keep":
                os.unlink(os.path.join(base, "deploy", f))
        nodes = [Node(work, base, n) for n in names]
        log("%d variants in %s; first runs (archive) and seeding runs" % (len(nodes), work))
        for n in nodes:
            for what in ("archive", "seed"):
                r = n.start(a.timeout)
                if not r["ok"]:
                    log("  %s %s run FAILED: %s" % (n.name, what, r.get("error")))
        results = []
        for i in range(a.rounds):
            log("round %d of %d" % (i + 1, a.rounds))
            for k in range(len(nodes)):
                n = nodes[(k + i) % len(nodes)]
                r = n.start(a.timeout)
                r["round"] = i + 1
                results.append(r)
                log("  %-12s %s" % (n.name, "%5d ms %6.1f MiB rss %6.1f anon %6.1f dirty" % (
                    r["wall"], r["rss"] / 1024, r["anon"] / 1024, r["dirty"] / 1024) if r["ok"]
                    else "FAILED " + r.get("error", "")))
        log("native memory, heap, threads and the checks: one start each")
        checks = {}
        for n in nodes:
            checks[n.name] = c = n.start(a.timeout, "-XX:NativeMemoryTracking=summary", check=True)
            log("  %-12s %s" % (n.name, "ok, hello.jar %s ms" % c.get("hello_ms") if c["ok"]
                                else "FAILED " + c.get("error", "")))
        jdk = subprocess.run([JBIN + "java", "-version"], capture_output=True, text=True).stderr.strip()
        meta = {"rounds": a.rounds}
        text = report(nodes, results, checks, meta)
        head = "Machine: %d cores (%s), load average %s at the start, %s at the end, %d s; %s." % (
            os.cpu_count(), cpu_model(), load0, open("/proc/loadavg").read().split()[0],
            time.monotonic() - t_start, jdk.splitlines()[-1] if jdk else "java -version failed")
        text = head + "\n\n" + text + "\n"
        print(text)
        if a.out:
            with open(a.out, "w") as f:
                f.write(text)
        failed = sum(1 for r in results if not r["ok"]) + sum(1 for c in checks.values() if not c["ok"])
        if failed:
            log("%d runs failed; logs kept in %s" % (failed, work))
            a.keep = True
        return 1 if failed else 0
    finally:
        if a.keep:
            log("work folder kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "?"


def signal_exit():
    import signal
    signal.signal(signal.SIGTERM, bench.on_sigterm)


if __name__ == "__main__":
    sys.exit(main())
