package dev.cairn.mqtt;

import dev.cairn.bus.access.Grants;
import dev.cairn.observe.BundleStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.BundleRevision;

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
            out.add(new Info(b.getSymbolicName(), b.getVersion().toString(), BundleStates.name(b), grants(b)));
        }
        return out;
    }

    /** As the bundle declares them; what the bus makes of malformed ones is the bus's to say, so here they are left out. */
    private static Map<String, List<String>> grants(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) return Map.of();
        Grants all;
        try {
            all = Grants.fromCapabilities(revision.getDeclaredCapabilities(Grants.NAMESPACE));
        } catch (IllegalArgumentException malformed) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Grants.Action a : Grants.Action.values()) {
            if (!all.of(a).isEmpty()) out.put(a.attribute(), all.of(a));
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
