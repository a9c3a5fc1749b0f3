package dev.cairn.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.library.gpiod.internal.GpioDContext;
import com.pi4j.provider.Provider;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the node's one Pi4J {@link Context} and registers it as a service with the property
 * {@value #PLATFORM} ({@code mock} or {@code raspberrypi}). Deactivated — the bundle stopped, or the
 * configuration changed — it shuts the context down, which returns every pin to its shutdown state.
 */
@Component(name = Pi4jService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = Pi4jConfig.class)
public final class Pi4jService {
    static final String PID = "dev.cairn.hardware.pi4j";
    /** Service property of the context: which providers it runs. */
    public static final String PLATFORM = "cairn.pi4j.platform";
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jService.class);
    private static final String NO_PIN = "Pi4J's Raspberry Pi providers cannot drive a pin: ";
    /** Where the kernel puts the GPIO character devices that Pi4J's gpiod provider opens. */
    private static final Path DEV = Path.of("/dev");

    private final Context context;
    private final ServiceRegistration<Context> registration;

    @Activate
    public Pi4jService(Pi4jConfig config, BundleContext bundleContext) {
        Optional<String> model = Platform.model(Path.of(config.model_file()));
        Platform platform = Platform.choose(config.platform(), model);
        String board = model.orElse("no device-tree model");
        if (platform == Platform.MOCK && model.filter(Platform::isRaspberryPi).isPresent()) {
            LOG.warn("Pi4J runs its mock providers on a {}, as configured (platform = mock): no pin is driven", board);
        } else if (platform == Platform.RASPBERRYPI && model.filter(Platform::isRaspberryPi).isEmpty()) {
            LOG.warn("Pi4J runs the Raspberry Pi providers on {}, as configured (platform = raspberrypi)", board);
        }
        this.context = build(platform, config);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PLATFORM, platform.id());
        this.registration = bundleContext.registerService(Context.class, context, props);
        LOG.info("Pi4J context ready: {} providers {} ({})", platform.id(), context.providers().all().keySet(), board);
    }

    private static Context build(Platform platform, Pi4jConfig config) {
        if (platform == Platform.MOCK) return ContextFactory.mock();
        GpioAccess.problem(ContextFactory.pi4jSeesAPi(), DEV, System.getProperty("user.name")).ifPresent(p -> {
            throw new IllegalStateException(NO_PIN + p);
        });
        try {
            // what the gpiod providers' initialise does, where its failure is not swallowed: it opens the chip
            // labelled pinctrl-* ("Couldn't identify gpiochip!" if none); done once, the providers reuse it
            GpioDContext.getInstance().initialize();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(NO_PIN + "Pi4J cannot open the GPIO chip: " + e, e);
        }
        List<Provider> providers;
        Context context;
        try {
            providers = ContextFactory.raspberryPiProviders(config.pwm_provider(), config.pwm_chip());
            context = ContextFactory.of(providers);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // never fall back to mock on a Pi: an operator would believe pins are driven
            throw new IllegalStateException(NO_PIN + e, e);
        }
        List<String> dropped = providers.stream().map(Provider::id).filter(id -> !context.providers().exists(id)).toList();
        if (!dropped.isEmpty()) {
            // Pi4J logs why at ERROR just before (e.g. "Couldn't identify gpiochip!") and carries on without them
            context.shutdown();
            throw new IllegalStateException(NO_PIN + "Pi4J could not initialise " + String.join(", ", dropped)
                    + " (its ERROR lines above in the node log say why)");
        }
        return context;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework took it down already
        }
        try {
            context.shutdown();
            LOG.info("Pi4J context shut down: every pin released");
        } catch (RuntimeException e) {
            LOG.warn("Pi4J context shut down with an error: {}", e.toString());
        }
    }
}
