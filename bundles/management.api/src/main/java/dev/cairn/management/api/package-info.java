/**
 * Managing a node: the operations both front ends offer (signed requests over MQTT from
 * {@code cairnctl}, and the dashboard after its login), their errors, and the rule that hides secrets.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.cairn.management.api;
