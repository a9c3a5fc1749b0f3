#!/usr/bin/env python3
"""Helper of bench/arm/boot.sh (run that, not this): the checks and timed starts of one emulated
architecture against x86 on the same tarball, and the report.

  arm.py natives --arch NAME --java JAVA --expect OS_ARCH --cp CP --tmp DIR --results FILE --out LOG
  arm.py boot    --arch NAME --expect OS_ARCH --node DIR --java-home DIR --x86-node DIR --x86-java-home DIR
                 --jcmd JCMD --runs N --timeout S --results FILE --logs DIR --pids DIR
  arm.py report  --results FILE [--meta K=V]...

Every record goes to --results as one JSON line: {"kind": "check", ...} or {"kind": "start", ...}.
Nodes are started and stopped with bench/bench.py's Child (own process group, listed in --pids while
alive, SIGTERM then SIGKILL); boot.sh kills whatever is still listed.
"""

import argparse
import glob
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench  # noqa: E402  (bench/bench.py: Child, log_ms, READY_CAIRN, FAILED_CAIRN)

# What a JVM says when it refuses or ignores an option, or cannot use its class-data archive.
FLAG_TROUBLE = re.compile(r"Unrecognized VM option|Improperly specified VM option|VM warning|Ignoring option"
                          r"|Could not create the Java Virtual Machine|Error occurred during initialization of VM"
                          r"|not supported on this platform|Unable to use shared archive|Error: ")
ERROR_LINE = re.compile(r"^\S+Z (ERROR|SEVERE) ")
STATUS_ROW = re.compile(r"^(\d+)\s+(\S+)\s+(\S+)\s+(ACTIVE|RESOLVED|INSTALLED|STARTING|STOPPING|UNINSTALLED)\s+(\d+)"
                        r"(?:\s+(\S+))?(?:\s+(.*\S))?\s*$")
# The bundles of the greenhouse on mock pins (deploy/, as demo.sh lays it out); jna.jar is lazy and stays
# STARTING until a bundle uses it, which on mock pins none does.
GREENHOUSE = ["dev.cairn.hardware.api", "dev.cairn.hardware.pi4j", "dev.cairn.hardware.gpio",
              "dev.cairn.hardware.sensors", "pi4j-core", "dev.cairn.examples.greenhouse"]
PI4J_CFG = "dev.cairn.hardware.pi4j.cfg"


class Failure(Exception):
    pass


class Checks:
    def __init__(self, results, arch):
        self.results, self.arch, self.failed = results, arch, 0

    def record(self, status, name, detail):
        if status == "FAIL":
            self.failed += 1
        bench.append_result(self.results, {"kind": "check", "arch": self.arch, "status": status, "name": name,
                                           "detail": detail})
        print("  %-4s %s %s: %s" % (status, self.arch, name, detail), file=sys.stderr, flush=True)

    def ok(self, cond, name, detail):
        self.record("ok" if cond else "FAIL", name, detail)
        return cond


