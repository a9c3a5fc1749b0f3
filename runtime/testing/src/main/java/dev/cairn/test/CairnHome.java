package dev.cairn.test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the unpacked Cairn distribution the nodes run from: system property {@code cairn.home}, else environment
 * {@code CAIRN_HOME}, else — inside the Cairn source tree — {@code distribution/target/cairn-*} of the nearest
 * folder up from the working folder that has one.
 */
final class CairnHome {
    static final String PROPERTY = "cairn.home";
    static final String ENV = "CAIRN_HOME";

    private CairnHome() {
    }

    static Path locate() {
        return locate(System.getProperties().getProperty(PROPERTY), System.getenv(), Path.of("").toAbsolutePath());
    }

    static Path locate(String property, Map<String, String> env, Path workingDir) {
        if (property != null && !property.isBlank()) return check(Path.of(property), "system property " + PROPERTY);
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return check(Path.of(fromEnv), "environment variable " + ENV);
        for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
            Optional<Path> built = built(dir.resolve("distribution/target"));
            if (built.isPresent()) return built.get();
        }
        throw new IllegalStateException("@CairnTest: no Cairn distribution found. Unpack cairn-VERSION.tar.gz and set "
                + ENV + " (or -D" + PROPERTY + ") to the folder that holds bin/cairn");
    }

    private static Path check(Path home, String from) {
        Path dir = home.toAbsolutePath().normalize();
        if (!isDistribution(dir)) {
            throw new IllegalStateException("@CairnTest: " + from + " is " + dir + ", which is not an unpacked Cairn distribution"
                    + " (no executable bin/cairn and lib/cairn.jar there)");
        }
        return dir;
    }

    private static Optional<Path> built(Path target) {
        if (!Files.isDirectory(target)) return Optional.empty();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(target, "cairn-*")) {
            for (Path d : dirs) if (isDistribution(d)) return Optional.of(d.toAbsolutePath().normalize());
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isDistribution(Path dir) {
        return Files.isExecutable(dir.resolve("bin/cairn")) && Files.isRegularFile(dir.resolve("lib/cairn.jar"));
    }
}
