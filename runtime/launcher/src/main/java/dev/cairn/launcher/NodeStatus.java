package dev.cairn.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.cairn.launcher.spi.BundleDiagnosis;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/** What {@code cairn status} shows: every bundle with its state, and why it is not running if it is not. */
final class NodeStatus {
    static final String LAZY_REASON = "lazy activation: starts when a bundle first loads a class from it";
    private final Bundle systemBundle;
    private final Problems problems;
    private final Path home;
    private final List<BundleDiagnosis> diagnoses;

    /** {@code diagnoses}: every system bundle's view (components, the bus's refusals); their findings are joined. */
    NodeStatus(Bundle systemBundle, Problems problems, Path home, List<BundleDiagnosis> diagnoses) {
        this.systemBundle = systemBundle;
        this.problems = problems;
        this.home = home;
        this.diagnoses = diagnoses;
    }

    List<BundleRow> rows() {
        List<BundleRow> rows = new ArrayList<>();
        Set<Path> filesWithBundles = new HashSet<>();
        for (Bundle b : systemBundle.getBundleContext().getBundles()) {
            Optional<Path> file = OsgiLogBridge.fileOfLocation(b.getLocation());
            file.ifPresent(filesWithBundles::add);
            rows.add(new BundleRow(Long.toString(b.getBundleId()), String.valueOf(b.getSymbolicName()),
                    b.getVersion().toString(), stateName(b), Integer.toString(level(b)),
                    file.map(this::display).orElse(""), reason(b)));
        }
        for (Map.Entry<Path, String> p : problems.all().entrySet()) {
            if (!Files.exists(p.getKey())) {
                problems.clear(p.getKey());   // removed while failed: nothing left to report
            } else if (!filesWithBundles.contains(p.getKey())) {
                rows.add(new BundleRow("-", p.getKey().getFileName().toString(), "", "FAILED", "",
                        display(p.getKey()), p.getValue()));
            }
        }
        return rows;
    }

    private String display(Path file) {
        return file.startsWith(home) ? home.relativize(file).toString() : file.toString();
    }

    /** Why a bundle is not active, or "" when it is as it should be. */
    String reason(Bundle b) {
        Optional<String> reported = OsgiLogBridge.fileOfLocation(b.getLocation()).flatMap(problems::of);
        if (reported.isPresent()) return reported.get();
        if (b.getState() == Bundle.INSTALLED) return missingRequirements(b);
        if (isLazy(b)) return LAZY_REASON;
        if (b.getState() != Bundle.ACTIVE) return "";
        List<String> found = new ArrayList<>();
        for (BundleDiagnosis d : diagnoses) {
            try {
                d.problem(b).ifPresent(found::add);
            } catch (RuntimeException e) {
                // a diagnosis that fails must not take status down with it
            }
        }
        return String.join("; ", found);
    }

    /** The requirements nothing installed can satisfy: the usual reason a bundle stays INSTALLED. */
    private String missingRequirements(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        FrameworkWiring wiring = systemBundle.adapt(FrameworkWiring.class);
        if (revision == null || wiring == null) return "";
        List<String> missing = new ArrayList<>();
        for (Requirement r : revision.getRequirements(null)) {
            boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
            boolean atResolve = !r.getDirectives().containsKey(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE)
                    || Namespace.EFFECTIVE_RESOLVE.equals(r.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE));
            if (!optional && atResolve && wiring.findProviders(r).isEmpty()) {
                missing.add(r.getNamespace() + " " + r.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""));
            }
        }
        return missing.isEmpty() ? "not resolved" : "cannot resolve: missing " + String.join(", ", missing);
    }

    private static int level(Bundle b) {
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        return level == null ? 0 : level.getStartLevel();
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /**
     * Started with a lazy activation policy and no class loaded from it yet: not stuck in STARTING but
     * waiting, as its manifest asks, for the first bundle that uses it.
     */
    static boolean isLazy(Bundle b) {
        String policy = b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return b.getState() == Bundle.STARTING && policy != null && policy.trim().startsWith(Constants.ACTIVATION_LAZY);
    }

    /** The state as {@code cairn status} shows it: a lazy bundle waiting for its first class load is LAZY. */
    static String stateName(Bundle b) {
        return isLazy(b) ? "LAZY" : stateName(b.getState());
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
