package dev.cairn.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.deb.PrivateRoot.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as an admin uses it, with the real dpkg and maintainer scripts, in a {@link PrivateRoot}: install,
 * the node run as the unit runs it, an upgrade to a later build, remove, purge.
 */
class DebPackageIT {
    private static final Path DEB = Path.of(System.getProperty("cairn.deb", "target/cairn.deb"));
    private static final String VERSION = System.getProperty("cairn.version", "0.1.0-SNAPSHOT");
    private static final String HOME = "/opt/cairn";
    private static final String UNIT = "/lib/systemd/system/cairn.service";
    private static final String WANTS = "/etc/systemd/system/multi-user.target.wants/cairn.service";
    private static final String HELLO_CFG = "greeting.name = Debian\n";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void upgradesKeepBundlesConfigurationAndDataRemoveKeepsThemPurgeTakesAll() throws Exception {
        try (PrivateRoot root = PrivateRoot.open(tmp)) {
            // Other tests on this machine make a cairn user; here postinst is to make its own, on a system
            // with Raspberry Pi OS's hardware groups.
            ok(root, "if getent passwd cairn >/dev/null; then userdel cairn; fi; if getent group cairn >/dev/null; then groupdel cairn; fi");
            ok(root, "for g in gpio i2c; do getent group $g >/dev/null || groupadd --system $g; done");
            assertThat(root.path("/run/systemd/system")).as("no systemd runs here: the scripts leave the service unstarted").doesNotExist();
            String v1 = ok(root, "dpkg-deb -f '" + DEB.toAbsolutePath() + "' Version");
            Path deb2 = laterBuild(root, v1);

            installed(root, DEB, v1, "dpkg -i");
            assertThat(root.path(HOME + "/conf/cairn.properties.dpkg-dist")).doesNotExist();
            deployHelloAndRun(root);
            // the admin's edit to a conffile, which the upgrade must keep
            Files.writeString(root.path(HOME + "/conf/cairn.properties"), "node.id=pi-debian\n", StandardOpenOption.APPEND);

            String v2 = ok(root, "dpkg-deb -f '" + deb2 + "' Version");
            installed(root, deb2, v2, "dpkg -i --force-confold");
            assertThat(root.path(HOME + "/conf/cairn.properties")).content().endsWith("node.id=pi-debian\n");
            assertThat(root.path(HOME + "/conf/cairn.properties.dpkg-dist")).as("the new build's default, beside the admin's file")
                    .content().endsWith("# changed in the later build\n");
            assertThat(root.path(HOME + "/deploy/hello.jar")).hasSameBinaryContentAs(root.path(HOME + "/examples/hello.jar"));
            assertThat(root.path(HOME + "/deploy/dev.cairn.examples.hello.cfg")).hasContent(HELLO_CFG);
            assertThat(root.path(HOME + "/data/log/cairn.0.log")).as("data/ kept").content().contains(" ready in ");
            assertThat(archives(root)).as("postinst drops the class-data archive of the old jars").isEmpty();
            assertThat(root.sh("dpkg --verify cairn").out().lines()).as("the package's files as built; only the edit differs")
                    .singleElement().asString().endsWith(" c " + HOME + "/conf/cairn.properties");
            String run2 = runNode(root);
            assertThat(run2).as("the edited conffile in use").contains("node pi-debian,");
            assertThat(archives(root)).as("written anew by the node").hasSize(1);

            ok(root, "dpkg -r cairn");
            assertThat(ok(root, "dpkg-query -W -f='${Status}' cairn")).isEqualTo("deinstall ok config-files");
            assertThat(root.path(UNIT)).doesNotExist();
            assertThat(Files.isSymbolicLink(root.path(WANTS))).as("kept, as debhelper keeps it: a reinstall is enabled again").isTrue();
            assertThat(root.path(HOME + "/bin")).doesNotExist();
            assertThat(root.path(HOME + "/system")).doesNotExist();
            assertThat(root.path(HOME + "/data/log/cairn.0.log")).as("what the node made stays on remove").exists();
            assertThat(root.path(HOME + "/deploy/hello.jar")).exists();
            assertThat(root.path(HOME + "/deploy/dev.cairn.examples.hello.cfg")).hasContent(HELLO_CFG);
            assertThat(archives(root)).hasSize(1);
            assertThat(root.path(HOME + "/conf/cairn.properties")).as("a conffile").content().endsWith("node.id=pi-debian\n");
            assertThat(ok(root, "getent passwd cairn")).isNotEmpty();

            ok(root, "dpkg -P cairn");
            assertThat(root.sh("dpkg-query -W -f='${Status}' cairn").out()).doesNotContain("installed", "config-files");
            assertThat(root.path(HOME)).doesNotExist();
            assertThat(Files.isSymbolicLink(root.path(WANTS))).as(WANTS).isFalse();
            assertThat(root.path("/var/lib/systemd/deb-systemd-helper-enabled/cairn.service.dsh-also")).doesNotExist();
            assertThat(root.sh("getent passwd cairn").exit()).as("the user, purged").isNotZero();
            assertThat(root.sh("getent group cairn").exit()).as("the group, purged").isNotZero();
        }
    }

