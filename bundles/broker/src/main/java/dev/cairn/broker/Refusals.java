package dev.cairn.broker;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Counts what the broker refuses, by reason, and logs it without letting a client that keeps trying flood the log:
 * the first refusal of a reason for a client, then at most one line a minute for that pair, with the count since.
 * Names and topics come from the network: they are logged cut short and with control characters replaced.
 */
final class Refusals {
    enum Reason {
        BAD_CREDENTIALS("bad_credentials", "MQTT broker refused a connection as %s: %s"),
        PUBLISH_DENIED("publish_denied", "MQTT broker refused client %s publishing on %s: not granted"),
        SUBSCRIBE_DENIED("subscribe_denied", "MQTT broker refused client %s subscribing to %s: not granted"),
        FORGED_ID("forged_id", "MQTT broker dropped a message of client %s %s");

        /** The value of the metric's {@code reason} label. */
        final String label;
        private final String format;

        Reason(String label, String format) {
            this.label = label;
            this.format = format;
        }
    }

    private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Made-up user names each get an entry: past this many, the log's memory starts over. */
    private static final int MAX_TRACKED = 1_000;

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);
    /** Per reason and client: {when last logged, refusals not logged since}. */
    private final Map<String, long[]> logged = new ConcurrentHashMap<>();
    private final Logger log;
    private final LongSupplier nanoClock;

    Refusals(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
        for (Reason r : Reason.values()) counts.put(r, new LongAdder());
    }

    void count(Reason reason, String client, String what) {
        counts.get(reason).increment();
        String who = client == null ? "(no user name)" : "'" + printable(client, 64) + "'";
        long now = nanoClock.getAsLong();
        if (logged.size() >= MAX_TRACKED) logged.clear();
        long[] last = logged.computeIfAbsent(reason.ordinal() + who, k -> new long[] {now - QUIET_NANOS, 0});
        long unlogged;
        synchronized (last) {
            if (now - last[0] < QUIET_NANOS) {
                last[1]++;
                return;
            }
            unlogged = last[1];
            last[0] = now;
            last[1] = 0;
        }
        String line = String.format(reason.format, who, printable(what, 300));
        if (unlogged > 0) line += " (and " + unlogged + " more such refusals since the last such line)";
        log.warn(line);
    }

    long count(Reason reason) {
        return counts.get(reason).sum();
    }

    private static String printable(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
