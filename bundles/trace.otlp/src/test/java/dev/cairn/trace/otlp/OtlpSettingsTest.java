package dev.cairn.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpSettingsTest {

    @Test
    void theDefaultsWork() {
        OtlpSettings s = OtlpSettings.of(TestConfig.endpoint("http://127.0.0.1:4318/v1/traces"));

        assertThat(s.endpoint()).hasToString("http://127.0.0.1:4318/v1/traces");
        assertThat(s.headers()).isEmpty();
        assertThat(s.serviceName()).isEqualTo("cairn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://collector:4318", "http://collector:4318/"})
    void anEndpointWithoutAPathGetsTheTracesPath(String url) {
        assertThat(OtlpSettings.of(TestConfig.endpoint(url)).endpoint()).hasToString("http://collector:4318/v1/traces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://collector/v1/traces", "collector:4318", "", "http:///v1/traces", "http://a b/"})
    void anEndpointThatIsNotAnHttpUrlIsRefusedNamingTheKey(String url) {
        assertThatThrownBy(() -> OtlpSettings.of(TestConfig.endpoint(url)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("endpoint: ");
    }

    @Test
    void credentialsInTheEndpointAreRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> OtlpSettings.of(TestConfig.endpoint("https://user:hunter2@collector/v1/traces")))
                .hasMessageStartingWith("endpoint: ").hasMessageNotContaining("hunter2");
    }

    @Test
    void headersAreNameValuePairs() {
        OtlpSettings s = OtlpSettings.of(TestConfig.endpoint("https://otlp.example/v1/traces")
                .headers("api-key=s3cr%3Dt, x-tenant = edge"));

        assertThat(s.headers()).isEqualTo(Map.of("api-key", "s3cr=t", "x-tenant", "edge"));
        assertThat(s.toString()).contains("api-key").doesNotContain("s3cr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-key", "=s3cret", "bad name=s3cret", "k=s3cret\r\nX: y", "k=s3cret%zz"})
    void aBrokenHeaderIsRefusedNamingTheKeyButNeverItsValue(String headers) {
        assertThatThrownBy(() -> OtlpSettings.of(TestConfig.endpoint("http://c/v1/traces").headers(headers)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(".headers: ").hasMessageNotContaining("s3cret");
    }

    @Test
    void sizesAndTimesMustWork() {
        TestConfig c = TestConfig.endpoint("http://c/v1/traces");
        assertThatThrownBy(() -> OtlpSettings.of(c.timeoutMs(0))).hasMessageStartingWith("timeout.ms: ");
        assertThatThrownBy(() -> OtlpSettings.of(c.queue(0))).hasMessageStartingWith("queue.max.spans: ");
        assertThatThrownBy(() -> OtlpSettings.of(c.batch(0, 1))).hasMessageStartingWith("batch.max.spans: ");
        assertThatThrownBy(() -> OtlpSettings.of(c.queue(10).batch(11, 1))).hasMessageStartingWith("batch.max.spans: ");
        assertThatThrownBy(() -> OtlpSettings.of(c.batch(1, -1))).hasMessageStartingWith("batch.delay.ms: ");
        assertThatThrownBy(() -> OtlpSettings.of(c.serviceName(" "))).hasMessageStartingWith("service.name: ");
    }
}
