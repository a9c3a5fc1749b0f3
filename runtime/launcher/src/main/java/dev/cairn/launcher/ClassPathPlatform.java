package dev.cairn.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;

/**
 * System bundles whose classes come from the application class loader, so that they enter the class-data
 * archive bin/cairn makes (the JVM archives and maps classes of its built-in loaders without reading the JAR;
 * a bundle class loader must read each class's bytes from the JAR at every start even when the archive has it).
 *
 * <p>bin/cairn puts the JARs of system/ on the class path. Each such bundle is installed as before (same
 * {@code reference:} location, headers, wiring, data area), and Felix is given the application class loader as the
 * bundle's boot class loader ({@code felix.bootdelegation.classloaders}): every class and resource the bundle asks for
 * is looked up there first, and found in the bundle's own JAR or the platform's other JARs. What is not found there
 * (a package a deploy/ bundle exports) is looked up the OSGi way. deploy/ bundles get no such loader and keep their
 * own class loaders and full dynamics; their imports from system bundles reach the same classes.
 *
 * <p>A bundle is left to its own class loader when its JAR is not on the class path (bin/cairn with
 * {@code CAIRN_CLASSPATH_PLATFORM=off}, or a JAR added to system/ after the start) or when it embeds JARs
 * ({@code Bundle-ClassPath}), whose classes the application class loader cannot see.
 */
final class ClassPathPlatform {
    /** Felix's own property (FelixConstants.BOOT_CLASSLOADERS_PROP): a map of bundle to boot-delegation loader. */
    static final String BOOT_CLASSLOADERS = "felix.bootdelegation.classloaders";
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private final Set<Path> classPath;
    private final ClassLoader loader;
    private final Map<Bundle, ClassLoader> loaders = new ConcurrentHashMap<>();

    ClassPathPlatform(String classPath, ClassLoader loader) {
        this.classPath = parse(classPath);
        this.loader = loader;
    }

    static ClassPathPlatform ofThisJvm() {
        return new ClassPathPlatform(System.getProperty("java.class.path", ""), ClassLoader.getSystemClassLoader());
    }

    /** The map Felix reads when it wires a bundle: it must be in the framework's configuration from the start. */
    Map<Bundle, ClassLoader> loaders() {
        return loaders;
    }

    /** Whether {@code jar} is on the class path and can be served from it; call before the bundle resolves. */
    boolean serves(Path jar) {
        return classPath.contains(real(jar)) && !embedsJars(jar);
    }

    /** Lets {@code bundle}, installed from {@code jar}, load from the class path when it can. */
    boolean attach(Bundle bundle, Path jar) {
        if (!serves(jar)) {
            loaders.remove(bundle);
            return false;
        }
        loaders.put(bundle, loader);
        return true;
    }

    int attached() {
        return loaders.size();
    }

    private static boolean embedsJars(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            var manifest = f.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-ClassPath");
            if (cp == null) return false;
            for (String entry : cp.split(",")) {
                if (!entry.trim().equals(".")) return true;
            }
            return false;
        } catch (IOException e) {
            LOG.fine("cannot read the manifest of " + jar + ": " + e.getMessage());
            return true;
        }
    }

    private static Set<Path> parse(String classPath) {
        Set<Path> paths = new HashSet<>();
        for (String p : classPath.split(File.pathSeparator)) {
            if (!p.isEmpty()) paths.add(real(Path.of(p)));
        }
        return paths;
    }

    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
