package dev.cairn.mqtt;

import java.util.ArrayList;
import java.util.List;

/** What a test started — brokers, nodes, clients — closed in reverse order when the test ends. */
final class Closer implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();

    <T extends AutoCloseable> T add(T c) {
        started.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
        started.clear();
    }
}
