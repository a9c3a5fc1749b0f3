package dev.cairn.mqtt;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/** {@link Bundles} from the running framework. */
final class FrameworkBundles implements Bundles {
    private final BundleContext context;

    FrameworkBundles(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<Info> list() {
        List<Info> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.add(new Info(b.getSymbolicName(), b.getVersion().toString(), state(b.getState())));
        }
        return out;
    }

    @Override
    public AutoCloseable watch(Runnable listener) {
        BundleListener l = (BundleEvent e) -> listener.run();
        context.addBundleListener(l);
        return () -> {
            try {
                context.removeBundleListener(l);
            } catch (IllegalStateException stopping) {
                // the framework is going away with our context
            }
        };
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> String.valueOf(state);
        };
    }
}
