package dev.cairn.bus;

import dev.cairn.bus.access.Grants;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Gate} per bundle revision, from the {@code cairn.bus.grants} capabilities of its manifest: an
 * updated bundle is judged by its new manifest. Revisions are held weakly, so uninstalled bundles go.
 */
final class Gates {
    private static final Logger LOG = LoggerFactory.getLogger(Gates.class);

    private final Refusals refusals = new Refusals();
    private final Map<BundleRevision, Gate> byRevision = Collections.synchronizedMap(new WeakHashMap<>());

    Refusals refusals() {
        return refusals;
    }

    Gate of(Bundle bundle) {
        if (bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID) return Gate.OPEN;
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) return new Gate(name(bundle), Grants.NONE, null, refusals);   // uninstalled meanwhile
        return byRevision.computeIfAbsent(revision, r -> read(bundle, r));
    }

    private Gate read(Bundle bundle, BundleRevision revision) {
        Grants grants;
        try {
            grants = Grants.fromCapabilities(revision.getDeclaredCapabilities(Grants.NAMESPACE));
        } catch (IllegalArgumentException e) {
            LOG.error("bundle {} may do nothing on the bus: its grants cannot be read: {}", name(bundle), e.getMessage());
            return new Gate(name(bundle), Grants.NONE, e.getMessage(), refusals);
        }
        LOG.debug("bundle {} may {} on the bus", name(bundle), grants);
        return new Gate(name(bundle), grants, null, refusals);
    }

    static String name(Bundle bundle) {
        return bundle.getSymbolicName() != null ? bundle.getSymbolicName() : bundle.getLocation();
    }
}
