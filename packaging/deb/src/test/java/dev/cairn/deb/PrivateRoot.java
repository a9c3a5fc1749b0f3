package dev.cairn.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This machine seen through a private mount namespace in which /etc, /opt, /usr/lib (so /lib) and /var are
 * overlays whose writes land on a tmpfs: dpkg, the maintainer scripts and the node change only the
 * namespace's view, and all of it is gone when the namespace's last process ends. The same approach as
 * the distribution's Pi4jPlatformIT ({@code unshare --mount}), kept open here across many commands: a shell
 * holds the namespace while the test runs commands in it with {@code nsenter}.
 */
final class PrivateRoot implements AutoCloseable {
    /** $1: an empty folder for the tmpfs. Waits on its stdin, so a test JVM that dies takes it along. */
    private static final String SETUP = """
            set -e
            mount -t tmpfs -o mode=700 tmpfs "$1"
            for d in /etc /opt /usr/lib /var; do
              n=$(echo "$d" | tr / _)
              mkdir "$1/upper$n" "$1/work$n"
              mount -t overlay overlay -o "lowerdir=$d,upperdir=$1/upper$n,workdir=$1/work$n" "$d" \
                || { echo "cannot mount an overlay on $d (overlayfs missing?)"; exit 1; }
            done
            echo ready
            read -r _ || true
            """;

    private final Process holder;

    private PrivateRoot(Process holder) {
        this.holder = holder;
    }

    /** Fails, never skips, where the machine cannot do it: a package test that passes silently checks nothing. */
    static PrivateRoot open(Path scratch) throws IOException, InterruptedException {
        assertThat(System.getProperty("user.name")).as("installing a .deb with dpkg needs root (CI runs as root)").isEqualTo("root");
        for (String tool : List.of("dpkg", "dpkg-deb", "dpkg-query", "unshare", "nsenter", "runuser", "deb-systemd-helper", "adduser")) {
            assertThat(exec(List.of("sh", "-c", "command -v " + tool)).exit())
                    .as("%s is not installed (dpkg, util-linux, init-system-helpers, adduser)", tool).isZero();
        }
        Path tmpfs = Files.createDirectory(scratch.resolve("private-root"));
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", SETUP, "setup", tmpfs.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) said.add(line);
        assertThat(p.isAlive()).as("the private mount namespace could not be set up:%n%s", String.join("\n", said)).isTrue();
        return new PrivateRoot(p);
    }

    /** Runs a shell script in the namespace, as root. */
    Run sh(String script) throws IOException, InterruptedException {
        return exec(command(List.of("sh", "-c", script)));
    }

    /** Starts a command in the namespace, its output to {@code log}. */
    Process start(Path log, String... cmd) throws IOException {
        return new ProcessBuilder(command(List.of(cmd))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * A path as the namespace sees it, for reading files from the test. Absolute symbolic links found on the
     * way would lead out of it, so read links with Files.readSymbolicLink, not through them.
     */
    Path path(String absolute) {
        return Path.of("/proc/" + holder.pid() + "/root" + absolute);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        holder.getOutputStream().close();
        if (!holder.waitFor(10, TimeUnit.SECONDS)) holder.destroyForcibly();
    }

    private List<String> command(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()), "--mount", "--"));
        all.addAll(cmd);
        return all;
    }

    record Run(int exit, String out) {
    }

    private static Run exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
