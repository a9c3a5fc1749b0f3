#!/bin/sh
# Builds Cairn and starts a demo node in the foreground: the distribution copied to target/demo-node,
# with the sample services in its deploy/ folder. Ctrl-C stops it. Run again to start it again with
# the state it had (rm -rf target/demo-node for a fresh one).
set -eu
cd "$(dirname "$0")"
mvn -B -q install -DskipTests
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
dist="distribution/target/cairn-$version"
node=target/demo-node
if [ ! -d "$node" ]; then
  mkdir -p "$node"
  cp -R "$dist/." "$node/"
  cp "$dist/examples/hello.jar" "$node/deploy/"
  printf 'greeting.name = Cairn demo\n' > "$node/deploy/dev.cairn.examples.hello.cfg"
fi
echo "demo node in $node — try: $node/bin/cairn status   (from another terminal)"
exec "$node/bin/cairn" --node-id demo
