#!/bin/sh
# Builds Cairn and starts a demo node in the foreground: the distribution copied to target/demo-node,
# with its embedded MQTT broker on 127.0.0.1 (port DEMO_PORT, default 1883) so other nodes can join it,
# and the sample services in deploy/: hello, and the shop placing a few demo orders. Ctrl-C stops it.
# Run again to start it again with the state it had (rm -rf target/demo-node for a fresh one).
set -eu
cd "$(dirname "$0")"
mvn -B -q install -DskipTests
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
dist="distribution/target/cairn-$version"
node=target/demo-node
if [ ! -d "$node" ]; then
  mkdir -p "$node"
  cp -R "$dist/." "$node/"
  port=${DEMO_PORT:-1883}
  printf 'port = %s\n' "$port" > "$node/conf/dev.cairn.broker.cfg"
  printf 'broker.urls = tcp://127.0.0.1:%s\n' "$port" > "$node/conf/dev.cairn.mqtt.cfg"
  cp "$dist/examples/hello.jar" "$dist/examples/shop-api.jar" "$dist/examples/payments.jar" "$dist/examples/orders.jar" "$node/deploy/"
  printf 'greeting.name = Cairn demo\n' > "$node/deploy/dev.cairn.examples.hello.cfg"
  printf 'demo.orders = 5\ninterval.ms = 500\n' > "$node/deploy/dev.cairn.examples.orders.cfg"
fi
echo "demo node in $node — try: $node/bin/cairn status   (from another terminal)"
exec "$node/bin/cairn" --node-id demo
