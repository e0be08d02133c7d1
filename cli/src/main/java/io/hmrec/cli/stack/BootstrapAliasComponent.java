package io.hmrec.cli.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the embedded broker reachable as {@code localhost:9092} (the port docker-compose and the apps' default
 * configs use). The test kit behind {@code EmbeddedKafka} always binds a random port, so this relays TCP from the
 * fixed port to it. Clients only bootstrap through the relay: the broker advertises its real port, and clients on
 * this machine then connect there directly.
 */
public final class BootstrapAliasComponent implements StackComponent {
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong relayed = new AtomicLong();
    private ServerSocket server;
    private volatile boolean closed;

    /** @param port fixed local port to listen on, 1..65535 */
    public BootstrapAliasComponent(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--kafka-port must be 1..65535, got " + port);
        }
        this.port = port;
    }

    @Override
    public String name() {
        return "kafka:" + port;
    }

    @Override
    public String start(StackContext context) {
        String real = context.require(StackContext.BOOTSTRAP_SERVERS);
        int colon = real.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(real.substring(0, colon), Integer.parseInt(real.substring(colon + 1)));
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on localhost:" + port + " (in use? pass --kafka-port=0 to skip "
                    + "the alias and use " + real + "): " + e.getMessage(), e);
        }
        Thread acceptor = new Thread(() -> accept(target), "hmrec-bootstrap-alias-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return "localhost:" + port + " also bootstraps to " + real + " (relay; the broker advertises its own port)";
    }

    private void accept(InetSocketAddress target) {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                relayed.incrementAndGet();
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // peer went away: close both ends below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "hmrec-bootstrap-relay");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is gone either way
        }
    }

    @Override
    public Health health() {
        if (server == null || server.isClosed()) {
            return Health.down("not listening");
        }
        return Health.up(relayed.get() + " connections relayed");
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Socket socket : Set.copyOf(open)) {
            closeQuietly(socket);
        }
    }
}
