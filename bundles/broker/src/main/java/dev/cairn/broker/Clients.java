package dev.cairn.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The enrolled clients, one per {@value BrokerClient#PID} configuration, kept apart from the broker so that they
 * outlive a restart of it and so that a changed configuration reaches a running broker as one change (before,
 * after) rather than as a removal and an addition, which would cut the client off. Delayed: made when the broker or
 * an enrolled client needs it, so an unconfigured broker bundle loads no class at all before ready.
 */
@Component(service = Clients.class)
public final class Clients {
    /** A client enrolled ({@code before} null), changed, or removed ({@code after} null). */
    interface Listener {
        void changed(Client before, Client after);
    }

    private final Map<String, Client> byPid = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();

    /** Enrolls or replaces the client of configuration {@code pid}; a name is enrolled by one configuration only. */
    synchronized void put(String pid, Client client) {
        for (Map.Entry<String, Client> e : byPid.entrySet()) {
            if (!e.getKey().equals(pid) && e.getValue().name().equals(client.name())) {
                throw new IllegalArgumentException("name " + client.name() + " is already enrolled by configuration " + e.getKey());
            }
        }
        Client before = byPid.put(pid, client);
        for (Listener l : listeners) l.changed(before, client);
    }

    synchronized void remove(String pid) {
        Client before = byPid.remove(pid);
        if (before == null) return;
        for (Listener l : listeners) l.changed(before, null);
    }

    /** Tells {@code listener} of every client enrolled now, then of each change, until the returned handle runs. */
    synchronized Runnable listen(Listener listener) {
        byPid.values().forEach(c -> listener.changed(null, c));
        listeners.add(listener);
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
            }
        };
    }
}
