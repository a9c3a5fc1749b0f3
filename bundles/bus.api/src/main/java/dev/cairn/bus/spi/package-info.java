/**
 * For transports only (the MQTT bundle): how the bus hands traffic to other nodes and takes theirs.
 * Services never use this package.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package dev.cairn.bus.spi;
