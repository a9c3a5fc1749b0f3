package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;
    private final Counters counters = new Counters();
    private final List<Outbox> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Outbox o : open) o.close();
    }

    private Outbox outbox(int maxMessages, long maxBytes, OutboxFull full, int replay) throws IOException {
        Outbox o = Outbox.open(dir, "n1", new Outbox.Limits(maxMessages, maxBytes, full, replay), counters);
        open.add(o);
        return o;
    }

    private Outbox outbox() throws IOException {
        return outbox(1000, 1 << 20, OutboxFull.DROP_OLDEST, 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Outbox o) {
        List<String> out = new ArrayList<>();
        for (Outbox.Outgoing g; (g = o.next()) != null; ) out.add(g.topic() + "=" + new String(g.payload(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void eventsGoOutInOrderAndWhatIsNotAcknowledgedGoesAgainAfterARewind() throws IOException {
        Outbox o = outbox();
        for (int i = 0; i < 5; i++) o.append("t/" + i, bytes("" + i));

        Outbox.Outgoing first = o.next();
        Outbox.Outgoing second = o.next();
        done(o, first);
        o.rewind();

        assertThat(second.id().sequence()).isEqualTo(2);
        assertThat(drain(o)).containsExactly("t/1=1", "t/2=2", "t/3=3", "t/4=4");
        assertThat(o.pending()).isEqualTo(4);
    }

    private static void done(Outbox o, Outbox.Outgoing g) {
        o.done(g.entry());
    }

    @Test
    void aNewInstanceOnTheSameFolderSendsWhatWasNotAcknowledgedWithTheSameIds() throws IOException {
        Outbox o = outbox();
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) ids.add(o.append("t", bytes("" + i)));
        done(o, o.next());
        done(o, o.next());
        o.close();
        open.remove(o);

        Outbox again = outbox();
        Outbox.Outgoing g = again.next();

        assertThat(again.pending()).isEqualTo(2);
        assertThat(g.id()).isEqualTo(ids.get(2));
        assertThat(again.epoch()).isGreaterThan(o.epoch());
        assertThat(again.append("t", bytes("new")).epoch()).isEqualTo(again.epoch());
        assertThat(drain(again)).containsExactly("t=3", "t=new");
    }

    @Test
    void aRecordTornByACrashIsCutAndTheOnesBeforeItAreKept() throws IOException {
        Outbox o = outbox();
        o.append("t", bytes("kept"));
        o.append("t", bytes("torn"));
        o.close();
        open.remove(o);
        Path segment = Segment.list(dir).get(0);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);                                 // the second record loses its tail
            ch.write(ByteBuffer.wrap(new byte[] {1, 2}), size - 3); // and gets garbage instead
        }

        Outbox again = outbox();

        assertThat(drain(again)).containsExactly("t=kept");
        again.append("t", bytes("after"));
        again.close();
        open.remove(again);
        assertThat(drain(outbox())).containsExactly("t=kept", "t=after");
    }

    @Test
    void aFullOutboxDropsTheOldestCountsItAndLogsTheEpisodeOnce() throws IOException {
        Outbox o = outbox(3, 1 << 20, OutboxFull.DROP_OLDEST, 0);
        try (LogCapture log = new LogCapture(Outbox.class)) {
            for (int i = 0; i < 50; i++) o.append("t", bytes("" + i));
            assertThat(log.count(Level.WARNING)).isEqualTo(1);
            assertThat(log.count(Level.INFO)).isZero();

            List<Outbox.Outgoing> sent = new ArrayList<>();
            for (Outbox.Outgoing g; (g = o.next()) != null; ) sent.add(g);
            sent.forEach(g -> done(o, g));
            o.append("t", bytes("fits"));

            assertThat(sent).extracting(g -> new String(g.payload(), StandardCharsets.UTF_8)).containsExactly("47", "48", "49");
            assertThat(counters.dropped(Drop.OUTBOX_FULL)).isEqualTo(47);
            assertThat(log.count(Level.INFO)).isEqualTo(1);   // the episode's end, with its count
            assertThat(log.records.get(1).getMessage()).contains("room again");
        }
    }

    @Test
    void aFullOutboxCanDropTheNewestInstead() throws IOException {
        Outbox o = outbox(3, 1 << 20, OutboxFull.DROP_NEWEST, 0);
        for (int i = 0; i < 5; i++) o.append("t", bytes("" + i));

        assertThat(drain(o)).containsExactly("t=0", "t=1", "t=2");
        assertThat(counters.dropped(Drop.OUTBOX_FULL)).isEqualTo(2);
    }

    @Test
    void theByteBoundCountsToo() throws IOException {
        int record = Segment.recordLength(bytes("t"), new byte[100]);
        Outbox o = outbox(1000, 3L * record, OutboxFull.DROP_OLDEST, 0);
        for (int i = 0; i < 4; i++) o.append("t", new byte[100]);

        assertThat(o.pending()).isEqualTo(3);
        assertThat(o.pendingBytes()).isEqualTo(3L * record);
        assertThat(o.append("t", new byte[4 * record])).isNull();   // larger than the whole outbox
    }

    @Test
    void afterTheBrokerLostItsStateTheLastAcknowledgedEventsGoAgainBeforeTheRest() throws IOException {
        Outbox o = outbox(1000, 1 << 20, OutboxFull.DROP_OLDEST, 2);
        for (int i = 0; i < 5; i++) o.append("t", bytes("" + i));
        for (int i = 0; i < 3; i++) done(o, o.next());

        o.replay();

        assertThat(drain(o)).containsExactly("t=1", "t=2", "t=3", "t=4");
    }

    @Test
    void segmentsGoOnceEverythingInThemIsAcknowledged() throws IOException {
        Outbox o = outbox(10_000, 64L << 20, OutboxFull.DROP_OLDEST, 0);
        byte[] payload = new byte[8 * 1024];
        for (int i = 0; i < 400; i++) o.append("t", payload);   // ~3.2 MiB: several segments
        assertThat(Segment.list(dir)).hasSizeGreaterThan(2);

        for (Outbox.Outgoing g; (g = o.next()) != null; ) done(o, g);

        assertThat(Segment.list(dir)).hasSize(1);   // the one still written to
        assertThat(o.pending()).isZero();
        assertThat(o.pendingBytes()).isZero();
    }
}
