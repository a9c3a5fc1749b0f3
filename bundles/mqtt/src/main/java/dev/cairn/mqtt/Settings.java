package dev.cairn.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/** The configuration, checked once: every value here works, or activation failed naming the property. */
record Settings(
        List<URI> brokers,
        String username,
        Secret password,
        SSLSocketFactory tls,
        int keepAliveSeconds,
        long sessionExpirySeconds,
        String prefix,
        int eventsQos,
        Duration requestTimeout,
        int maxPayload,
        int outboxMaxMessages,
        long outboxMaxBytes,
        OutboxFull outboxFull,
        int replayMessages,
        Duration resumeHold,
        Duration reconnectInitial,
        Duration reconnectMax) {

    static Settings of(MqttConfig c) {
        List<URI> brokers = brokers(c.broker_urls());
        check(c.keepalive_seconds() >= 0 && c.keepalive_seconds() <= 65_535, "keepalive.seconds", "must be 0..65535, not " + c.keepalive_seconds());
        check(c.session_expiry_seconds() >= 0 && c.session_expiry_seconds() <= 0xFFFF_FFFFL, "session.expiry.seconds",
                "must be 0..4294967295, not " + c.session_expiry_seconds());
        String prefix = c.fleet_prefix();
        check(prefix != null && prefix.matches("[A-Za-z0-9._-]+"), "fleet.prefix",
                "'" + prefix + "' must be one topic level of letters, digits, '.', '_' or '-' (it also names the shared-subscription group)");
        check(c.events_qos() == 0 || c.events_qos() == 1, "events.qos", "must be 0 or 1, not " + c.events_qos());
        check(c.request_timeout_ms() > 0, "request.timeout.ms", "must be positive, not " + c.request_timeout_ms());
        check(c.payload_max_bytes() > 0 && c.payload_max_bytes() <= 256 << 20, "payload.max.bytes",
                "must be 1..268435456 (MQTT's limit), not " + c.payload_max_bytes());
        check(c.outbox_max_messages() > 0, "outbox.max.messages", "must be positive, not " + c.outbox_max_messages());
        check(c.outbox_max_bytes() >= c.payload_max_bytes(), "outbox.max.bytes",
                "must hold at least one payload of payload.max.bytes (" + c.payload_max_bytes() + "), not " + c.outbox_max_bytes());
        check(c.outbox_full() != null, "outbox.full", "must be DROP_OLDEST or DROP_NEWEST");
        check(c.replay_messages() >= 0, "replay.messages", "must not be negative, not " + c.replay_messages());
        check(c.resume_hold_ms() >= 0, "resume.hold.ms", "must not be negative, not " + c.resume_hold_ms());
        check(c.reconnect_initial_ms() > 0, "reconnect.initial.ms", "must be positive, not " + c.reconnect_initial_ms());
        check(c.reconnect_max_ms() >= c.reconnect_initial_ms(), "reconnect.max.ms",
                "must be at least reconnect.initial.ms (" + c.reconnect_initial_ms() + "), not " + c.reconnect_max_ms());
        check(c._password().isEmpty() || c.password_file().isBlank(), "password.file", "and .password are both set: keep one");
        Secret password = c.password_file().isBlank() ? Secret.of(c._password()) : PasswordFile.read(c.password_file());
        check(password.isEmpty() || !c.username().isEmpty(), "username", "is needed when a password is set");
        boolean needsTls = brokers.stream().anyMatch(u -> u.getScheme().equals("ssl"));
        check(needsTls || (c.tls_truststore_path().isBlank() && c.tls_keystore_path().isBlank()), "broker.urls",
                "a trust or key store is configured but no broker URL is ssl://");
        return new Settings(brokers, c.username(), password, needsTls ? Tls.socketFactory(c) : null,
                c.keepalive_seconds(), c.session_expiry_seconds(), prefix, c.events_qos(),
                Duration.ofMillis(c.request_timeout_ms()), c.payload_max_bytes(), c.outbox_max_messages(),
                c.outbox_max_bytes(), c.outbox_full(), c.replay_messages(), Duration.ofMillis(c.resume_hold_ms()),
                Duration.ofMillis(c.reconnect_initial_ms()), Duration.ofMillis(c.reconnect_max_ms()));
    }

    /** A .cfg file gives one string where the annotation wants an array: split on commas and blanks too. */
    private static List<URI> brokers(String[] values) {
        List<URI> out = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String s : value.trim().split("[,\\s]+")) {
                if (!s.isEmpty()) out.add(broker(s));
            }
        }
        check(!out.isEmpty(), "broker.urls", "at least one broker URL is needed");
        return List.copyOf(out);
    }

    private static URI broker(String s) {
        try {
            URI u = new URI(s);
            boolean ok = ("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme())) && u.getHost() != null && u.getPort() > 0
                    && (u.getPath() == null || u.getPath().isEmpty()) && u.getQuery() == null && u.getUserInfo() == null;
            if (ok) return u;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("broker.urls", "'" + s + "' is not tcp://host:port or ssl://host:port");
    }

    private static void check(boolean ok, String field, String reason) {
        if (!ok) throw new ConfigException(field, reason);
    }
}
