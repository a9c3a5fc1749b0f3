package dev.cairn.trace.otlp;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration, checked once: every value here works, or activation failed naming the key. No message
 * quotes a header's value: it may be a secret.
 */
record OtlpSettings(URI endpoint, Map<String, String> headers, Duration timeout, int queueMaxSpans, int batchMaxSpans,
                    Duration batchDelay, String serviceName) {

    static final String DEFAULT_PATH = "/v1/traces";
    /** An HTTP header name (RFC 9110 token). */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    static OtlpSettings of(OtlpConfig c) {
        URI endpoint = endpoint(c.endpoint());
        Map<String, String> headers = headers(c._headers());
        check(c.timeout_ms() > 0, "timeout.ms", "must be positive, not " + c.timeout_ms());
        check(c.queue_max_spans() > 0, "queue.max.spans", "must be positive, not " + c.queue_max_spans());
        check(c.batch_max_spans() > 0, "batch.max.spans", "must be positive, not " + c.batch_max_spans());
        check(c.batch_max_spans() <= c.queue_max_spans(), "batch.max.spans",
                "must not exceed queue.max.spans (" + c.queue_max_spans() + "), not " + c.batch_max_spans());
        check(c.batch_delay_ms() >= 0, "batch.delay.ms", "must not be negative, not " + c.batch_delay_ms());
        String service = c.service_name() == null ? "" : c.service_name().trim();
        check(!service.isEmpty(), "service.name", "must not be empty");
        return new OtlpSettings(endpoint, headers, Duration.ofMillis(c.timeout_ms()), c.queue_max_spans(),
                c.batch_max_spans(), Duration.ofMillis(c.batch_delay_ms()), service);
    }

    private static URI endpoint(String value) {
        String s = value == null ? "" : value.trim();
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException("endpoint", "'" + s + "' is not a URL: " + e.getReason());
        }
        boolean http = "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme());
        check(http && u.getHost() != null, "endpoint", "'" + s + "' is not an http:// or https:// URL with a host");
        // credentials in a URL end up in logs and error messages: they belong in .headers
        check(u.getRawUserInfo() == null, "endpoint", "must not hold a user or password: put them in .headers");
        if (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/")) {
            u = u.resolve(DEFAULT_PATH);
        }
        return u;
    }

    /** {@code name=value} pairs separated by commas; values may be percent-encoded, as OTEL_EXPORTER_OTLP_HEADERS allows. */
    private static Map<String, String> headers(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) return Map.of();
        int n = 0;
        for (String pair : value.split(",")) {
            n++;
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            check(eq > 0, ".headers", "entry " + n + " is not name=value");
            String name = pair.substring(0, eq).trim();
            String v = pair.substring(eq + 1).trim();
            check(name.matches(TOKEN), ".headers", "entry " + n + " has no valid header name");
            check(v.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f), ".headers",
                    "the value of header " + name + " holds a control character");
            out.put(name, percentDecoded(v, name));
        }
        return Map.copyOf(out);
    }

    private static String percentDecoded(String v, String name) {
        if (v.indexOf('%') < 0) return v;
        try {
            return java.net.URLDecoder.decode(v.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(".headers", "the value of header " + name + " has a broken %-escape");
        }
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) throw new ConfigException(key, reason);
    }

    /** Without the headers' values. */
    @Override
    public String toString() {
        return "OtlpSettings[endpoint=" + endpoint + ", headers=" + headers.keySet() + ", timeout=" + timeout
                + ", queueMaxSpans=" + queueMaxSpans + ", batchMaxSpans=" + batchMaxSpans + ", batchDelay=" + batchDelay
                + ", serviceName=" + serviceName + "]";
    }
}
