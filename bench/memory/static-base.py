#!/usr/bin/env python3
"""bench/memory/static-base.py — RSS after ready with the node's class-data archives as bin/cairn makes them (the
JDK's default archive + a dynamic archive of the rest) against a static base archive of only the classes a node
loads from the JDK and the class path + a dynamic top layer (issue 13: the JDK's default archive is 11.7 MiB
resident for the 1,177 of its classes a node uses).

Builds nothing; run after building the distribution:  bench/memory/static-base.py [ROUNDS]   (ROUNDS=8)

In /tmp/cds (made anew): A and B, two copies of the distribution without archives. A: two untimed starts (the
first makes bin/cairn's archive). B: one start with -XX:DumpLoadedClassList, java -Xshare:dump of that list with
lib/cairn.jar as the class path (base.jsa), one start on base.jsa with -XX:ArchiveClassesAtExit (top.jsa); B then
runs with CAIRN_CDS=off and -XX:SharedArchiveFile=base.jsa:top.jsa. ROUNDS interleaved rounds: spawn, the "ready
in" line, VmRSS / RssAnon / RssFile of the JVM from /proc, SIGTERM. Medians.
"""
import os, shutil, signal, statistics, subprocess, sys, time

WORK = "/tmp/cds"
B_RUN = "-XX:SharedArchiveFile=%s/base.jsa:%s/top.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off" % (WORK, WORK)


def run(home, env_extra):
    """Starts the node in home until its ready line; returns ready ms, VmRSS, RssAnon, RssFile (MiB); stops it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN")}
    env.update(env_extra)
    out = os.path.join(WORK, "run.log")
    t0 = time.time()
    p = subprocess.Popen([home + "/bin/cairn"], cwd=home, env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT,
                         start_new_session=True)
    while " ready in " not in open(out).read():
        if p.poll() is not None or time.time() - t0 > 60:
            raise SystemExit("%s did not get ready:\n%s" % (home, open(out).read()))
        time.sleep(0.01)
    ready = int(open(out).read().split(" ready in ")[1].split(" ")[0])
    jvm = subprocess.run(["pgrep", "-P", str(p.pid), "java"], capture_output=True, text=True).stdout.split()[0]
    status = dict(line.split(":", 1) for line in open("/proc/%s/status" % jvm))
    mib = [int(status[k].split()[0]) / 1024 for k in ("VmRSS", "RssAnon", "RssFile")]
    os.killpg(p.pid, signal.SIGTERM)
    p.wait(30)
    return [ready] + mib


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    here = os.path.dirname(os.path.abspath(__file__))
    dist = os.environ.get("DIST", os.path.join(here, "..", "..", "distribution", "target", "cairn-0.1.0-SNAPSHOT"))
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    a, b = (os.path.join(WORK, c) for c in ("A", "B"))
    for home in (a, b):
        shutil.copytree(dist, home, symlinks=True, ignore=shutil.ignore_patterns("*.jsa", "data", "logs"))
    run(a, {})   # makes bin/cairn's archive
    run(a, {})
    run(b, {"CAIRN_CDS": "off", "JAVA_OPTS": "-XX:DumpLoadedClassList=%s/classes.lst" % WORK})
    subprocess.run(["java", "-XX:+UseSerialGC", "-Xshare:dump", "-XX:SharedClassListFile=%s/classes.lst" % WORK,
                    "-XX:SharedArchiveFile=%s/base.jsa" % WORK, "-cp", os.path.join(b, "lib", "cairn.jar")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run(b, {"CAIRN_CDS": "off", "JAVA_OPTS": "-XX:SharedArchiveFile=%s/base.jsa -XX:ArchiveClassesAtExit=%s/top.jsa "
                                              "-Xlog:cds=off -Xlog:cds+dynamic=off" % (WORK, WORK)})
    variants = {"default + dynamic (bin/cairn)": (a, {}),
                "static base + dynamic top": (b, {"CAIRN_CDS": "off", "JAVA_OPTS": B_RUN})}
    results = {name: [] for name in variants}
    names = list(variants)
    for i in range(rounds):
        for name in (names if i % 2 == 0 else names[::-1]):
            results[name].append(run(*variants[name]))
    sizes = {n: os.path.getsize(os.path.join(WORK, n)) / 2**20 for n in ("base.jsa", "top.jsa")}
    print("| archives | ready p50 | RSS | anon | file |\n|---|--:|--:|--:|--:|")
    for name, rs in results.items():
        print("| %s | %d ms | %.1f | %.1f | %.1f |" % ((name,) + tuple(statistics.median(r[k] for r in rs) for k in range(4))))
    print("\n%d rounds, %s UTC, load %s; base.jsa %.1f MiB, top.jsa %.1f MiB" % (
        rounds, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), open("/proc/loadavg").read().split()[0],
        sizes["base.jsa"], sizes["top.jsa"]))


if __name__ == "__main__":
    main()
