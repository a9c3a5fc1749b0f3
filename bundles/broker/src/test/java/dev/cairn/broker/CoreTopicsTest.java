package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoreTopicsTest {
    @ParameterizedTest
    @ValueSource(strings = {"cairn/bus/sensors/gh", "cairn/bus/a.b/c", "cairn/+/x", "#", "+/status", "a/b*c", "a//b",
            "cairn/bus/x::q", "$sys/mqtt/retain/a"})
    void aTopicComesBackFromItsCoreAddressAsItWas(String topic) {
        String core = MQTTUtil.getCoreAddressFromMqttTopic(topic, new WildcardConfiguration());
        assertThat(CoreTopics.topic(core)).isEqualTo(topic.replace("::q", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\b", "cairn/bus/x\\"})
    void aTopicWhoseAddressDoesNotConvertBackIsNone(String topic) {
        String core = MQTTUtil.getCoreAddressFromMqttTopic(topic, new WildcardConfiguration());
        assertThat(CoreTopics.topic(core)).isNull();
    }
}
