package bench.probe;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * Readiness probe for bare Felix in bench/startup.sh. Installed at the highest start level; when the
 * framework reports STARTED (all start levels reached) it checks that every bundle that is not a
 * fragment is ACTIVE and prints {@code ready <ms>}, measured from {@code -Dlaunch.t0} (epoch ms, taken
 * by the benchmark just before it spawned the JVM), or {@code not ready: <bundles>}.
 */
public final class ReadyProbe implements BundleActivator, FrameworkListener {
    private BundleContext context;

    @Override
    public void start(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
    }

    @Override
    public void stop(BundleContext context) {
        context.removeFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.STARTED) return;
        long now = System.currentTimeMillis();
        StringBuilder notActive = new StringBuilder();
        Bundle[] bundles = context.getBundles();
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) notActive.append(' ').append(b.getSymbolicName());
        }
        long t0 = Long.getLong("launch.t0", now);
        System.out.println(notActive.length() == 0
                ? "ready " + (now - t0) + " ms, " + bundles.length + " bundles active"
                : "not ready:" + notActive);
        System.out.flush();
    }
}
