package dev.cairn.itests;

import static org.junit.Assert.assertNotNull;

import dev.cairn.launcher.spi.DeployProblems;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Stands in for the launcher's DeployProblems: keeps every report, in order, for a test to take. */
final class RecordedProblems implements DeployProblems {
    record Report(Path file, String reason) {
    }

    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();

    @Override
    public void report(Path file, String reason) {
        reports.add(new Report(file, reason));
    }

    @Override
    public void clear(Path file) {
        // the tests look only at what is reported
    }

    /** The next report, waiting up to {@link Await#TIMEOUT} for it. */
    Report next() throws InterruptedException {
        Report report = reports.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull("no deploy problem reported within " + Await.TIMEOUT, report);
        return report;
    }
}
