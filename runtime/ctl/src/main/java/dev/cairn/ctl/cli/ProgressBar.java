package dev.cairn.ctl.cli;

import dev.cairn.ctl.DeployListener;
import java.io.PrintStream;
import java.util.Locale;

/** {@code orders.jar → pi-3 [#########.........]  52%  1.3/2.5 MiB} on one terminal line, redrawn in place. */
final class ProgressBar implements DeployListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private int lastPermille = -1;
    private boolean drawn;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void progress(long done, long total) {
        int permille = total == 0 ? 1000 : (int) (done * 1000 / total);
        if (permille == lastPermille) return;
        lastPermille = permille;
        err.print("\r" + render(label, done, total));
        err.flush();
        drawn = true;
    }

    @Override
    public void reconnecting(int attempt, String reason) {
        finish();
        err.println("cairnctl: " + reason + "; reconnecting (" + attempt + ") and resuming");
    }

    /** Ends the line, if one was drawn. */
    void finish() {
        if (drawn) err.println();
        drawn = false;
        lastPermille = -1;
    }

    static String render(String label, long done, long total) {
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s/%s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                percent, size(done), size(total));
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