class Node:
    """One run of an unpacked tarball's bin/cairn, its output in a file that is read as it grows."""

    def __init__(self, label, home, java_home, out, pids, env=()):
        self.label, self.home, self.java_home, self.out = label, home, java_home, out
        self.child = bench.Child([os.path.join(home, "bin", "cairn"), "--node-id", label], out, pids,
                                 ["JAVA_HOME=" + java_home] + list(env))

    @property
    def seen(self):
        self.child.lines()
        return self.child.seen

    def wait(self, regex, timeout, after=0):
        """The first output line from index `after` on matching regex."""
        deadline = time.monotonic() + timeout
        scanned = after
        while True:
            seen = self.seen
            for i in range(scanned, len(seen)):
                if regex.search(seen[i]):
                    return seen[i], i
                if bench.FAILED_CAIRN.search(seen[i]):
                    raise Failure("the node failed: " + seen[i].strip()[:300])
            scanned = max(scanned, len(seen))
            if self.child.proc.poll() is not None:
                if regex.search(self.child.pending):
                    return self.child.pending, len(seen)
                raise Failure("the node exited with %d first" % self.child.proc.returncode)
            if time.monotonic() > deadline:
                raise Failure("not within %d s" % timeout)
            time.sleep(0.05)

    def ready(self, timeout):
        line, _ = self.wait(bench.READY_CAIRN, timeout)
        return bench.log_ms(line) - self.child.t0, int(bench.READY_CAIRN.search(line).group(1))

    def jvm(self):
        """The node's JVM (through qemu for an arm one): bin/cairn's child running lib/cairn.jar."""
        pid = self.child.pid
        for p in bench.tree(pid)[1:]:
            try:
                with open("/proc/%d/cmdline" % p, "rb") as f:
                    argv = f.read().decode(errors="replace").split("\0")
            except OSError:
                continue
            if any(a.endswith("/lib/cairn.jar") for a in argv):
                return p, argv
        raise Failure("no JVM under bin/cairn (pid %d)" % pid)

    def status(self, timeout=180):
        """`bin/cairn status` run with the same JAVA_HOME: the rows by bundle name, and its output."""
        env = dict(os.environ, JAVA_HOME=self.java_home)
        p = subprocess.run([os.path.join(self.home, "bin", "cairn"), "status"], capture_output=True, text=True,
                           env=env, timeout=timeout, stdin=subprocess.DEVNULL)
        out = p.stdout + p.stderr
        rows = {}
        for line in out.splitlines():
            m = STATUS_ROW.match(line)
            if m:
                rows[m.group(2)] = {"state": m.group(4), "file": m.group(6) or "", "reason": m.group(7) or ""}
        return p.returncode, rows, out

    def configure(self, name, text):
        """A configuration file in deploy/, written beside it and renamed in, as an operator's `mv` would."""
        tmp = os.path.join(self.home, "." + name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(self.home, "deploy", name))

    def stop(self, timeout):
        return self.child.stop(timeout)

    def trouble(self):
        """JVM option warnings anywhere in the output, to its end (after stop: what the JVM said at exit too)."""
        with open(self.out, errors="replace") as f:
            return [l.strip() for l in f if FLAG_TROUBLE.search(l)]


