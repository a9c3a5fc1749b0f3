package dev.cairn.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's bin/cairnctl (or another command) as an operator would, and keeps what it printed. */
final class Cairnctl {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));

    record Result(int exit, String out, String err) {
    }

    private final Path home;
    private final Path scratch;
    private volatile String broker;
    private volatile List<String> login = List.of();

    /** {@code home}: its CAIRN_CTL_HOME (key pair); {@code scratch}: where the output files go. */
    Cairnctl(Path home, Path scratch) {
        this.home = home;
        this.scratch = scratch;
    }

    Path home() {
        return home;
    }

    /** CAIRN_BROKER from now on. */
    Cairnctl broker(String url) {
        this.broker = url;
        return this;
    }

    /** A broker credential from now on: {@code --username USER --password-file FILE} after every command. */
    Cairnctl login(String user, Path passwordFile) {
        this.login = List.of("--username", user, "--password-file", passwordFile.toString());
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/cairnctl").toString()));
        command.addAll(List.of(args));
        command.addAll(login);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CAIRN_CTL_HOME", home.toString());
        if (broker != null) pb.environment().put("CAIRN_BROKER", broker);
        return exec(pb, scratch);
    }

    /** Any command, e.g. Mosquitto's own clients; at most 120 s. */
    static Result exec(ProcessBuilder pb, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not end within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
