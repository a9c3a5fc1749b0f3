package dev.cairn.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.util.Map;

/** A management request as the signed text says: {@code {id, op, target, args, ts, nonce}}. */
record Request(String id, String op, String target, Map<String, Object> args, long ts, String nonce) {
    private static final int MAX_NONCE = 128;

    static Request parse(String text) throws OperationException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OperationException(ErrorCode.BAD_REQUEST, "the request is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) throw new OperationException(ErrorCode.BAD_REQUEST, "the request is not a JSON object");
        String id = text(tree, "id");
        String op = text(tree, "op");
        String target = text(tree, "target");
        String nonce = text(tree, "nonce");
        if (nonce.length() > MAX_NONCE) throw new OperationException(ErrorCode.BAD_REQUEST, "nonce is longer than " + MAX_NONCE + " characters", "nonce");
        JsonNode ts = tree.get("ts");
        if (ts == null || !ts.canConvertToLong() || !ts.isIntegralNumber())
            throw new OperationException(ErrorCode.BAD_REQUEST, "ts must be the time in milliseconds since 1970", "ts");
        JsonNode args = tree.get("args");
        if (args != null && !args.isNull() && !args.isObject()) throw new OperationException(ErrorCode.BAD_REQUEST, "args must be an object", "args");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = args == null || args.isNull() ? Map.of() : Json.MAPPER.convertValue(args, Map.class);
        return new Request(id, op, target, map, ts.longValue(), nonce);
    }

    /** The id of a request that may not even be valid, for the reply; null when there is none to find. */
    static String idOf(String text) {
        try {
            JsonNode id = Json.MAPPER.readTree(text).get("id");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode tree, String field) throws OperationException {
        JsonNode n = tree.get(field);
        if (n == null || !n.isTextual() || n.textValue().isBlank())
            throw new OperationException(ErrorCode.BAD_REQUEST, field + " must be a non-empty string", field);
        return n.textValue();
    }
}
