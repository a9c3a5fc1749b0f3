package dev.cairn.mqtt;

import dev.cairn.observe.BundleStates;
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
            out.add(new Info(b.getSymbolicName(), b.getVersion().toString(), BundleStates.name(b.getState())));
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
}
