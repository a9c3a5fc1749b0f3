#!/bin/sh
# Builds Cairn and starts a demo node in the foreground: the distribution copied to target/demo-node,
# with its embedded MQTT broker on 127.0.0.1 (port DEMO_PORT, default 1883) so other nodes can join it,
# and the sample services in deploy/: hello, the shop placing a few demo orders, and the greenhouse on
# simulated sensors; HTTP on 127.0.0.1:8080 (DEMO_HTTP_PORT) with the dashboard at /cairn/. Ctrl-C stops it.
# Remote management is on in demo mode: the node trusts your cairnctl key (made on first run).
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
  # demo mode: the node trusts this user's cairnctl key (made below) while everything stays on loopback
  printf 'demo = true\n' > "$node/conf/dev.cairn.management.cfg"
  cp "$dist/examples/hello.jar" "$dist/examples/shop-api.jar" "$dist/examples/payments.jar" "$dist/examples/orders.jar" "$node/deploy/"
  printf 'greeting.name = Cairn demo\n' > "$node/deploy/dev.cairn.examples.hello.cfg"
  printf 'demo.orders = 5\ninterval.ms = 500\n' > "$node/deploy/dev.cairn.examples.orders.cfg"
  # the greenhouse on Pi4J's mock pins and a simulated temperature sensor: fan on above 29 °C, off below 28
  cp "$dist"/hardware/*.jar "$dist/examples/greenhouse.jar" "$node/deploy/"
  printf 'platform = mock\n' > "$node/deploy/dev.cairn.hardware.pi4j.cfg"
  printf 'name = fan\npin = 17\nactive.low = true\n' > "$node/deploy/dev.cairn.hardware.gpio.output-fan.cfg"
  printf 'name = greenhouse\nmode = sine\nbase = 28\namplitude = 4\nperiod.ms = 60000\ninterval.ms = 1000\n' \
    > "$node/deploy/dev.cairn.hardware.sensors.simulated-greenhouse.cfg"
  printf 'threshold = 29\nhysteresis = 1\n' > "$node/deploy/dev.cairn.examples.greenhouse.alert.cfg"
  printf 'fan = fan\n' > "$node/deploy/dev.cairn.examples.greenhouse.fan.cfg"
  # HTTP on loopback: hello at /, the dashboard at /cairn/ (demo password cairn-demo, loopback only)
  printf 'http.port = %s\ndemo = true\n' "${DEMO_HTTP_PORT:-8080}" > "$node/conf/dev.cairn.web.cfg"
fi
[ -f "${CAIRN_CTL_HOME:-$HOME/.cairn}/cairnctl.key" ] || "$node/bin/cairnctl" keys init
echo "demo node in $node — from another terminal try:"
echo "  $node/bin/cairn status"
echo "  curl localhost:${DEMO_HTTP_PORT:-8080}/        open http://localhost:${DEMO_HTTP_PORT:-8080}/cairn/  (password cairn-demo)"
echo "  $node/bin/cairnctl nodes        $node/bin/cairnctl bundles demo"
echo "  $node/bin/cairnctl config set demo dev.cairn.examples.hello greeting.name=you"
exec "$node/bin/cairn" --node-id demo
