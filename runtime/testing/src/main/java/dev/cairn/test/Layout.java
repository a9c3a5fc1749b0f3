package dev.cairn.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Which node runs which bundle in a placement, from a {@link CairnTest}; every mistake in it is named. */
final class Layout {
    /** One node of a placement and the bundles dropped into its deploy/. */
    record NodePlan(String name, List<BundleJar> bundles) {
    }

    private static final String HOME = "${cairn.home}";
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private Layout() {
    }

    static List<NodePlan> plan(CairnTest test, Placement placement, Path home, Path workingDir) {
        List<BundleJar> all = bundles(test.bundles(), home, workingDir);
        return switch (placement) {
            case MONOLITH -> List.of(new NodePlan("monolith", all));
            case SPLIT -> split(test.split(), all);
        };
    }

    /** Every JAR the patterns name, each once, in the order named. */
    static List<BundleJar> bundles(String[] patterns, Path home, Path workingDir) {
        if (patterns.length == 0) throw new IllegalArgumentException("@CairnTest: bundles is empty: name at least one bundle JAR");
        Set<Path> files = new LinkedHashSet<>();
        for (String p : patterns) {
            List<Path> found = expand(p, home, workingDir);
            if (found.isEmpty()) throw new IllegalArgumentException("@CairnTest: bundles '" + p + "' matches no file (looked in "
                    + parentOf(resolve(p, home, workingDir)) + ")");
            files.addAll(found);
        }
        return files.stream().map(BundleJar::read).toList();
    }

    static List<NodePlan> split(Node[] nodes, List<BundleJar> all) {
        if (nodes.length < 2) {
            throw new IllegalArgumentException("@CairnTest: the SPLIT placement needs split = {@Node(...), @Node(...)}, two nodes or more, not "
                    + nodes.length);
        }
        Set<String> names = new LinkedHashSet<>();
        Set<BundleJar> claimed = new LinkedHashSet<>();
        List<List<BundleJar>> own = new ArrayList<>();
        for (Node n : nodes) {
            if (!NODE_NAME.matcher(n.name()).matches()) throw new IllegalArgumentException("@CairnTest: node name '" + n.name()
                    + "' must be letters, digits, '.', '_' or '-'");
            if (n.name().equals("monolith") || !names.add(n.name())) throw new IllegalArgumentException("@CairnTest: node name '"
                    + n.name() + "' is taken");
            List<BundleJar> mine = new ArrayList<>();
            for (String pattern : n.bundles()) {
                List<BundleJar> hit = all.stream().filter(b -> b.matches(pattern)).toList();
                if (hit.isEmpty()) throw new IllegalArgumentException("@CairnTest: node '" + n.name() + "' names '" + pattern
                        + "', which is none of the bundles " + all.stream().map(BundleJar::symbolicName).toList());
                for (BundleJar b : hit) if (!mine.contains(b)) mine.add(b);
            }
            claimed.addAll(mine);
            own.add(mine);
        }
        List<BundleJar> shared = all.stream().filter(b -> !claimed.contains(b)).toList();
        List<NodePlan> plans = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            List<BundleJar> bundles = new ArrayList<>(shared);
            bundles.addAll(own.get(i));
            plans.add(new NodePlan(nodes[i].name(), List.copyOf(bundles)));
        }
        return List.copyOf(plans);
    }

    private static Path resolve(String pattern, Path home, Path workingDir) {
        if (pattern.startsWith(HOME)) return home.resolve(pattern.substring(HOME.length()).replaceFirst("^/+", ""));
        return workingDir.resolve(pattern);
    }

    private static Path parentOf(Path p) {
        return p.getParent() == null ? p : p.getParent();
    }

    /** A glob in the file name only: {@code target/*.jar}, {@code ${cairn.home}/hardware/hardware-*.jar}. */
    private static List<Path> expand(String pattern, Path home, Path workingDir) {
        Path p = resolve(pattern, home, workingDir).normalize();
        String name = p.getFileName().toString();
        if (!name.matches(".*[*?\\[{].*")) return Files.isRegularFile(p) ? List.of(p) : List.of();
        if (!Files.isDirectory(p.getParent())) return List.of();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(p.getParent(), name)) {
            for (Path f : found) if (Files.isRegularFile(f)) out.add(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }
}
