package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counts every refused or failed request by code, and logs them without letting a flood of bad requests
 * flood the log: the first of each code, then at most one line per code a minute with the count since.
 */
final class Refusals {
    private static final long QUIET_MS = 60_000;

    private final Map<ErrorCode, AtomicLong> counts = new EnumMap<>(ErrorCode.class);
    private final Map<ErrorCode, long[]> logged = new EnumMap<>(ErrorCode.class);   // {at, count then}
    private final Logger log;

    Refusals(Logger log) {
        this.log = log;
        for (ErrorCode c : ErrorCode.values()) {
            counts.put(c, new AtomicLong());
            logged.put(c, new long[] {Long.MIN_VALUE / 2, 0});
        }
    }

    void count(ErrorCode code, String op, String message, long now) {
        long n = counts.get(code).incrementAndGet();
        long[] last = logged.get(code);
        synchronized (last) {
            if (now - last[0] < QUIET_MS) return;
            long since = n - last[1];
            last[0] = now;
            last[1] = n;
            log.warn("management request {}{}: {}{}", code, op == null ? "" : " (" + op + ")", message,
                    since > 1 ? " (" + (since - 1) + " more " + code + " since the last such line)" : "");
        }
    }

    long count(ErrorCode code) {
        return counts.get(code).get();
    }
}
