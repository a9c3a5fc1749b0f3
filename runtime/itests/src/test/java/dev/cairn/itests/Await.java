package dev.cairn.itests;

import static org.junit.Assert.assertNotNull;

import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** Waiting on service events, not on the clock. */
final class Await {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Await() {
    }

    /** The first service matching {@code filter}, registered or modified into matching within {@link #TIMEOUT}. */
    static ServiceReference<?> service(BundleContext context, String filter) throws InvalidSyntaxException, InterruptedException {
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(filter), null);
        tracker.open(true); // also services whose class the probe cannot see, such as Hello
        try {
            assertNotNull("no service " + filter + " within " + TIMEOUT, tracker.waitForService(TIMEOUT.toMillis()));
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }
}
