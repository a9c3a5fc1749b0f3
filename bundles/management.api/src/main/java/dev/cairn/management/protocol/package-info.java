/**
 * The management wire protocol, shared by the node's agent and {@code cairnctl}.
 *
 * <p>A request travels as a bus request to topic {@code mgmt/<node>} (on MQTT:
 * {@code <fleet>/svc/mgmt/<node>}, reply through the response topic). Its payload is a
 * {@link dev.cairn.management.protocol.SignedRequest}: the request JSON <em>as a string</em>
 * ({@code {id, op, target, args, ts, nonce}}), the id of the signing key and the Ed25519 signature of the
 * string's UTF-8 bytes. Signing the exact bytes sent avoids any canonical-JSON rule. The reply is a
 * {@link dev.cairn.management.protocol.Reply}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.cairn.management.protocol;
