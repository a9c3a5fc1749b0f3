/**
 * What the node's system bundles tell the launcher, exported by the system bundle.
 * <p>
 * {@link dev.cairn.launcher.spi.DeployProblems} is registered by the launcher; the deploy bundle
 * reports through it what FileInstall ignores silently (JARs that are not bundles, corrupt archives,
 * unreadable configuration files), so that {@code cairn status} shows them beside the bundles.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.cairn.launcher.spi;
