package dev.cairn.mqtt;

import dev.cairn.mqtt.sockets.PahoThreads;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node connected, on a thread of its own. Paho's automatic reconnect stays off (its delay
 * setting is ignored and its backoff is one static for all clients, #864); instead each attempt takes
 * the next broker URL of the list, failures back off exponentially with jitter, and every connection
 * subscribes everything again before anything is sent: a broker that restarted without a session has
 * forgotten the subscriptions, and subscribing before publishing avoids Mosquitto #2871.
 */
final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    static final int CONNECT_TIMEOUT_SECONDS = ConnectOptions.CONNECT_TIMEOUT_SECONDS;
    /** A connection that lasted this long was a good one: the next outage starts the backoff afresh. */
    static final Duration STABLE = Duration.ofSeconds(10);

    interface Listener {
        void connected(Connection c);

        void lost(Connection c);
    }

    private final Settings settings;
    private final NodeIdentity node;
    private final Subscriptions subscriptions;
    private final Presence presence;
    private final Counters counters;
    private final Drops drops;
    private final ScheduledExecutorService loop;
    private final PahoThreads paho;
    private final BiConsumer<String, MqttMessage> inbox;
    private final Listener listener;
    private final Backoff backoff;
    private volatile Connection current;
    private volatile boolean stopping;
    // confined to the loop thread
    private int next;
    private long number;
    private int failuresInARow;
    private long connectedAtNanos;

    Connector(Settings settings, NodeIdentity node, Subscriptions subscriptions, Presence presence, Counters counters,
              Drops drops, ScheduledExecutorService loop, PahoThreads paho, BiConsumer<String, MqttMessage> inbox, Listener listener) {
        this.settings = settings;
        this.node = node;
        this.subscriptions = subscriptions;
        this.presence = presence;
        this.counters = counters;
        this.drops = drops;
        this.loop = loop;
        this.paho = paho;
        this.inbox = inbox;
        this.listener = listener;
        this.backoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax());
    }

    void start() {
        loop.execute(this::attempt);
    }

    /** The live connection, or null while there is none. */
    Connection current() {
        return current;
    }

    private void attempt() {
        if (stopping) return;
        List<URI> brokers = settings.brokers();
        URI broker = brokers.get(next % brokers.size());
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(broker.toString(), node.id(), new MemoryPersistence(), new TimerPingSender(paho), paho);
            PahoCallback callback = new PahoCallback(node.id(), inbox, this::lost);
            client.setCallback(callback);
            IMqttToken token = client.connect(ConnectOptions.of(settings, presence, broker));
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS + 5));
            Connection c = new Connection(++number, broker, client, token.getSessionPresent(), ConnectOptions.receiveMaximum(token), paho);
            if (!callback.attach(c)) throw new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST);
            established(c);
        } catch (MqttException | RuntimeException e) {
            if (client != null) new Connection(0, broker, client, false, 0, paho).abandon();
            failed(broker, e);
        }
    }

    private void established(Connection c) throws MqttException {
        if (stopping) {
            c.abandon();
            return;
        }
        subscribeAll(c);
        current = c;
        connectedAtNanos = System.nanoTime();
        counters.connects.increment();
        counters.connected = true;
        LOG.info("{}: connected to {}{}{}", node.id(), c.broker, c.sessionPresent ? " (session resumed)" : " (new session)",
                failuresInARow > 0 ? " after " + failuresInARow + " failed attempts" : "");
        failuresInARow = 0;
        presence.announce(c);
        listener.connected(c);
    }

    private void subscribeAll(Connection c) throws MqttException {
        MqttSubscription[] all = subscriptions.all();
        IMqttToken t = c.client.subscribe(all, null, null, new MqttProperties());
        t.waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS));
        checkGranted(all, t.getReasonCodes());
    }

    private void failed(URI broker, Exception e) {
        counters.connectFailures.increment();
        counters.problem = "cannot connect to " + broker + ": " + describe(e);
        failuresInARow++;
        next++;
        long delay = backoff.nextMillis();
        if (failuresInARow == 1) {
            LOG.warn("{}: cannot connect to {}: {}; retrying with backoff (logged once per outage)", node.id(), broker, describe(e));
        } else {
            LOG.debug("{}: attempt {} to connect to {} failed: {}; next in {} ms", node.id(), failuresInARow, broker, describe(e), delay);
        }
        schedule(delay);
    }

    /** From Paho's thread when the connection ends; handled on the loop thread. */
    private void lost(Connection c, Throwable cause) {
        Threads.submit(loop, () -> {
            if (current != c) return;
            current = null;
            counters.connected = false;
            counters.problem = "connection to " + c.broker + " lost: " + describe(cause);
            subscriptions.connectionLost();
            listener.lost(c);
            c.closeClient();
            if (stopping) return;
            if (System.nanoTime() - connectedAtNanos >= STABLE.toNanos()) backoff.reset();
            long delay = backoff.nextMillis();
            LOG.warn("{}: connection to {} lost ({}); reconnecting in {} ms", node.id(), c.broker, describe(cause), delay);
            schedule(delay);
        });
    }

    /** Subscribes or unsubscribes one filter on the live connection; the next connection subscribes all anyway. */
    void change(MqttSubscription subscription, boolean on) {
        Threads.submit(loop, () -> {
            Connection c = current;
            if (c == null) return;
            try {
                if (on) {
                    MqttSubscription[] one = {subscription};
                    c.client.subscribe(one, null, Listeners.of(t -> checkGranted(one, t.getReasonCodes()),
                            e -> LOG.warn("{}: subscribing {} failed: {}", node.id(), subscription.getTopic(), e.toString())), new MqttProperties());
                } else {
                    subscriptions.granted(subscription.getTopic(), false);
                    c.client.unsubscribe(subscription.getTopic());
                }
            } catch (MqttException | RuntimeException e) {
                LOG.debug("{}: {} {} not sent ({}); the next connection subscribes what is wanted then",
                        node.id(), on ? "subscribing" : "unsubscribing", subscription.getTopic(), e.toString());
            }
        });
    }

    private void checkGranted(MqttSubscription[] asked, int[] codes) {
        for (int i = 0; codes != null && i < codes.length && i < asked.length; i++) {
            if (codes[i] == Connection.NOT_AUTHORIZED) {
                drops.drop(Drop.NOT_AUTHORIZED, asked[i].getTopic(), "the broker refused the subscription: not authorized —"
                        + " this node's grants at the broker do not include it, so its messages will not arrive (cairnctl access " + node.id() + ")");
            } else if (codes[i] >= 0x80) {
                LOG.error("{}: the broker refused the subscription {} (reason code 0x{}): its messages will not arrive",
                        node.id(), asked[i].getTopic(), Integer.toHexString(codes[i]));
            } else {
                subscriptions.granted(asked[i].getTopic(), true);
            }
        }
    }

    /**
     * A clean stop: "offline" from us, then DISCONNECT, so the broker does not send the will. Runs on the
     * loop thread, after a connect attempt under way, so no connection is made behind it.
     */
    void stop(Duration wait) {
        stopping = true;
        try {
            loop.submit(() -> disconnect(wait)).get(3 * wait.toMillis() + TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("{}: clean disconnect did not finish: {}", node.id(), e.toString());
        }
    }

    private void disconnect(Duration wait) {
        Connection c = current;
        current = null;
        counters.connected = false;
        subscriptions.connectionLost();
        if (c == null) return;
        listener.lost(c);
        presence.stopped(c, wait);
        try {
            c.client.disconnect(wait.toMillis()).waitForCompletion(wait.toMillis());
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: disconnect: {}", node.id(), e.toString());
        }
        c.abandon();
        LOG.info("{}: disconnected from {}", node.id(), c.broker);
    }

    private void schedule(long delayMillis) {
        if (stopping) return;
        try {
            loop.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Paho's exceptions already name their cause in toString. */
    private static String describe(Throwable e) {
        if (e == null) return "no reason given";
        Throwable cause = e.getCause();
        return cause == null || e.toString().contains(cause.getClass().getName()) ? e.toString() : e + " (" + cause + ")";
    }
}