    /** dpkg installs or upgrades to {@code deb}; what every installed version must have. */
    private void installed(PrivateRoot root, Path deb, String version, String dpkg) throws Exception {
        ok(root, dpkg + " '" + deb.toAbsolutePath() + "' </dev/null");
        assertThat(ok(root, "dpkg-query -W -f='${Status} ${Version}' cairn")).isEqualTo("install ok installed " + version);
        try (var files = Files.list(root.path(HOME))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the tarball's layout").containsExactlyInAnyOrder(
                    "bin", "lib", "system", "conf", "deploy", "data", "examples", "hardware", "maven", "systemd", "README.md", "LICENSE");
        }
        assertThat(Files.isExecutable(root.path(HOME + "/bin/cairn"))).isTrue();
        // dpkg keeps the package's time stamps: bin/cairn tells a newly installed runtime by lib/cairn.jar's
        Path unpacked = tmp.resolve("unpacked-" + version);
        ok(root, "dpkg-deb -x '" + deb.toAbsolutePath() + "' " + unpacked);
        assertThat(Files.getLastModifiedTime(root.path(HOME + "/lib/cairn.jar")))
                .isEqualTo(Files.getLastModifiedTime(unpacked.resolve("opt/cairn/lib/cairn.jar")));
        assertThat(root.path(UNIT)).hasSameTextualContentAs(root.path(HOME + "/systemd/cairn.service"));

        String user = ok(root, "getent passwd cairn");
        assertThat(user.split(":")).as(user).satisfies(f -> {
            assertThat(Integer.parseInt(f[2])).as("a system uid").isLessThan(1000);
            assertThat(f[5]).isEqualTo(HOME);
            assertThat(f[6]).isEqualTo("/usr/sbin/nologin");
        });
        assertThat(ok(root, "id -nG cairn").split(" ")).containsExactlyInAnyOrder("cairn", "gpio", "i2c");
        assertThat(ok(root, "stat -c '%U:%G %a' " + HOME + "/data " + HOME + "/deploy " + HOME + "/lib " + HOME + "/bin").lines())
                .containsExactly("cairn:cairn 700", "cairn:cairn 755", "cairn:cairn 755", "root:root 755");

        assertThat(ok(root, "dpkg-query -W -f='${Conffiles}' cairn"))
                .contains(HOME + "/conf/cairn.properties ", HOME + "/conf/trusted-keys/README ");

