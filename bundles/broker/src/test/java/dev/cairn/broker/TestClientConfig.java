package dev.cairn.broker;

import java.lang.annotation.Annotation;
import java.util.function.Consumer;

/** A {@link ClientConfig} as ConfigAdmin would make it from a factory configuration. */
final class TestClientConfig implements ClientConfig, Cloneable {
    private String name;
    private String role = "node";
    private String password;
    private String[] publish = {};
    private String[] subscribe = {};
    private String[] serve = {};
    private String[] call = {};

    private TestClientConfig(String name, String passwordHash) {
        this.name = name;
        this.password = passwordHash;
    }

    static TestClientConfig node(String name, String passwordHash) {
        return new TestClientConfig(name, passwordHash);
    }

    static TestClientConfig operator(String name, String passwordHash) {
        return new TestClientConfig(name, passwordHash).role("operator");
    }

    TestClientConfig name(String value) {
        return with(c -> c.name = value);
    }

    TestClientConfig role(String value) {
        return with(c -> c.role = value);
    }

    TestClientConfig password(String hash) {
        return with(c -> c.password = hash);
    }

    TestClientConfig publish(String... filters) {
        return with(c -> c.publish = filters);
    }

    TestClientConfig subscribe(String... filters) {
        return with(c -> c.subscribe = filters);
    }

    TestClientConfig serve(String... filters) {
        return with(c -> c.serve = filters);
    }

    TestClientConfig call(String... filters) {
        return with(c -> c.call = filters);
    }

    private TestClientConfig with(Consumer<TestClientConfig> change) {
        try {
            TestClientConfig copy = (TestClientConfig) clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public String _password() {
        return password;
    }

    @Override
    public String[] publish() {
        return publish;
    }

    @Override
    public String[] subscribe() {
        return subscribe;
    }

    @Override
    public String[] serve() {
        return serve;
    }

    @Override
    public String[] call() {
        return call;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ClientConfig.class;
    }
}
