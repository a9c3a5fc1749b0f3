package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupTest {
    private final Dedup dedup = new Dedup();

    private static MessageId id(String node, long epoch, long seq) {
        return new MessageId(node, epoch, MessageId.EVENTS, seq);
    }

    @Test
    void aRepeatIsDroppedAndEverySourceCountsOnItsOwn() {
        assertThat(dedup.firstTime(id("a", 1, 1), "t")).isTrue();
        assertThat(dedup.firstTime(id("a", 1, 2), "t")).isTrue();
        assertThat(dedup.firstTime(id("a", 1, 1), "t")).isFalse();
        assertThat(dedup.firstTime(id("b", 1, 1), "t")).isTrue();
        assertThat(dedup.firstTime(id("a", 2, 1), "t")).isTrue();   // a restarted: a new epoch
        assertThat(dedup.firstTime(new MessageId("a", 1, MessageId.REQUESTS, 1), "t")).isTrue();
    }

    @Test
    void aLateMessageInsideTheWindowIsDeliveredOnceAndOneBelowItIsTakenForARepeat() {
        assertThat(dedup.firstTime(id("a", 1, 10), "t")).isTrue();
        assertThat(dedup.firstTime(id("a", 1, 5), "t")).isTrue();    // late, never seen
        assertThat(dedup.firstTime(id("a", 1, 5), "t")).isFalse();
        assertThat(dedup.firstTime(id("a", 1, 10 + Dedup.WINDOW), "t")).isTrue();
        assertThat(dedup.firstTime(id("a", 1, 10), "t")).isFalse();  // now below the window
        assertThat(dedup.firstTime(id("a", 1, 11), "t")).isTrue();   // inside it, never seen
    }

    @Test
    void aReplayOfAWholeRunIsDroppedWhateverItsLength() {
        for (long s = 1; s <= 5000; s++) assertThat(dedup.firstTime(id("a", 1, s), "t")).isTrue();
        for (long s = 1; s <= 5000; s++) assertThat(dedup.firstTime(id("a", 1, s), "t")).as("seq %d", s).isFalse();
        assertThat(dedup.firstTime(id("a", 1, 5001), "t")).isTrue();
    }

    @Test
    void idsAreReadBackAsWrittenAndForeignOnesAreIgnored() {
        MessageId id = new MessageId("gw-1", 1767225600000L, MessageId.EVENTS, 42);

        assertThat(id.toString()).isEqualTo("gw-1/1767225600000/e42");
        assertThat(MessageId.parse(id.toString())).isEqualTo(id);
        assertThat(MessageId.parse("hello")).isNull();
        assertThat(MessageId.parse("a/b/e1")).isNull();
        assertThat(MessageId.parse("a/1/e")).isNull();
        assertThat(MessageId.parse(null)).isNull();
    }

    @Test
    void aForgedIdFarAheadSilencesNoOtherTopicOfThatSender() {
        assertThat(dedup.firstTime(id("shop-1", 1, 1), "cairn/bus/payments/done")).isTrue();
        // someone else claims to be shop-1, far ahead, on a topic it may publish on
        assertThat(dedup.firstTime(id("shop-1", 1, 1_000_000), "cairn/bus/sensors/gh")).isTrue();
        assertThat(dedup.firstTime(id("shop-1", 1, 2), "cairn/bus/payments/done")).isTrue();
        assertThat(dedup.firstTime(id("shop-1", 1, 2), "cairn/bus/payments/done")).isFalse();
    }
}
