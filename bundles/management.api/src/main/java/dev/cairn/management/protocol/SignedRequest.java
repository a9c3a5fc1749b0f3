package dev.cairn.management.protocol;

/**
 * What travels: {@code request} is the request's JSON text ({@code {id, op, target, args, ts, nonce}}),
 * {@code key} the signer's key id ({@link Keys#id}), {@code sig} the base64 Ed25519 signature of
 * {@code request}'s UTF-8 bytes.
 */
public record SignedRequest(String request, String key, String sig) {}
