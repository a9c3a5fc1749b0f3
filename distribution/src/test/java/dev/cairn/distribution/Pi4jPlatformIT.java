package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code platform = raspberrypi} where Pi4J's gpiod providers cannot drive a pin: the pi4j component fails,
 * and {@code cairn status} and /health both say why — not a Pi, no GPIO chip, a chip the node's user may not
 * open — where Pi4J 2.8 alone would log an ERROR, report a ready context and fail at the first pin. The
 * "Pi" is this machine seen through a private mount namespace: a Raspberry Pi 4's /proc/cpuinfo bound over
 * the real one, and for the last case a /dev of the test's own.
 */
class Pi4jPlatformIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PI4J = "dev.cairn.hardware.pi4j";
    /** What a Raspberry Pi 4 Model B (4 GB) says; Pi4J's board detection reads its Revision. */
    private static final String PI4_CPUINFO = """
            processor\t: 0
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU part\t: 0xd08

            Hardware\t: BCM2835
            Revision\t: c03111
            Serial\t\t: 10000000a1b2c3d4
            Model\t\t: Raspberry Pi 4 Model B Rev 1.1
            """;

    @TempDir
    Path tmp;
    private NodeProcess node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    @Test
    void offAPiTheComponentSaysPi4jDoesNotTakeTheBoardForOne() throws Exception {
        int http = start(null);
        assertReason(http, "Pi4J does not take this board for a Raspberry Pi (no Raspberry Pi revision in /proc/cpuinfo");
    }

    @Test
    void aPiWithoutAGpioChipIsToldSo() throws Exception {
        assumeRoot();
        assumeThat(Path.of("/dev/gpiochip0")).as("this machine has a GPIO chip").doesNotExist();
        int http = start("mount --bind " + cpuinfo() + " /proc/cpuinfo && exec \"$@\"");
        assertReason(http, "no GPIO chip: /dev has no gpiochipN");
    }

    @Test
    void aPiWhoseChipTheNodesUserMayNotOpenNamesTheChipAndTheGroup() throws Exception {
        assumeRoot();
        if (run("id", "cairn") != 0) assertThat(run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "cairn")).isZero();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));   // JUnit's is root's only
        // a /dev of the test's own: what a JVM needs, and a chip only root may open
        String dev = "mount -t tmpfs -o mode=755 tmpfs /dev"
                + " && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5"
                + " && mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9"
                + " && ln -s /proc/self/fd /dev/fd && mknod -m 600 /dev/gpiochip0 c 254 0";
        int http = start("mount --bind " + cpuinfo() + " /proc/cpuinfo && " + dev
                + " && chown -R cairn:cairn \"$(dirname \"$(dirname \"$1\")\")\" && exec runuser -u cairn -- \"$@\"");
        assertReason(http, "cannot open /dev/gpiochip0 (root:root rw-------): the node's user cairn may not read and write it; "
                + "add it to the gpio group (usermod -aG gpio cairn)");
    }

    /**
     * A node with the hardware bundles, {@code platform = raspberrypi} and HTTP on, started through the shell
     * command {@code wrapper} (ending in {@code exec "$@"}) in a private mount namespace if given; returns the port.
     */
    private int start(String wrapper) throws Exception {
        node = NodeProcess.install(tmp);
        // unshare's namespace is private: its mounts stay in it; bin/cairn comes as "$1"
        if (wrapper != null) node.wrappedIn("unshare", "--mount", "sh", "-c", wrapper, "in-namespace");
        int http = Http.freePort();
        node.conf("dev.cairn.web.cfg", "http.port = " + http + "\n");
        try (Stream<Path> jars = Files.list(DIST.resolve("hardware"))) {
            for (Path jar : jars.toList()) Files.copy(jar, node.deploy().resolve(jar.getFileName()));
        }
        Files.writeString(node.deploy().resolve(PI4J + ".cfg"), "platform = raspberrypi\n");
        node.start();
        return http;
    }

    private void assertReason(int http, String reason) throws Exception {
        await("the pi4j component's reason").atMost(TIMEOUT)
                .until(() -> node.row(PI4J).map(StatusRow::reason).orElse(""), r -> r.contains(reason));
        StatusRow row = node.row(PI4J).orElseThrow();
        assertThat(row.state()).isEqualTo("ACTIVE");   // the bundle is; its component is not, and says why
        assertThat(row.reason()).startsWith("component " + PI4J + " failed to activate: java.lang.IllegalStateException: "
                + "Pi4J's Raspberry Pi providers cannot drive a pin: ");

        String url = "http://127.0.0.1:" + http + "/health";
        await("/health").atMost(TIMEOUT).until(() -> Http.status(url) == 503);
        JsonNode health = JSON.readTree(Http.get(url).body());
        List<String> reasons = health.get("checks").findValuesAsText("reason");
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains(PI4J + " (" + PI4J + ") failed to activate: java.lang.IllegalStateException")
                .contains(reason).doesNotContain("InvocationTargetException"));
        assertThat(node.output()).doesNotContain("Pi4J context ready");
    }

    private Path cpuinfo() throws IOException {
        Path file = tmp.resolve("cpuinfo");
        Files.writeString(file, PI4_CPUINFO, StandardCharsets.UTF_8);
        return file;
    }

    private static void assumeRoot() {
        assumeThat(System.getProperty("user.name")).as("a private mount namespace needs root (CI runs as root)").isEqualTo("root");
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.exitValue();
    }
}
