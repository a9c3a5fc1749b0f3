package dev.cairn.mqtt;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One append-only file of the outbox, {@code <number>.seg}. A record is
 * {@code int length | int crc32c | long epoch | long sequence | short topicLength | topic | payload},
 * where length and the checksum cover everything after the checksum. A record is written with one
 * system call before {@code publish} returns, so it survives the JVM being killed; a record cut short by
 * a crash (or by a failing disk) fails its length or checksum and ends the segment at recovery.
 */
final class Segment implements Closeable {
    static final int HEADER = 8;
    private static final int FIXED = 8 + 8 + 2;
    /** Larger than any record the settings allow (MQTT's own limit), so a lowered limit never hides old records. */
    private static final int MAX_BODY = (256 << 20) + FIXED + 65_535;

    record Stored(long offset, int length, long epoch, long sequence) {
    }

    record Message(long epoch, long sequence, String topic, byte[] payload) {
    }

    final long number;
    final Path file;
    private final FileChannel channel;
    private long size;
    private volatile boolean dirty;   // set by appends under the outbox lock, cleared by the sync task
    /** Outbox entries still kept in this file; at zero (and not written to any more) the file goes. */
    int live;

    private Segment(long number, Path file, FileChannel channel, long size) {
        this.number = number;
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    static Segment create(Path dir, long number) throws IOException {
        Path file = dir.resolve(String.format("%020d.seg", number));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(number, file, ch, 0);
    }

    static Segment open(Path file) throws IOException {
        String name = file.getFileName().toString();
        long number = Long.parseLong(name.substring(0, name.length() - ".seg".length()));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(number, file, ch, ch.size());
    }

    static boolean isSegment(Path file) {
        return file.getFileName().toString().matches("\\d{20}\\.seg");
    }

    static int recordLength(byte[] topic, byte[] payload) {
        return HEADER + FIXED + topic.length + payload.length;
    }

    /** Appends a record and returns its offset; on failure the file is cut back to where it was. */
    long append(long epoch, long sequence, byte[] topic, byte[] payload) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(recordLength(topic, payload));
        buf.putInt(0).putInt(0).putLong(epoch).putLong(sequence).putShort((short) topic.length).put(topic).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), HEADER, buf.capacity() - HEADER);
        buf.putInt(0, buf.capacity() - HEADER).putInt(4, (int) crc.getValue()).flip();
        long offset = size;
        try {
            while (buf.hasRemaining()) channel.write(buf, offset + buf.position());
        } catch (IOException e) {
            try {
                channel.truncate(offset);
            } catch (IOException ignored) {
                // the next recovery stops at the torn record instead
            }
            throw e;
        }
        size += buf.capacity();
        dirty = true;
        return offset;
    }

    Message read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length - HEADER);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + HEADER + buf.position()) < 0) throw new EOFException(file + " ends inside a record");
        }
        buf.flip();
        long epoch = buf.getLong();
        long sequence = buf.getLong();
        byte[] topic = new byte[Short.toUnsignedInt(buf.getShort())];
        buf.get(topic);
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        return new Message(epoch, sequence, new String(topic, StandardCharsets.UTF_8), payload);
    }

    /**
     * The intact records, in order. A torn or corrupt record ends the segment: the file is cut there,
     * so later appends never sit behind garbage. Returns what was cut, in bytes (0 for a clean file).
     */
    long recover(List<Stored> out) throws IOException {
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER + FIXED);
        while (offset + HEADER + FIXED <= size) {
            header.clear();
            while (header.hasRemaining() && channel.read(header, offset + header.position()) >= 0) {
                // fill
            }
            int length = header.getInt(0);
            if (length < FIXED || length > MAX_BODY || offset + HEADER + length > size) break;
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining() && channel.read(body, offset + HEADER + body.position()) >= 0) {
                // fill
            }
            CRC32C crc = new CRC32C();
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != header.getInt(4)) break;
            out.add(new Stored(offset, HEADER + length, body.getLong(0), body.getLong(8)));
            offset += HEADER + length;
        }
        long cut = size - offset;
        if (cut > 0) {
            channel.truncate(offset);
            size = offset;
            channel.force(true);
        }
        return cut;
    }

    long size() {
        return size;
    }

    /** Forces appended records to the device; by the outbox's sync task, not per publish. */
    void force() throws IOException {
        if (dirty) {
            dirty = false;
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    static List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            stream.filter(Segment::isSegment).sorted().forEach(files::add);
        }
        return files;
    }
}
