#!/usr/bin/env bash
# bench/placements/start.sh — how long @CairnTest takes to start each placement, from "start the nodes" to "every
# node's presence shows its bundles ACTIVE and their topics served" (what the test waits for before its body runs).
#
# Run from the repository root (offline Maven, the tree built once): bench/placements/start.sh
# It runs distribution's ShopPlacementsIT ROUNDS times in each mode, alternating:
#   prestart  — the default: MONOLITH (1 node) and SPLIT (2 nodes) boot at the same time, 3 JVMs at once;
#   one-by-one — -Dcairn.test.prestart=false: each placement boots when its run comes;
# and reads the "[cairn-test] <placement>: ... ready in N ms" lines the extension prints. The SPLIT run over the
# embedded broker (the class's second test) always boots alone. Prints a Markdown report and puts it into
# BENCHMARKS.md, section "## @CairnTest: placement start (issue 15)". About a minute per round.
# Settings (environment): ROUNDS=3.
set -euo pipefail
ROUNDS=${ROUNDS:-3}
REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$REPO"
OUT=distribution/target/failsafe-reports/dev.cairn.distribution.ShopPlacementsIT-output.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for round in $(seq 1 "$ROUNDS"); do
  for mode in prestart one-by-one; do
    prestart=true; [ "$mode" = one-by-one ] && prestart=false
    load=$(cut -d ' ' -f 1 /proc/loadavg)
    mvn -o -q verify -pl distribution -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
      -Dit.test=ShopPlacementsIT -Dcairn.test.prestart=$prestart > "$WORK/mvn.log" 2>&1 || { cat "$WORK/mvn.log" >&2; exit 1; }
    grep -o '^\[cairn-test\] .* ready in [0-9]* ms' "$OUT" | sed "s/^/$mode $load /" >> "$WORK/lines"
    echo "round $round $mode done (load $load)" >&2
  done
done

report=$(python3 - "$WORK/lines" "$ROUNDS" <<'PY'
import re, statistics, sys
rows = {}
loads = []
for line in open(sys.argv[1]):
    m = re.match(r'(\S+) (\S+) \[cairn-test\] (\w+): (\d+) node\(s\) (\[[^\]]*\]) over (.*) ready in (\d+) ms', line)
    mode, load, placement, n, names, broker, ms = m.groups()
    loads.append(float(load))
    if 'embedded' in broker:
        mode = 'alone'
    broker = 'embedded broker' if 'embedded' in broker else 'Mosquitto'
    rows.setdefault((placement, n, broker, mode), []).append(int(ms))
print(f"| placement | nodes | broker | how booted | median ms | min | max | runs |")
print(f"|---|---|---|---|---|---|---|---|")
for (placement, n, broker, mode), v in sorted(rows.items()):
    print(f"| {placement} | {n} | {broker} | {mode} | {int(statistics.median(v))} | {min(v)} | {max(v)} | {len(v)} |")
print()
print(f"{sys.argv[2]} rounds; 1-minute load average when each run began: {min(loads):.1f}–{max(loads):.1f} on {__import__('os').cpu_count()} cores.")
PY
)
section="## @CairnTest: placement start (issue 15)

From \`bench/placements/start.sh\` (distribution's ShopPlacementsIT: shop-api, payments and orders). Each figure runs
from the start of the nodes to the point where every node's retained presence shows its bundles ACTIVE and their served
topics. That is what a placement's run waits for. Nodes start with \`CAIRN_CDS=off\`, since they never write into the
distribution. \"prestart\" boots both placements at once, which is the default. \"one-by-one\" boots each placement
when its run comes (\`-Dcairn.test.prestart=false\`).

$report
"
echo "$section"
python3 - "$section" <<'PY'
import sys
p = 'BENCHMARKS.md'
s = open(p).read()
head = '## @CairnTest: placement start (issue 15)'
new = sys.argv[1].rstrip() + '\n'
if head in s:
    start = s.index(head)
    end = s.find('\n## ', start + len(head))
    s = s[:start] + new + (s[end + 1:] if end >= 0 else '')
else:
    s = s.rstrip() + '\n\n' + new
open(p, 'w').write(s)
PY
