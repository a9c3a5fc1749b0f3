package dev.cairn.ctl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker-config", description = {"Print the mosquitto.conf lines a fleet's Mosquitto needs: its dynamic-security plugin, no",
        "anonymous clients, and the settings Cairn's MQTT transport relies on. Needs no broker."})
final class BrokerConfig extends Base {
    static final Path DEBIAN_PLUGIN = Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");

    @Option(names = "--mosquitto", required = true, description = "for Mosquitto 2.0 (the only broker this command knows)")
    boolean mosquitto;

    @Option(names = "--plugin", paramLabel = "SO", description = "the plugin's path (default " + "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so"
            + "; on a Pi /usr/lib/aarch64-linux-gnu/ or arm-linux-gnueabihf/)")
    Path plugin = DEBIAN_PLUGIN;

    @Option(names = "--dynsec-file", paramLabel = "FILE", description = "the plugin's JSON state (default /var/lib/mosquitto/dynamic-security.json)")
    Path file = Path.of("/var/lib/mosquitto/dynamic-security.json");

    @Option(names = "--port", paramLabel = "PORT", description = "the listener's port (default 1883)")
    int port = 1883;

    static List<String> lines(Path plugin, Path file, int port) {
        return List.of(
                "# Cairn fleet broker: every client logs in (cairnctl enroll), the rules are FleetAcl's (dynamic security)",
                "listener " + port,
                "allow_anonymous false",
                "plugin " + plugin,
                "plugin_opt_config_file " + file,
                "# round trips of ~0.3 ms instead of ~88 ms (Nagle's algorithm off)",
                "set_tcp_nodelay true",
                "# the Paho 1.2.5 client cannot resend with topic aliases",
                "max_topic_alias 0",
                "# the default of 1000 silently drops QoS 1 messages to a slow subscriber",
                "max_queued_messages 0");
    }

    @Override
    public Integer call() {
        List<String> lines = lines(plugin, file, port);
        String init = "mosquitto_ctrl dynsec init " + file + " admin   # asks for the admin's password; then restart Mosquitto";
        print(Map.of("lines", lines, "init", init), () -> {
            lines.forEach(root().out::println);
            root().err.println("before the first start, make the plugin's file with its admin (cairnctl's --username/--password-file for --mosquitto):");
            root().err.println("  " + init);
        });
        return 0;
    }
}
