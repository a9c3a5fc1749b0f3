package dev.cairn.broker;

import java.util.List;

final class ArtemisThreads {
    private ArtemisThreads() {
    }

    /** Artemis names its threads "Thread-3 (activemq-scheduled-cairn)", "activemq-failure-check-thread". */
    static List<String> names() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("activemq")).toList();
    }
}
