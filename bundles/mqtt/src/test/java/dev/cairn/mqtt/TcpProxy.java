package dev.cairn.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between clients and a broker that can cut every connection at once with a reset,
 * as a dying network or a killed process would: the broker sees no DISCONNECT and sends the will.
 * Shared with cairnctl's tests through the test-jar.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    public TcpProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Resets every relayed connection, both ways; new connections are still relayed. */
    public void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);   // RST instead of FIN
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        sockets.clear();
    }

    /** While refusing, new connections are closed at once: the network is down. */
    public void refuse(boolean on) {
        refusing = on;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;   // closed
            }
            try {
                if (refusing) throw new IOException("refusing");
                Socket broker = new Socket();
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pipe(client, broker);
                pipe(broker, client);
            } catch (IOException e) {
                try {
                    client.close();   // the broker refused, or the network is down: so does the proxy
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut
            } finally {
                try {
                    to.close();
                } catch (IOException e) {
                    // gone
                }
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }
}
