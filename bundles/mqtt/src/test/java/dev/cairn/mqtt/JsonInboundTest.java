package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonInboundTest {
    record Line(String sku, int qty) {
    }

    record Order(String id, List<Line> lines, Map<String, String> tags) {
    }

    record OrderV2(String id) {
    }

    private final Json json = new Json();

    private final List<String> malformed = new ArrayList<>();

    private JsonInbound inbound(Object value) {
        return inbound(json.encode(value));
    }

    private JsonInbound inbound(byte[] bytes) {
        return new JsonInbound(json, bytes, malformed::add);
    }

    private JsonInbound inbound(String text) {
        return inbound(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsTravelAsJsonAndEachTypeIsDecodedOnceAndShared() {
        Order o = new Order("o-1", List.of(new Line("a", 2)), Map.of("channel", "web"));
        JsonInbound in = inbound(o);

        Order first = in.as(Order.class);

        assertThat(first).isEqualTo(o);
        assertThat(in.as(Order.class)).isSameAs(first);
        assertThat(in.as(OrderV2.class)).isEqualTo(new OrderV2("o-1"));   // unknown fields tolerated
        assertThat(in.as(Map.class)).containsEntry("id", "o-1");
        assertThat(malformed).isEmpty();
    }

    @Test
    void aPayloadThatDoesNotFitTheTypeIsMalformedForThatTypeOnly() {
        JsonInbound in = inbound("{\"id\":[1]}");

        assertThatThrownBy(() -> in.as(OrderV2.class))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD));
        assertThatThrownBy(() -> in.as(OrderV2.class)).isInstanceOf(BusException.class);
        assertThat(in.as(Map.class)).containsKey("id");
        assertThat(malformed).as("the transport hears of a malformed payload once").hasSize(1);
    }

    @Test
    void textThatIsNotOneJsonValueIsMalformed() {
        for (String bad : List.of("", "{", "{\"a\":1} trailing", "nope")) {
            assertThatThrownBy(() -> inbound(bad).as(OrderV2.class)).as(bad)
                    .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD));
        }
        assertThat(malformed).hasSize(4);
        assertThat(inbound("null").as(OrderV2.class)).isNull();
    }

    @Test
    void anObjectJacksonCannotWriteIsAMalformedPayload() {
        Object selfReferencing = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> json.encode(selfReferencing))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD));
    }
}
