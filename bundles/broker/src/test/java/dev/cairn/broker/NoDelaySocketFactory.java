package dev.cairn.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/** Paho leaves Nagle's algorithm on: a QoS 1 round trip then takes 40-90 ms instead of well under one. */
final class NoDelaySocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new Socket(address, port, localAddress, localPort));
    }

    private static Socket connected(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}
