package dev.cairn.ctl;

import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import dev.cairn.mqtt.sockets.NoDelaySslSocketFactory;
import dev.cairn.mqtt.sockets.PahoThreads;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** One way to open a Paho MQTT 5 connection for cairnctl: clean start, TCP_NODELAY, no topic aliases, errors in words. */
final class Mqtt {
    /**
     * The threads of every client of this JVM (daemons; loops end with their connection): a Paho connect on its own
     * threads sleeps 300 ms (see {@link PahoThreads}).
     */
    private static final PahoThreads THREADS = new PahoThreads("cairnctl-mqtt");

    private Mqtt() {
    }

    /** Connects as {@code clientId}; {@code callback} is made for the client and set before connecting. */
    static MqttAsyncClient open(BrokerLogin login, String clientId, Function<MqttAsyncClient, MqttCallback> callback) throws CtlException {
        String url = login.brokerUrl();
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {url});
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setTopicAliasMaximum(0);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout((int) Math.max(1, (login.connectTimeout().toMillis() + 999) / 1000));
        o.setHttpsHostnameVerificationEnabled(true);
        if (login.username() != null && !login.username().isEmpty()) o.setUserName(login.username());
        if (login.password() != null) o.setPassword(new String(login.password()).getBytes(StandardCharsets.UTF_8));
        if (url.startsWith("ssl://")) {
            o.setSocketFactory(new NoDelaySslSocketFactory(Tls.context(login.tls()).getSocketFactory()));
        } else {
            if (login.tls().configured())
                throw new CtlException(CtlException.Kind.USAGE, "TLS options need an ssl:// broker URL, not " + url);
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(url, clientId, new MemoryPersistence(), null, THREADS);
        } catch (MqttException | IllegalArgumentException e) {
            throw new CtlException(CtlException.Kind.USAGE, "broker URL " + url + ": " + e.getMessage(), e);
        }
        c.setCallback(callback.apply(c));
        try {
            c.connect(o).waitForCompletion(login.connectTimeout().toMillis() + 1000);
            if (!c.isConnected()) throw new CtlException(CtlException.Kind.UNREACHABLE, "cannot reach the broker " + url + ": no answer");
            return c;
        } catch (MqttException e) {
            closeQuietly(c);
            throw connectFailure(e, url);
        } catch (CtlException e) {
            closeQuietly(c);
            throw e;
        }
    }

    static CtlException connectFailure(MqttException e, String url) {
        int code = e.getReasonCode();
        Throwable cause = e.getCause();
        String why;
        if (code == 0x86 || code == 0x87 || code == 0x8C) why = "the broker refused the user name or password (" + e.getMessage() + ")";
        else if (code == 0x85) why = "the broker refused the client id";
        else if (cause instanceof ConnectException) why = "connection refused";
        else if (cause instanceof UnknownHostException) why = "unknown host " + cause.getMessage();
        else if (cause instanceof SSLException) why = "TLS failed: " + cause.getMessage();
        else if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) why = "no answer";
        else why = e.getMessage() + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : "");
        return new CtlException(CtlException.Kind.UNREACHABLE, "cannot reach the broker " + url + ": " + why, e);
    }

    /** Paho 1.2.5 says 32202 "too many publishes in progress" even with one in flight (#993): try again shortly. */
    static IMqttToken publish(MqttAsyncClient c, String topic, MqttMessage m) throws MqttException {
        for (int i = 0; ; i++) {
            try {
                return c.publish(topic, m);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || i >= 500) throw e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /** Sends DISCONNECT (waits up to 2 s for it to go out) and releases the client; never throws. */
    static void closeQuietly(MqttAsyncClient c) {
        if (c == null) return;
        boolean interrupted = Thread.interrupted();
        try {
            if (c.isConnected()) disconnect(c).waitForCompletion(2000);
        } catch (MqttException | RuntimeException e) {
            // going away anyway
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // going away anyway
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Paho 1.2.5's disconnect() hands the DISCONNECT to its own thread and then sleeps 100 ms whatever happens
     * (eclipse-paho/paho.mqtt.java#945), which every cairnctl command paid at its end. That sleep swallows an
     * interrupt, so the thread is interrupted just before: the sleep ends at once, the packet still goes out, and
     * the token returned says when it has.
     */
    private static IMqttToken disconnect(MqttAsyncClient c) throws MqttException {
        Thread.currentThread().interrupt();
        try {
            return c.disconnect();
        } finally {
            Thread.interrupted();   // cleared whether the sleep took it or not
        }
    }
}
