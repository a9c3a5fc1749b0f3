/**
 * Who may do what on the bus: the grants a bundle declares ({@link dev.cairn.bus.api.BusGrants}), read back from
 * its manifest ({@link dev.cairn.bus.access.Grants}), and what they come to at an MQTT broker for a whole node
 * ({@link dev.cairn.bus.access.FleetAcl}). One language throughout: MQTT topic filters. Used by the bus, the
 * embedded broker and cairnctl; services only declare {@code @BusGrants}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.cairn.bus.access;
