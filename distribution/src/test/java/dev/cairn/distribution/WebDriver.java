package dev.cairn.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver protocol — plain HTTP and JSON, so the
 * system tests need no browser library: Debian's {@code chromium} and {@code chromium-driver} are enough.
 */
final class WebDriver implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("cairn.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("cairn.chromedriver", "/usr/bin/chromedriver"));
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final String base;
    private final String session;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriver(Path profile, Path driverLog) throws IOException, InterruptedException {
        int port = Http.freePort();
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true).redirectOutput(driverLog.toFile()).start();
        base = "http://127.0.0.1:" + port;
        org.awaitility.Awaitility.await("chromedriver").atMost(Duration.ofSeconds(20)).until(() -> Http.status(base + "/status") == 200);
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--window-size=1280,1000", "--user-data-dir=" + profile)))));
        session = send("POST", "/session", caps).get("sessionId").asText();
    }

    void open(String url) throws IOException, InterruptedException {
        send("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    /** The first element matching the CSS selector; fails when there is none. */
    String find(String css) throws IOException, InterruptedException {
        return send("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", css)).get(ELEMENT).asText();
    }

    void type(String css, String text) throws IOException, InterruptedException {
        send("POST", "/session/" + session + "/element/" + find(css) + "/value", Map.of("text", text));
    }

    void click(String css) throws IOException, InterruptedException {
        send("POST", "/session/" + session + "/element/" + find(css) + "/click", Map.of());
    }

    /** Runs JavaScript in the page; its return value as JSON. */
    JsonNode script(String js, Object... args) throws IOException, InterruptedException {
        return send("POST", "/session/" + session + "/execute/sync", Map.of("script", js, "args", List.of(args)));
    }

    /** The text of the first element matching the selector, or null when there is none. */
    String text(String css) throws IOException, InterruptedException {
        JsonNode v = script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
        return v.isNull() ? null : v.asText();
    }

    void screenshot(Path png) throws IOException, InterruptedException {
        JsonNode v = send("GET", "/session/" + session + "/screenshot", null);
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(v.asText()));
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).header("Content-Type", "application/json");
        HttpResponse<String> r = Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(r.body()).path("value");
        if (r.statusCode() != 200) throw new IOException("WebDriver " + method + " " + path + ": " + r.statusCode() + " " + value.path("message").asText(r.body()));
        return value;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (session != null) send("DELETE", "/session/" + session, null);
        } catch (IOException e) {
            // the browser is gone already
        } finally {
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) driver.destroyForcibly();
        }
    }
}
