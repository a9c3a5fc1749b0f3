package dev.cairn.mqtt;

import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.slf4j.Logger;

/** Small Paho action listeners; they run on Paho's callback thread, so they catch everything. */
final class Listeners {
    private Listeners() {
    }

    static MqttActionListener logFailure(Logger log, String what) {
        return of(t -> { }, e -> log.warn("{}: {}", what, e.toString()));
    }

    static MqttActionListener of(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                try {
                    success.accept(token);
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger(Listeners.class).error("a completion handler failed", e);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                try {
                    failure.accept(exception);
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger(Listeners.class).error("a failure handler failed", e);
                }
            }
        };
    }
}
