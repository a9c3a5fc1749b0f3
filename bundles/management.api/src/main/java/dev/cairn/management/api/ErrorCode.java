package dev.cairn.management.api;

/** Why a management request was refused or failed; stable names, part of the wire protocol. */
public enum ErrorCode {
    /** The request is not what the protocol says: not JSON, a field missing or of the wrong type. */
    BAD_REQUEST,
    UNKNOWN_OP,
    /** The bundle, configuration or node named does not exist. */
    NOT_FOUND,
    /** A configuration value does not fit its MetaType; {@code field} names the key. */
    INVALID_CONFIG,
    /** The request is larger than the node accepts. */
    TOO_LARGE,
    /** No signature. */
    UNSIGNED,
    /** Signed by a key this node does not trust. */
    UNTRUSTED_KEY,
    /** The signature does not match the request: forged or tampered with. */
    BAD_SIGNATURE,
    /** This nonce was seen before. */
    REPLAYED,
    /** The timestamp is outside the accepted window. */
    EXPIRED,
    /** The uploaded bytes do not have the announced SHA-256, or a chunk arrived out of order. */
    BAD_UPLOAD,
    /** The new bundle did not resolve or start; the previous version is back in place. */
    ROLLED_BACK,
    /** The operation could not be carried out (a bundle refused to stop, a file could not be written). */
    FAILED,
    /** The node is too busy to take the request now. */
    BUSY
}
