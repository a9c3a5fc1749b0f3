package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.CtlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The bus grants bundles declare ({@code @BusGrants}: {@code cairn.bus.grants} in {@code Provide-Capability}), read from their JARs. */
final class JarGrants {
    private JarGrants() {
    }

    /** Each JAR's grants, in the order given; a missing file, a JAR that is none, a malformed grant are usage errors. */
    static Map<Path, Grants> read(List<Path> jars) throws CtlException {
        Map<Path, Grants> all = new LinkedHashMap<>();
        for (Path jar : jars) all.put(jar, read(jar));
        return all;
    }

    static Grants union(Map<Path, Grants> each) {
        Grants all = Grants.NONE;
        for (Grants g : each.values()) all = all.union(g);
        return all;
    }

    /**
     * What every node's own platform asks for — the system bundles of this installation ({@code cairn.home/system},
     * as bin/cairnctl sets it), e.g. the dashboard's {@code subscribe sensors/#} — so that a node's rules at the broker
     * are its bundles' grants plus the platform's. None when cairnctl runs outside an installation.
     */
    static Grants platform() throws CtlException {
        String home = System.getProperty("cairn.home");
        Path system = home == null ? null : Path.of(home, "system");
        if (system == null || !Files.isDirectory(system)) return Grants.NONE;
        try (Stream<Path> files = Files.walk(system)) {
            return union(read(files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()));
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, "cannot read the platform's bundles in " + system + ": " + e.getMessage(), e);
        }
    }

    static Grants read(Path jar) throws CtlException {
        if (!Files.isRegularFile(jar)) throw new CtlException(CtlException.Kind.USAGE, "no file " + jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            return Grants.fromManifest(m == null ? null : m.getMainAttributes().getValue("Provide-Capability"));
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, jar + ": not a JAR (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new CtlException(CtlException.Kind.USAGE, jar + ": its bus grants are malformed: " + e.getMessage(), e);
        }
    }
}