def jcmd(tool, pid, *command):
    p = subprocess.run([tool, str(pid)] + list(command), capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise Failure("jcmd %s failed: %s" % (" ".join(command), (p.stdout + p.stderr).strip()[:300]))
    return p.stdout


def archive_mapped(cds_log):
    """From the JVM's -Xlog:cds file: is Cairn's archive (the dynamic one, above the JDK's base archive) mapped?
    Not jcmd VM.info: its "CDS archive(s) mapped at" line exists only on 64-bit JVMs, so on armhf it said
    "not mapped" of an archive that was (1,372 classes loaded from it, -Xlog:class+load)."""
    try:
        with open(cds_log, errors="replace") as f:
            text = f.read()
    except OSError as e:
        return False, "no -Xlog:cds file: %s" % e
    def size(kind):
        regions = re.findall(r"Mapped %s +region #\d+ at base (0x[0-9a-f]+) top (0x[0-9a-f]+) \((?!Bitmap)" % kind, text)
        return sum(int(top, 16) - int(base, 16) for base, top in regions)
    static, dynamic = size("static"), size("dynamic")
    if not dynamic:
        return False, "JDK base archive %.1f MiB mapped, Cairn's not (%s)" % (static / 1048576, cds_log)
    return True, "JDK base archive %.1f MiB + Cairn's %.1f MiB mapped" % (static / 1048576, dynamic / 1048576)


# ---------------------------------------------------------------- natives

def cmd_natives(a):
    checks = Checks(a.results, a.arch)
    with open(a.out, "w") as out:
        p = subprocess.run([a.java, "-Djava.io.tmpdir=" + a.tmp, "-Djna.tmpdir=" + a.tmp, "-cp", a.cp,
                            "NativeCheck", a.expect], stdout=subprocess.PIPE, stderr=out, text=True,
                           timeout=a.timeout, stdin=subprocess.DEVNULL)
    seen = 0
    for line in p.stdout.splitlines():
        m = re.match(r"^(ok|FAIL) ([^:]+): (.*)$", line)
        if m:
            seen += 1
            checks.record(m.group(1), "natives: " + m.group(2), m.group(3))
    if p.returncode != 0 and checks.failed == 0:
        checks.record("FAIL", "natives", "NativeCheck exited with %d after %d checks (see %s)" % (p.returncode, seen, a.out))
    return 1 if checks.failed else 0


# ---------------------------------------------------------------- boot

def first_start(a, checks):
    """The arch's first start: fresh data/, no archive yet. The functional checks run on it."""
    node = Node("cairn-" + a.arch, a.node, a.java_home, os.path.join(a.logs, a.arch + "-first.out"), a.pids)
    try:
        try:
            wall, self_ms = node.ready(a.timeout)
        except Failure as e:
            checks.ok(False, "node reaches ready", str(e))
            return node, False
        bench.append_result(a.results, {"kind": "start", "arch": a.arch, "node": a.arch, "mode": "first",
                                        "wall_ms": wall, "self_ms": self_ms})
        log = os.path.join(a.node, "data", "log", "cairn.0.log")
        in_log = os.path.exists(log) and bench.READY_CAIRN.search(open(log, errors="replace").read())
        checks.ok(bool(in_log), "node reaches ready", "%d ms after bin/cairn started (first start: fresh data/, "
                  "writes the class-data archive); %s" % (wall, "'ready in %s ms' in data/log/cairn.0.log"
                                                          % in_log.group(1) if in_log else "but not in data/log/cairn.0.log"))
        node.reached = True
        pid, argv = node.jvm()
        checks.ok("qemu-" in os.path.basename(argv[0]) and "/java-17-openjdk-" in argv[1], "the node's JVM is the arm one",
                  "%s (pid %d, under bin/cairn)" % (" ".join(argv[:2]), pid))

        # The greenhouse: a simulated sensor's readings go over the bus to the aggregator, the alert and
        # the fan controller, which switches the fan relay on mock pin 17 by a bus request, up and down.
        # The log's lines from different threads come in any order: each is looked for from the start,
        # but the fan going off only after it went on.
        steps = [("Pi4J context", re.compile(r"Pi4J context ready: mock providers"), None),
                 ("fan relay", re.compile(r"output fan on GPIO17"), None),
                 ("alert", re.compile(r"alert raised: greenhouse"), None),
                 ("fan on", re.compile(r"FanController - fan fan is on"), None),
                 ("fan off", re.compile(r"FanController - fan fan is off"), "fan on")]
        found, got = {}, []
        try:
            for what, rx, after in steps:
                line, found[what] = node.wait(rx, min(a.timeout, 120), found[after] + 1 if after else 0)
                got.append(line.split(" - ", 1)[-1].strip())
            checks.ok(True, "greenhouse on mock pins", "; ".join(got))
        except Failure as e:
            checks.ok(False, "greenhouse on mock pins", "waiting for '%s': %s (saw: %s)" % (what, e, "; ".join(got)))

        rc, rows, out = node.status()
        with open(os.path.join(a.logs, a.arch + "-status.txt"), "w") as f:
            f.write(out)
        system = [n for n, r in rows.items() if r["file"].startswith("system/")]
        bad = [n for n in system if rows[n]["state"] != "ACTIVE"]
        bad += [n for n in GREENHOUSE if n not in rows or rows[n]["state"] != "ACTIVE" or rows[n]["reason"]]
        checks.ok(rc == 0 and system and not bad, "cairn status",
                  "exit %d; %d system bundles and the greenhouse's %d bundles ACTIVE%s" % (
                      rc, len(system), len(GREENHOUSE), "" if not bad else "; not so: " + ", ".join(
                          "%s %s %s" % (n, rows.get(n, {}).get("state", "missing"), rows.get(n, {}).get("reason", ""))
                          for n in bad)))
        errors = [l.strip() for l in node.seen if ERROR_LINE.search(l)]
        checks.ok(not errors, "no ERROR in the log", "none" if not errors else "; ".join(errors[:3]))

        raspberrypi(a, node, checks)
        return node, True
    finally:
        rc = node.stop(300)
        flags = node.trouble()
        node.flag_trouble = flags
        if getattr(node, "reached", False):
            checks.ok(rc == 0, "stops cleanly on SIGTERM", "exit %s" % rc)
            jsa = glob.glob(os.path.join(a.node, "lib", "cairn-*.jsa"))
            checks.ok(bool(jsa), "class-data archive written at exit", "%s, %.1f MiB" % (
                os.path.basename(jsa[0]), os.path.getsize(jsa[0]) / 1048576) if jsa else "none in lib/")


def raspberrypi(a, node, checks):
    """platform = raspberrypi on a machine that is not a Pi: it should fail, and say why in cairn status."""
    mark = len(node.seen)
    node.configure(PI4J_CFG, "platform = raspberrypi\n")
    pi4j_lines = []
    try:
        node.wait(re.compile(r"Pi4jService|dev\.cairn\.hardware\.pi4j"), min(a.timeout, 120), mark)
    except Failure as e:
        pi4j_lines.append("no Pi4J line after the change (%s)" % e)
    deadline = time.monotonic() + 60
    while True:
        time.sleep(2)
        rc, rows, out = node.status()
        pi4j = rows.get("dev.cairn.hardware.pi4j", {})
        if pi4j.get("reason") or time.monotonic() > deadline:
            break
    with open(os.path.join(a.logs, a.arch + "-status-raspberrypi.txt"), "w") as f:
        f.write(out)
    pi4j_lines += [l.split(" - ", 1)[-1].strip() for l in node.seen[mark:]
                   if re.search(r"pi4j|Pi4J|GpioD", l) and not l.rstrip().endswith(".jar)")]
    if pi4j.get("reason"):
        checks.record("ok", "platform = raspberrypi fails off a Pi",
                      "cairn status, dev.cairn.hardware.pi4j: %s %s" % (pi4j.get("state"), pi4j["reason"]))
    else:
        # The pi4j bundle may not say it yet (Pi4J 2.8.0 reports a context ready and skips the chips when
        # it finds no board): say what there is, without failing.
        others = ["%s: %s" % (n, r["reason"]) for n, r in rows.items() if r["reason"]]
        checks.record("note", "platform = raspberrypi fails off a Pi",
                      "no reason on dev.cairn.hardware.pi4j in cairn status (%s); %s; log: %s" % (
                          pi4j.get("state", "missing"), "; ".join(others) or "no other bundle shows a reason",
                          " | ".join(pi4j_lines[-4:]) or "nothing"))
    mark = len(node.seen)
    node.configure(PI4J_CFG, "platform = mock\n")
    try:
        node.wait(re.compile(r"Pi4J context ready: mock providers"), min(a.timeout, 120), mark)
        node.wait(re.compile(r"output fan on GPIO17"), min(a.timeout, 120), mark)
        checks.ok(True, "back on mock pins", "platform = mock again: Pi4J context and the fan relay are back")
    except Failure as e:
        checks.ok(False, "back on mock pins", "after platform = mock again: %s" % e)


def default_opts(home):
    """The JVM options bin/cairn gives every node, as the unpacked tarball's script has them."""
    with open(os.path.join(home, "bin", "cairn")) as f:
        m = re.search(r'^DEFAULT_OPTS="([^"]*)"', f.read(), re.M)
    return m.group(1) if m else "(no DEFAULT_OPTS in bin/cairn)"


def timed(a, checks, label, home, java_home, rnd, probe):
    """One warm start to ready, then a clean stop; the probe (jcmd, the JVM's CDS log) runs after ready is taken."""
    cds_log = os.path.join(a.logs, "%s-%s-warm-%d.cds.log" % (a.arch, label, rnd))
    node = Node("cairn-" + label, home, java_home, os.path.join(a.logs, "%s-%s-warm-%d.out" % (a.arch, label, rnd)),
                a.pids, ["JAVA_OPTS=-Xlog:cds=info:file=" + cds_log] if probe else [])
    try:
        wall, self_ms = node.ready(a.timeout)
        bench.append_result(a.results, {"kind": "start", "arch": a.arch, "node": label, "mode": "warm",
                                        "round": rnd, "wall_ms": wall, "self_ms": self_ms})
        print("       %-6s warm start %d: %5d ms" % (label, rnd, wall), file=sys.stderr, flush=True)
        if probe:
            pid, _ = node.jvm()
            props = jcmd(a.jcmd, pid, "VM.system_properties")
            m = re.search(r"^os\.arch=(\S+)", props, re.M)
            arch = m.group(1) if m else "missing"
            expect = a.expect if label == a.arch else "amd64"
            checks.ok(arch == expect, "os.arch of the running node" if label == a.arch else "os.arch of the x86 node",
                      "%s (jcmd %d VM.system_properties)" % (arch, pid))
            mapped, what = archive_mapped(cds_log)
            checks.ok(mapped, "class-data archive used" if label == a.arch else "x86 class-data archive used", what)
    except Failure as e:
        checks.ok(False, "%s warm start %d" % (label, rnd), str(e))
    finally:
        rc = node.stop(120)
        if rc != 0:
            checks.ok(False, "%s warm start %d stops cleanly" % (label, rnd), "exit %s" % rc)
    return node.trouble()


def cmd_boot(a):
    signal.signal(signal.SIGTERM, bench.on_sigterm)
    checks = Checks(a.results, a.arch)
    trouble = []
    if not glob.glob(os.path.join(a.x86_node, "lib", "cairn-*.jsa")):
        print("       x86    first start (writes its class-data archive)", file=sys.stderr, flush=True)
        x86 = Node("cairn-x86", a.x86_node, a.x86_java_home, os.path.join(a.logs, "x86-first.out"), a.pids)
        try:
            wall, self_ms = x86.ready(a.timeout)
            bench.append_result(a.results, {"kind": "start", "arch": a.arch, "node": "x86", "mode": "first",
                                            "wall_ms": wall, "self_ms": self_ms})
        except Failure as e:
            checks.ok(False, "x86 reference reaches ready", str(e))
        finally:
            x86.stop(120)
        trouble += x86.trouble()

    print("       %-6s first start, greenhouse, cairn status, platform = raspberrypi" % a.arch, file=sys.stderr,
          flush=True)
    node, ok = first_start(a, checks)
    arm_trouble = list(getattr(node, "flag_trouble", []))
    if ok:
        for rnd in range(1, a.runs + 1):
            order = [("x86", a.x86_node, a.x86_java_home), (a.arch, a.node, a.java_home)]
            if rnd % 2 == 0:
                order.reverse()
            for label, home, jh in order:
                t = timed(a, checks, label, home, jh, rnd, probe=(rnd == 1))
                (arm_trouble if label == a.arch else trouble).extend(t)
        # the status client's options (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto) on this JVM
        p = subprocess.run([os.path.join(a.node, "bin", "cairn"), "--version"], capture_output=True, text=True,
                           env=dict(os.environ, JAVA_HOME=a.java_home), timeout=180, stdin=subprocess.DEVNULL)
        arm_trouble += [l for l in (p.stdout + p.stderr).splitlines() if FLAG_TROUBLE.search(l)]
        if p.returncode != 0:
            arm_trouble.append("bin/cairn --version exited with %d" % p.returncode)
    pid_flags = default_opts(a.node) + ", -XX:ArchiveClassesAtExit / -XX:SharedArchiveFile -Xshare:auto -Xlog:cds=off"
    checks.ok(not arm_trouble, "every JVM flag of bin/cairn accepted",
              ("no JVM warning in the output of the first start (archive dump), the warm starts and the client "
               "(status, --version); bin/cairn's options: " + pid_flags) if not arm_trouble
              else "; ".join(sorted(set(arm_trouble))[:5]))
    if trouble:
        checks.ok(False, "x86 reference: JVM flags", "; ".join(sorted(set(trouble))[:5]))
    bench.append_result(a.results, {"kind": "done", "arch": a.arch})
    return 1 if checks.failed else 0


# ---------------------------------------------------------------- report

def cmd_report(a):
    meta = dict(kv.split("=", 1) for kv in a.meta)
    recs = [json.loads(l) for l in open(a.results)] if os.path.exists(a.results) else []
    checks = [r for r in recs if r["kind"] == "check"]
    starts = [r for r in recs if r["kind"] == "start"]
    archs = []
    for r in recs:
        if r["arch"] not in archs:
            archs.append(r["arch"])
    out = []
    for arch in archs:
        warm = {n: [r["wall_ms"] for r in starts if r["arch"] == arch and r["node"] == n and r["mode"] == "warm"]
                for n in ("x86", arch)}
        first = {n: [r["wall_ms"] for r in starts if r["arch"] == arch and r["node"] == n and r["mode"] == "first"]
                 for n in ("x86", arch)}
        if not warm[arch] and not first[arch]:
            continue
        out.append("")
        out.append("%s (qemu user-mode) against x86, the same tarball, interleaved in one run%s:" % (
            arch, "" if not meta.get("elapsed_" + arch) else ", %s s for this arch" % meta["elapsed_" + arch]))
        out.append("")
        out.append("| start → ready (ms) | x86 (this host) | %s, emulated | ratio |" % arch)
        out.append("|---|---:|---:|---:|")
        if warm["x86"] and warm[arch]:
            mx, ma = statistics.median(warm["x86"]), statistics.median(warm[arch])
            out.append("| warm (class-data archive, kept data/), median of %d | %d | %d | %.1f× |" % (
                min(len(warm["x86"]), len(warm[arch])), mx, ma, ma / mx))
            out.append("| the warm runs | %s | %s | |" % (", ".join("%d" % v for v in warm["x86"]),
                                                         ", ".join("%d" % v for v in warm[arch])))
        if first[arch]:
            fx = first["x86"][0] if first["x86"] else None
            out.append("| first start (fresh data/, writes the archive), one run | %s | %d | %s |" % (
                "%d" % fx if fx else "–", first[arch][0], "%.1f×" % (first[arch][0] / fx) if fx else "–"))
    if meta:
        out.append("")
        out.append("; ".join("%s: %s" % (k, v) for k, v in meta.items() if not k.startswith("elapsed_")))
    print("\n".join(out))
    for arch in archs:
        if not any(r["kind"] == "done" and r["arch"] == arch for r in recs):
            checks.append({"arch": arch, "status": "FAIL", "name": "boot", "detail": "arm.py boot did not finish (see above)"})
    notes = [c for c in checks if c["status"] == "note"]
    failed = [c for c in checks if c["status"] == "FAIL"]
    passed = [c for c in checks if c["status"] == "ok"]
    print()
    for c in notes:
        print("note %s %s: %s" % (c["arch"], c["name"], c["detail"]))
    for c in failed:
        print("FAILED %s %s: %s" % (c["arch"], c["name"], c["detail"]))
    print("checks: %d passed, %d failed" % (len(passed), len(failed)))
    return 1 if failed or not passed else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd_name", required=True)
    n = sub.add_parser("natives")
    for k in ("--arch", "--java", "--expect", "--cp", "--tmp", "--results", "--out"):
        n.add_argument(k, required=True)
    n.add_argument("--timeout", type=float, default=300)
    b = sub.add_parser("boot")
    for k in ("--arch", "--expect", "--node", "--java-home", "--x86-node", "--x86-java-home", "--jcmd", "--results",
              "--logs", "--pids"):
        b.add_argument(k, required=True)
    b.add_argument("--runs", type=int, default=3)
    b.add_argument("--timeout", type=float, default=300)
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--meta", action="append", default=[])
    a = p.parse_args()
    sys.exit({"natives": cmd_natives, "boot": cmd_boot, "report": cmd_report}[a.cmd_name](a))


if __name__ == "__main__":
    main()
