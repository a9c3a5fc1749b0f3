package dev.cairn.ctl;

/**
 * A request ready to sign: its id (also the MQTT correlation data) and its exact JSON text
 * ({@code {id, op, target, args, ts, nonce}}), which is what the signature covers.
 */
public record Request(String id, String node, String op, String text) {}
