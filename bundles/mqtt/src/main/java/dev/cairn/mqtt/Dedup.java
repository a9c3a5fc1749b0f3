package dev.cairn.mqtt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops messages seen before, by {@link MessageId}, before any handler sees them. Per source (node, epoch,
 * stream) and MQTT topic it keeps a sliding window like IPsec's anti-replay window: the highest sequence seen and a bitmap
 * of the {@value #WINDOW} below it. A sequence above the highest is new; inside the window it is new unless
 * its bit is set (a late message is still delivered once); below the window it is taken for a repeat,
 * because senders send in order and only redeliveries arrive that late. Memory is bounded: at most
 * {@value #SOURCES} windows are remembered, the least recently used forgotten first.
 *
 * <p>The node in an id is a claim anyone may write. Keyed by topic as well, a forged id — say with a sequence far
 * ahead, which would make the real sender's next messages look like repeats — reaches only the one topic its
 * sender could publish on anyway: the broker's rules decide who may publish where, not who may claim to be whom.
 */
final class Dedup {
    static final int WINDOW = 1024;
    static final int SOURCES = 8192;

    private final Map<String, Window> windows = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > SOURCES;
        }
    };

    /** True the first time {@code id} is offered on {@code topic}. Called from Paho's callback threads. */
    synchronized boolean firstTime(MessageId id, String topic) {
        return windows.computeIfAbsent(id.source() + '\0' + topic, k -> new Window()).accept(id.sequence());
    }

    static final class Window {
        private final long[] bits = new long[WINDOW / 64];
        private long highest;   // 0: nothing seen yet (sequences start at 1)

        boolean accept(long seq) {
            if (seq > highest) {
                if (highest == 0 || seq - highest >= WINDOW) {
                    Arrays.fill(bits, 0);
                } else {
                    for (long s = highest + 1; s < seq; s++) clear(s);
                }
                highest = seq;
                set(seq);
                return true;
            }
            if (seq <= highest - WINDOW) return false;
            if (isSet(seq)) return false;
            set(seq);
            return true;
        }

        private void set(long seq) {
            bits[slot(seq)] |= 1L << seq;
        }

        private void clear(long seq) {
            bits[slot(seq)] &= ~(1L << seq);
        }

        private boolean isSet(long seq) {
            return (bits[slot(seq)] & 1L << seq) != 0;
        }

        private static int slot(long seq) {
            return (int) ((seq >>> 6) % (WINDOW / 64));
        }
    }
}
