package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Dictionary;
import org.junit.jupiter.api.Test;

class HttpSwitchTest {
    static WebConfig config(String host, int port) {
        return new WebConfig() {
            @Override
            public boolean http_enabled() {
                return true;
            }

            @Override
            public String http_host() {
                return host;
            }

            @Override
            public int http_port() {
                return port;
            }

            @Override
            public String _admin_password() {
                return "";
            }

            @Override
            public boolean demo() {
                return false;
            }

            @Override
            public int session_minutes() {
                return 60;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return WebConfig.class;
            }
        };
    }

    @Test
    void jettyListensOnLoopbackUnlessAnotherAddressIsGivenAndNeverAdvertisesItself() {
        Dictionary<String, Object> d = HttpSwitch.jettyProperties(config(" ", 8081));
        assertThat(d.get("org.apache.felix.http.host")).isEqualTo("127.0.0.1");
        assertThat(d.get("org.osgi.service.http.port")).isEqualTo(8081);
        assertThat(d.get("org.apache.felix.https.enable")).isEqualTo(false);
        assertThat(d.get("org.apache.felix.http.jetty.sendServerHeader")).isEqualTo(false);
        assertThat(d.get(HttpSwitch.MANAGED)).isEqualTo(true);
        assertThat(HttpSwitch.jettyProperties(config("0.0.0.0", 80)).get("org.apache.felix.http.host")).isEqualTo("0.0.0.0");
    }

    @Test
    void aPortOutOfRangeIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> HttpSwitch.jettyProperties(config("127.0.0.1", 70000))).hasMessageContaining("http.port");
    }
}
