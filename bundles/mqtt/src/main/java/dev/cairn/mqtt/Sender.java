package dev.cairn.mqtt;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the outbox to the broker: in order, with at most half the broker's receive maximum in flight
 * (the rest stays free for requests, replies and presence), and marks an event done only when its PUBACK
 * arrives.
 *
 * <p>The pump runs in whichever thread brings it work — the publisher after an append, Paho's callback
 * thread after a PUBACK, the timer for a retry — one at a time under a lock: a thread that finds the
 * lock taken leaves its work to the holder, who looks again before it leaves. Handing Paho a message never
 * waits on the network, so this costs the publisher a few microseconds and saves a thread wake-up per
 * event and per acknowledgement (what a dedicated sender thread costs, ~10 % of a node's CPU per event).
 *
 * <p>After a connect on which the broker had no session for this node — it restarted, and so did every
 * other node's subscriptions — the sender first replays the kept, already acknowledged events, then
 * sends one event at a time while the broker answers "no matching subscribers" (0x10), retrying it
 * until some node has subscribed again or {@code resume.hold.ms} has passed. Sending one at a time
 * keeps the order: nothing overtakes the event being retried.
 */
final class Sender implements Connector.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final Duration SYNC_EVERY = Duration.ofMillis(200);
    private static final int MAX_WINDOW = 64;

    private final String node;
    private final Outbox outbox;
    private final FleetTopics topics;
    private final Counters counters;
    private final Drops drops;
    private final Duration resumeHold;
    private final ScheduledExecutorService timer;
    private final ReentrantLock pumping = new ReentrantLock();
    private final AtomicBoolean work = new AtomicBoolean();
    /** PUBACKs (and failures) from Paho's thread, taken by whoever pumps next. */
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Backoff retryDelay = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1));

    // guarded by pumping
    private Connection connection;
    private int window;
    private int inFlight;
    private boolean holding;
    private long holdUntilNanos;
    private ScheduledFuture<?> retry;   // a resend waiting for its delay: nothing goes before it
    private boolean connectedBefore;

    Sender(String node, Outbox outbox, FleetTopics topics, Counters counters, Drops drops, Duration resumeHold,
           ScheduledExecutorService timer) {
        this.node = node;
        this.outbox = outbox;
        this.topics = topics;
        this.counters = counters;
        this.drops = drops;
        this.resumeHold = resumeHold;
        this.timer = timer;
        timer.scheduleWithFixedDelay(this::sync, SYNC_EVERY.toMillis(), SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The broker's answer to one event sent on connection {@code c}: a reason code, or {@code failed}. */
    private record Ack(Connection c, Outbox.Outgoing o, int code, boolean failed) {
    }

    /**
     * Something was appended or acknowledged: take the acknowledgements and send what the window allows,
     * here, unless another thread is at it — then that one does. Callable from any thread; never blocks.
     */
    void wake() {
        work.set(true);
        if (pumping.isHeldByCurrentThread()) return;   // called back from inside the pump, which goes round again
        while (work.get() && pumping.tryLock()) {
            try {
                work.set(false);
                takeAcks();
                pump();
            } finally {
                pumping.unlock();
            }
        }
    }

    private void takeAcks() {
        for (Ack a; (a = acks.poll()) != null; ) {
            if (!a.failed()) acknowledged(a.c(), a.o(), a.code());
            else if (a.c() == connection) inFlight--;
        }
    }

    /** Runs {@code task} holding the pump (waiting for it if need be), then pumps whatever is left. */
    private void locked(Runnable task) {
        pumping.lock();
        try {
            task.run();
        } finally {
            pumping.unlock();
        }
        wake();
    }

    /**
     * A new connection. Without a session at the broker, the kept events are replayed — only on a
     * reconnect within this run: at a first connect an old session may simply have expired, and replaying
     * its last events could give them twice to receivers that restarted meanwhile. The wait for
     * subscribers applies after any connect that has a backlog to deliver.
     */
    @Override
    public void connected(Connection c) {
        locked(() -> {
            boolean reconnect = connectedBefore;
            connectedBefore = true;
            connection = c;
            inFlight = 0;
            window = Math.max(1, Math.min(MAX_WINDOW, c.receiveMaximum / 2));
            if (!c.sessionPresent && reconnect) outbox.replay();
            else outbox.rewind();
            holding = !c.sessionPresent && !resumeHold.isZero() && (reconnect || outbox.pending() > 0);
            holdUntilNanos = System.nanoTime() + resumeHold.toNanos();
            retryDelay.reset();
            if (retry != null) retry.cancel(false);
            retry = null;
        });
    }

    /**
     * The transport stops: once this returns no pump is running nor will send again, so the outbox can
     * be closed. Acknowledgements already in go to the outbox first.
     */
    void stop() {
        locked(() -> {
            takeAcks();
            connection = null;
        });
    }

    @Override
    public void lost(Connection c) {
        locked(() -> {
            if (connection == c) connection = null;
        });
    }

    private void pump() {
        if (retry != null) return;   // new events must not overtake (nor hurry) the one waiting to be resent
        while (connection != null && inFlight < (holding ? 1 : window)) {
            Outbox.Outgoing o = outbox.next();
            if (o == null) return;
            Connection c = connection;
            boolean taken;
            try {
                taken = c.tryPublish(topics.event(o.topic()), message(o), listener(c, o));
            } catch (MqttException e) {
                outbox.rewindTo(o.entry());   // the connection is going; the connector reconnects and we go on then
                LOG.debug("{}: outbox paused: {}", node, e.toString());
                return;
            } catch (RuntimeException e) {
                // Paho refuses the message itself (it never will take it): it must not block the ones behind it
                drops.drop(Drop.REJECTED, o.topic(), "event " + o.id() + " refused by the MQTT client: " + e);
                outbox.done(o.entry());
                continue;
            }
            if (!taken) {
                outbox.rewindTo(o.entry());   // Paho is busy (#993): again in a moment
                retryLater(2);
                return;
            }
            inFlight++;
            counters.eventsSent.increment();
        }
    }

    private MqttMessage message(Outbox.Outgoing o) {
        MqttMessage m = new MqttMessage(o.payload());
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(CallHeaders.with(List.of(new UserProperty(MessageId.PROPERTY, o.id().toString())), CallHeaders.call(o.stored())));
        m.setProperties(p);
        return m;
    }

    private MqttActionListener listener(Connection c, Outbox.Outgoing o) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acks.add(new Ack(c, o, Connection.reasonCode(token), false));
                wake();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // the connection is failing; everything unacknowledged goes again after the reconnect
                acks.add(new Ack(c, o, 0, true));
                wake();
            }
        };
    }

    private void acknowledged(Connection c, Outbox.Outgoing o, int code) {
        boolean current = c == connection;
        if (current) inFlight--;
        if (code == Connection.NO_MATCHING_SUBSCRIBERS && current && holding) {
            if (System.nanoTime() - holdUntilNanos < 0) {
                outbox.rewindTo(o.entry());
                retryLater(retryDelay.nextMillis());
                return;
            }
            LOG.info("{}: no node subscribed to '{}' within resume.hold.ms; sending on", node, o.topic());
        }
        if (code >= 0x80) {
            if (retryable(code)) {
                outbox.rewindTo(o.entry());
                retryLater(retryDelay.nextMillis());
                return;
            }
            if (code == Connection.NOT_AUTHORIZED) {
                drops.drop(Drop.NOT_AUTHORIZED, o.topic(), "the broker refused event " + o.id() + ": not authorized — this"
                        + " node's grants at the broker do not include publishing it (cairnctl access " + node + ")");
            } else {
                drops.drop(Drop.REJECTED, o.topic(), "the broker refused event " + o.id() + " with reason code 0x" + Integer.toHexString(code));
            }
        } else {
            counters.eventsAcknowledged.increment();
        }
        if (current && holding && code != Connection.NO_MATCHING_SUBSCRIBERS) holding = false;
        if (current && System.nanoTime() - holdUntilNanos >= 0) holding = false;
        outbox.done(o.entry());
        retryDelay.reset();
    }

    /** Transient refusals: unspecified, implementation specific, server busy, quota exceeded. */
    private static boolean retryable(int code) {
        return code == 0x80 || code == 0x83 || code == 0x89 || code == 0x97;
    }

    private void retryLater(long millis) {
        if (retry != null) return;
        try {
            retry = timer.schedule(() -> locked(() -> retry = null), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            retry = null;
        }
    }

    private void sync() {
        try {
            outbox.sync();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: outbox could not be forced to disk: {}", node, e.toString());
        }
    }
}
