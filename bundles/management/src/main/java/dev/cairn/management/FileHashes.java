package dev.cairn.management;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 of files, remembered while their size and time stamp stay the same. */
final class FileHashes {
    private record Known(long size, long modified, String sha256) {}

    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    String of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Known k = known.get(file);
        if (k != null && k.size() == a.size() && k.modified() == a.lastModifiedTime().toMillis()) return k.sha256();
        String sha = sha256(file);
        known.put(file, new Known(a.size(), a.lastModifiedTime().toMillis(), sha));
        return sha;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
