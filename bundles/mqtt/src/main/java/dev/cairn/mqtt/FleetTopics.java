package dev.cairn.mqtt;

/**
 * The MQTT mapping of DESIGN.md, under the fleet prefix {@code p}: events of bus topic T on {@code p/bus/T},
 * requests on {@code p/svc/T} (served through the shared subscription {@code $share/p/p/svc/T}), replies on
 * {@code p/reply/<node>}, presence on {@code p/node/<node>/status}.
 */
final class FleetTopics {
    enum Kind { EVENT, REQUEST, REPLY, OTHER }

    /** What an MQTT topic is for, and the bus topic it carries (events and requests). */
    record Parsed(Kind kind, String busTopic) {
    }

    private final String prefix;
    private final String bus;
    private final String svc;
    private final String reply;

    FleetTopics(String prefix) {
        this.prefix = prefix;
        this.bus = prefix + "/bus/";
        this.svc = prefix + "/svc/";
        this.reply = prefix + "/reply/";
    }

    String event(String busTopic) {
        return bus + busTopic;
    }

    String listenFilter(String busFilter) {
        return bus + busFilter;
    }

    String request(String busTopic) {
        return svc + busTopic;
    }

    /** The group is the prefix, so every node of one fleet shares the load and fleets never mix. */
    String serveFilter(String busTopic) {
        return "$share/" + prefix + "/" + svc + busTopic;
    }

    String replies(String nodeId) {
        return reply + nodeId;
    }

    String status(String nodeId) {
        return prefix + "/node/" + nodeId + "/status";
    }

    /** {@code p/node/<node>/<suffix>}: a topic of the node's own besides its presence. */
    String ownTopic(String nodeId, String suffix) {
        return prefix + "/node/" + nodeId + "/" + suffix;
    }

    /** One or more non-empty levels without wildcards, and not the presence topic. */
    static boolean isNodeSuffix(String suffix) {
        if (suffix == null || suffix.isEmpty() || suffix.equals("status") || suffix.startsWith("status/")) return false;
        for (String level : suffix.split("/", -1)) if (level.isEmpty() || level.contains("+") || level.contains("#")) return false;
        return true;
    }

    /** A response topic from a request is only followed when it is some node's reply topic of this fleet. */
    boolean isReplyTopic(String topic) {
        return topic != null && topic.startsWith(reply) && topic.length() > reply.length()
                && topic.indexOf('/', reply.length()) < 0 && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }

    Parsed parse(String mqttTopic) {
        if (mqttTopic.startsWith(bus) && mqttTopic.length() > bus.length()) return new Parsed(Kind.EVENT, mqttTopic.substring(bus.length()));
        if (mqttTopic.startsWith(svc) && mqttTopic.length() > svc.length()) return new Parsed(Kind.REQUEST, mqttTopic.substring(svc.length()));
        if (mqttTopic.startsWith(reply)) return new Parsed(Kind.REPLY, null);
        return new Parsed(Kind.OTHER, null);
    }
}
