package dev.cairn.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto with its dynamic-security plugin and no anonymous clients, as a fleet should run it. The plugin's
 * file is made by {@code mosquitto_ctrl dynsec init FILE admin}, the admin's password given on its standard input (as
 * 2.0.11 asks for it twice; it knows no environment variable for it), so it never shows in a process list. Used by
 * cairnctl's tests and the distribution's system tests.
 */
public final class DynsecMosquitto implements AutoCloseable {
    public static final Path PLUGIN = Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");
    public static final String ADMIN = "admin";

    private final Mosquitto broker;
    private final Path adminPasswordFile;

    private DynsecMosquitto(Mosquitto broker, Path adminPasswordFile) {
        this.broker = broker;
        this.adminPasswordFile = adminPasswordFile;
    }

    public static DynsecMosquitto start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "admin-" + Long.toHexString(System.nanoTime());
        Path state = dir.resolve("dynamic-security.json");
        Process init = new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", state.toString(), ADMIN)
                .redirectErrorStream(true).redirectOutput(dir.resolve("dynsec-init.log").toFile()).start();
        try (OutputStream in = init.getOutputStream()) {
            in.write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!init.waitFor(20, TimeUnit.SECONDS) || init.exitValue() != 0 || !Files.exists(state))
            throw new IllegalStateException("mosquitto_ctrl dynsec init failed: " + Files.readString(dir.resolve("dynsec-init.log")));
        Path passwordFile = dir.resolve("admin.password");
        Files.writeString(passwordFile, password);
        Mosquitto m = Mosquitto.start(dir, "allow_anonymous false", "plugin " + PLUGIN, "plugin_opt_config_file " + state);
        return new DynsecMosquitto(m, passwordFile);
    }

    public String url() {
        return broker.url();
    }

    public Path adminPasswordFile() {
        return adminPasswordFile;
    }

    @Override
    public void close() {
        broker.close();
    }
}
