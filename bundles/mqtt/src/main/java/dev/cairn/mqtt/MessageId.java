package dev.cairn.mqtt;

/**
 * The id every Cairn message carries in the MQTT 5 user property {@value #PROPERTY}:
 * {@code <node>/<epoch>/<stream><sequence>}, e.g. {@code n1/1767225600000/e42}. The epoch is new at every
 * start of the transport and never smaller than the one before; within it, each stream (e: events,
 * q: requests) counts up from 1 in the order messages leave the node. Receivers drop repeats by it.
 */
record MessageId(String node, long epoch, char stream, long sequence) {
    static final String PROPERTY = "cairn-id";
    static final char EVENTS = 'e';
    static final char REQUESTS = 'q';

    /** The id of one sender's stream: de-duplication keeps one window per source. */
    String source() {
        return node + '/' + epoch + '/' + stream;
    }

    @Override
    public String toString() {
        return source() + sequence;
    }

    /** The id in {@code text}, or null when there is none or it is not one of ours (a foreign client's). */
    static MessageId parse(String text) {
        if (text == null) return null;
        int b = text.lastIndexOf('/');
        int a = b > 0 ? text.lastIndexOf('/', b - 1) : -1;
        if (a <= 0 || b + 2 >= text.length()) return null;
        try {
            long epoch = Long.parseLong(text, a + 1, b, 10);
            char stream = text.charAt(b + 1);
            long sequence = Long.parseLong(text, b + 2, text.length(), 10);
            return sequence > 0 ? new MessageId(text.substring(0, a), epoch, stream, sequence) : null;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
