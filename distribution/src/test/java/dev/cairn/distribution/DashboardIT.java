package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.distribution.fixtures.Reading;
import dev.cairn.distribution.fixtures.ReadingPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium: the page loads after the login, lists the bundles, a live
 * reading updates, and a stop button stops a bundle. Leaves {@code target/dashboard.png}.
 * Needs Debian's chromium and chromium-driver ({@code .ci/run} installs them); skipped without them.
 */
class DashboardIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Path SCREENSHOT = Path.of(System.getProperty("cairn.screenshot", "target/dashboard.png"));
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path tmp;
    NodeProcess node;
    String base;

    @BeforeEach
    void startNode() throws Exception {
        Assumptions.assumeTrue(WebDriver.available(), "no headless browser: install Debian's chromium and chromium-driver (.ci/run does) to run the dashboard test");
        int port = Http.freePort();
        base = "http://127.0.0.1:" + port;
        node = NodeProcess.install(tmp);
        node.conf("dev.cairn.web.cfg", "http.port = " + port + "\n.admin.password = " + PASSWORD + "\n");
        node.start();
        node.drop(EXAMPLES.resolve("hello.jar"));
        node.drop(new TestBundles(tmp.resolve("jars")).bundle("thermometer.jar", "it.thermometer", "1.0.0", Map.of(
                "Bundle-Activator", ReadingPublisher.class.getName(),
                "Provide-Capability", TestBundles.grants("publish", "sensors/it-temp"),
                "Import-Package", "dev.cairn.bus.api, org.osgi.framework, org.osgi.util.tracker"), ReadingPublisher.class, Reading.class));
        await().atMost(TIMEOUT).until(() -> Http.status(base + "/cairn/api/session") == 200);
    }

    @AfterEach
    void stopNode() {
        if (node != null) node.close();
    }

    @Test
    void anOperatorLogsInSeesBundlesAndALiveReadingAndStopsABundle() throws Exception {
        try (WebDriver browser = new WebDriver(tmp.resolve("chromium-profile"), tmp.resolve("chromedriver.log"))) {
            try {
                browser.open(base + "/cairn/");
                await("login form").atMost(TIMEOUT).until(() -> browser.script("return !document.getElementById('login').hidden").asBoolean());
                browser.type("#password", PASSWORD);
                browser.click("#login-button");

                String helloRow = "tr[data-bundle='dev.cairn.examples.hello']";
                await("bundle list").atMost(TIMEOUT).until(() -> "ACTIVE".equals(browser.text(helloRow + " .state")));
                assertThat(browser.text("#bundle-rows")).contains("dev.cairn.web").contains("org.apache.felix.scr");
                assertThat(browser.text("#node-info")).contains("it-node");

                String value = ".chart[data-topic='sensors/it-temp'] .value";
                await("a live reading").atMost(TIMEOUT).until(() -> browser.text(value) != null);
                String first = browser.text(value);
                await("the reading updates").atMost(TIMEOUT).until(() -> !first.equals(browser.text(value)));
                assertThat(browser.text(value)).endsWith("°C");

                // the log panel: the node's lines as its log file has them (op node.logs, as cairnctl logs), filtered on the node
                await("the log panel").atMost(TIMEOUT).until(() -> browser.text("#log-lines") != null && browser.text("#log-lines").contains("examples.hello.Hello "));
                assertThat(node.output()).contains(browser.text("#log-lines").lines().filter(l -> l.contains("examples.hello.Hello ")).findFirst().orElseThrow());
                browser.type("#log-grep", "examples.hello.Hello ");
                await("only matching lines").atMost(TIMEOUT).until(() -> {
                    String lines = browser.text("#log-lines");
                    return lines != null && !lines.isBlank() && lines.lines().allMatch(l -> l.contains("examples.hello.Hello "));
                });

                browser.click(helloRow + " button.bundle-action");
                await("hello stopped").atMost(TIMEOUT).until(() -> node.row("dev.cairn.examples.hello").map(r -> r.state().equals("RESOLVED")).orElse(false));
                await("the page shows it").atMost(TIMEOUT).until(() -> "RESOLVED".equals(browser.text(helloRow + " .state")));
            } finally {
                browser.screenshot(SCREENSHOT);
            }
        }
    }
}
