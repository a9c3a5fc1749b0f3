package dev.cairn.launcher.spi;

import java.nio.file.Path;

/** Problems with files in {@code deploy/} that no bundle state can show. Thread-safe. */
public interface DeployProblems {

    /** Records why {@code file} could not be deployed; logged once per distinct reason. */
    void report(Path file, String reason);

    /** Forgets the problem of {@code file}: it was fixed, replaced or deleted. */
    void clear(Path file);
}
