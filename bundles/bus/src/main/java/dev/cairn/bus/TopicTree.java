package dev.cairn.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions indexed by the levels of their filters, so that finding the ones a topic matches costs
 * the depth of the topic, not the number of subscriptions. Not thread-safe: the router guards it.
 */
final class TopicTree<V> {
    private final Node<V> root = new Node<>();

    private static final class Node<V> {
        final Map<String, Node<V>> children = new HashMap<>();
        Node<V> plus;
        final List<V> here = new ArrayList<>();
        final List<V> hash = new ArrayList<>();   // "#" below this node: here and everything deeper

        boolean isEmpty() {
            return children.isEmpty() && plus == null && here.isEmpty() && hash.isEmpty();
        }
    }

    void add(String[] filter, V value) {
        Node<V> n = root;
        for (String level : filter) {
            if (level.equals("#")) {
                n.hash.add(value);
                return;
            }
            n = level.equals("+") ? (n.plus == null ? n.plus = new Node<>() : n.plus) : n.children.computeIfAbsent(level, k -> new Node<>());
        }
        n.here.add(value);
    }

    boolean remove(String[] filter, V value) {
        return remove(root, filter, 0, value);
    }

    private boolean remove(Node<V> n, String[] filter, int i, V value) {
        if (i == filter.length) return n.here.remove(value);
        String level = filter[i];
        if (level.equals("#")) return n.hash.remove(value);
        Node<V> child = level.equals("+") ? n.plus : n.children.get(level);
        if (child == null || !remove(child, filter, i + 1, value)) return false;
        if (child.isEmpty()) {
            if (level.equals("+")) n.plus = null;
            else n.children.remove(level);
        }
        return true;
    }

    /** Every value whose filter matches {@code topic}, in no particular order. */
    List<V> match(String[] topic) {
        List<V> out = new ArrayList<>();
        match(root, topic, 0, out);
        return out;
    }

    private void match(Node<V> n, String[] topic, int i, List<V> out) {
        out.addAll(n.hash);   // "a/#" matches "a" itself and all below
        if (i == topic.length) {
            out.addAll(n.here);
            return;
        }
        Node<V> exact = n.children.get(topic[i]);
        if (exact != null) match(exact, topic, i + 1, out);
        if (n.plus != null) match(n.plus, topic, i + 1, out);
    }
}
