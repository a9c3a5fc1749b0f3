package dev.cairn.ctl;

/** Progress of an upload, called on the caller's thread. */
@FunctionalInterface
public interface DeployListener {
    DeployListener NONE = (done, total) -> {};

    /** {@code done} bytes of {@code total} are on the node; the first call may start above 0 (a resumed upload). */
    void progress(long done, long total);

    /** The connection broke during the upload; the next attempt resumes from what the node already has. */
    default void reconnecting(int attempt, String reason) {}
}
