package dev.cairn.management;

import dev.cairn.bus.trace.Traces;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code trace.get}: this node's spans of one trace; {@code trace.recent}: the first span of each of its last
 * traces. {@code cairnctl trace} asks every node and puts the tree together.
 */
final class TraceOps {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private TraceOps() {
    }

    static Map<String, Object> trace(Traces traces, Args args) throws OperationException {
        String id = args.string("id");
        if (!TRACE_ID.matcher(id).matches())
            throw new OperationException(ErrorCode.BAD_REQUEST, "id must be a trace id: 32 lower-case hex digits, not '" + id + "'", "id");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("enabled", traces.enabled());
        r.put("spans", traces.trace(id));
        return r;
    }

    static Map<String, Object> recent(Traces traces, Args args) throws OperationException {
        long limit = args.has("limit") ? args.number("limit") : DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) throw new OperationException(ErrorCode.BAD_REQUEST, "limit must be 1 to " + MAX_LIMIT, "limit");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("enabled", traces.enabled());
        r.put("traces", traces.recent((int) limit));
        return r;
    }
}
