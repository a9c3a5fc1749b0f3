package dev.cairn.mqtt;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.spi.Call;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Requests this node sends: published to {@code <prefix>/svc/T} with this node's reply topic and the
 * request's id as correlation data, and completed by the reply, an error reply, the broker's "no
 * matching subscribers" (no node serves T), or the time-out. Requests are not stored: they have a
 * time-out, and a request that cannot be sent fails at once. Stages complete on the callback executor,
 * never on Paho's thread, so a caller that waits inside a continuation cannot stall replies.
 */
final class Requests {
    /** User property of an error reply: the {@link Reason} name; the payload is the message as a JSON string. */
    static final String ERROR = "cairn-error";

    private record Pending<R>(String topic, Class<R> type, CompletableFuture<R> result, long deadline, Duration timeout, Call call) {
    }

    /** {@link #sweepAt} when no sweep is armed. */
    private static final long NONE = Long.MIN_VALUE;

    private final NodeIdentity node;
    private final long epoch;
    private final FleetTopics topics;
    private final Settings settings;
    private final Json json;
    private final Counters counters;
    private final Drops drops;
    private final Supplier<Connection> link;
    private final ScheduledExecutorService timer;
    private final Executor callbacks;
    private final AtomicLong sequence = new AtomicLong();
    private final SecureRandom unguessable = drbg();
    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();
    private final ReceivingThread receiving;
    /** When the next time-out sweep runs ({@code System.nanoTime}), or {@link #NONE}. */
    private final AtomicLong sweepAt = new AtomicLong(NONE);

    Requests(NodeIdentity node, long epoch, FleetTopics topics, Settings settings, Json json, Counters counters, Drops drops,
             Supplier<Connection> link, ScheduledExecutorService timer, Executor callbacks, ReceivingThread receiving) {
        this.node = node;
        this.epoch = epoch;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
        this.counters = counters;
        this.drops = drops;
        this.link = link;
        this.timer = timer;
        this.callbacks = callbacks;
        this.receiving = receiving;
    }

