package dev.cairn.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Forwards OSGi LogService entries to the node log, and turns FileInstall's two failure messages into
 * {@link Problems}: FileInstall offers no other signal that a deployed bundle failed to start or install.
 */
final class OsgiLogBridge implements LogListener {
    static final String START_FAILED = "Error while starting bundle: ";
    static final String INSTALL_FAILED = "Failed to install artifact: ";

    /** Felix: "Unable to resolve b [12](R 12.0): missing requirement [b [12](R 12.0)] osgi.wiring.package; (filter) Unresolved ...". */
    private static final Pattern MISSING = Pattern.compile("missing requirement \\[.*?\\(R [\\d.]+\\)\\] (.+?)(?: Unresolved requirements:|$)");

    private final Problems problems;

    OsgiLogBridge(Problems problems) {
        this.problems = problems;
    }

    ServiceTracker<LogReaderService, LogReaderService> track(BundleContext context) {
        ServiceTracker<LogReaderService, LogReaderService> tracker = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> ref) {
                LogReaderService reader = super.addingService(ref);
                reader.addLogListener(OsgiLogBridge.this);
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> ref, LogReaderService reader) {
                reader.removeLogListener(OsgiLogBridge.this);
                super.removedService(ref, reader);
            }
        };
        tracker.open();
        return tracker;
    }

    @Override
    public void logged(LogEntry entry) {
        try {
            // The LogService echoes every framework event as "Events.*"; the launcher logs the ones that matter itself.
            if (entry.getLoggerName() != null && entry.getLoggerName().startsWith("Events.")) return;
            if (!recordedAsProblem(entry)) forward(entry);
        } catch (RuntimeException e) {
            Logger.getLogger(OsgiLogBridge.class.getName()).log(Level.WARNING, "cannot log entry " + entry.getMessage(), e);
        }
    }

    private boolean recordedAsProblem(LogEntry entry) {
        String message = entry.getMessage();
        if (message == null || entry.getException() == null) return false;
        if (message.startsWith(START_FAILED)) {
            fileOfLocation(message.substring(START_FAILED.length()))
                    .ifPresentOrElse(f -> problems.report(f, startFailure(entry.getException())), () -> forward(entry));
            return true;
        }
        if (message.startsWith(INSTALL_FAILED)) {
            problems.report(Path.of(message.substring(INSTALL_FAILED.length()).trim()),
                    "cannot install: " + NodeLog.OneLineFormatter.causes(entry.getException()));
            return true;
        }
        return false;
    }

    /** What went wrong, in the words of the innermost exception that says something. */
    static String startFailure(Throwable t) {
        String message = NodeLog.OneLineFormatter.oneLine(NodeLog.OneLineFormatter.describe(t));
        if (message.contains("Unable to resolve")) {
            Matcher m = MISSING.matcher(message);
            return "cannot resolve: " + (m.find() ? "missing requirement " + m.group(1) : message);
        }
        Throwable cause = t.getCause() != null ? t.getCause() : t;
        return "cannot start: " + NodeLog.OneLineFormatter.causes(cause);
    }

    static java.util.Optional<Path> fileOfLocation(String location) {
        try {
            String uri = location.trim();
            if (uri.startsWith(SystemBundles.LOCATION_PREFIX)) uri = uri.substring(SystemBundles.LOCATION_PREFIX.length());
            return uri.startsWith("file:") ? java.util.Optional.of(Path.of(URI.create(uri))) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static void forward(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        String name = bundle == null || bundle.getSymbolicName() == null ? "osgi" : bundle.getSymbolicName();
        Level level = switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            // SCR announces its version at INFO on every start: chatter, not an event.
            case INFO -> "org.apache.felix.scr".equals(name) ? Level.FINE : Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINER;
        };
        Logger.getLogger(name).log(level, entry.getMessage(), entry.getException());
    }
}
