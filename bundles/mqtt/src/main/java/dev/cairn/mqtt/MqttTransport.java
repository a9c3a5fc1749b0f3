package dev.cairn.mqtt;

import dev.cairn.mqtt.sockets.PahoThreads;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.spi.Call;
import dev.cairn.bus.spi.Receiver;
import dev.cairn.launcher.spi.NodeChannel;
import dev.cairn.bus.spi.Transport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus between nodes over MQTT 5 (DESIGN.md, "MQTT mapping"). Only present when configuration
 * {@value #PID} exists: without it the bus stays in its JVM. The transport methods never wait on the
 * network: an event is written to the outbox and the sender takes it from there; a request is handed to
 * Paho and completes later. The connection is made when the bus opens the transport.
 */
@Component(name = MqttTransport.PID, service = {Transport.class, NodeChannel.class}, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MqttConfig.class)
public final class MqttTransport implements Transport, NodeChannel {
    static final String PID = "dev.cairn.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final int EVENT_QUEUE = 10_000;
    private static final int REQUEST_THREADS = 2;
    private static final int REQUEST_QUEUE = 1_000;

    private final Settings settings;
    private final NodeIdentity node;
    private final FleetTopics topics;
    private final Counters counters = new Counters();
    private final Json json;
    private final Drops drops;
    private final Outbox outbox;
    private final Subscriptions subscriptions;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService sending;
    private final ThreadPoolExecutor events;
    private final ThreadPoolExecutor serving;
    private final ExecutorService callbacks;
    private final PahoThreads paho;
    private final Presence presence;
    private final Requests requests;
    private final Sender sender;
    private final Connector connector;
    private final AutoCloseable bundleWatch;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong directSequence = new AtomicLong();
    private volatile Receiver receiver;
    private volatile boolean closed;

    @Activate
    public MqttTransport(MqttConfig config, BundleContext context) throws IOException {
        this(config, NodeIdentity.fromFramework(context::getProperty), dataArea(context), new FrameworkBundles(context));
    }

    /** For tests and embedding: the node's identity, the outbox folder and the bundles are given. */
    public MqttTransport(MqttConfig config, NodeIdentity node, Path outboxDir, Bundles bundles) throws IOException {
        this.settings = Settings.of(config);
        this.json = new Json(config.payload_check());
        this.node = node;
        this.topics = new FleetTopics(settings.prefix());
        this.drops = new Drops(node.id(), counters);
        this.outbox = Outbox.open(outboxDir, node.id(),
                new Outbox.Limits(settings.outboxMaxMessages(), settings.outboxMaxBytes(), settings.outboxFull(), settings.replayMessages()), counters);
        String name = "cairn-mqtt " + node.id();
        // cancelled tasks (reconnect attempts, presence updates) leave the queue at once
        ScheduledThreadPoolExecutor link = new ScheduledThreadPoolExecutor(1, Threads.named(name + " link"));
        link.setRemoveOnCancelPolicy(true);
        this.loop = link;
        this.sending = Executors.newSingleThreadScheduledExecutor(Threads.named(name + " outbox"));
        this.events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(EVENT_QUEUE),
                Threads.named(name + " events"), (task, pool) -> waitForRoom(task, pool));
        this.serving = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(REQUEST_QUEUE), Threads.named(name + " requests"));
        this.callbacks = Executors.newCachedThreadPool(Threads.named(name + " replies"));
        this.paho = new PahoThreads(name);
        this.subscriptions = new Subscriptions(topics, node.id());
        this.presence = new Presence(node, topics, bundles, subscriptions, json, loop, this::connection);
        ReceivingThread receiving = new ReceivingThread();
        this.requests = new Requests(node, outbox.epoch(), topics, settings, json, counters, drops, this::connection, loop, callbacks, receiving);
        this.sender = new Sender(node.id(), outbox, topics, counters, drops, settings.resumeHold(), sending);
        Stalls stalls = new Stalls();
        RequestServer server = new RequestServer(node, topics, settings.maxPayload(), json, drops, counters, subscriptions,
                () -> receiver, this::connection, serving, topic -> connector().change(subscriptions.serving(topic), false), stalls);
        Inbox inbox = new Inbox(node, topics, settings.maxPayload(), json, new Dedup(), drops, counters, () -> receiver,
                requests, server, events, receiving, stalls);
        this.connector = new Connector(settings, node, subscriptions, presence, counters, drops, loop, paho, inbox::arrived, sender);
        this.bundleWatch = bundles.watch(presence::changed);
        LOG.debug("{}: MQTT transport configured: {}", node.id(), settings.brokers());
    }

    @Override
    public void open(Receiver r) {
        receiver = r;
        closed = false;
        if (started.compareAndSet(false, true)) connector.start();
    }

    @Override
    public void close() {
        closed = true;
        receiver = null;
        requests.failAll("the bus of node " + node.id() + " closed its transport");
        // requests must go to nodes that still serve; event subscriptions stay, so the session keeps queuing
        for (String topic : subscriptions.clear()) connector.change(subscriptions.serving(topic), false);
        presence.changed();
    }

    @Override
    public void publish(String topic, Object payload) {
        publish(topic, payload, null);
    }

    @Override
    public void publish(String topic, Object payload, Call call) {
        if (closed) throw new BusException(Reason.CLOSED, "the MQTT transport of node " + node.id() + " is closed");
        byte[] body = json.payload(topic, payload);
        if (body.length > settings.maxPayload()) {
            counters.drop(Drop.OVERSIZE);
            throw new BusException(Reason.MALFORMED_PAYLOAD, "an event of " + body.length + " bytes on '" + topic
                    + "' is over payload.max.bytes (" + settings.maxPayload() + "); it was delivered in this JVM only");
        }
        if (settings.eventsQos() == 0) {
            publishDirect(topic, body, call);
        } else if (outbox.append(CallHeaders.stored(topic, call), body) != null) {
            sender.wake();
        }
    }

    @Override
    public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
        if (closed) return CompletableFuture.failedFuture(new BusException(Reason.CLOSED, "the MQTT transport of node " + node.id() + " is closed"));
        return requests.send(topic, payload, replyType, timeout, null);
    }

    @Override
    public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout, Call call) {
        if (closed) return CompletableFuture.failedFuture(new BusException(Reason.CLOSED, "the MQTT transport of node " + node.id() + " is closed"));
        return requests.send(topic, payload, replyType, timeout, call);
    }

    @Override
    public void listen(String filter, boolean on) {
        if (subscriptions.listen(filter, on)) connector.change(subscriptions.listening(filter), on);
    }

    @Override
    public void serve(String topic, boolean on) {
        if (subscriptions.serve(topic, on)) {
            connector.change(subscriptions.serving(topic), on);
            presence.changed();
        }
    }

    /** Clean stop: "offline", DISCONNECT, outbox to disk. What the broker has not acknowledged stays for the next start. */
    @Deactivate
    public void stop() {
        try {
            bundleWatch.close();
        } catch (Exception e) {
            LOG.debug("{}: bundle listener: {}", node.id(), e.toString());
        }
        connector.stop(STOP_WAIT);
        sender.stop();
        shutdown(sending);
        try {
            outbox.close();
        } catch (IOException e) {
            LOG.warn("{}: outbox not closed cleanly: {}", node.id(), e.toString());
        }
        for (ExecutorService e : List.of(loop, events, serving, callbacks, paho)) e.shutdownNow();
        LOG.info("{}: MQTT transport stopped; {} events wait in the outbox", node.id(), counters.queueDepth());
    }

    public Counters counters() {
        return counters;
    }

    /** True once the broker has granted the subscription for bus filter {@code filter} on the live connection. */
    boolean listeningAtBroker(String filter) {
        return subscriptions.isGranted(topics.listenFilter(filter));
    }

    /** True once the broker has granted this node's share of the requests to {@code topic}. */
    boolean servedAtBroker(String topic) {
        return subscriptions.isGranted(topics.serveFilter(topic));
    }

    @Override
    public String toString() {
        return "MQTT transport of node " + node.id() + " to " + settings.brokers();
    }

    private Connection connection() {
        return connector.current();
    }

    /** For the request server, which is built before the connector (the connector needs the inbox, which needs the server). */
    private Connector connector() {
        return connector;
    }

    /** The node's own topics (cairnctl logs -f): QoS 0, now or never, counted as neither events nor drops. */
    @Override
    public boolean publish(String suffix, byte[] payload) {
        if (!FleetTopics.isNodeSuffix(suffix)) throw new IllegalArgumentException("not a topic of the node's own: '" + suffix + "'");
        Connection c = closed ? null : connector.current();
        if (c == null) return false;
        MqttMessage m = new MqttMessage(payload);
        m.setQos(0);
        // not logged when it fails: a log line about a log line not sent would feed the very follower that failed
        c.publish(topics.ownTopic(node.id(), suffix), m, Listeners.of(t -> { }, e -> { }));
        return true;
    }

    /** QoS 0: sent now if connected, else dropped and counted; no outbox, no acknowledgement. */
    private void publishDirect(String topic, byte[] body, Call call) {
        Connection c = connector.current();
        if (c == null) {
            drops.drop(Drop.OFFLINE, topic, "a QoS 0 event found no connection");
            return;
        }
        MqttMessage m = new MqttMessage(body);
        m.setQos(0);
        MqttProperties p = new MqttProperties();
        MessageId id = new MessageId(node.id(), outbox.epoch(), MessageId.EVENTS, directSequence.incrementAndGet());
        p.setUserProperties(CallHeaders.with(List.of(new UserProperty(MessageId.PROPERTY, id.toString())), call));
        m.setProperties(p);
        c.publish(topics.event(topic), m, Listeners.of(t -> counters.eventsSent.increment(),
                e -> drops.drop(Drop.OFFLINE, topic, "a QoS 0 event was not sent: " + e)));
    }

    /** A full event queue holds Paho's thread: the broker then waits with further messages, none are lost. */
    private static void waitForRoom(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) return;
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void shutdown(ExecutorService e) {
        e.shutdown();
        try {
            if (!e.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) e.shutdownNow();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.shutdownNow();
        }
    }

    private static Path dataArea(BundleContext context) {
        File dir = context.getDataFile("outbox");
        if (dir == null) throw new IllegalStateException("the framework gives bundle " + context.getBundle().getSymbolicName() + " no data area for its outbox");
        return dir.toPath();
    }
}
