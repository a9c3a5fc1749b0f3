package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.api.TopicStats;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The component built with {@code new}, as the node builds it, with a bus that records what it is given. */
class GreeterTest {
    private final RecordingBus bus = new RecordingBus();

    @Test
    void greetsTheNameWithTheConfiguredSalutationAndPublishesTheGreeting() {
        Greeter greeter = new Greeter(bus, config(" Hi "));

        Greeting reply = greeter.handle(new GreetRequest("Ada"));

        assertEquals("Hi, Ada!", reply.text());
        assertEquals(List.of(Topics.GREETED + " " + reply), bus.published);
    }

    @Test
    void greetsAStrangerWhenNoNameIsGiven() {
        assertEquals("Hello, stranger!", new Greeter(bus, config("Hello")).handle(new GreetRequest(" ")).text());
    }

    @Test
    void refusesABlankSalutationNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Greeter(bus, config(" ")));
        assertTrue(e.getMessage().contains("salutation"), e.getMessage());
    }

    private static GreeterConfig config(String salutation) {
        return new GreeterConfig() {
            @Override
            public String salutation() {
                return salutation;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return GreeterConfig.class;
            }
        };
    }

    /** Only publish is used by the greeter; the rest says so if it is called. */
    private static final class RecordingBus implements Bus {
        final List<String> published = new ArrayList<>();

        @Override
        public void publish(String topic, Object payload) {
            published.add(topic + " " + payload);
        }

        @Override
        public <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options) {
            throw new UnsupportedOperationException("subscribe");
        }

        @Override
        public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
            throw new UnsupportedOperationException("request");
        }

        @Override
        public <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling) {
            throw new UnsupportedOperationException("handle");
        }

        @Override
        public Map<String, TopicStats> stats() {
            return Map.of();
        }
    }
}
