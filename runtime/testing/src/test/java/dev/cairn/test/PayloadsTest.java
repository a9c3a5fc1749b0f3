package dev.cairn.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    record Reading(String sensor, double value, Instant at) {
    }

    /** No accessor Jackson knows: its JSON is {} and nothing can be made from it. */
    static final class Opaque {
        private final String text;

        Opaque(String text) {
            this.text = text;
        }
    }

    private final Payloads payloads = new Payloads();

    @Test
    void recordsOfPlainValuesAndListsAndMapsOfThemAreSentAsTheNodesWriteThem() throws Exception {
        Reading r = new Reading("gh", 21.5, Instant.parse("2026-12-03T10:00:00.123Z"));

        byte[] body = payloads.encode("sensors/gh", r);

        assertThat(new String(body)).isEqualTo("{\"sensor\":\"gh\",\"value\":21.5,\"at\":\"2026-12-03T10:00:00.123Z\"}");
        assertThat(payloads.decode(body, Reading.class)).isEqualTo(r);
        payloads.encode("it/list", List.of(r, r));
        payloads.encode("it/map", Map.of("gh", r));
    }

    @Test
    void aPayloadThatWouldNotArriveEqualIsRefusedNamingItsTypeAndTopic() {
        assertThatThrownBy(() -> payloads.encode("it/opaque", new Opaque("x")))
                .hasMessageContaining("CairnBus: a " + Opaque.class.getName() + " on 'it/opaque' cannot cross nodes: it cannot be read back");
        assertThatThrownBy(() -> payloads.encode("it/list", List.of(new Opaque("x"))))
                .hasMessageContaining(Opaque.class.getName());
        assertThatThrownBy(() -> payloads.encode("it/null", null)).hasMessageContaining("a payload on 'it/null' is null");
    }
}
