package dev.cairn.mqtt;

import dev.cairn.bus.spi.Call;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A {@link Call} on the wire: MQTT 5 user properties {@value #TRACEPARENT} (W3C Trace Context),
 * {@value #CALLER} (the sending bundle) and, on a reply, {@value #CALLEE} (the bundle that served). They are
 * what the sending node says: labels for metrics and traces, never credentials.
 *
 * <p>An event waiting in the outbox keeps them in its record's topic field, after a NUL — a character no
 * MQTT topic may hold, so a record written without them reads as before.
 */
final class CallHeaders {
    static final String TRACEPARENT = "traceparent";
    static final String CALLER = "cairn-caller";
    static final String CALLEE = "cairn-callee";
    private static final char SEPARATOR = '\0';

    private CallHeaders() {
    }

    /** Adds what {@code call} carries to {@code props}; a call with neither part adds nothing. */
    static List<UserProperty> with(List<UserProperty> props, Call call) {
        if (call == null || call.traceparent() == null && call.caller() == null) return props;
        List<UserProperty> out = new ArrayList<>(props.size() + 2);
        out.addAll(props);
        if (call.traceparent() != null) out.add(new UserProperty(TRACEPARENT, call.traceparent()));
        if (call.caller() != null) out.add(new UserProperty(CALLER, call.caller()));
        return out;
    }

    /** What a message says of its sender and trace, or null when it says nothing. */
    static Call of(MqttMessage m) {
        String traceparent = Inbox.userProperty(m, TRACEPARENT);
        String caller = Inbox.userProperty(m, CALLER);
        return traceparent == null && caller == null ? null : new Call(caller, traceparent);
    }

    /** An outbox record's topic field: the topic, then the call's parts when it is traced. */
    static String stored(String topic, Call call) {
        if (call == null || call.traceparent() == null) return topic;
        return topic + SEPARATOR + call.traceparent() + SEPARATOR + (call.caller() == null ? "" : call.caller());
    }

    /** The bus topic of a stored topic field. */
    static String topic(String stored) {
        int at = stored.indexOf(SEPARATOR);
        return at < 0 ? stored : stored.substring(0, at);
    }

    /** The call a stored topic field carries, or null. */
    static Call call(String stored) {
        int at = stored.indexOf(SEPARATOR);
        if (at < 0) return null;
        int next = stored.indexOf(SEPARATOR, at + 1);
        if (next < 0) return new Call(null, stored.substring(at + 1));
        String caller = stored.substring(next + 1);
        return new Call(caller.isEmpty() ? null : caller, stored.substring(at + 1, next));
    }
}
