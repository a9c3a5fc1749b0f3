package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service written the README's way, on a machine without Cairn's source: a project made from the archetype,
 * built offline with Cairn's artifacts taken only from the unpacked tarball's maven/, deployed to a real node,
 * asked over MQTT. The README's commands are run as written, with /opt/cairn moved into the test's folders.
 */
class ServiceProjectIT {
    private static final Path README = Path.of("../README.md");
    private static final Path TARBALL = Path.of(System.getProperty("cairn.tarball", "target/cairn-0.1.0-SNAPSHOT.tar.gz"));
    /** Where third-party plugins and libraries are: the build's own local repository. */
    private static final Path THIRD_PARTY = Path.of(System.getProperty("cairn.m2", System.getProperty("user.home") + "/.m2/repository"));
    private static final String SECTION = "## Writing your own bundle";
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private NodeProcess node;
    private Mosquitto broker;

    @AfterEach
    void stop() {
        if (node != null) node.close();
        if (broker != null) broker.close();
    }

    @Test
    void aProjectFromTheArchetypeBuildsOfflineFromTheTarballsMavenFolderAndItsBundleAnswersOnTheBus() throws Exception {
        Path unpacked = unpackTarball();
        Path maven = unpacked.resolve("maven");
        Path localRepo = thirdPartyOnlyRepository();
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, readmeSettings(maven, localRepo));

        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        node = NodeProcess.install(tmp.resolve("node"));
        node.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        node.start();

        List<String> commands = readmeBlock("```sh");
        String ask = commands.stream().filter(c -> c.startsWith("mosquitto_rr ")).findFirst().orElseThrow();
        Path work = Files.createDirectories(tmp.resolve("work"));
        String script = "set -e\n"
                // offline: Cairn's artifacts can only come from maven/ (file://), the rest only from the local repository
                + "mvn() { command mvn -o -Daether.offline.protocols=file -s '" + settings + "' \"$@\"; }\n"
                + String.join("\n", commands.stream().filter(c -> !c.startsWith("mosquitto_rr ")).toList()) + "\n";
        script = script.replace("<version>", cairnVersion()).replace("/opt/cairn", node.home.toString());
        Run built = run(work, "sh", "-c", script);
        assertThat(built.exit).as("the README's commands said:%n%s", built.out).isZero();
        assertThat(built.out).contains("Tests run: 3, Failures: 0, Errors: 0");

        // Cairn's artifacts came from maven/ and nowhere else: the local repository had none before the build
        try (Stream<Path> origins = Files.walk(localRepo.resolve("dev/cairn"))) {
            List<String> remote = origins.filter(p -> p.getFileName().toString().equals("_remote.repositories"))
                    .flatMap(ServiceProjectIT::lines).filter(l -> l.contains(">")).toList();
            assertThat(remote).isNotEmpty().allSatisfy(l -> assertThat(l).endsWith(">cairn="));
            assertThat(remote).anySatisfy(l -> assertThat(l).startsWith("cairn-bundle-archetype-"))
                    .anySatisfy(l -> assertThat(l).startsWith("cairn-bom-"))
                    .anySatisfy(l -> assertThat(l).startsWith("bus.api-"));
        }

