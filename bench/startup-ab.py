#!/usr/bin/env python3
"""Ways to start a node, side by side: warm starts interleaved (order rotated each round), medians of
wall time to ready, CPU time to ready and RSS right after ready (bench/bench.py start measures each).

  bench/startup-ab.py --side LABEL=DIST[:K=V,...] --side LABEL=DIST[:K=V,...] ... [--runs 12]

The first side is the reference of the ratio column. --fresh: each timed start with an empty data/ (all but its
README removed first; the AppCDS archive in lib/ is kept), as bench/startup.sh's fresh starts.

Each side is a copy of the exploded distribution (each needs its own: data/ is its warm storage and its
AppCDS archive is keyed by its own path; an untimed first start makes them) and environment settings
for bin/cairn, e.g. JAVA_OPTS=-Dds.cache.metadata=true. Used for the steps of "What a node does
before ready (issue 13)" in BENCHMARKS.md. Only local processes, stopped by bench.py.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))


def side(spec):
    dist, _, env = spec.partition(":")
    return os.path.abspath(dist), [e for e in env.split(",") if e]


def start(dist, env, setup, work, results):
    cmd = [sys.executable, os.path.join(BENCH, "bench.py"), "start", "--setup", setup, "--kind", "cairn",
           "--out", os.path.join(work, setup + ".log"), "--results", results, "--pids", os.path.join(work, "pids")]
    for e in env:
        cmd += ["--env", e]
    subprocess.run(cmd + ["--", os.path.join(dist, "bin", "cairn")], check=False)


def empty_data(dist):
    data = os.path.join(dist, "data")
    for name in os.listdir(data):
        if name != "README":
            path = os.path.join(data, name)
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--side", action="append", required=True, help="LABEL=DIST[:K=V,...]")
    ap.add_argument("--runs", type=int, default=12)
    ap.add_argument("--fresh", action="store_true")
    a = ap.parse_args()
    sides = {}
    for spec in a.side:
        label, _, rest = spec.partition("=")
        sides[label] = side(rest)
    work = tempfile.mkdtemp(prefix="cairn-ab.")
    os.makedirs(os.path.join(work, "pids"))
    results = os.path.join(work, "results.jsonl")
    load0 = open("/proc/loadavg").read().split()[:3]
    for label, (dist, env) in sides.items():          # untimed: archives, warm storage
        start(dist, env, "warmup-" + label, work, os.path.join(work, "warmup.jsonl"))
    order = list(sides)
    for i in range(a.runs):
        for label in order[i % len(order):] + order[:i % len(order)]:
            dist, env = sides[label]
            if a.fresh:
                empty_data(dist)
            start(dist, env, label, work, results)
    load1 = open("/proc/loadavg").read().split()[:3]
    recs = [json.loads(line) for line in open(results)]
    print(f"{a.runs} interleaved {'fresh' if a.fresh else 'warm'} starts each; load average {' '.join(load0)} at the start, {' '.join(load1)} at the end")
    first = list(sides)[0]
    print("| Measure, median | " + " | ".join(sides) + " | " + " | ".join(f"{s} / {first}" for s in list(sides)[1:]) + " |")
    print("|---|" + "--:|" * (2 * len(sides) - 1))
    meds = {}
    for key, name, scale in (("wall_ms", "spawn → ready, ms", 1), ("self_ms", "`ready in`, ms", 1),
                             ("cpu_ms", "CPU time to ready, ms", 1), ("rss_kib", "RSS right after ready, MiB", 1024)):
        vals = {}
        for label in sides:
            v = [r[key] for r in recs if r["setup"] == label and r.get("ok")]
            vals[label] = statistics.median(v) / scale if v else float("nan")
        meds[key] = vals
        fmt = "{:.1f}" if scale != 1 else "{:.0f}"
        print(f"| {name} | " + " | ".join(fmt.format(vals[s]) for s in sides) + " | "
              + " | ".join(f"{vals[s] / vals[first]:.2f}" for s in list(sides)[1:]) + " |")
    fails = [r for r in recs if not r.get("ok")]
    if fails:
        print(f"{len(fails)} starts failed: " + "; ".join(r.get("error", "?") for r in fails))
    print(f"(raw results: {results})")


if __name__ == "__main__":
    main()
