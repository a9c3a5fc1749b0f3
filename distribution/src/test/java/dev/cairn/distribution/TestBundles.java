package dev.cairn.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds the small JARs the system tests drop into deploy/: good bundles and each kind of bad one. */
final class TestBundles {
    private final Path dir;

    TestBundles(Path dir) {
        this.dir = dir;
    }

    /** A bundle with the given headers, holding the given classes of the test class path. */
    Path bundle(String fileName, String symbolicName, String version, Map<String, String> headers, Class<?>... classes)
            throws IOException {
        Manifest m = manifest();
        Attributes a = m.getMainAttributes();
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        return jar(fileName, m, classes);
    }

    /** Publishes {@code count} ticks on it/ticks once the bus is there (see {@code dev.cairn.distribution.fixtures.TickSender}). */
    Path tickSender(long count) throws IOException {
        return bundle("tick-sender.jar", "it.ticks.sender", "1.0.0", Map.of(
                "Bundle-Activator", dev.cairn.distribution.fixtures.TickSender.class.getName(),
                "Cairn-Test-Ticks", Long.toString(count),
                "Provide-Capability", grants("publish", "it/ticks"),
                "Import-Package", TICK_IMPORTS), dev.cairn.distribution.fixtures.TickSender.class, dev.cairn.distribution.fixtures.Tick.class);
    }

    /** Counts the ticks arriving on it/ticks (see {@code dev.cairn.distribution.fixtures.TickReceiver}). */
    Path tickReceiver() throws IOException {
        return bundle("tick-receiver.jar", "it.ticks.receiver", "1.0.0", Map.of(
                "Bundle-Activator", dev.cairn.distribution.fixtures.TickReceiver.class.getName(),
                "Provide-Capability", grants("subscribe", "it/ticks"),
                "Import-Package", TICK_IMPORTS), dev.cairn.distribution.fixtures.TickReceiver.class, dev.cairn.distribution.fixtures.Tick.class);
    }

    /** Logs {@code lines} INFO lines at {@code rate} a second between two WARN lines (see {@code dev.cairn.distribution.fixtures.LogFlood}). */
    Path logFlood(long lines, long rate) throws IOException {
        return bundle("log-flood.jar", "it.log.flood", "1.0.0", Map.of(
                "Bundle-Activator", dev.cairn.distribution.fixtures.LogFlood.class.getName(),
                "Cairn-Test-Flood-Lines", Long.toString(lines),
                "Cairn-Test-Flood-Rate", Long.toString(rate),
                "Import-Package", "org.osgi.framework, org.slf4j"), dev.cairn.distribution.fixtures.LogFlood.class);
    }

    /**
     * A bundle with one component, {@code Greeter}, whose description gives it property {@code greeting}: two such
     * bundles differ only in their component descriptor (see {@code dev.cairn.distribution.fixtures.Greeter}).
     */
    Path greeter(String fileName, String greeting) throws IOException {
        Manifest m = manifest();
        Attributes a = m.getMainAttributes();
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "it.greeter");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "org.slf4j");
        a.putValue("Service-Component", "OSGI-INF/greeter.xml");
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"it.greeter\" immediate=\"true\">\n"
                + "  <property name=\"greeting\" type=\"String\" value=\"" + greeting + "\"/>\n"
                + "  <implementation class=\"" + dev.cairn.distribution.fixtures.Greeter.class.getName() + "\"/>\n"
                + "</scr:component>\n";
        return jar(fileName, m, Map.of("OSGI-INF/greeter.xml", descriptor), dev.cairn.distribution.fixtures.Greeter.class);
    }

    /** The bus grant {@code @BusGrants} would write: {@code grants("publish", "it/ticks")}. */
    static String grants(String action, String filters) {
        return "cairn.bus.grants;" + action + ":List<String>=\"" + filters + "\"";
    }

    private static final String TICK_IMPORTS = "dev.cairn.bus.api, org.osgi.framework, org.osgi.util.tracker, org.slf4j";

    /** A plain library JAR: a manifest, but no Bundle-SymbolicName. */
    Path notABundle(String fileName) throws IOException {
        return jar(fileName, manifest(), TestBundles.class);
    }

    /** The first bytes of a JAR and then nothing that a zip reader can use. */
    Path corrupt(String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        byte[] bytes = new byte[4096];
        new java.util.Random(42).nextBytes(bytes);
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
        Files.write(file, bytes);
        return file;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    private Path jar(String fileName, Manifest manifest, Class<?>... classes) throws IOException {
        return jar(fileName, manifest, Map.of(), classes);
    }

    private Path jar(String fileName, Manifest manifest, Map<String, String> texts, Class<?>... classes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> t : texts.entrySet()) {
                jar.putNextEntry(new JarEntry(t.getKey()));
                jar.write(t.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            for (Class<?> c : classes) {
                for (String entry : classFiles(c)) {
                    jar.putNextEntry(new JarEntry(entry));
                    try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
        }
        return file;
    }

    /** The class file of {@code c} and those of its nested and anonymous classes ({@code C$1.class}). */
    private static java.util.List<String> classFiles(Class<?> c) throws IOException {
        String path = c.getName().replace('.', '/');
        Path dir = Path.of(java.net.URI.create(c.getResource(c.getSimpleName() + ".class").toString())).getParent();
        String prefix = c.getSimpleName() + "$";
        java.util.List<String> files = new java.util.ArrayList<>(java.util.List.of(path + ".class"));
        try (var nested = Files.list(dir)) {
            nested.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                    .forEach(n -> files.add(path.substring(0, path.lastIndexOf('/') + 1) + n));
        }
        return files;
    }
}
