package io.hmrec.app.query;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for the query API: one thread per kept connection, blocking sockets, a request answered on
 * the thread that read it.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it hands every request from its selector thread to a worker
 * and the connection back again, and allocates about 21 KB per request of its own (a 4 KB char buffer per request,
 * a 4 KB {@code BufferedOutputStream} per response, a 2 KB drain buffer, header maps; JFR allocation samples of a
 * query instance at 2,000 req/s, session 16). That was 61% of the bytes its HTTP threads allocated, and the
 * young collections it caused (every ~1.9 s) are part of the query tail on two cores. Here a connection owns one read buffer and one write buffer for its
 * life, a request costs its head's strings and the answer, and an answer is one socket write.
 *
 * <p>What it serves: any method (the handler decides; HEAD answers carry no body), origin-form targets (absolute-form
 * ones are cut to their path), keep-alive per HTTP/1.1 and 1.0 rules, pipelined requests in order, request bodies
 * with a Content-Length up to {@value #MAX_BODY} bytes (read and dropped: no route takes a body). Anything else gets
 * a clear status and the connection closed: 400 for a malformed head, 431 for a head line over
 * {@value HttpWire#MAX_LINE} bytes or more than {@value #MAX_HEADERS} headers, 413 for a larger body, 501 for a
 * chunked one, 505 for another HTTP version, 503 with Retry-After when {@code maxConnections} are open. A
 * connection idle longer than {@code idleTimeout} is closed; a started request whose head and body do not arrive
 * within {@value #HEAD_TIMEOUT_MS} ms is dropped. Never a hang: close() closes every connection.
 */
public final class BlockingHttpServer implements AutoCloseable {
    /** A request's body larger than this is refused (413): no route reads one. */
    static final int MAX_BODY = 64 * 1024;
    /** Header lines of one request at most (431 beyond). */
    static final int MAX_HEADERS = 100;
    /** Time for a request's head and body once its first byte is in. */
    static final long HEAD_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(BlockingHttpServer.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * One request. {@code rawPath} and {@code rawQuery} are as sent (percent-encoded; the query without its '?', null
     * when there is none); header names are in lower case, repeated ones joined with ", ".
     */
    public record Request(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The path and query as sent, for forwarding. */
        public String target() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    /** An answer: status, content type, body and any more headers (Content-Length, Date and Connection are added). */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            java.util.Objects.requireNonNull(contentType, "contentType");
            java.util.Objects.requireNonNull(body, "body");
            java.util.Objects.requireNonNull(headers, "headers");
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            headers.forEach((k, v) -> {
                if (!token(k) || v.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new IllegalArgumentException("not a header: " + k + ": " + v);
                }
            });
        }
    }

    /** Answers one request; a RuntimeException it throws becomes a 500. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    private final ServerSocket server;
    private volatile Handler handler;
    private final int maxConnections;
    private final long idleTimeoutNanos;
    private final ThreadPoolExecutor threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile Thread acceptor;
    private volatile boolean closed;
    /** The Date header's value and the second it was written for. */
    private volatile Object[] date = {0L, ""};

    /**
     * Binds now (so the port is known before the application starts), serves from {@link #start(Handler)}.
     *
     * @param port           0 for any free port
     * @param maxConnections connections served at once (each has a thread); more are answered 503 and closed
     * @param idleTimeout    how long a kept connection may wait for its next request
     * @param threadName     prefix of the connection threads' names
     */
    public BlockingHttpServer(int port, int maxConnections, Duration idleTimeout, String threadName)
            throws IOException {
        if (maxConnections < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("maxConnections must be >= 1 and idleTimeout > 0, got "
                    + maxConnections + " and " + idleTimeout);
        }
        this.maxConnections = maxConnections;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), Math.max(50, maxConnections));
        this.threads = new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Starts accepting connections, each request answered by {@code handler}. */
    public synchronized void start(Handler handler) {
        if (acceptor != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        this.handler = handler;
        Thread t = new Thread(this::acceptLoop, "hmrec-http-accept-" + port());
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("accepting HTTP connections failed; the query port is closed", e);
                }
                return;
            }
            try {
                s.setTcpNoDelay(true); // an answer is one write: it must not wait for the client's delayed ACK
                if (open.size() >= maxConnections) {
                    refuse(s);
                    continue;
                }
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (RejectedExecutionException | IOException e) {
                open.remove(s);
                refuse(s);
            }
        }
    }

    /** 503 to a connection over the limit; the client may retry after a second. */
    private void refuse(Socket s) {
        try (s) {
            byte[] body = "{\"error\":\"too many connections\"}".getBytes(StandardCharsets.US_ASCII);
            Out out = new Out();
            out.head(503, "application/json", body.length, Map.of("Retry-After", "1"), "close", httpDate());
            out.body(body);
            // written from the accepting thread: no lingering here, the request may be lost to a reset instead
            s.getOutputStream().write(out.bytes, 0, out.size);
        } catch (IOException ignored) {
            // the client went away first: nothing to tell it
        }
    }

    private void serve(Socket s) {
        try (s) {
            HttpWire in = new HttpWire(s);
            OutputStream os = s.getOutputStream();
            Out out = new Out();
            while (!closed) {
                try {
                    if (!in.await(System.nanoTime() + idleTimeoutNanos)) {
                        return; // the client closed its kept connection
                    }
                } catch (SocketTimeoutException idle) {
                    return;
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEAD_TIMEOUT_MS);
                if (!exchange(in, os, out, deadline)) {
                    return;
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the client stopped in the middle of a request: nobody is waiting for an answer
        } catch (SocketException e) {
            if (!closed) {
                LOG.debug("HTTP connection dropped: {}", e.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP connection failed", e);
        } finally {
            open.remove(s);
        }
    }

    /** Reads one request and answers it; false when the connection must close. */
    private boolean exchange(HttpWire in, OutputStream os, Out out, long deadline) throws IOException {
        String requestLine;
        Map<String, String> headers = new HashMap<>(8);
        try {
            requestLine = in.line(deadline);
            if (requestLine.isEmpty()) {
                requestLine = in.line(deadline); // a CRLF after a previous body may precede a request (RFC 9112 2.2)
            }
            int headerCount = 0;
            for (String h = in.line(deadline); !h.isEmpty(); h = in.line(deadline)) {
                if (++headerCount > MAX_HEADERS) {
                    return fail(in, os, out, 431, "more than " + MAX_HEADERS + " header lines");
                }
                int colon = h.indexOf(':');
                if (colon <= 0 || !token(h.substring(0, colon))) {
                    return fail(in, os, out, 400, "malformed header line");
                }
                String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        } catch (HttpWire.LineTooLongException e) {
            return fail(in, os, out, 431, e.getMessage());
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !token(parts[0]) || parts[1].isEmpty()) {
            return fail(in, os, out, 400, "malformed request line");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return fail(in, os, out, 505, "only HTTP/1.1 and 1.0 are served, got " + version);
        }
        if (headers.containsKey("transfer-encoding")) {
            return fail(in, os, out, 501, "request bodies in chunks are not supported");
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                return fail(in, os, out, 400, "malformed content-length");
            }
            if (n < 0) {
                return fail(in, os, out, 400, "malformed content-length");
            }
            if (n > MAX_BODY) {
                return fail(in, os, out, 413, "request bodies over " + MAX_BODY + " bytes are refused");
            }
            if (n > 0 && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
                os.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            in.skip(n, deadline);
        }
        String target = parts[1];
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        Request request = new Request(parts[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), headers);
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keep = version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        Response r;
        try {
            r = handler.handle(request);
        } catch (RuntimeException e) {
            LOG.error("answering {} {} failed", request.method(), request.target(), e);
            r = error(500, "internal error: " + e);
        }
        keep &= !closed;
        // a 1.1 client keeps the connection unless told otherwise, a 1.0 client only when told so
        String connectionHeader = !keep ? "close" : version.equals("HTTP/1.0") ? "keep-alive" : null;
        out.head(r.status(), r.contentType(), r.body().length, r.headers(), connectionHeader, httpDate());
        if (!request.method().equals("HEAD")) {
            out.body(r.body());
        }
        os.write(out.bytes, 0, out.size);
        if (!keep) {
            lingeringClose(in);
        }
        return keep;
    }

    /** Answers a request that cannot be read on, and closes the connection without resetting it under the answer. */
    private boolean fail(HttpWire in, OutputStream os, Out out, int status, String message) throws IOException {
        Response r = error(status, message);
        out.head(r.status(), r.contentType(), r.body().length, r.headers(), "close", httpDate());
        out.body(r.body());
        os.write(out.bytes, 0, out.size);
        lingeringClose(in);
        return false;
    }

    private static Response error(int status, String message) {
        StringBuilder json = new StringBuilder("{\"error\":\"");
        for (char c : message.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return new Response(status, "application/json", json.append("\"}").toString().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /**
     * Closes a connection after its last answer: the client may still be sending (a refused body, a request behind
     * the last one), and closing with unread bytes would reset the connection and could destroy the answer in flight.
     */
    private static void lingeringClose(HttpWire in) {
        try {
            in.socket().shutdownOutput();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            in.skip(MAX_BODY, deadline); // until the client closes, a second or 64 KiB, whichever comes first
        } catch (IOException ignored) {
            // the client closed or stays silent: either way we are done with it
        }
    }

    private String httpDate() {
        long second = System.currentTimeMillis() / 1000;
        Object[] d = date;
        if ((long) d[0] != second) {
            d = new Object[] {second, HTTP_DATE.format(Instant.ofEpochSecond(second))};
            date = d;
        }
        return (String) d[1];
    }

    /** An RFC 9110 token (method and header names). */
    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /** A connection's answer buffer, reused for each answer: head and body leave in one write. */
    private static final class Out {
        byte[] bytes = new byte[4096];
        int size;

        /** @param connection the Connection header's value, or null for none */
        void head(int status, String contentType, int length, Map<String, String> headers, String connection,
                  String date) {
            size = 0;
            ascii("HTTP/1.1 ").ascii(Integer.toString(status)).ascii(" ").ascii(reason(status)).ascii("\r\n");
            ascii("Date: ").ascii(date).ascii("\r\n");
            ascii("Content-Type: ").ascii(contentType).ascii("\r\n");
            ascii("Content-Length: ").ascii(Integer.toString(length)).ascii("\r\n");
            headers.forEach((k, v) -> ascii(k).ascii(": ").ascii(v).ascii("\r\n"));
            if (connection != null) {
                ascii("Connection: ").ascii(connection).ascii("\r\n");
            }
            ascii("\r\n");
        }

        void body(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        private Out ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                bytes[size++] = (byte) (c < 0x100 ? c : '?');
            }
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: the port is released either way
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // its thread ends on the closed socket
            }
        }
        threads.shutdownNow();
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
