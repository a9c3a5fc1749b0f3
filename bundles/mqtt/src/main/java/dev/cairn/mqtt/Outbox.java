package dev.cairn.mqtt;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on their way to the broker, on disk, in publish order, until the broker acknowledges them
 * (PUBACK); then a few more are kept for a replay (see {@link #replay}). Entries are numbered by
 * position: {@code first} is the oldest kept, {@code head} the oldest not yet acknowledged, {@code cursor}
 * the next to send. Reconnecting moves the cursor back to {@code head}, so everything unacknowledged goes
 * again, in order. Bounded by {@code outbox.max.messages} and {@code outbox.max.bytes} of unacknowledged
 * events; when full, {@code outbox.full} decides, every drop is counted, and the episode is logged once.
 */
final class Outbox implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final long SEGMENT_BYTES = 1 << 20;
    /**
     * Payloads of recently appended, unacknowledged events kept in memory as well, so the sender does not
     * read back from disk what was just written. Only a copy: the record on disk is written first and stays
     * the truth (restarts, replays and events beyond this bound are read from it).
     */
    static final long CACHE_BYTES = 4 << 20;

    /**
     * An event to send: its entry (to acknowledge it), id, stored topic field (the bus topic, and the call's
     * trace context when it had one: see {@link CallHeaders#stored}) and JSON payload.
     */
    record Outgoing(Entry entry, MessageId id, String stored, byte[] payload) {
        String topic() {
            return CallHeaders.topic(stored);
        }
    }

    static final class Entry {
        final Segment segment;
        final long offset;
        final int length;
        final long epoch;
        final long sequence;
        final long position;
        boolean done;       // acknowledged by the broker, or dropped
        boolean dropped;
        String topic;       // with payload: the record's content while cached (see CACHE_BYTES), else null
        byte[] payload;

        Entry(Segment segment, long offset, int length, long epoch, long sequence, long position) {
            this.segment = segment;
            this.offset = offset;
            this.length = length;
            this.epoch = epoch;
            this.sequence = sequence;
            this.position = position;
        }
    }

    record Limits(int maxMessages, long maxBytes, OutboxFull full, int replay) {
    }

    private final String node;
    private final Limits limits;
    private final Counters counters;
    private final OutboxFiles files;
    private final long epoch;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long base;          // position of entries.get(0)
    private int skip;           // entries removed from the front, not yet compacted away
    private long head;
    private long cursor;
    private long nextSequence = 1;
    private int pending;
    private long pendingBytes;
    private Segment writing;
    private long cachedBytes;
    private long overflowDrops = -1;   // -1: not in an overflow episode
    private boolean refusing;          // the last event could not be stored: logged once until one is

    private Outbox(String node, Limits limits, Counters counters, OutboxFiles files, long epoch) {
        this.node = node;
        this.limits = limits;
        this.counters = counters;
        this.files = files;
        this.epoch = epoch;
    }

    /** Recovers what an earlier run left (acknowledged up to the saved mark, the rest to send) and starts a new epoch. */
    static Outbox open(Path dir, String node, Limits limits, Counters counters) throws IOException {
        Files.createDirectories(dir);
        OutboxFiles files = new OutboxFiles(dir);
        List<Segment> segments = new ArrayList<>();
        List<List<Segment.Stored>> stored = new ArrayList<>();
        long maxEpoch = 0;
        for (Path p : Segment.list(dir)) {
            Segment s = Segment.open(p);
            List<Segment.Stored> records = new ArrayList<>();
            long cut = s.recover(records);
            if (cut > 0) LOG.warn("{}: outbox segment {} ended in a torn or corrupt record; {} bytes cut", node, p.getFileName(), cut);
            for (Segment.Stored r : records) maxEpoch = Math.max(maxEpoch, r.epoch());
            segments.add(s);
            stored.add(records);
        }
        long epoch = Math.max(Math.max(files.lastEpoch() + 1, maxEpoch + 1), System.currentTimeMillis());
        files.saveEpoch(epoch);
        Outbox box = new Outbox(node, limits, counters, files, epoch);
        box.recover(segments, stored, files.ackMark());
        long last = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).number;
        box.writing = Segment.create(dir, last + 1);
        counters.outboxMessages = box::pending;
        counters.outboxBytes = box::pendingBytes;
        if (box.pending > 0) LOG.info("{}: outbox holds {} events ({} bytes) from an earlier run; they go first", node, box.pending, box.pendingBytes);
        return box;
    }

    private void recover(List<Segment> segments, List<List<Segment.Stored>> stored, long[] mark) throws IOException {
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            for (Segment.Stored r : stored.get(i)) {
                Entry e = new Entry(s, r.offset(), r.length(), r.epoch(), r.sequence(), base + entries.size());
                entries.add(e);
                s.live++;
                boolean acknowledged = r.epoch() < mark[0] || (r.epoch() == mark[0] && r.sequence() <= mark[1]);
                if (acknowledged) {
                    e.done = true;
                } else {
                    pending++;
                    pendingBytes += e.length;
                }
            }
            if (s.live == 0) s.delete();
        }
        advanceHead();
        cursor = head;
        // a configuration with smaller bounds than the last run's: the oldest go, whatever outbox.full says
        while (pending > 0 && (pending > limits.maxMessages() || pendingBytes > limits.maxBytes())) dropOldest();
        endOverflow();
    }

    long epoch() {
        return epoch;
    }

    /** Segments rolled over since the last sync, still to be forced. */
    private final List<Segment> rolled = new ArrayList<>();

    /**
     * Stores an event and returns its id, or null when it was not stored: over the bounds with
     * {@code DROP_NEWEST}, larger than the whole outbox, or the disk failed. Written before it returns.
     * {@code payload} may be kept (not copied) until the event is acknowledged: the caller must not change it.
     */
    synchronized MessageId append(String topic, byte[] payload) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        int length = Segment.recordLength(topicBytes, payload);
        if (length > limits.maxBytes()) {
            refuse("an event of " + length + " bytes is larger than outbox.max.bytes");
            return null;
        }
        boolean full = false;
        while (pending >= limits.maxMessages() || pendingBytes + length > limits.maxBytes()) {
            full = true;
            if (limits.full() == OutboxFull.DROP_NEWEST) {
                overflow();
                return null;
            }
            dropOldest();
        }
        long sequence = nextSequence++;
        try {
            if (writing.size() >= SEGMENT_BYTES) roll();
            long offset = writing.append(epoch, sequence, topicBytes, payload);
            Entry e = new Entry(writing, offset, length, epoch, sequence, base + entries.size());
            entries.add(e);
            writing.live++;
            if (cachedBytes + length <= CACHE_BYTES) {
                e.topic = topic;
                e.payload = payload;
                cachedBytes += length;
            }
        } catch (IOException e) {
            refuse("the outbox cannot be written: " + e);
            return null;
        }
        pending++;
        pendingBytes += length;
        refusing = false;
        if (!full) endOverflow();   // the episode ends with the first event that fits without a drop
        return new MessageId(node, epoch, MessageId.EVENTS, sequence);
    }

    /** The next event to send, or null when everything has been handed out. */
    synchronized Outgoing next() {
        while (cursor < end()) {
            Entry e = at(cursor++);
            if (e.dropped || (e.done && e.position >= head)) continue;   // kept entries before head are replays
            if (e.payload != null) return new Outgoing(e, new MessageId(node, e.epoch, MessageId.EVENTS, e.sequence), e.topic, e.payload);
            try {
                Segment.Message m = e.segment.read(e.offset, e.length);
                return new Outgoing(e, new MessageId(node, m.epoch(), MessageId.EVENTS, m.sequence()), m.topic(), m.payload());
            } catch (IOException ex) {
                // never readable again: dropping it is the only way the outbox can move past it
                counters.drop(Drop.UNREADABLE);
                LOG.error("{}: outbox record {}/{} in {} cannot be read; dropped: {}", node, e.epoch, e.sequence, e.segment.file, ex.toString());
                e.dropped = true;
                done(e);
            }
        }
        return null;
    }

    /** Everything not acknowledged goes again, from the oldest: after a reconnect. */
    synchronized void rewind() {
        cursor = head;
    }

    /**
     * Also the kept, already acknowledged events go again: after a reconnect to a broker that lost this
     * node's session, it has likely restarted and lost what it had accepted but not yet passed on.
     */
    synchronized void replay() {
        cursor = firstPosition();
    }

    /** {@code e} and what follows it go again (the broker asked to retry it). */
    synchronized void rewindTo(Entry e) {
        cursor = Math.max(firstPosition(), Math.min(cursor, e.position));
    }

    /** The broker has the event (or refused it for good): it no longer counts against the bounds. */
    synchronized void done(Entry e) {
        if (e.done) return;
        e.done = true;
        uncache(e);   // a replay, rare, reads it from disk
        pending--;
        pendingBytes -= e.length;
        advanceHead();
    }

    synchronized int pending() {
        return pending;
    }

    synchronized long pendingBytes() {
        return pendingBytes;
    }

    /**
     * Forces appended events to the device and saves the acknowledgement mark; run every few hundred ms.
     * The forcing happens outside the outbox's lock: an fsync takes milliseconds here and can take
     * hundreds on an SD card, and publishers must not wait for it (they wait only for their write).
     */
    void sync() throws IOException {
        List<Segment> toForce;
        long[] mark;
        synchronized (this) {
            toForce = new ArrayList<>(rolled);
            rolled.clear();
            toForce.add(writing);
            mark = files.takeAckMark();
        }
        for (Segment segment : toForce) {
            try {
                segment.force();
            } catch (java.nio.channels.ClosedChannelException deleted) {
                // every event in it was acknowledged meanwhile: nothing left to keep
            }
        }
        if (mark != null) files.writeAckMark(mark);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            sync();
        } finally {
            for (int i = skip; i < entries.size(); i++) entries.get(i).segment.close();
            writing.close();
            files.close();
        }
    }

    private void advanceHead() {
        while (head < end() && at(head).done) {
            Entry e = at(head++);
            files.ackMark(e.epoch, e.sequence);   // a dropped event is as finished as an acknowledged one
        }
        while (head - firstPosition() > limits.replay()) removeFirst();
        cursor = Math.max(cursor, firstPosition());
    }

    private void uncache(Entry e) {
        if (e.payload != null) {
            e.payload = null;
            e.topic = null;
            cachedBytes -= e.length;
        }
    }

    private void dropOldest() {
        Entry e = at(head);
        e.dropped = true;
        overflow();
        done(e);
    }

    private void overflow() {
        counters.drop(Drop.OUTBOX_FULL);
        if (overflowDrops < 0) {
            overflowDrops = 0;
            LOG.warn("{}: outbox full ({} events, {} bytes waiting for the broker): dropping the {} event (logged once per episode; counted)",
                    node, pending, pendingBytes, limits.full() == OutboxFull.DROP_OLDEST ? "oldest" : "newest");
        }
        overflowDrops++;
    }

    private void endOverflow() {
        if (overflowDrops >= 0) {
            LOG.info("{}: outbox has room again; {} events were dropped while it was full", node, overflowDrops);
            overflowDrops = -1;
        }
    }

    private void refuse(String why) {
        counters.drop(Drop.OUTBOX_FULL);
        if (refusing) {
            LOG.debug("{}: event dropped: {}", node, why);
        } else {
            refusing = true;
            LOG.error("{}: event dropped: {} (logged once until an event is stored again; counted)", node, why);
        }
    }

    /** A full segment is forced by the next {@link #sync}, not here, where a publisher holds the lock. */
    private void roll() throws IOException {
        Segment old = writing;
        rolled.add(old);
        writing = Segment.create(old.file.getParent(), old.number + 1);
        if (old.live == 0) old.delete();
    }

    private void removeFirst() {
        Entry e = entries.set(skip++, null);
        uncache(e);
        if (--e.segment.live == 0 && e.segment != writing) {
            try {
                e.segment.delete();
            } catch (IOException ex) {
                LOG.warn("{}: outbox segment {} could not be deleted: {}", node, e.segment.file, ex.toString());
            }
        }
        if (skip > 1024 && skip > entries.size() / 2) {
            entries.subList(0, skip).clear();
            base += skip;
            skip = 0;
        }
    }

    private Entry at(long position) {
        return entries.get((int) (position - base));
    }

    private long firstPosition() {
        return base + skip;
    }

    private long end() {
        return base + entries.size();
    }
}
