package dev.cairn.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {
    @TempDir
    Path home;
    @TempDir
    Path project;

    @BeforeEach
    void jars() throws IOException {
        bundle(home.resolve("examples/shop-api.jar"), "dev.cairn.examples.shop.api");
        bundle(home.resolve("examples/payments.jar"), "dev.cairn.examples.payments");
        bundle(home.resolve("examples/orders.jar"), "dev.cairn.examples.orders;singleton:=true");
        bundle(project.resolve("target/mine.jar"), "com.example.mine");
    }

    @Test
    void theMonolithRunsEveryBundleTheSplitGivesEachNodeItsOwnAndTheUnnamedOnesToAll() {
        CairnTest test = test(new String[] {"${cairn.home}/examples/*.jar", "target/mine.jar"},
                node("pay", "dev.cairn.examples.payments"), node("shop", "orders.jar", "com.example.*"));

        assertThat(names(Layout.plan(test, Placement.MONOLITH, home, project).get(0)))
                .containsExactly("dev.cairn.examples.orders", "dev.cairn.examples.payments", "dev.cairn.examples.shop.api", "com.example.mine");
        List<Layout.NodePlan> split = Layout.plan(test, Placement.SPLIT, home, project);
        assertThat(split).extracting(Layout.NodePlan::name).containsExactly("pay", "shop");
        assertThat(names(split.get(0))).containsExactly("dev.cairn.examples.shop.api", "dev.cairn.examples.payments");
        assertThat(names(split.get(1))).containsExactly("dev.cairn.examples.shop.api", "dev.cairn.examples.orders", "com.example.mine");
    }

    @Test
    void mistakesInTheLayoutAreNamed() throws IOException {
        assertThatThrownBy(() -> Layout.bundles(new String[] {"target/none-*.jar"}, home, project))
                .hasMessageContaining("bundles 'target/none-*.jar' matches no file").hasMessageContaining(project.resolve("target").toString());
        assertThatThrownBy(() -> Layout.plan(test(new String[] {"target/mine.jar"}), Placement.SPLIT, home, project))
                .hasMessageContaining("SPLIT placement needs split = {@Node(...), @Node(...)}");
        assertThatThrownBy(() -> Layout.plan(test(new String[] {"target/mine.jar"}, node("a", "com.example.mine"), node("b", "nothing.like.it")),
                Placement.SPLIT, home, project)).hasMessageContaining("node 'b' names 'nothing.like.it', which is none of the bundles [com.example.mine]");
        assertThatThrownBy(() -> Layout.plan(test(new String[] {"target/mine.jar"}, node("a b", "com.example.mine"), node("b", "*")),
                Placement.SPLIT, home, project)).hasMessageContaining("node name 'a b'");
        Files.writeString(project.resolve("target/plain.jar"), "not a zip");
        assertThatThrownBy(() -> Layout.bundles(new String[] {"target/plain.jar"}, home, project)).hasMessageContaining("plain.jar cannot be read as a JAR");
    }

    private static List<String> names(Layout.NodePlan p) {
        return p.bundles().stream().map(BundleJar::symbolicName).toList();
    }

    private static void bundle(Path file, String bsn) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }

    private static Node node(String name, String... bundles) {
        return new Node() {
            public String name() { return name; }
            public String[] bundles() { return bundles; }
            public Class<? extends Annotation> annotationType() { return Node.class; }
        };
    }

    private static CairnTest test(String[] bundles, Node... split) {
        return new CairnTest() {
            public Placement[] placements() { return Placement.values(); }
            public String[] bundles() { return bundles; }
            public Node[] split() { return split; }
            public Config[] config() { return new Config[0]; }
            public Broker broker() { return Broker.AUTO; }
            public Class<? extends Annotation> annotationType() { return CairnTest.class; }
        };
    }
}
