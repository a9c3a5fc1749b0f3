package dev.cairn.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The outbox's two small state files. {@code epoch}: the epoch of the last start, so the next one is
 * larger even if the clock went back (edge devices without a real-time clock). {@code acked}: the id of
 * the last event the broker acknowledged, saved every few hundred ms into one of two checksummed slots in
 * turn, so a torn write leaves the older slot valid; after a crash at most the events acknowledged since
 * the last save are sent again, and receivers drop them as duplicates.
 */
final class OutboxFiles {
    private static final int SLOT = 20;

    private final Path epochFile;
    private final Path ackFile;
    private FileChannel ackChannel;
    private long markEpoch;
    private long markSequence;
    private boolean markDirty;
    private int nextSlot;

    OutboxFiles(Path dir) {
        this.epochFile = dir.resolve("epoch");
        this.ackFile = dir.resolve("acked");
    }

    long lastEpoch() throws IOException {
        if (!Files.exists(epochFile)) return 0;
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(epochFile));
        return b.capacity() == 12 && crc(b.array(), 8) == b.getInt(8) ? b.getLong(0) : 0;
    }

    void saveEpoch(long epoch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(epoch);
        b.putInt(8, crc(b.array(), 8));
        Path tmp = epochFile.resolveSibling("epoch.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(b.rewind());
            ch.force(true);
        }
        Files.move(tmp, epochFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {epoch, sequence} of the last acknowledged event saved, or {0, 0}. */
    long[] ackMark() throws IOException {
        ackChannel = FileChannel.open(ackFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long[] best = {0, 0};
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        for (int slot = 0; slot < 2; slot++) {
            b.clear();
            while (b.hasRemaining() && ackChannel.read(b, (long) slot * SLOT + b.position()) > 0) {
                // fill
            }
            if (b.hasRemaining() || crc(b.array(), 16) != b.getInt(16)) continue;
            long epoch = b.getLong(0);
            long sequence = b.getLong(8);
            if (epoch > best[0] || (epoch == best[0] && sequence > best[1])) {
                best = new long[] {epoch, sequence};
                nextSlot = 1 - slot;
            }
        }
        markEpoch = best[0];
        markSequence = best[1];
        return best;
    }

    void ackMark(long epoch, long sequence) {
        markEpoch = epoch;
        markSequence = sequence;
        markDirty = true;
    }

    /** The mark to save if it moved since the last save, else null; under the outbox's lock. */
    long[] takeAckMark() {
        if (!markDirty) return null;
        markDirty = false;
        return new long[] {markEpoch, markSequence};
    }

    /** Writes a mark taken with {@link #takeAckMark}; by the sync task only, outside the outbox's lock. */
    void writeAckMark(long[] mark) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT).putLong(mark[0]).putLong(mark[1]);
        b.putInt(16, crc(b.array(), 16));
        b.rewind();
        long at = (long) nextSlot * SLOT;
        while (b.hasRemaining()) ackChannel.write(b, at + b.position());
        ackChannel.force(false);
        nextSlot = 1 - nextSlot;
    }

    void close() throws IOException {
        if (ackChannel != null) ackChannel.close();
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }
}
