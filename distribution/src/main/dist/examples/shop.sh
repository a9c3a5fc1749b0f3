#!/bin/sh
# examples/shop.sh — the shop example twice: as a monolith (one node) and as microservices (an order
# node and a payment node talking through Mosquitto), then compares what each decided.
# Needs: this distribution, Java 17, and for the second half mosquitto (Debian: apt-get install mosquitto).
# Every node and broker it starts lives in a temporary folder and is stopped at the end.
set -eu
CAIRN_HOME=$(cd "$(dirname "$0")/.." && pwd -P)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-shop.XXXXXX")
ORDERS=${ORDERS:-10}
PIDS=""

cleanup() {
  for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
  for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# node NAME SERVICE... — a node of its own under $WORK, with the shop's API and the given services deployed
node() {
  name=$1; shift
  mkdir -p "$WORK/$name"
  for part in bin lib system conf; do cp -R "$CAIRN_HOME/$part" "$WORK/$name/"; done
  rm -f "$WORK/$name"/lib/*.jsa
  mkdir -p "$WORK/$name/deploy" "$WORK/$name/data"
  cp "$CAIRN_HOME/examples/shop-api.jar" "$WORK/$name/deploy/"
  for service in "$@"; do cp "$CAIRN_HOME/examples/$service.jar" "$WORK/$name/deploy/"; done
}

start() {
  CAIRN_NODE_ID=$1 CAIRN_CDS=off "$WORK/$1/bin/cairn" > "$WORK/$1.log" 2>&1 &
  PIDS="$PIDS $!"
}

# wait_for FILE TEXT SECONDS
wait_for() {
  i=0
  until grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt $(($3 * 5)) ]; then echo "shop.sh: no '$2' in $1 after $3 s:" >&2; tail -n 20 "$1" >&2; exit 1; fi
    sleep 0.2
  done
}

# outcomes NODE — what the order service logged about each order, in order-id order
outcomes() {
  grep -o 'OrderService - order-.*' "$WORK/$1.log" | sed 's/OrderService - //' | sort -t- -k2 -n
}

orders_config() {
  printf 'demo.orders = %s\ninterval.ms = 50\n' "$ORDERS" > "$WORK/$1/deploy/dev.cairn.examples.orders.cfg"
}

echo "== monolith: one node runs the order and the payment service"
node monolith payments orders
orders_config monolith
start monolith
wait_for "$WORK/monolith.log" "demo done" 60
outcomes monolith | tee "$WORK/monolith.txt"
grep -o 'demo done.*' "$WORK/monolith.log"

MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
if [ ! -x "$MOSQUITTO" ]; then
  echo "== microservices: skipped — install mosquitto (apt-get install mosquitto) to run this half"
  exit 0
fi

echo
echo "== microservices: an order node and a payment node, through Mosquitto"
port=$((20000 + $$ % 20000))
printf 'listener %s 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\nmax_topic_alias 0\nmax_queued_messages 0\npersistence false\n' "$port" > "$WORK/mosquitto.conf"
[ "$(id -u)" = 0 ] && echo "user root" >> "$WORK/mosquitto.conf"
"$MOSQUITTO" -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
PIDS="$PIDS $!"
node payments payments
node orders orders
for n in payments orders; do
  printf 'broker.urls = tcp://127.0.0.1:%s\n' "$port" > "$WORK/$n/conf/dev.cairn.mqtt.cfg"
done
orders_config orders
start payments
wait_for "$WORK/payments.log" "connected to" 30
start orders
wait_for "$WORK/orders.log" "demo done" 60
outcomes orders | tee "$WORK/micro.txt"
grep -o 'demo done.*' "$WORK/orders.log"
echo "(the payment node served $(grep -c 'PaymentService - order-' "$WORK/payments.log") of them)"

echo
if cmp -s "$WORK/monolith.txt" "$WORK/micro.txt"; then
  echo "== same results: placement was the only difference"
else
  echo "== the results differ:"; diff "$WORK/monolith.txt" "$WORK/micro.txt" || true
  exit 1
fi
