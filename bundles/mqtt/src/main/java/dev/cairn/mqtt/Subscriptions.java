package dev.cairn.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * What this node wants from the broker: its reply topic, the filters the bus listens to (with No Local,
 * so its own events never come back) and the topics it serves (shared, so nodes serving one topic share
 * its requests; No Local is not allowed on shared subscriptions, nor needed: the bus serves its own
 * requests locally). Kept here so that every new connection subscribes all of it again.
 */
final class Subscriptions {
    private final FleetTopics topics;
    private final String replyTopic;
    private final Set<String> listens = new LinkedHashSet<>();
    private final Set<String> serves = new LinkedHashSet<>();
    /** MQTT filters the broker has granted on the live connection (SUBACK below 0x80). */
    private final Set<String> granted = new HashSet<>();

    Subscriptions(FleetTopics topics, String nodeId) {
        this.topics = topics;
        this.replyTopic = topics.replies(nodeId);
    }

    /** True when this changes what the node wants. */
    synchronized boolean listen(String busFilter, boolean on) {
        return on ? listens.add(busFilter) : listens.remove(busFilter);
    }

    synchronized boolean serve(String busTopic, boolean on) {
        return on ? serves.add(busTopic) : serves.remove(busTopic);
    }

    synchronized boolean serves(String busTopic) {
        return serves.contains(busTopic);
    }

    synchronized List<String> served() {
        return new ArrayList<>(serves);
    }

    /** Forgets what the bus wanted (it closed) and returns the served topics, which must be unsubscribed now. */
    synchronized List<String> clear() {
        List<String> served = new ArrayList<>(serves);
        listens.clear();
        serves.clear();
        return served;
    }

    synchronized MqttSubscription[] all() {
        List<MqttSubscription> all = new ArrayList<>();
        all.add(new MqttSubscription(replyTopic, 1));
        listens.forEach(f -> all.add(listening(f)));
        serves.forEach(t -> all.add(serving(t)));
        return all.toArray(new MqttSubscription[0]);
    }

    synchronized void granted(String mqttFilter, boolean on) {
        if (on) granted.add(mqttFilter);
        else granted.remove(mqttFilter);
    }

    synchronized void connectionLost() {
        granted.clear();
    }

    synchronized boolean isGranted(String mqttFilter) {
        return granted.contains(mqttFilter);
    }

    MqttSubscription listening(String busFilter) {
        MqttSubscription s = new MqttSubscription(topics.listenFilter(busFilter), 1);
        s.setNoLocal(true);
        return s;
    }

    MqttSubscription serving(String busTopic) {
        return new MqttSubscription(topics.serveFilter(busTopic), 1);
    }
}
