package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.api.BusException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Reading(String sensor, double value, Instant at, Duration window) {
    }

    private final Json json = new Json();

    @Test
    void javaTimeValuesTravelAsIsoStringsAndComeBackEqual() {
        Reading r = new Reading("greenhouse-1", 21.5, Instant.parse("2026-11-22T10:15:30.123Z"), Duration.ofSeconds(90));

        byte[] bytes = json.encode(r);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"at\":\"2026-11-22T10:15:30.123Z\"").contains("\"window\":\"PT1M30S\"");
        assertThat(json.decode(bytes, Reading.class)).isEqualTo(r);
    }

    /** Works in one JVM, never across nodes: no accessors, so its JSON is {} and it cannot be made from it. */
    static final class Opaque {
        private final String secret;

        Opaque(String secret) {
            this.secret = secret;
        }
    }

    /** A record holding an array: its JSON is fine, but records compare arrays by identity. */
    record Samples(String sensor, double[] values) {
    }

    /** Its equals is its own, but the JSON drops a field (no accessor): the copy differs. */
    static final class Half {
        public String kept;
        private String lost;

        public Half() {
        }

        Half(String kept, String lost) {
            this.kept = kept;
            this.lost = lost;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Half h && java.util.Objects.equals(kept, h.kept) && java.util.Objects.equals(lost, h.lost);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(kept, lost);
        }
    }

    private final Json checking = new Json(true);

    @Test
    void withPayloadCheckOnARecordOfPlainValuesPasses() {
        Reading r = new Reading("greenhouse-1", 21.5, Instant.parse("2026-11-22T10:15:30.123Z"), Duration.ofSeconds(90));

        assertThat(checking.payload("sensors/gh", r)).isEqualTo(json.encode(r));
    }

    @Test
    void withPayloadCheckATypeThatCannotBeReadBackIsRefusedNamingItWithoutItsValues() {
        assertThatThrownBy(() -> checking.payload("it/opaque", new Opaque("hunter2")))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("payload check failed: a " + Opaque.class.getName() + " on 'it/opaque' does not cross nodes")
                .hasMessageContaining("cannot be read back")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void withPayloadCheckACopyThatIsNotEqualIsRefusedWithTheFieldsTheJsonHas() {
        assertThatThrownBy(() -> checking.payload("it/half", new Half("a", "b")))
                .hasMessageContaining("a " + Half.class.getName() + " on 'it/half'")
                .hasMessageContaining("reads back from its JSON as a different value (JSON fields: [kept])");
        assertThatThrownBy(() -> checking.payload("it/samples", new Samples("gh", new double[] {1, 2})))
                .hasMessageContaining(Samples.class.getName());
    }

    @Test
    void withPayloadCheckTheElementsOfAListOrMapAreCheckedEachAsItsOwnType() {
        Reading r = new Reading("gh", 1.5, Instant.parse("2026-11-22T10:15:30Z"), Duration.ofSeconds(1));

        checking.payload("it/list", java.util.List.of(r, r));
        checking.payload("it/map", java.util.Map.of("gh", r));
        assertThatThrownBy(() -> checking.payload("it/list", java.util.List.of(r, new Opaque("x"))))
                .hasMessageContaining("a " + Opaque.class.getName() + " on 'it/list'");
    }

    @Test
    void withoutPayloadCheckTheSameTypesAreSentAsBefore() {
        assertThat(new String(json.payload("it/opaque", new Opaque("x")), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
}
