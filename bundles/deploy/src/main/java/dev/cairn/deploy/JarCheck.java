package dev.cairn.deploy;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Why a JAR cannot be installed as a bundle, judged the way FileInstall judges it: by its Bundle-SymbolicName. */
final class JarCheck {
    private JarCheck() {
    }

    /** Empty when the file is a bundle; otherwise what is wrong with it. */
    static Optional<String> problem(File jar) {
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) return Optional.of("not an OSGi bundle: the JAR has no META-INF/MANIFEST.MF");
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("not an OSGi bundle: META-INF/MANIFEST.MF has no Bundle-SymbolicName");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("corrupt JAR: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
