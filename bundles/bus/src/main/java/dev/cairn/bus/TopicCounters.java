package dev.cairn.bus;

import dev.cairn.bus.api.TopicStats;
import java.util.concurrent.atomic.LongAdder;

/** The four counters of one topic; adders, because many threads publish to the same topic. */
final class TopicCounters {
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder failed = new LongAdder();

    TopicStats snapshot() {
        return new TopicStats(published.sum(), delivered.sum(), dropped.sum(), failed.sum());
    }
}