    /** {@code call}: its caller and trace context go with the request, and it hears who served; may be null. */
    <R> CompletionStage<R> send(String topic, Object payload, Class<R> type, Duration timeout, Call call) {
        Duration wait = timeout == null || timeout.isNegative() || timeout.isZero() ? settings.requestTimeout() : timeout;
        Connection c = link.get();
        if (c == null) return failed(Reason.NO_HANDLER, "'" + topic + "' cannot be asked: the broker is unreachable");
        byte[] body;
        try {
            body = json.payload(topic, payload);
        } catch (BusException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (body.length > settings.maxPayload()) {
            return failed(Reason.MALFORMED_PAYLOAD, "a request of " + body.length + " bytes is over payload.max.bytes (" + settings.maxPayload() + ")");
        }
        String messageId = new MessageId(node.id(), epoch, MessageId.REQUESTS, sequence.incrementAndGet()).toString();
        // The correlation data is the reply's only credential: any node that serves something may publish on our
        // reply topic, so it carries 64 unguessable bits beside the id.
        String id = messageId + ':' + Long.toHexString(unguessable.nextLong());
        Pending<R> p = new Pending<>(topic, type, new ReplyFuture<>(callbacks, receiving), System.nanoTime() + wait.toNanos(), wait, call);
        pending.put(id, p);
        armSweep(p.deadline());
        c.publish(topics.request(topic), message(messageId, id, body, wait, call), new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int code = Connection.reasonCode(token);
                if (code == Connection.NO_MATCHING_SUBSCRIBERS) fail(id, Reason.NO_HANDLER, "no node serves '" + topic + "'");
                else if (code == Connection.NOT_AUTHORIZED) fail(id, Reason.NOT_GRANTED, "the broker refused the request to '"
                        + topic + "': not authorized — this node's grants at the broker do not include calling it");
                else if (code >= 0x80) fail(id, Reason.NO_HANDLER, "the broker refused the request to '" + topic + "' (reason code 0x" + Integer.toHexString(code) + ")");
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // without a token it never left; with one it may have reached the broker before the connection went: the time-out decides
                if (token == null) fail(id, Reason.NO_HANDLER, "the request to '" + topic + "' could not be sent: " + e);
            }
        });
        counters.requestsSent.increment();
        return p.result();
    }

    private MqttMessage message(String id, String correlation, byte[] body, Duration wait, Call call) {
        MqttMessage m = new MqttMessage(body);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(topics.replies(node.id()));
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        p.setUserProperties(CallHeaders.with(List.of(new UserProperty(MessageId.PROPERTY, id)), call));
        // the broker may drop a request nobody took in time: its caller has given up on it
        p.setMessageExpiryInterval((wait.toMillis() + 999) / 1000);
        m.setProperties(p);
        return m;
    }

    /**
     * A reply arrived (Paho's thread): find its request and complete it here, so a caller waiting in
     * {@code get()} wakes at once; what the caller chained to it runs on the reply pool ({@link ReplyFuture}).
     */
    void replied(MqttMessage m) {
        byte[] correlation = m.getProperties() == null ? null : m.getProperties().getCorrelationData();
        String id = correlation == null ? "(none)" : new String(correlation, StandardCharsets.UTF_8);
        Pending<?> p = pending.remove(id);
        if (p == null) {
            drops.drop(Drop.LATE_REPLY, topics.replies(node.id()), "no request waits for reply " + id + " (timed out, or not ours)");
            return;
        }
        complete(p, m);
    }

    private <R> void complete(Pending<R> p, MqttMessage m) {
        String error = Inbox.userProperty(m, ERROR);
        if (p.call() != null) p.call().servedBy(Inbox.userProperty(m, CallHeaders.CALLEE));
        try {
            if (error != null) throw new BusException(reason(error), errorMessage(m.getPayload()));
            if (m.getPayload().length > settings.maxPayload()) {
                throw new BusException(Reason.MALFORMED_PAYLOAD, "the reply from '" + p.topic() + "' is over payload.max.bytes");
            }
            p.result().complete(json.decode(m.getPayload(), p.type()));
        } catch (BusException e) {
            p.result().completeExceptionally(e);
        } catch (RuntimeException e) {
            p.result().completeExceptionally(new BusException(Reason.MALFORMED_PAYLOAD, "the reply from '" + p.topic() + "' cannot be read: " + e, e));
        }
    }

    /*
     * Time-outs: one sweep armed at the earliest deadline, not a timer task per request. Scheduling a task
     * that becomes the head of the timer's queue wakes the timer thread — once per request when they are
     * answered in time, as most are — and a cancelled task is work for that thread again. A sweep expires
     * what is due and re-arms itself for the earliest deadline left; an answered request just leaves the map.
     */
    private void armSweep(long deadline) {
        long at = sweepAt.get();
        while (at == NONE || deadline - at < 0) {
            if (sweepAt.compareAndSet(at, deadline)) {
                timer.schedule(this::sweep, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            }
            at = sweepAt.get();
        }
    }

    /** A deterministic random bit generator (NIST SP 800-90A) seeded from the system: fast, and unpredictable. */
    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** On the timer's one thread, so sweeps never overlap; a request sent meanwhile arms its own. */
    private void sweep() {
        sweepAt.set(NONE);
        long now = System.nanoTime();
        long next = NONE;
        for (Map.Entry<String, Pending<?>> e : pending.entrySet()) {
            long deadline = e.getValue().deadline();
            if (deadline - now <= 0) expire(e.getKey());
            else if (next == NONE || deadline - next < 0) next = deadline;
        }
        if (next != NONE) armSweep(next);
    }

    private void expire(String id) {
        Pending<?> p = pending.remove(id);
        if (p == null) return;
        counters.timeouts.increment();
        Threads.submit(callbacks, () -> p.result().completeExceptionally(
                new BusException(Reason.TIMEOUT, "no reply from '" + p.topic() + "' within " + p.timeout().toMillis() + " ms")));
    }

    private void fail(String id, Reason reason, String message) {
        Pending<?> p = pending.remove(id);
        if (p == null) return;
        if (!Threads.submit(callbacks, () -> p.result().completeExceptionally(new BusException(reason, message)))) {
            p.result().completeExceptionally(new BusException(reason, message));   // stopping: complete here rather than never
        }
    }

    /** The bus closed: every waiting request fails with CLOSED. */
    void failAll(String why) {
        for (String id : List.copyOf(pending.keySet())) fail(id, Reason.CLOSED, why);
    }

    private String errorMessage(byte[] payload) {
        try {
            return json.decode(payload, String.class);
        } catch (RuntimeException e) {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static Reason reason(String name) {
        try {
            return Reason.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Reason.HANDLER_FAILED;   // a newer node's reason this one does not know
        }
    }

    private static <R> CompletionStage<R> failed(Reason reason, String message) {
        return CompletableFuture.failedFuture(new BusException(reason, message));
    }
}
