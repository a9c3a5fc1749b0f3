package dev.cairn.trace.otlp;

import java.lang.annotation.Annotation;

/** An {@link OtlpConfig} as ConfigAdmin would make it: the defaults, and what a test changes. */
record TestConfig(String endpoint, String _headers, int timeout_ms, int queue_max_spans, int batch_max_spans,
                  int batch_delay_ms, String service_name) implements OtlpConfig {

    static TestConfig endpoint(String url) {
        return new TestConfig(url, "", 10_000, 2048, 512, 5000, "cairn");
    }

    TestConfig headers(String value) {
        return new TestConfig(endpoint, value, timeout_ms, queue_max_spans, batch_max_spans, batch_delay_ms, service_name);
    }

    TestConfig timeoutMs(int value) {
        return new TestConfig(endpoint, _headers, value, queue_max_spans, batch_max_spans, batch_delay_ms, service_name);
    }

    TestConfig queue(int maxSpans) {
        return new TestConfig(endpoint, _headers, timeout_ms, maxSpans, batch_max_spans, batch_delay_ms, service_name);
    }

    TestConfig batch(int maxSpans, int delayMs) {
        return new TestConfig(endpoint, _headers, timeout_ms, queue_max_spans, maxSpans, delayMs, service_name);
    }

    TestConfig serviceName(String value) {
        return new TestConfig(endpoint, _headers, timeout_ms, queue_max_spans, batch_max_spans, batch_delay_ms, value);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return OtlpConfig.class;
    }
}
