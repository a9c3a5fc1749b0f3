package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Signatures;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Lets a request through only when it is small enough, signed by a trusted key, fresh and new, and
 * addressed to this node. Checks run cheapest first, and the nonce is remembered only once the signature
 * holds, so forged traffic cannot fill the nonce cache.
 */
final class Gatekeeper {
    private final String node;
    private final TrustedKeys keys;
    private final Nonces nonces;
    private final long skewMs;
    private final int maxBytes;

    Gatekeeper(String node, TrustedKeys keys, Nonces nonces, long skewMs, int maxBytes) {
        this.node = node;
        this.keys = keys;
        this.nonces = nonces;
        this.skewMs = skewMs;
        this.maxBytes = maxBytes;
    }

    Request admit(SignedRequest signed, long now) throws OperationException {
        if (signed == null || signed.request() == null) throw new OperationException(ErrorCode.BAD_REQUEST, "no request text", "request");
        if (signed.request().length() > maxBytes)
            throw new OperationException(ErrorCode.TOO_LARGE, "the request has " + signed.request().length() + " characters, over request.max.bytes (" + maxBytes + ")");
        if (signed.sig() == null || signed.sig().isEmpty() || signed.key() == null || signed.key().isEmpty())
            throw new OperationException(ErrorCode.UNSIGNED, "the request is not signed: sign it with a key this node trusts (cairnctl keys init)");
        Optional<PublicKey> key = keys.get(signed.key());
        if (key.isEmpty())
            throw new OperationException(ErrorCode.UNTRUSTED_KEY, "signature not trusted: key " + signed.key() + " is not in node " + node + "'s trusted keys");
        if (!Signatures.verify(signed, key.get()))
            throw new OperationException(ErrorCode.BAD_SIGNATURE, "the signature does not match the request: forged or altered on the way");
        Request r = Request.parse(signed.request());
        if (Math.abs(now - r.ts()) > skewMs)
            throw new OperationException(ErrorCode.EXPIRED, "the request's time stamp is " + (now - r.ts()) / 1000 + " s away from node "
                    + node + "'s clock; at most " + skewMs / 1000 + " s are accepted (check the clocks)", "ts");
        switch (nonces.remember(signed.key() + ":" + r.nonce(), now)) {
            case SEEN -> throw new OperationException(ErrorCode.REPLAYED, "this request was seen before (nonce " + r.nonce() + ")", "nonce");
            case FULL -> throw new OperationException(ErrorCode.BUSY, "too many requests in the last " + 2 * skewMs / 1000 + " s; try again shortly");
            case FRESH -> { }
        }
        if (!node.equals(r.target()))
            throw new OperationException(ErrorCode.BAD_REQUEST, "the request is addressed to node " + r.target() + ", this is " + node, "target");
        return r;
    }
}
