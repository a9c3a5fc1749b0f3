package bench.drop;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The whole of each bundle that bench/startup.sh drops into deploy/: it becomes ACTIVE and does nothing. */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
    }

    @Override
    public void stop(BundleContext context) {
    }
}
