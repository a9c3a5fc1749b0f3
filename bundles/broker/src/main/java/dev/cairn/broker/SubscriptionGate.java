package dev.cairn.broker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTConnection;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTProtocolHandler;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyServerConnection;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * Takes the filters a client may not subscribe to out of its SUBSCRIBE before Artemis sees it, and puts their
 * refusal (MQTT 5: 0x87 "not authorized"; 3.1.1: 0x80) into the SUBACK at their place. Artemis (2.44) would refuse
 * them itself, but when the queue already exists — a shared subscription that another node serves — its refusal
 * comes when the consumer is created, and it then deletes that queue, with the other node's consumer and the
 * waiting requests. {@link FleetSecurity} still checks what passes here.
 *
 * <p>One Netty handler per MQTT connection, placed just before Artemis's: it sees each decoded packet before Artemis
 * and each packet Artemis writes before it is encoded, on the connection's event loop. It judges by the user name
 * of the CONNECT it saw: Artemis checks that name's password before it handles any later packet, and this only
 * ever takes filters away.
 */
final class SubscriptionGate implements ActiveMQServerConnectionPlugin {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int FAILURE_3 = 0x80;

    private final FleetSecurity security;
    private final Refusals refusals;

    SubscriptionGate(FleetSecurity security, Refusals refusals) {
        this.security = security;
        this.refusals = refusals;
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        if (!(connection instanceof MQTTConnection mqtt)) return;
        if (!(mqtt.getTransportConnection() instanceof NettyServerConnection netty)) return;
        Channel channel = netty.getChannel();
        ChannelHandlerContext artemis = channel.pipeline().context(MQTTProtocolHandler.class);
        if (artemis == null) {
            channel.close();   // not the pipeline this was made for: no connection rather than one without the gate
            return;
        }
        channel.pipeline().addBefore(artemis.name(), "cairn-subscription-gate", new Gate());
    }

    private final class Gate extends ChannelDuplexHandler {
        private String user;
        private int refusedCode = NOT_AUTHORIZED;
        /** Per SUBSCRIBE packet id held back: the places of the filters taken out. */
        private final Map<Integer, List<Integer>> refusedAt = new HashMap<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttConnectMessage connect) {
                user = connect.payload().userName();
                refusedCode = connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel() ? NOT_AUTHORIZED : FAILURE_3;
            } else if (msg instanceof MqttSubscribeMessage subscribe) {
                msg = allowed(subscribe);
            }
            ctx.fireChannelRead(msg);
        }

        private MqttSubscribeMessage allowed(MqttSubscribeMessage subscribe) {
            List<MqttTopicSubscription> asked = subscribe.payload().topicSubscriptions();
            List<MqttTopicSubscription> kept = new ArrayList<>(asked.size());
            List<Integer> refused = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                String filter = asked.get(i).topicFilter();
                if (security.maySubscribe(user, filter)) {
                    kept.add(asked.get(i));
                } else {
                    refused.add(i);
                    refusals.count(Refusals.Reason.SUBSCRIBE_DENIED, user, filter);
                }
            }
            if (refused.isEmpty()) return subscribe;
            refusedAt.put(subscribe.variableHeader().messageId(), refused);
            // none kept: Artemis still answers, with a SUBACK of no codes, keeping the order of acknowledgements
            return new MqttSubscribeMessage(subscribe.fixedHeader(), subscribe.idAndPropertiesVariableHeader(),
                    new MqttSubscribePayload(kept));
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof MqttSubAckMessage ack) {
                List<Integer> refused = refusedAt.remove(ack.variableHeader().messageId());
                if (refused != null) msg = withRefusals(ack, refused);
            }
            ctx.write(msg, promise);
        }

        private MqttSubAckMessage withRefusals(MqttSubAckMessage ack, List<Integer> refused) {
            Iterator<Integer> granted = ack.payload().reasonCodes().iterator();
            List<Integer> codes = new ArrayList<>();
            int count = refused.size() + ack.payload().reasonCodes().size();
            for (int i = 0; i < count; i++) codes.add(refused.contains(i) || !granted.hasNext() ? refusedCode : granted.next());
            return new MqttSubAckMessage(ack.fixedHeader(), ack.idAndPropertiesVariableHeader(), new MqttSubAckPayload(codes));
        }
    }
}
