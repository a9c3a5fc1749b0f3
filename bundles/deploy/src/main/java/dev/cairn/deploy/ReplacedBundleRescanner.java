package dev.cairn.deploy;

import java.io.File;
import java.net.URI;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * A deployed bundle whose JAR was overwritten by something that is not a bundle is uninstalled by
 * FileInstall, which then forgets the file; rescanning it lets {@link NonBundleReporter} report it.
 */
@Component(service = {})
public final class ReplacedBundleRescanner implements SynchronousBundleListener {
    private final BundleContext context;

    @Activate
    public ReplacedBundleRescanner(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED) return;
        String location = event.getBundle().getLocation();
        if (!location.startsWith("file:") || !location.endsWith(".jar")) return;
        try {
            File file = new File(URI.create(location));
            if (file.isFile() && JarCheck.problem(file).isPresent()) Rescan.ifStillThere(file);
        } catch (IllegalArgumentException e) {
            // not a plain file location: not ours to look at
        }
    }
}
