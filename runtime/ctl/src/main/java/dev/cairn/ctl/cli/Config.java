package dev.cairn.ctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.ctl.CtlException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ConfigAdmin configurations of a node; values are checked by the node against their MetaType. */
@Command(name = "config", description = "Read and change a node's configurations.",
        subcommands = {Config.Get.class, Config.Set.class, Config.Delete.class, Config.ApplyFile.class})
final class Config {

    static void printConfig(Base command, Object result) {
        command.print(result, () -> {
            Map<String, Object> c = Base.map(result);
            command.root().out.println("pid: " + Base.str(c.get("pid")) + (c.get("factoryPid") != null ? "  (factory " + c.get("factoryPid") + ")" : ""));
            Table t = new Table("KEY", "VALUE");
            new TreeMap<>(Base.map(c.get("properties"))).forEach((k, v) -> t.row(k, v instanceof List<?> l ? l.toString() : v));
            t.print(command.root().out);
        });
    }

    @Command(name = "get", description = "Show a configuration (secrets masked by the node).")
    static final class Get extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1", paramLabel = "PID")
        String pid;

        @Override
        public Integer call() throws CtlException {
            printConfig(this, root().client().result(node, "config.get", Map.of("pid", pid), root().timeout()));
            return 0;
        }
    }

    @Command(name = "set", description = {"Change keys of a configuration (merged into it; created if absent).",
            "Values: true/false → boolean, 42 → Long, 0.5 → Double, [1,2] → array, \"42\" or anything else → String."})
    static final class Set extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1", paramLabel = "PID")
        String pid;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "KEY=VALUE")
        List<String> pairs;

        @Option(names = "--strings", description = "send every value as a string (the node converts by MetaType)")
        boolean strings;

        @Option(names = "--replace", description = "replace the whole configuration instead of merging")
        boolean replace;

        @Override
        public Integer call() throws CtlException {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("pid", pid);
            args.put("properties", ConfigValues.pairs(pairs, !strings));
            args.put("replace", replace);
            printConfig(this, root().client().result(node, "config.put", args, root().timeout()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a configuration; its components fall back to their defaults.")
    static final class Delete extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1", paramLabel = "PID")
        String pid;

        @Override
        public Integer call() throws CtlException {
            Object result = root().client().result(node, "config.delete", Map.of("pid", pid), root().timeout());
            print(result, () -> root().out.println(node + ": " + (Boolean.FALSE.equals(map(result).get("deleted"))
                    ? "no configuration " + pid : "deleted configuration " + pid)));
            return 0;
        }
    }

    @Command(name = "apply", description = {"Set a configuration from a deploy/-style .json file.",
            "The file is <pid>.json, or <factoryPid>-<name>.json for a factory configuration; "
            + "its keys replace the configuration's."})
    static final class ApplyFile extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1", paramLabel = "FILE.json")
        Path file;

        @Option(names = "--pid", description = "the PID (or factoryPid-name) instead of the file's name")
        String pid;

        @Override
        public Integer call() throws CtlException {
            Map<String, Object> args = new LinkedHashMap<>(ConfigValues.target(pid != null ? pid : ConfigValues.fileBase(file)));
            args.put("properties", read(file));
            args.put("replace", true);
            printConfig(this, root().client().result(node, "config.put", args, root().timeout()));
            return 0;
        }

        static Map<String, Object> read(Path file) throws CtlException {
            JsonNode tree;
            try {
                tree = mapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new CtlException(CtlException.Kind.USAGE, file + ": not JSON (" + e.getMessage() + ")", e);
            }
            if (tree == null || !tree.isObject()) throw new CtlException(CtlException.Kind.USAGE, file + ": not a JSON object");
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                JsonNode v = e.getValue();
                if (v.isObject() || v.isNull())
                    throw new CtlException(CtlException.Kind.USAGE, file + ": '" + e.getKey() + "' must be a string, number, boolean or array");
                properties.put(e.getKey(), ConfigValues.normalize(mapper().convertValue(v, Object.class)));
            }
            return properties;
        }
    }
}
