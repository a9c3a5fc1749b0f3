package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's HTTP side through a real HTTP client: the examples' endpoints, /health, /metrics, the switch, the login. */
class WebIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    NodeProcess node;
    int port;
    String base;

    @AfterEach
    void stopNode() {
        if (node != null) node.close();
    }

    /** {@code bin/cairnctl hash-password}'s line for {@code password}, read from its standard input as a script would. */
    private String hashedByCairnctl(String password) throws Exception {
        Path in = Files.writeString(tmp.resolve("password.txt"), password + "\n");
        Path out = tmp.resolve("hash.txt");
        Process p = new ProcessBuilder(DIST.resolve("bin/cairnctl").toString(), "hash-password")
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String line = Files.readString(out).trim();
        assertThat(line).startsWith(".admin.password = pbkdf2-sha256$").doesNotContain(password);
        return line;
    }

    private void start(String webCfg, String... examples) throws Exception {
        port = Http.freePort();
        base = "http://127.0.0.1:" + port;
        node = NodeProcess.install(tmp);
        if (webCfg != null) node.conf("dev.cairn.web.cfg", "http.port = " + port + "\n" + webCfg);
        node.start();
        for (String jar : examples) node.drop(EXAMPLES.resolve(jar));
    }

    @Test
    void helloAndTheOrderServiceAnswerOverHttpWithJsonErrors() throws Exception {
        start("", "hello.jar", "shop-api.jar", "payments.jar", "orders.jar");

        await().atMost(TIMEOUT).until(() -> Http.status(base + "/") == 200);
        assertThat(Http.get(base + "/").body()).isEqualTo("Hello Cairn!");
        assertThat(Http.get(base + "/oscheck").body()).isEqualTo(System.getProperty("os.name"));
        assertThat(Http.get(base + "/no/such/page").statusCode()).isEqualTo(404);

        await().atMost(TIMEOUT).until(() -> Http.status(base + "/api/orders/none") == 404);
        HttpResponse<String> placed = Http.post(base + "/api/orders", "application/json", "{\"item\": \"seeds\", \"cents\": 1250}");
        assertThat(placed.statusCode()).isEqualTo(201);
        String id = JSON.readTree(placed.body()).get("id").asText();
        assertThat(placed.headers().firstValue("Location")).contains("/api/orders/" + id);
        await().atMost(TIMEOUT).until(() -> JSON.readTree(Http.get(base + "/api/orders/" + id).body()).get("status").asText().equals("APPROVED"));

        String declined = JSON.readTree(Http.post(base + "/api/orders", "application/json", "{\"item\": \"pump\", \"cents\": 90000}").body()).get("id").asText();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(JSON.readTree(Http.get(base + "/api/orders/" + declined).body()).get("status").asText()).isEqualTo("DECLINED"));

        HttpResponse<String> bad = Http.post(base + "/api/orders", "application/json", "{\"item\": \"soil\", \"cents\": \"lots\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("cents");
        assertThat(Http.post(base + "/api/orders", "application/json", "{\"cents\": 5}").body()).contains("\"field\":\"item\"");
        assertThat(Http.post(base + "/api/orders", "application/json", "not json").statusCode()).isEqualTo(400);
        assertThat(Http.post(base + "/api/orders", "text/plain", "item=soil").statusCode()).isEqualTo(415);
        HttpResponse<String> missing = Http.get(base + "/api/orders/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

        String metrics = Http.get(base + "/metrics").body();
        assertThat(metrics).contains("cairn_bus_published_total{topic=\"orders/new\"} 2.0");
    }

    @Test
    void healthIsReadyWithEveryCheckNamedAndMetricsAreInThePrometheusFormat() throws Exception {
        start("");
        await().atMost(TIMEOUT).until(() -> Http.status(base + "/health") == 200);
        JsonNode health = JSON.readTree(Http.get(base + "/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("live").asBoolean()).isTrue();
        assertThat(health.get("checks").findValuesAsText("name")).contains("framework", "system-bundles", "components");
        assertThat(Http.get(base + "/health/live").statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = Http.get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/plain").contains("version=0.0.4"));
        assertThat(metrics.body())
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("jvm_gc_collection_seconds_count")
                .contains("jvm_threads_current ")
                .contains("cairn_node_info{node=\"it-node\"")
                .containsPattern("cairn_bundles\\{state=\"ACTIVE\"} [1-9][0-9]*\\.0");
    }

    @Test
    void aBrokerThatCannotBeReachedMakesTheNodeUnreadyWithTheReason() throws Exception {
        port = Http.freePort();
        base = "http://127.0.0.1:" + port;
        node = NodeProcess.install(tmp);
        node.conf("dev.cairn.web.cfg", "http.port = " + port + "\n");
        node.conf("dev.cairn.mqtt.cfg", "broker.urls = tcp://127.0.0.1:" + Http.freePort() + "\n");
        node.start();

        await().atMost(TIMEOUT).until(() -> Http.status(base + "/health") == 503);
        JsonNode health = JSON.readTree(Http.get(base + "/health").body());
        assertThat(health.get("live").asBoolean()).as("a missing broker is no reason to restart").isTrue();
        JsonNode mqtt = null;
        for (JsonNode c : health.get("checks")) if (c.get("name").asText().equals("mqtt")) mqtt = c;
        assertThat(mqtt).isNotNull();
        assertThat(mqtt.get("status").asText()).isEqualTo("DOWN");
        assertThat(mqtt.get("reason").asText()).containsAnyOf("cannot connect", "not connected");
        assertThat(Http.get(base + "/health/live").statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/metrics").body()).contains("cairn_mqtt_connected 0.0").contains("cairn_mqtt_outbox_messages");
    }

    @Test
    void withoutItsConfigurationTheNodeOpensNoPort() throws Exception {
        start(null, "hello.jar");
        await().atMost(TIMEOUT).until(() -> node.output().contains("Hello, world!"));
        assertThatThrownBy(() -> Http.get(base + "/")).isInstanceOf(ConnectException.class);
        assertThat(node.output()).doesNotContain("Started Jetty");
    }

    @Test
    void theDashboardRefusesLoginsWithoutAPasswordAndLimitsFailedOnes() throws Exception {
        start("");
        await().atMost(TIMEOUT).until(() -> Http.status(base + "/cairn/api/session") == 200);
        HttpResponse<String> refused = Http.post(base + "/cairn/api/login", "application/json", "{\"password\": \"cairn-demo\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("no admin password is configured");
        assertThat(Http.get(base + "/cairn/api/bundles").statusCode()).isEqualTo(401);

        node.conf("dev.cairn.web.cfg", "http.port = " + port + "\n.admin.password = correct-horse-battery\n");
        node.stop();
        node.start();
        await().atMost(TIMEOUT).until(() -> Http.status(base + "/cairn/api/session") == 200);
        for (int i = 0; i < 5; i++) assertThat(Http.post(base + "/cairn/api/login", "application/json", "{\"password\": \"guess-" + i + "\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> throttled = Http.post(base + "/cairn/api/login", "application/json", "{\"password\": \"correct-horse-battery\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aLoginGivesAnHttpOnlyStrictCookieAndPostsWithoutTheCsrfTokenAreRefused() throws Exception {
        start(hashedByCairnctl("correct-horse-battery") + "\n");   // the password kept as a hash, as an operator should
        await().atMost(TIMEOUT).until(() -> Http.status(base + "/cairn/api/session") == 200);
        HttpResponse<String> in = Http.post(base + "/cairn/api/login", "application/json", "{\"password\": \"correct-horse-battery\"}");
        assertThat(in.statusCode()).isEqualTo(200);
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/cairn");
        String session = cookie.substring(0, cookie.indexOf(';'));
        String csrf = JSON.readTree(in.body()).get("csrf").asText();

        var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/cairn/api/bundles")).header("Cookie", session).build();
        HttpResponse<String> bundles = Http.CLIENT.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(bundles.statusCode()).isEqualTo(200);
        assertThat(bundles.body()).contains("dev.cairn.web");

        var noToken = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/cairn/api/bundles/1/stop")).header("Cookie", session)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        assertThat(Http.CLIENT.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        var crossOrigin = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/cairn/api/logout")).header("Cookie", session)
                .header("X-CSRF-Token", csrf).header("Origin", "http://evil.example").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        assertThat(Http.CLIENT.send(crossOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpResponse<String> configs = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/cairn/api/configs"))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(configs.body()).contains("dev.cairn.web").doesNotContain("correct-horse-battery").contains("******");
    }

}
