package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DeployListener;
import dev.cairn.ctl.Deployed;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Bundles on a node: list, deploy, start, stop, uninstall. */
final class Bundles {
    private Bundles() {}

    static String describe(Map<String, Object> b) {
        return str(b.get("name")) + " " + str(b.get("version")) + " (id " + str(b.get("id")) + "): " + str(b.get("state"));
    }

    private static String str(Object o) {
        return Base.str(o);
    }

    @Command(name = "bundles", description = "List a node's bundles; FILE is the deploy/ file a bundle came from (system bundles have none).")
    static final class ListBundles extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() throws CtlException {
            List<Map<String, Object>> bundles = root().client().bundles(node, root().timeout());
            print(bundles, () -> {
                Table t = new Table("ID", "NAME", "VERSION", "STATE", "FILE");
                for (Map<String, Object> b : bundles) t.row(b.get("id"), b.get("name"), b.get("version"), b.get("state"), b.get("file"));
                t.print(root().out);
            });
            return 0;
        }
    }

    @Command(name = "deploy", description = {"Deploy a bundle to a node, or to every online node with the labels given.",
            "It goes into the node's deploy/ folder: installed if new, updated if a bundle came from a file of that name, "
            + "nothing if the node has the same bytes. The upload goes in chunks and resumes where it stopped; "
            + "a bundle that fails to start is rolled back by the node."})
    static final class Deploy extends Base {
        @Option(names = "--selector", paramLabel = "LABEL=VALUE", description = "every online node with these labels (role=edge,site=north) instead of NODE")
        String selector;

        @Parameters(paramLabel = "[NODE] FILE.jar", hideParamSyntax = true, arity = "1..2", description = "a node id (not with --selector) and the bundle")
        List<String> params;

        String node;
        Path file;

        @Option(names = "--as", paramLabel = "NAME.jar", description = "the file name in deploy/ (default: FILE's own name)")
        String as;

        @Override
        public Integer call() throws CtlException {
            if (selector == null && params.size() != 2)
                throw new ParameterException(spec.commandLine(), "deploy needs NODE and FILE.jar, or --selector LABEL=VALUE and FILE.jar");
            if (selector != null && params.size() != 1)
                throw new ParameterException(spec.commandLine(), "with --selector, give only FILE.jar (no NODE)");
            node = selector == null ? params.get(0) : null;
            file = Path.of(params.get(params.size() - 1));
            if (!Files.isRegularFile(file)) throw new CtlException(CtlException.Kind.USAGE, "no file " + file);
            String name = as != null ? as : file.getFileName().toString();
            if (!name.endsWith(".jar") || name.contains("/") || name.startsWith("."))
                throw new CtlException(CtlException.Kind.USAGE, "'" + name + "' is not a deploy/ file name like orders.jar");
            ManagementClient c = root().client();
            List<String> nodes;
            if (selector != null) {
                Map<String, String> s = NodeStatus.parseSelector(selector);
                nodes = c.select(s).stream().map(NodeStatus::node).toList();
                if (nodes.isEmpty()) throw new CtlException(CtlException.Kind.UNREACHABLE, "no online node matches " + selector);
            } else {
                nodes = List.of(node);
            }
            List<Object> results = new ArrayList<>();
            int failed = 0;
            CtlException last = null;
            for (String node : nodes) {
                ProgressBar bar = root().terminal && !root().json() ? new ProgressBar(root().err, name + " → " + node) : null;
                try {
                    Deployed d = c.deploy(node, file, name, ManagementClient.CHUNK_BYTES, bar == null ? DeployListener.NONE : bar, root().timeout());
                    if (bar != null) bar.finish();
                    results.add(d);
                    if (!root().json()) root().out.println(node + ": " + d.action() + " " + name + " → " + describe(d.bundle())
                            + (d.resumedFrom() > 0 ? " (resumed at " + ProgressBar.size(d.resumedFrom()) + ")" : ""));
                } catch (CtlException e) {
                    if (bar != null) bar.finish();
                    failed++;
                    last = e;
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("node", node);
                    r.put("file", name);
                    r.put("error", e.getMessage());
                    e.error().ifPresent(er -> r.put("code", er.code()));
                    results.add(r);
                    if (!root().json()) root().err.println("cairnctl: " + node + ": " + e.getMessage());
                }
            }
            if (root().json()) root().out.println(json(results));
            if (failed == 0) return 0;
            if (failed < nodes.size()) return Cairnctl.PARTIAL;
            return last.exitCode();
        }
    }

    abstract static class Lifecycle extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1", paramLabel = "BUNDLE", description = "bundle id or symbolic name")
        String bundle;

        abstract String op();

        abstract String done();

        @Override
        public Integer call() throws CtlException {
            Object id = bundle.matches("\\d+") ? (Object) Long.valueOf(bundle) : bundle;
            Object result = root().client().result(node, op(), Map.of("bundle", id), root().timeout());
            print(result, () -> root().out.println(node + ": " + done() + " " + describe(map(result))));
            return 0;
        }
    }

    @Command(name = "start", description = "Start a bundle on a node.")
    static final class Start extends Lifecycle {
        String op() { return "bundles.start"; }
        String done() { return "started"; }
    }

    @Command(name = "stop", description = "Stop a bundle on a node.")
    static final class Stop extends Lifecycle {
        String op() { return "bundles.stop"; }
        String done() { return "stopped"; }
    }

    @Command(name = "uninstall", description = "Uninstall a bundle from a node (and delete its deploy/ file).")
    static final class Uninstall extends Lifecycle {
        String op() { return "bundles.uninstall"; }
        String done() { return "uninstalled"; }
    }
}
