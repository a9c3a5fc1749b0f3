package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.distribution.Cairnctl.Result;
import dev.cairn.mqtt.DynsecMosquitto;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The greenhouse split over two real nodes through Mosquitto: the sensor node runs the hardware bundles
 * (a simulated sensor, the fan relay on Pi4J's mock GPIO), the controller node the greenhouse logic. The
 * controller switches the relay on the other node on and off. Twice: through an open Mosquitto, and through one
 * with its dynamic-security plugin where each node was enrolled by bin/cairnctl for the bundles it runs — the same
 * bundles, the same behaviour, and nothing refused.
 */
class GreenhouseIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private AutoCloseable broker;
    private String url;
    private Cairnctl ctl;

    enum Broker { OPEN, ENROLLED }

    @AfterEach
    void stopAll() throws Exception {
        nodes.forEach(NodeProcess::close);
        if (broker != null) broker.close();
    }

    /** Enrolled: the node's credential and rules come from cairnctl enroll, for the JARs it will run. */
    private NodeProcess node(String id, Broker kind, Path... jars) throws Exception {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        n.conf("dev.cairn.mqtt.cfg", "broker.urls = " + url + "\nreconnect.max.ms = 1000\n");
        if (kind == Broker.ENROLLED) {
            List<String> args = new ArrayList<>(List.of("enroll", id, "--mosquitto", "--out", n.home.resolve("conf").toString()));
            for (Path jar : jars) args.addAll(List.of("--bundle", jar.toString()));
            Result r = ctl.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(Broker.class)
    void theControllerNodeSwitchesTheSensorNodesFanOnAndOffWithTheTemperature(Broker kind) throws Exception {
        if (kind == Broker.OPEN) {
            Mosquitto m = Mosquitto.start(tmp.resolve("mosquitto"));
            broker = m;
            url = m.url();
        } else {
            DynsecMosquitto m = DynsecMosquitto.start(tmp.resolve("mosquitto"));
            broker = m;
            url = m.url();
            ctl = new Cairnctl(tmp.resolve("ctl"), tmp.resolve("out")).broker(url).login(DynsecMosquitto.ADMIN, m.adminPasswordFile());
        }
        List<Path> hardware;
        try (Stream<Path> jars = Files.list(DIST.resolve("hardware"))) {
            hardware = jars.sorted().toList();
        }

        NodeProcess sensors = node("sensors", kind, hardware.toArray(Path[]::new)).start();
        sensors.write("dev.cairn.hardware.pi4j.cfg", "platform = mock\n");
        sensors.write("dev.cairn.hardware.gpio.output-fan.cfg", "name = fan\npin = 17\nactive.low = true\n");
        // 28 ± 4 °C over 4 s: above 29 for a while, then below 28
        sensors.write("dev.cairn.hardware.sensors.simulated-greenhouse.cfg",
                "name = greenhouse\nmode = sine\nbase = 28\namplitude = 4\nperiod.ms = 4000\ninterval.ms = 100\n");
        for (Path jar : hardware) sensors.drop(jar);
        await().atMost(LONG).until(() -> sensors.output().contains("output fan on GPIO17 (active low): off"));
        // JNA ships and resolves here too, for Pi4J's SPI, which Cairn does not configure: lazily activated, it
        // waits for its first class load, and status says so instead of showing it STARTING for ever
        assertThat(sensors.row("jna.jar")).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("LAZY");
            assertThat(r.reason()).isEqualTo("lazy activation: starts when a bundle first loads a class from it");
        });

        int http = Http.freePort();
        NodeProcess controller = node("controller", kind, DIST.resolve("hardware/hardware-api.jar"), EXAMPLES.resolve("greenhouse.jar"));
        controller.conf("dev.cairn.web.cfg", "http.port = " + http + "\n");
        controller.start();
        controller.write("dev.cairn.examples.greenhouse.climate.cfg", "window.ms = 400\n");
        controller.write("dev.cairn.examples.greenhouse.alert.cfg", "threshold = 29\nhysteresis = 1\n");
        controller.write("dev.cairn.examples.greenhouse.fan.cfg", "fan = fan\nretry.ms = 200\n");
        controller.drop(DIST.resolve("hardware/hardware-api.jar"));
        controller.drop(EXAMPLES.resolve("greenhouse.jar"));

        await().atMost(LONG).until(() -> controller.output().contains("fan fan is on"));
        await().atMost(LONG).until(() -> controller.output().contains("fan fan is off"));
        await().atMost(LONG).until(() -> sensors.output().contains("output fan: off"));

        assertThat(sensors.output()).contains("output fan: on").doesNotContain("ClimateAlert");
        assertThat(controller.output()).contains("alert raised: greenhouse temperature").contains("alert cleared: greenhouse temperature")
                .doesNotContain("output fan:");   // the relay is on the other node
        assertThat(sensors.output()).doesNotContain("sensor greenhouse is DOWN");

        // the aggregator's statistics over HTTP, on the controller node
        String climate = "http://127.0.0.1:" + http + "/api/climate";
        await().atMost(LONG).until(() -> Http.status(climate) == 200);
        java.net.http.HttpResponse<String> r = Http.get(climate);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).contains("\"sensor\":\"greenhouse\"", "\"quantity\":\"temperature\"", "\"mean\":");
        // nothing was refused on the way, by the bus or by the broker
        for (NodeProcess n : List.of(sensors, controller)) {
            assertThat(n.output()).doesNotContain("NOT_AUTHORIZED").doesNotContain("refused:");
            assertThat(n.status()).allSatisfy(row -> assertThat(row.reason()).as(row.name()).doesNotContain("refused"));
        }
    }
}