        // Enabled as deb-systemd-helper enables without a running systemd: the WantedBy= link, and its
        // own record of it, which decides at the next upgrade whether the admin had disabled the unit.
        assertThat(Files.readSymbolicLink(root.path(WANTS))).hasToString(UNIT);
        assertThat(root.path("/var/lib/systemd/deb-systemd-helper-enabled/cairn.service.dsh-also")).content().contains(WANTS);
        // it refuses to run outside a maintainer script unless told which package asks
        ok(root, "DPKG_MAINTSCRIPT_PACKAGE=cairn deb-systemd-helper is-enabled cairn.service");
        if (root.sh("command -v systemd-analyze").exit() == 0) {
            Run verify = root.sh("systemd-analyze verify " + UNIT);
            assertThat(verify.exit()).as(verify.out()).isZero();
            assertThat(verify.out()).as("systemd-analyze verify").doesNotContain("Failed", "Unknown");
        } else {
            System.out.println("systemd-analyze not installed (package systemd): the unit file is not verified");
        }
    }

    /** An admin's first use: a bundle and its configuration in deploy/, then the node run once. */
    private void deployHelloAndRun(PrivateRoot root) throws Exception {
        ok(root, "cp " + HOME + "/examples/hello.jar " + HOME + "/deploy/");
        Files.writeString(root.path(HOME + "/deploy/dev.cairn.examples.hello.cfg"), HELLO_CFG);
        runNode(root);
        assertThat(archives(root)).as("the node's user wrote the class-data archive in lib/").hasSize(1);
    }

    /**
     * The node as the unit runs it: as cairn, in /opt/cairn, stopped with SIGTERM to every process of it
     * (KillMode=control-group). Waits for hello, configured from deploy/, to be ACTIVE; returns the output.
     */
    private String runNode(PrivateRoot root) throws Exception {
        Path log = Files.createTempFile(tmp, "node-", ".log");
        Process node = root.start(log, "sh", "-c", "cd " + HOME + " && exec runuser -u cairn -- " + HOME + "/bin/cairn");
        try {
            await("the node ready, hello configured").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!node.isAlive()) throw new AssertionError("the node exited with " + node.exitValue() + ":\n" + Files.readString(log));
                String out = Files.readString(log);
                return out.contains(" ready in ") && out.contains("Hello, Debian!");
            });
            assertThat(root.path(HOME + "/data/log/cairn.0.log")).as("the node's own log").content().contains(" ready in ");
            String status = ok(root, "runuser -u cairn -- " + HOME + "/bin/cairn status");
            assertThat(status.lines().filter(l -> l.contains("dev.cairn.examples.hello"))).singleElement().asString().contains("ACTIVE");
        } finally {
            // runuser's children, bin/cairn and java: runuser itself would answer SIGTERM with 143
            node.descendants().forEach(ProcessHandle::destroy);
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                throw new AssertionError("the node did not stop within 20 s of SIGTERM");
            }
        }
        assertThat(node.exitValue()).as("a clean stop:\n" + Files.readString(log)).isZero();
        return Files.readString(log);
    }

    /**
     * A later build of the package, as dpkg sees one: the same files under a higher version (Debian's "+b1" of
     * a rebuild) and a changed default in a conffile, so that the upgrade has a conffile question to answer.
     */
    private Path laterBuild(PrivateRoot root, String v1) throws Exception {
        assertThat(v1).as("jdeb's Debian version of " + VERSION).matches(VERSION.replace("-SNAPSHOT", "") + "(~SNAPSHOT\\+\\d{14})?");
        String v2 = v1 + "+b1";
        Path dir = tmp.resolve("later");
        Path deb2 = tmp.resolve("cairn_" + v2 + "_all.deb");
        ok(root, String.join(" && ",
                "dpkg-deb -R '" + DEB.toAbsolutePath() + "' " + dir,
                "sed -i 's/^Version: .*/Version: " + v2 + "/' " + dir + "/DEBIAN/control",
                "echo '# changed in the later build' >> " + dir + HOME + "/conf/cairn.properties",
                "cd " + dir + " && find opt lib -type f -exec md5sum {} + > DEBIAN/md5sums",
                "dpkg-deb -b --root-owner-group " + dir + " " + deb2 + " >/dev/null"));
        ok(root, "dpkg --compare-versions '" + v1 + "' lt '" + v2 + "'");
        // a snapshot sorts below its release, so the release upgrades it
        ok(root, "dpkg --compare-versions '" + v1 + "' le '" + VERSION.replace("-SNAPSHOT", "") + "'");
        return deb2;
    }

    private static List<Path> archives(PrivateRoot root) throws IOException {
        try (var files = Files.list(root.path(HOME + "/lib"))) {
            return files.filter(f -> f.getFileName().toString().matches("cairn-\\d+\\.jsa")).toList();
        }
    }

    private static String ok(PrivateRoot root, String script) throws IOException, InterruptedException {
        Run r = root.sh(script);
        System.out.printf("$ %s%n%s", script, r.out());   // the test's output file: what dpkg and the scripts said
        assertThat(r.exit()).as("`%s` said:%n%s", script, r.out()).isZero();
        return r.out().strip();
    }
}
