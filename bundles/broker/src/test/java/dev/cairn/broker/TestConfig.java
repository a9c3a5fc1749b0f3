package dev.cairn.broker;

import java.lang.annotation.Annotation;

/** A {@link BrokerConfig} as ConfigAdmin would make it: the defaults, and what a test changes. */
final class TestConfig implements BrokerConfig {
    private final String host;
    private final int port;
    private final boolean persistent;
    private final int maxMessageKb;
    private final int memoryMb;

    private TestConfig(String host, int port, boolean persistent, int maxMessageKb, int memoryMb) {
        this.host = host;
        this.port = port;
        this.persistent = persistent;
        this.maxMessageKb = maxMessageKb;
        this.memoryMb = memoryMb;
    }

    static TestConfig port(int port) {
        return new TestConfig("127.0.0.1", port, false, 1024, 16);
    }

    TestConfig host(String value) {
        return new TestConfig(value, port, persistent, maxMessageKb, memoryMb);
    }

    TestConfig persistent(boolean value) {
        return new TestConfig(host, port, value, maxMessageKb, memoryMb);
    }

    TestConfig maxMessageKb(int value) {
        return new TestConfig(host, port, persistent, value, memoryMb);
    }

    TestConfig memoryMb(int value) {
        return new TestConfig(host, port, persistent, maxMessageKb, value);
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
    public Class<? extends Annotation> annotationType() {
        return BrokerConfig.class;
    }
}
