package dev.cairn.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The broker password kept in a file of its own ({@code password.file}), as {@code cairnctl enroll} writes it: so
 * it is in no configuration store, no process argument and no log. A file others may read is refused.
 */
final class PasswordFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PasswordFile() {
    }

    static Secret read(String name) {
        Path file = resolve(name);
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                perms.retainAll(OTHERS);
                if (!perms.isEmpty()) {
                    throw new ConfigException("password.file", file + " can be read or written by others than the node's"
                            + " user: chmod 600 " + file);
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("").strip();
            if (first.isEmpty()) throw new ConfigException("password.file", file + " is empty");
            return Secret.of(first);
        } catch (IOException e) {
            throw new ConfigException("password.file", "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** A relative name is taken from the node's home, as every other folder of the node is. */
    static Path resolve(String name) {
        Path p = Path.of(name.strip());
        String home = System.getProperty("cairn.home");
        return p.isAbsolute() || home == null ? p : Path.of(home).resolve(p);
    }
}
