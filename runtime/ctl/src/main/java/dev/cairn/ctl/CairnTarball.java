package dev.cairn.ctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * What a Cairn tarball ({@code cairn-VERSION.tar.gz}) holds, read before it is sent: its one top folder with
 * {@code bin/cairn} and {@code lib/cairn.jar}, whose manifest's {@code Implementation-Version} is the version
 * the node will run — the same check the node's launcher makes after unpacking it. Reads ustar, pax and GNU
 * long names, the forms a Maven assembly or GNU tar writes.
 */
public record CairnTarball(Path file, String folder, String version) {
    private static final int BLOCK = 512;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");
    private static final long MAX_JAR = 16L << 20;

    /** Reads {@code file}; throws with what is wrong when it is not a Cairn tarball. */
    public static CairnTarball read(Path file) throws IOException {
        String folder = null;
        String version = null;
        boolean bin = false;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) throw new IOException(file.getFileName() + " is cut short: not a complete tar archive");
                if (zeros(header)) break;
                if (!checksumHolds(header)) throw new IOException("not a Cairn tarball: " + file.getFileName() + " is gzip but not a tar archive");
                long size = size(header);
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                char type = (char) header[156];
                if (type == 'x' || type == 'L') {
                    if (size > 1 << 20) throw new IOException("not a Cairn tarball: an entry's header of " + size + " bytes");
                    byte[] data = in.readNBytes((int) size);
                    in.skipNBytes(padded - size);
                    longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                    continue;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                if (name.startsWith("./")) name = name.substring(2);
                if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
                String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
                if (!top.isEmpty() && type != 'g') {
                    if (folder == null) folder = top;
                    else if (!folder.equals(top)) throw new IOException("not a Cairn tarball: it should hold one folder, cairn-VERSION/, and holds "
                            + folder + " and " + top);
                }
                String inside = name.length() > top.length() ? name.substring(top.length() + 1) : "";
                if (inside.equals("bin/cairn")) bin = true;
                if (inside.equals("lib/cairn.jar") && size <= MAX_JAR) {
                    byte[] jar = in.readNBytes((int) size);
                    in.skipNBytes(padded - size);
                    version = implementationVersion(jar);
                    continue;
                }
                in.skipNBytes(padded);
            }
        } catch (ZipException e) {
            throw new IOException("not a Cairn tarball: " + file.getFileName() + " is not gzip (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new IOException(file.getFileName() + " is cut short: not a complete tar archive", e);
        }
        if (folder == null) throw new IOException("not a Cairn tarball: " + file.getFileName() + " is empty");
        if (!bin) throw new IOException("not a Cairn tarball: " + folder + "/bin/cairn is missing");
        if (version == null) throw new IOException("not a Cairn tarball: " + folder + "/lib/cairn.jar is missing or has no Implementation-Version");
        if (!VERSION.matcher(version).matches()) throw new IOException("not a Cairn tarball: lib/cairn.jar's version '" + version + "' is not usable");
        return new CairnTarball(file, folder, version);
    }

    private static String implementationVersion(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = in.getManifest();
            return m == null ? null : m.getMainAttributes().getValue("Implementation-Version");
        }
    }

    private static boolean zeros(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static boolean checksumHolds(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        String stored = cString(h, 148, 8).trim();
        try {
            return !stored.isEmpty() && Long.parseLong(stored, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {   // base-256, for sizes over 8 GiB
            long v = 0;
            for (int i = 125; i < 136; i++) v = v << 8 | h[i] & 0xff;
            return v;
        }
        String octal = cString(h, 124, 12).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a Cairn tarball: an entry's size is '" + octal + "'", e);
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax extended header ({@code "LEN path=VALUE\n"}), or null. */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) return record.substring(space + 6);
        }
        return null;
    }

    private static String cString(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) end++;
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }
}
