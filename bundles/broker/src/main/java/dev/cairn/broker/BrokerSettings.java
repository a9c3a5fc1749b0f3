package dev.cairn.broker;

/** The broker's configuration, checked: each refusal names the configuration key that was wrong. */
record BrokerSettings(String host, int port, boolean persistent, int maxMessageBytes, long memoryBytes) {
    static final int MAX_PACKET_KB = 262_143;   // MQTT's largest packet, 256 MiB - 1 byte, in whole KiB

    static BrokerSettings of(BrokerConfig config) {
        String host = config.host() == null ? "" : config.host().trim();
        if (host.isEmpty()) throw new IllegalArgumentException("host must not be blank");
        int port = config.port();
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1..65535, not " + port);
        int maxKb = config.maxMessage_kb();
        if (maxKb < 1 || maxKb > MAX_PACKET_KB) {
            throw new IllegalArgumentException("maxMessage.kb must be 1.." + MAX_PACKET_KB + ", not " + maxKb);
        }
        int memoryMb = config.memory_mb();
        if (memoryMb < 1) throw new IllegalArgumentException("memory.mb must be at least 1, not " + memoryMb);
        return new BrokerSettings(host, port, config.persistent(), maxKb * 1024, memoryMb * 1024L * 1024L);
    }

    /** {@code 127.0.0.1:1883}, {@code [::1]:1883}. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
