package dev.cairn.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Mosquitto process on a free loopback port, with the settings STACK.md asks for: TCP_NODELAY,
 * no topic aliases (Paho #1104), no queue limit (the default of 1000 drops QoS 1 messages to a slow
 * subscriber), no persistence (a restart forgets every session). It can be killed (SIGKILL) and started
 * again on the same port.
 */
public final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;
    private int starts;

    private Mosquitto(Path dir, int port, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    public static Mosquitto start(Path dir, String... extraConfig) throws IOException {
        Mosquitto m = notStarted(dir, extraConfig);
        m.start();
        return m;
    }

    /** A broker with a port of its own that nothing listens on yet: clients find it down. */
    public static Mosquitto notStarted(Path dir, String... extraConfig) throws IOException {
        Files.createDirectories(dir);
        return new Mosquitto(dir, freePort(), List.of(extraConfig));
    }

    public int port() {
        return port;
    }

    public String url() {
        return (extra.stream().anyMatch(l -> l.startsWith("certfile")) ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port and returns once it accepts connections. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException("already running");
        List<String> conf = new ArrayList<>(List.of(
                "user " + System.getProperty("user.name"),   // as root it would switch to 'mosquitto', who cannot read the test's files
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "max_topic_alias 0",
                "max_queued_messages 0",
                "persistence false",
                "log_type error",
                "log_type warning",
                "log_type notice"));
        conf.removeIf(line -> extra.stream().anyMatch(e -> e.split(" ")[0].equals(line.split(" ")[0])));   // extra lines override
        conf.addAll(extra);   // after the listener: TLS settings belong to it
        Path file = dir.resolve("mosquitto.conf");
        Files.write(file, conf);
        Path log = dir.resolve("mosquitto-" + (++starts) + ".log");
        process = new ProcessBuilder(BINARY.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("Mosquitto listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    if (!process.isAlive()) throw new IllegalStateException("Mosquitto exited: " + Files.readString(log));
                    return accepts();
                });
    }

    /** SIGKILL: no goodbye to anyone, every session and queued message gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null) kill();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
