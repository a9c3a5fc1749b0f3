package dev.cairn.broker;

import dev.cairn.management.api.PasswordHash;
import dev.cairn.observe.MetricWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A broker with authentication on (on loopback, as a test can reach it) and the clients enrolled in it, each with
 * the password {@code <name>-pw}; clients connect with their name as client id, as Cairn's transport does.
 */
final class TestFleet implements AutoCloseable {
    /** Hashing costs ~80 ms by design: once per password per test run. */
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    final Clients clients = new Clients();
    final int port;
    final Broker broker;

    TestFleet(TestConfig config, Path data) {
        this.port = config.port();
        this.broker = new Broker(config.authentication(true), data, clients);
    }

    static TestFleet start(Path data) {
        return new TestFleet(TestConfig.port(FreePort.find()), data);
    }

    static String password(String name) {
        return name + "-pw";
    }

    static String hash(String password) {
        return HASHES.computeIfAbsent(password, p -> PasswordHash.of(p.toCharArray()));
    }

    static TestClientConfig node(String name) {
        return TestClientConfig.node(name, hash(password(name)));
    }

    static TestClientConfig operator(String name) {
        return TestClientConfig.operator(name, hash(password(name)));
    }

    /** Enrolls the client of {@code config} as configuration {@code <name>.cfg}, as a factory configuration would. */
    BrokerClient enroll(TestClientConfig config) {
        return new BrokerClient(config, Map.of("service.pid", BrokerClient.PID + "~" + config.name()), clients);
    }

    TestClient connect(String name) throws MqttException {
        return connect(name, TestClient.login(name, password(name)));
    }

    TestClient connect(String name, MqttConnectionOptions options) throws MqttException {
        return TestClient.connect(port, name, options);
    }

    long refused(Refusals.Reason reason) {
        long[] value = {0};
        broker.collect(new MetricWriter() {
            @Override
            public void counter(String name, String help, double v, String... labels) {
                if (name.equals("cairn_broker_refused_total") && labels[1].equals(reason.label)) value[0] = (long) v;
            }

            @Override
            public void gauge(String name, String help, double v, String... labels) {
            }
        });
        return value[0];
    }

    @Override
    public void close() {
        broker.close();
    }
}
