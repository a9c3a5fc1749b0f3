package dev.cairn.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Mosquitto of the test's own on a free loopback port, with the settings Cairn's nodes need: TCP_NODELAY, no topic
 * aliases (Paho resends break with them), no queue limit (the default of 1000 drops QoS 1 messages), no persistence.
 */
final class Mosquitto implements AutoCloseable {
    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary: {@code mosquitto} on the PATH, else /usr/sbin/mosquitto (Debian puts it there, off a user's PATH). */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "mosquitto");
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    static Mosquitto start(Path dir) throws IOException {
        // a port can still be taken between Ports.free() and the bind (an outgoing connection's local port): once more then
        try {
            return startOn(dir, Ports.free());
        } catch (PortTaken e) {
            return startOn(dir, Ports.free());
        }
    }

    private static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static Mosquitto startOn(Path dir, int port) throws IOException {
        Path bin = binary().orElseThrow(() -> new IllegalStateException(
                "@CairnTest(broker = MOSQUITTO): no mosquitto on the PATH nor in /usr/sbin; install it or use Broker.EMBEDDED"));
        Files.createDirectories(dir);
        Path conf = Files.write(dir.resolve("mosquitto.conf"), List.of(
                "user " + System.getProperty("user.name"),   // as root it would switch to 'mosquitto', who cannot read the test's files
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "max_topic_alias 0",
                "max_queued_messages 0",
                "persistence false",
                "log_type error",
                "log_type warning",
                "log_type information"));   // "Opening ipv4 listen socket on port N": this Mosquitto, not another, has the port
        Path log = dir.resolve("mosquitto.log");
        Process p = new ProcessBuilder(bin.toString(), "-c", conf.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Mosquitto m = new Mosquitto(p, port);
        Deadline deadline = Deadline.in(Duration.ofSeconds(10));
        String listening = "listen socket on port " + port;
        while (!(Files.readString(log).contains(listening) && Ports.accepts(port))) {
            if (!p.isAlive()) {
                String said = Files.readString(log);
                if (said.contains("Address already in use")) throw new PortTaken(said);
                throw new IllegalStateException("Mosquitto exited at start: " + said);
            }
            if (deadline.passed()) {
                m.close();
                throw new IllegalStateException("Mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
            }
            deadline.pause(Duration.ofMillis(5));
        }
        return m;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.onExit().join();
    }
}
