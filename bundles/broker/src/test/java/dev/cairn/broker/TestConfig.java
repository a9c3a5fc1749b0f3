package dev.cairn.broker;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A {@link BrokerConfig} as ConfigAdmin would make it: the defaults, and what a test changes. */
final class TestConfig implements BrokerConfig, Cloneable {
    private String host = "127.0.0.1";
    private int port;
    private boolean persistent;
    private int maxMessageKb = 1024;
    private int memoryMb = 16;
    private boolean authentication;
    private String fleetPrefix = "cairn";
    private int tlsPort;
    private String keyStorePath = "";
    private String keyStorePassword = "";
    private String keyStoreType = "PKCS12";

    private TestConfig(int port) {
        this.port = port;
    }

    static TestConfig port(int port) {
        return new TestConfig(port);
    }

    TestConfig host(String value) {
        return with(c -> c.host = value);
    }

    TestConfig persistent(boolean value) {
        return with(c -> c.persistent = value);
    }

    TestConfig maxMessageKb(int value) {
        return with(c -> c.maxMessageKb = value);
    }

    TestConfig memoryMb(int value) {
        return with(c -> c.memoryMb = value);
    }

    TestConfig authentication(boolean value) {
        return with(c -> c.authentication = value);
    }

    TestConfig fleetPrefix(String value) {
        return with(c -> c.fleetPrefix = value);
    }

    TestConfig tls(int tlsPort, Path keyStore, String password) {
        return with(c -> {
            c.tlsPort = tlsPort;
            c.keyStorePath = keyStore == null ? "" : keyStore.toString();
            c.keyStorePassword = password;
        });
    }

    private TestConfig with(Consumer<TestConfig> change) {
        try {
            TestConfig copy = (TestConfig) clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean persistent() {
        return persistent;
    }

    @Override
    public int maxMessage_kb() {
        return maxMessageKb;
    }

    @Override
    public int memory_mb() {
        return memoryMb;
    }

    @Override
    public boolean authentication() {
        return authentication;
    }

    @Override
    public String fleet_prefix() {
        return fleetPrefix;
    }

    @Override
    public int tls_port() {
        return tlsPort;
    }

    @Override
    public String tls_keystore_path() {
        return keyStorePath;
    }

    @Override
    public String _tls_keystore_password() {
        return keyStorePassword;
    }

    @Override
    public String tls_keystore_type() {
        return keyStoreType;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return BrokerConfig.class;
    }
}
