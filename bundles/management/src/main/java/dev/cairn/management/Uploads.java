package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A file — a bundle, or a runtime tarball — arriving in chunks, kept in {@code <name>-<sha256>.part} until
 * complete, so an upload cut by a dropped connection resumes where it stopped: the sender asks how much
 * arrived and goes on from there. A part left untouched for a day is deleted.
 */
final class Uploads {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Duration ABANDONED = Duration.ofDays(1);

    /** What is uploaded: the file names accepted (said in words for the refusal), and the setting that limits the size. */
    record Kind(Pattern name, String nameRule, String what, String limitKey) {
        static final Kind BUNDLE = new Kind(DeployOps.JAR_NAME, "a plain name ending in .jar (letters, digits, . _ -)", "bundle", "bundle.max.bytes");
        static final Kind RUNTIME = new Kind(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.(tar\\.gz|tgz)"),
                "a plain name ending in .tar.gz or .tgz (letters, digits, . _ -)", "runtime tarball", "runtime.max.bytes");
    }

    private final Path dir;
    private final Kind kind;
    private volatile long maxBytes;

    Uploads(Path dir, long maxBytes) throws IOException {
        this(dir, maxBytes, Kind.BUNDLE);
    }

    Uploads(Path dir, long maxBytes, Kind kind) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.kind = kind;
        sweep();
    }

    void maxBytes(long bytes) {
        maxBytes = bytes;
    }

    /** The announced upload, checked. */
    record Upload(String file, long size, String sha256) {}

    Upload announced(Args args) throws OperationException {
        String file = args.string("file");
        if (!kind.name().matcher(file).matches())
            throw new OperationException(ErrorCode.BAD_REQUEST, "file must be " + kind.nameRule() + ", not '" + file + "'", "file");
        long size = args.number("size");
        if (size <= 0) throw new OperationException(ErrorCode.BAD_REQUEST, "size must be positive", "size");
        if (size > maxBytes) throw new OperationException(ErrorCode.TOO_LARGE, "the " + kind.what() + " has " + size + " bytes, over " + kind.limitKey() + " (" + maxBytes + ")", "size");
        String sha = args.string("sha256").toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) throw new OperationException(ErrorCode.BAD_REQUEST, "sha256 must be 64 hex digits", "sha256");
        return new Upload(file, size, sha);
    }

    long received(Upload u) throws IOException {
        Path part = part(u);
        return Files.exists(part) ? Files.size(part) : 0;
    }

    /** Appends a chunk at {@code offset}, which must be where the part ends; returns the bytes now received. */
    long append(Upload u, long offset, byte[] chunk) throws OperationException, IOException {
        long have = received(u);
        if (offset != have) throw new OperationException(ErrorCode.BAD_UPLOAD,
                "the chunk starts at " + offset + " but " + have + " bytes of " + u.file() + " have arrived: send from " + have, "offset");
        if (have + chunk.length > u.size()) {
            Files.deleteIfExists(part(u));
            throw new OperationException(ErrorCode.BAD_UPLOAD, "the chunks run past the announced size " + u.size() + "; start again", "data");
        }
        try (FileChannel ch = FileChannel.open(part(u), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            while (buffer.hasRemaining()) ch.write(buffer);
            if (have + chunk.length == u.size()) ch.force(true);
        }
        return have + chunk.length;
    }

    /** The complete, verified upload; a part whose hash is wrong is deleted. */
    Path complete(Upload u) throws OperationException, IOException {
        Path part = part(u);
        String actual = FileHashes.sha256(part);
        if (!actual.equals(u.sha256())) {
            Files.deleteIfExists(part);
            throw new OperationException(ErrorCode.BAD_UPLOAD, "the " + u.size() + " bytes received have SHA-256 " + actual
                    + ", not the announced " + u.sha256() + "; start again", "sha256");
        }
        return part;
    }

    /** Forgets an upload: its part, complete or not, is deleted. */
    void discard(Upload u) throws IOException {
        Files.deleteIfExists(part(u));
    }

    private Path part(Upload u) {
        return dir.resolve(u.file() + "-" + u.sha256() + ".part");
    }

    private void sweep() throws IOException {
        Instant oldest = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*.part")) {
            for (Path p : parts) if (Files.getLastModifiedTime(p).toInstant().isBefore(oldest)) Files.deleteIfExists(p);
        }
    }
}
