package io.hmrec.app.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a GET to the instance that owns a key, over persistent HTTP/1.1 connections kept per owner (at most
 * {@code idlePerOwner} idle ones), on the calling thread with blocking sockets.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its blocking {@code send} runs every exchange through its selector
 * thread and executor, several thread hand-offs and a few dozen objects per request; at 2,000 forwarded queries a
 * second on 2 cores that CPU was what saturated forwarding (1,617–1,966 req/s in sessions 5–15). Here a forward is
 * one write and, usually, one read on a socket the calling handler thread owns for the exchange.
 *
 * <p>Every exchange ends by {@code timeout} after it starts (each blocking read waits at most the time left), so a
 * slow owner costs a 503 upstream, never a hang. A pooled connection the owner has closed meanwhile (idle timeout,
 * restart) fails on first use; the GET is then sent once more on a fresh connection, since a GET may be repeated.
 */
public final class OwnerConnections implements AutoCloseable {
    /** An owner's answer: status, headers (names in lower case, the last of repeated ones) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Duration timeout;
    private final int idlePerOwner;
    private final Map<HostInfo, BlockingQueue<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param timeout      the longest one exchange may take, connecting included
     * @param idlePerOwner idle connections kept per owner (the handler threads that may forward at once)
     */
    public OwnerConnections(Duration timeout, int idlePerOwner) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("forward timeout must be > 0, got " + timeout);
        }
        if (idlePerOwner < 1) {
            throw new IllegalArgumentException("idle connections per owner must be >= 1, got " + idlePerOwner);
        }
        this.timeout = timeout;
        this.idlePerOwner = idlePerOwner;
    }

    /**
     * Sends {@code GET pathAndQuery} with {@code headers} to {@code owner} and reads the whole answer.
     *
     * @throws IOException the owner could not be reached or did not answer in time (a {@link SocketTimeoutException})
     */
    public Response get(HostInfo owner, String pathAndQuery, Map<String, String> headers) throws IOException {
        if (closed) {
            throw new IOException("forwarding is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] request = request(owner, pathAndQuery, headers);
        BlockingQueue<Connection> pool = idle.computeIfAbsent(owner, o -> new ArrayBlockingQueue<>(idlePerOwner));
        Connection pooled = pool.poll();
        if (pooled != null) {
            try {
                return exchange(pooled, request, deadline, pool);
            } catch (SocketTimeoutException slow) {
                throw slow; // the owner is slow, not gone: a second try would only wait again
            } catch (IOException stale) {
                // closed by the owner while idle: send it once more on a new connection
            }
        }
        return exchange(Connection.open(owner, deadline), request, deadline, pool);
    }

    private Response exchange(Connection c, byte[] request, long deadline, BlockingQueue<Connection> pool)
            throws IOException {
        boolean keep = false;
        try {
            Response r = c.exchange(request, deadline);
            keep = !"close".equalsIgnoreCase(r.header("connection"));
            return r;
        } finally {
            if (!keep || closed || !pool.offer(c)) {
                c.close();
            }
        }
    }

    private static byte[] request(HostInfo owner, String pathAndQuery, Map<String, String> headers) {
        if (!pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(ch -> ch <= ' ' || ch >= 0x7f)) {
            throw new IllegalArgumentException("not a raw path and query: " + pathAndQuery);
        }
        StringBuilder sb = new StringBuilder(128).append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(owner.host()).append(':').append(owner.port()).append("\r\n");
        headers.forEach((k, v) -> {
            if ((k + v).indexOf('\r') >= 0 || (k + v).indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header with a line break: " + k);
            }
            sb.append(k).append(": ").append(v).append("\r\n");
        });
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(pool -> {
            Connection c;
            while ((c = pool.poll()) != null) {
                c.close();
            }
        });
    }

    /** One socket to an owner and its read side. */
    private static final class Connection {
        private final Socket socket;
        private final HttpWire in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new HttpWire(socket);
            this.out = socket.getOutputStream();
        }

        static Connection open(HostInfo owner, long deadline) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true); // a request is one small write: no waiting for an ACK that is delayed
                s.connect(new InetSocketAddress(owner.host(), owner.port()), HttpWire.remainingMillis(deadline));
                return new Connection(s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        Response exchange(byte[] request, long deadline) throws IOException {
            in.clear();
            out.write(request);
            out.flush();
            String statusLine = in.line(deadline);
            String[] status = statusLine.split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int code;
            try {
                code = Integer.parseInt(status[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status code in: " + statusLine);
            }
            Map<String, String> headers = new HashMap<>();
            for (String h = in.line(deadline); !h.isEmpty(); h = in.line(deadline)) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + h);
                }
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body;
            String length = headers.get("content-length");
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(deadline);
            } else if (length != null) {
                try {
                    body = in.bytes(Integer.parseInt(length), deadline);
                } catch (NumberFormatException e) {
                    throw new IOException("bad content-length: " + length);
                }
            } else if (code == 204 || code == 304 || code / 100 == 1) {
                body = new byte[0];
            } else { // the body runs to the end of the connection, which then cannot be kept
                body = in.toEnd(deadline);
                headers.put("connection", "close");
            }
            if (in.buffered() != 0) {
                throw new IOException("the owner sent " + in.buffered() + " bytes after its answer");
            }
            return new Response(code, Map.copyOf(headers), body);
        }

        private byte[] chunked(long deadline) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = in.line(deadline);
                int semicolon = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size line: " + sizeLine);
                }
                if (size == 0) {
                    while (!in.line(deadline).isEmpty()) {
                        // trailers: none of them matter here
                    }
                    return body.toByteArray();
                }
                body.writeBytes(in.bytes(size, deadline));
                if (!in.line(deadline).isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we give up on: nothing left to do with it
            }
        }
    }
}