        StatusRow row = await("the generated bundle active").atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> node.row("my-service.jar"), r -> r.filter(s -> s.state().equals("ACTIVE")).isPresent()).orElseThrow();
        assertThat(row.name()).isEqualTo("com.example.my-service");
        assertThat(row.reason()).as("no component failed, no bus call refused").isEmpty();

        Process events = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-V", "5",
                "-C", "1", "-W", "60", "-t", "cairn/bus/my-service/greeted").redirectErrorStream(true).start();
        String reply = await("a reply to the README's request").atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> ask(ask), r -> r.contains("Hello, Ada!"));
        assertThat(reply.strip()).isEqualTo("{\"text\":\"Hello, Ada!\"}");
        assertThat(events.waitFor(60, TimeUnit.SECONDS)).as("mosquitto_sub ended").isTrue();
        assertThat(new String(events.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .as("the greeting published on the bus").isEqualTo("{\"text\":\"Hello, Ada!\"}");

        // the typed configuration, from the file the project ships
        Path cfg = work.resolve("my-service/src/main/config/com.example.greeter.cfg");
        node.write("com.example.greeter.cfg", Files.readString(cfg).replace("salutation = Hello", "salutation = Hoi"));
        await("the configured salutation").atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> ask(ask), r -> r.contains("Hoi, Ada!"));
        assertThat(node.output()).contains("com.example.Greeter - greeted Ada");
    }

    /**
     * The BOM promises what the node provides: every artifact it names that the node carries as a JAR (a system
     * bundle, or lib/'s class path) is there at the BOM's version.
     */
    @Test
    void theBomNamesTheVersionsTheNodeCarries() throws Exception {
        Path dist = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
        String version = cairnVersion();
        Path bom = dist.resolve("maven/dev/cairn/cairn-bom/" + version + "/cairn-bom-" + version + ".pom");
        Map<String, String> managed = managedVersions(bom, version);
        List<Path> jars;
        try (Stream<Path> files = Stream.concat(Files.walk(dist.resolve("system")), Files.list(dist.resolve("lib")))) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
        Map<String, String> carried = new java.util.TreeMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            managed.keySet().stream().filter(a -> name.matches(Pattern.quote(a) + "-\\d.*\\.jar"))
                    .forEach(a -> carried.put(a, name.substring(a.length() + 1, name.length() - ".jar".length())));
        }
        assertThat(carried).containsKeys("bus.api", "observe.api", "org.osgi.service.component", "org.osgi.service.log",
                "slf4j-api", "jackson-databind", "jackson-annotations", "org.apache.felix.http.servlet-api");
        carried.forEach((artifact, onNode) -> assertThat(managed.get(artifact)).as("the BOM's version of %s", artifact).isEqualTo(onNode));
    }

    /** artifactId → version of the BOM's dependencyManagement, its ${properties} resolved. */
    private static Map<String, String> managedVersions(Path bom, String projectVersion) throws Exception {
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(bom.toFile());
        Map<String, String> properties = new java.util.HashMap<>(Map.of("project.version", projectVersion));
        org.w3c.dom.NodeList props = doc.getElementsByTagName("properties");
        if (props.getLength() > 0) {
            org.w3c.dom.NodeList children = props.item(0).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof org.w3c.dom.Element e) properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        Map<String, String> managed = new java.util.HashMap<>();
        org.w3c.dom.NodeList deps = doc.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            org.w3c.dom.Element d = (org.w3c.dom.Element) deps.item(i);
            String v = d.getElementsByTagName("version").item(0).getTextContent().trim();
            Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
            String resolved = m.matches() ? properties.get(m.group(1)) : v;
            assertThat(resolved).as("the BOM's version %s", v).isNotNull();
            managed.put(d.getElementsByTagName("artifactId").item(0).getTextContent().trim(), resolved);
        }
        return managed;
    }

    /** The README's request with the test broker's port and a short wait, so that it is asked again until served. */
    private String ask(String readmeCommand) throws IOException, InterruptedException {
        String cmd = readmeCommand.replaceFirst("^mosquitto_rr ", "mosquitto_rr -h 127.0.0.1 -p " + broker.port() + " -W 2 ");
        return run(tmp, "sh", "-c", cmd).out;
    }

    private Path unpackTarball() throws IOException, InterruptedException {
        Path into = Files.createDirectories(tmp.resolve("unpacked"));
        Run tar = run(into, "tar", "xzf", TARBALL.toAbsolutePath().toString());
        assertThat(tar.exit).as("tar said: %s", tar.out).isZero();
        try (Stream<Path> dirs = Files.list(into)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    /**
     * A local repository with every third-party artifact of the build's own (linked, not copied) and no dev.cairn
     * one: whatever of Cairn the project resolves must come from maven/, and lands here as downloaded from it.
     */
    private Path thirdPartyOnlyRepository() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("m2"));
        linkAllBut(THIRD_PARTY, repo, "dev");
        linkAllBut(THIRD_PARTY.resolve("dev"), Files.createDirectories(repo.resolve("dev")), "cairn");
        Files.createDirectories(repo.resolve("dev/cairn"));
        return repo;
    }

    private static void linkAllBut(Path from, Path into, String except) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : entries.filter(Files::isDirectory).filter(e -> !e.getFileName().toString().equals(except)).toList()) {
                Files.createSymbolicLink(into.resolve(e.getFileName().toString()), e);
            }
        }
    }

    /** The README's settings.xml, naming the unpacked maven/, with the test's local repository. */
    private static String readmeSettings(Path maven, Path localRepo) throws IOException {
        String xml = String.join("\n", readmeBlock("```xml"));
        assertThat(xml).contains("file:///opt/cairn/maven");
        return xml.replace("file:///opt/cairn/maven", maven.toUri().toString())
                .replace("<settings>", "<settings>\n  <localRepository>" + localRepo + "</localRepository>");
    }

    /** The lines of the first block that opens with {@code fence} in the README's section on writing a bundle. */
    private static List<String> readmeBlock(String fence) throws IOException {
        String text = Files.readString(README);
        int at = text.indexOf("\n" + SECTION + "\n");
        assertThat(at).as("README has %s", SECTION).isPositive();
        Matcher m = Pattern.compile(Pattern.quote(fence) + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(at)).as("a %s block under %s", fence, SECTION).isTrue();
        return m.group(1).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String cairnVersion() {
        return TARBALL.getFileName().toString().replaceFirst("^cairn-", "").replaceFirst("\\.tar\\.gz$", "");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Run(int exit, String out) {
    }

    private static Run run(Path dir, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cairn-it-run-", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + MAVEN_TIMEOUT + ":\n" + Files.readString(log));
        }
        try {
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.delete(log);
        }
    }
}
