package dev.cairn.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The bundles every node runs, found under {@code system/<start level>/*.jar}: the folder a JAR sits in
 * is its start level, so the order of start-up is visible in the distribution itself.
 */
final class SystemBundles {
    static final String LOCATION_PREFIX = "reference:";

    record Entry(int startLevel, Path jar) {
        /** Installed by reference: the framework reads the JAR in place instead of copying it. */
        String location() {
            return LOCATION_PREFIX + jar.toUri();
        }
    }

    private SystemBundles() {
    }

    static List<Entry> find(Path systemDir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(systemDir)) {
            throw new IOException("system bundle folder " + systemDir + " does not exist");
        }
        try (DirectoryStream<Path> levels = Files.newDirectoryStream(systemDir, Files::isDirectory)) {
            for (Path level : levels) {
                int startLevel = parseLevel(level);
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(level, "*.jar")) {
                    jars.forEach(jar -> entries.add(new Entry(startLevel, jar.toAbsolutePath().normalize())));
                }
            }
        }
        entries.sort(Comparator.comparingInt(Entry::startLevel).thenComparing(e -> e.jar().getFileName()));
        return entries;
    }

    private static int parseLevel(Path dir) throws IOException {
        try {
            int level = Integer.parseInt(dir.getFileName().toString());
            if (level >= 1) return level;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IOException("system bundle folder " + dir + " must be named by its start level (1, 2, ...)");
    }

    /** The size and time stamp of each system JAR when it was last installed, kept in data/. */
    static final class Stamps {
        private final Path file;
        private final Properties known = new Properties();

        private Stamps(Path file) {
            this.file = file;
        }

        static Stamps load(Path file) throws IOException {
            Stamps s = new Stamps(file);
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    s.known.load(in);
                }
            }
            return s;
        }

        boolean matches(Entry e) {
            return stamp(e).equals(known.getProperty(e.location()));
        }

        void save(List<Entry> entries) throws IOException {
            known.clear();
            for (Entry e : entries) known.setProperty(e.location(), stamp(e));
            Files.createDirectories(file.getParent());
            try (var out = Files.newBufferedWriter(file)) {
                known.store(out, "system bundles as last installed: size/time stamp");
            }
        }

        private static String stamp(Entry e) {
            File f = e.jar().toFile();
            return f.length() + "/" + f.lastModified();
        }
    }

    static int highestLevel(List<Entry> entries) {
        return entries.stream().mapToInt(Entry::startLevel).max().orElse(1);
    }
}
