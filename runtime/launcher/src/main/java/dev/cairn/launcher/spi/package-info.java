/**
 * What the node's system bundles and the launcher tell each other, exported by the system bundle.
 * <p>
 * {@link dev.cairn.launcher.spi.DeployProblems} is registered by the launcher: the deploy bundle reports
 * through it what FileInstall ignores silently (JARs that are not bundles, corrupt archives, unreadable
 * configuration files). {@link dev.cairn.launcher.spi.BundleDiagnosis} is registered by a system bundle
 * for what only it can see inside bundles (components that failed). {@code cairn status} shows both, and
 * {@link dev.cairn.launcher.spi.WhyNotRunning}, registered by the launcher, tells other bundles the same.
 * {@link dev.cairn.launcher.spi.RuntimeUpgrades}, registered by the launcher, upgrades the node's own runtime;
 * {@link dev.cairn.launcher.spi.Readiness}, registered by a system bundle, holds an upgrade's commit until ready.
 * {@link dev.cairn.launcher.spi.NodeLogs}, registered by the launcher, offers the node's recent and new log lines;
 * {@link dev.cairn.launcher.spi.NodeChannel}, registered by the MQTT transport, publishes on the node's own topics.
 */
@org.osgi.annotation.versioning.Version("1.4.0")
package dev.cairn.launcher.spi;
