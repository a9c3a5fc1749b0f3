package dev.cairn.web;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Overflow;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sensor readings for the dashboard: one bus subscription to {@code sensors/#} (any payload type: records
 * in this JVM, maps from other nodes), fanned out to every open {@code /cairn/api/events} stream as
 * server-sent events, and the last {@value #KEPT} readings of each topic kept for a page that opens later.
 * The bus hands readings over through a bounded queue (freshest kept), so a slow browser never holds a
 * sensor's thread.
 */
@BusGrants(subscribe = Events.FILTER)
final class Events implements AutoCloseable {
    static final String FILTER = "sensors/#";
    static final int KEPT = 60;
    private static final int MAX_TOPICS = 100;
    private static final int MAX_CLIENTS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    record Reading(String topic, long at, Object payload) {}

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-web events");
        t.setDaemon(true);
        return t;
    });
    private final List<AsyncContext> clients = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reading>> recent = new LinkedHashMap<>();
    private final Subscription subscription;

    Events(Bus bus) {
        this.subscription = bus.subscribe(FILTER, Object.class, this::arrived, SubscribeOptions.queued(thread, 1024, Overflow.DROP_OLDEST));
        thread.scheduleWithFixedDelay(() -> broadcast(": keep-alive\n\n"), 15, 15, TimeUnit.SECONDS);
    }

    /** Opens a stream: headers, then the readings as they come. Refused (false) when too many are open. */
    boolean open(AsyncContext ctx) throws IOException {
        if (clients.size() >= MAX_CLIENTS) return false;
        ctx.setTimeout(0);
        ctx.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent e) {
                clients.remove(ctx);
            }

            @Override
            public void onTimeout(AsyncEvent e) {
                drop(ctx);
            }

            @Override
            public void onError(AsyncEvent e) {
                drop(ctx);
            }

            @Override
            public void onStartAsync(AsyncEvent e) {
            }
        });
        OutputStream out = ctx.getResponse().getOutputStream();
        out.write(": stream of sensors/#\nretry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        clients.add(ctx);
        return true;
    }

    synchronized Map<String, List<Reading>> recent() {
        Map<String, List<Reading>> out = new LinkedHashMap<>();
        recent.forEach((t, d) -> out.put(t, new ArrayList<>(d)));
        return out;
    }

    private void arrived(String topic, Object payload) {
        Reading r = new Reading(topic, System.currentTimeMillis(), payload);
        synchronized (this) {
            Deque<Reading> d = recent.get(topic);
            if (d == null && recent.size() < MAX_TOPICS) recent.put(topic, d = new ArrayDeque<>());
            if (d != null) {
                if (d.size() >= KEPT) d.pollFirst();
                d.addLast(r);
            }
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(r);
        } catch (IOException | RuntimeException e) {
            LOG.debug("a reading on {} cannot be shown: {}", topic, e.toString());
            return;
        }
        broadcast("event: reading\ndata: " + json + "\n\n");
    }

    private void broadcast(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        for (AsyncContext c : clients) {
            try {
                OutputStream out = c.getResponse().getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException | RuntimeException e) {
                drop(c);
            }
        }
    }

    private void drop(AsyncContext c) {
        if (clients.remove(c)) {
            try {
                c.complete();
            } catch (RuntimeException ignored) {
                // the connection is gone already
            }
        }
    }

    @Override
    public void close() {
        subscription.close();
        thread.shutdownNow();
        for (AsyncContext c : clients) drop(c);
    }
}
