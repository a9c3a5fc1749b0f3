package dev.cairn.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local channel between {@code cairn status} and a running node: a Unix domain socket in the data
 * folder, readable and writable by the node's own user only, so the file system is its access control.
 * One request line ({@code status}) per connection; the answer is a header and one line per row.
 */
final class ControlSocket implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread serving;

    private ControlSocket(Path path, ServerSocketChannel server, Supplier<List<BundleRow>> status) {
        this.path = path;
        this.server = server;
        this.serving = new Thread(() -> serve(status), "cairn-control");
        serving.setDaemon(true);
    }

    /** Binds the socket; refuses when a live node already answers on it. */
    static ControlSocket open(Path path, Supplier<List<BundleRow>> status) throws IOException {
        if (Files.exists(path)) {
            if (answers(path)) throw new IOException("another node is running on " + path.getParent());
            Files.delete(path);   // left by a node that was killed
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlSocket socket = new ControlSocket(path, server, status);
        socket.serving.start();
        return socket;
    }

    private void serve(Supplier<List<BundleRow>> status) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
                String request = in.readLine();
                if ("status".equals(request)) {
                    out.write(String.join("\t", BundleRow.HEADER) + "\n");
                    for (BundleRow row : status.get()) out.write(row.toLine() + "\n");
                } else {
                    out.write("error\tunknown request: " + request + "\n");
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (server.isOpen()) LOG.log(Level.WARNING, "control socket: " + e);
            }
        }
    }

    private static boolean answers(Path path) {
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the node behind {@code path} for its status rows. */
    static List<BundleRow> status(Path path) throws IOException {
        if (!Files.exists(path)) throw new IOException("no node is running on " + path.getParent() + " (no " + path.getFileName() + ")");
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
            out.write("status\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || header.startsWith("error")) throw new IOException("the node refused: " + header);
            List<BundleRow> rows = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) rows.add(BundleRow.fromLine(line));
            return rows;
        } catch (java.net.ConnectException e) {
            throw new IOException("no node is running on " + path.getParent() + " (" + e.getMessage() + ")");
        }
    }

    /** As a killed node leaves it: the socket file stays behind. For tests. */
    void closeWithoutCleanUp() throws IOException, InterruptedException {
        server.close();
        // the socket's file descriptor is released only once the thread blocked in accept() has left it: until then
        // the socket still answers, which a killed node's would not
        serving.join(5_000);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
