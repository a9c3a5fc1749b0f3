package dev.cairn.examples.hello;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The smallest Cairn service: greets when it starts and again whenever its configuration changes. */
@Component(name = Hello.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = Hello.class)
@Designate(ocd = HelloConfig.class)
public final class Hello {
    static final String PID = "dev.cairn.examples.hello";
    private static final Logger LOG = LoggerFactory.getLogger(Hello.class);

    private volatile String greeting;

    @Activate
    public Hello(HelloConfig config) {
        configure(config);
    }

    @Modified
    void configure(HelloConfig config) {
        String name = config.greeting_name() == null ? "" : config.greeting_name().trim();
        if (name.isEmpty()) throw new IllegalArgumentException("greeting.name must not be blank");
        greeting = "Hello, " + name + "!";
        LOG.info(greeting);
    }

    public String greeting() {
        return greeting;
    }
}
