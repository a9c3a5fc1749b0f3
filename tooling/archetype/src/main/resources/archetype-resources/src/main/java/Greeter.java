package ${package};

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusGrants;
import dev.cairn.bus.api.BusHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@value Topics#GREET}: answers a {@link GreetRequest} with a {@link Greeting}, and tells everyone on
 * {@value Topics#GREETED}. Whether the caller runs in this node or on another one, the code is the same.
 *
 * <p>{@code @BusGrants} says what the bundle does on the bus; the node refuses anything else. A change of
 * configuration ({@code deploy/}{@value #PID}{@code .cfg}) makes a new instance: fields stay final.
 */
@BusGrants(serve = Topics.GREET, publish = Topics.GREETED)
@Component(name = Greeter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = BusHandler.TOPIC + "=" + Topics.GREET)
@Designate(ocd = GreeterConfig.class)
public final class Greeter implements BusHandler<GreetRequest, Greeting> {
    static final String PID = "${package}.greeter";
    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);

    private final Bus bus;
    private final String salutation;

    @Activate
    public Greeter(@Reference Bus bus, GreeterConfig config) {
        // a bad configuration fails the activation with this message: `cairn status` shows it
        String salutation = config.salutation() == null ? "" : config.salutation().trim();
        if (salutation.isEmpty()) throw new IllegalArgumentException("salutation must not be blank");
        this.bus = bus;
        this.salutation = salutation;
    }

    @Override
    public Class<GreetRequest> type() {
        return GreetRequest.class;
    }

    @Override
    public Greeting handle(GreetRequest request) {
        String name = request.name() == null || request.name().isBlank() ? "stranger" : request.name().trim();
        Greeting greeting = new Greeting(salutation + ", " + name + "!");
        LOG.info("greeted {}", name);
        bus.publish(Topics.GREETED, greeting);
        return greeting;
    }
}
