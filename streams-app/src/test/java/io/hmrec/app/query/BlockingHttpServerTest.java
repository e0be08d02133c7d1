package io.hmrec.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query server on the wire: raw requests over sockets, whole answers checked (status, the headers that matter,
 * body), and what the connection does next (kept, closed). The handler echoes what it was asked.
 */
class BlockingHttpServerTest {
    private final List<BlockingHttpServer.Request> seen = new CopyOnWriteArrayList<>();
    private BlockingHttpServer server;

    private int start(int maxConnections, Duration idle) throws IOException {
        server = new BlockingHttpServer(0, maxConnections, idle, "test-http");
        server.start(r -> {
            seen.add(r);
            if (r.rawPath().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return new BlockingHttpServer.Response(200, "text/plain",
                    (r.method() + " " + r.target()).getBytes(StandardCharsets.UTF_8), Map.of("X-Echo", "yes"));
        });
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An answer as read off the wire; header names in lower case. */
    private record Answer(String statusLine, Map<String, String> headers, String body) {}

    private static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
        }

        Client send(String raw) throws IOException {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("closed in a line: " + sb);
                }
                sb.append((char) b);
            }
            return sb.toString().replace("\r", "");
        }

        Answer read(boolean head) throws IOException {
            String status = line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body = head ? new byte[0] : in.readNBytes(Integer.parseInt(headers.get("content-length")));
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        Answer read() throws IOException {
            return read(false);
        }

        /** True when the server closed the connection (end of stream, or a reset after it closed). */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void shouldAnswerSeveralRequestsOnOneKeptConnectionAndPassPathQueryAndHeaders() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            Answer first = c.send("GET /customers/a%20b/recommendations?n=3&x=%2F HTTP/1.1\r\nHost: h\r\n"
                    + "X-Hmrec-Forwarded: one\r\nx-hmrec-forwarded: two\r\n\r\n").read();
            assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(first.body()).isEqualTo("GET /customers/a%20b/recommendations?n=3&x=%2F");
            assertThat(first.headers()).containsEntry("content-type", "text/plain").containsEntry("x-echo", "yes")
                    .containsEntry("content-length", "46").containsKey("date").doesNotContainKey("connection");
            Answer second = c.send("GET /health HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(second.body()).isEqualTo("GET /health");
        }
        assertThat(seen).hasSize(2);
        BlockingHttpServer.Request r = seen.get(0);
        assertThat(r.rawPath()).isEqualTo("/customers/a%20b/recommendations");
        assertThat(r.rawQuery()).isEqualTo("n=3&x=%2F");
        assertThat(r.header("X-HMREC-FORWARDED")).isEqualTo("one, two");
        assertThat(seen.get(1).rawQuery()).isNull();
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            c.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertThat(List.of(c.read().body(), c.read().body())).containsExactly("GET /a", "GET /b");
            Answer last = c.read();
            assertThat(last.body()).isEqualTo("GET /c");
            assertThat(last.headers()).containsEntry("connection", "close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldKeepAnHttp10ConnectionOnlyWhenAskedTo() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            Answer kept = c.send("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").read();
            assertThat(kept.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(kept.headers()).containsEntry("connection", "keep-alive");
            Answer closed = c.send("GET /b HTTP/1.0\r\n\r\n").read();
            assertThat(closed.body()).isEqualTo("GET /b");
            assertThat(closed.headers()).containsEntry("connection", "close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldAnswerHeadWithTheLengthButNoBody() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            Answer head = c.send("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
            assertThat(head.headers()).containsEntry("content-length", "7"); // "HEAD /a"
            // the next answer starts right after the head: no body bytes were sent in between
            assertThat(c.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("GET /b");
        }
    }

    @Test
    void shouldSkipASmallRequestBodyAndKeepTheConnection() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            Answer post = c.send("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello").read();
            assertThat(post.body()).isEqualTo("POST /a");
            assertThat(c.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("GET /b");
        }
    }

    @Test
    void shouldCutAnAbsoluteFormTargetToItsPath() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            assertThat(c.send("GET http://example.com:8080/x/y?z=1 HTTP/1.1\r\nHost: h\r\n\r\n").read().body())
                    .isEqualTo("GET /x/y?z=1");
        }
    }

    @Test
    void shouldRefuseWhatItCannotReadWithAClearStatusAndClose() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request|malformed request line");
        cases.put("GET /a HTTP/1.1\r\nno colon here\r\n\r\n", "HTTP/1.1 400 Bad Request|malformed header line");
        cases.put("GET /a HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
                "HTTP/1.1 400 Bad Request|malformed content-length");
        cases.put("GET /a HTTP/2.0\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported|only HTTP/1.1 and 1.0 are served, got HTTP/2.0");
        cases.put("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "HTTP/1.1 501 Not Implemented|request bodies in chunks are not supported");
        cases.put("POST /a HTTP/1.1\r\nContent-Length: 70000\r\n\r\n",
                "HTTP/1.1 413 Content Too Large|request bodies over 65536 bytes are refused");
        cases.put("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large|a head line longer than 8192 bytes");
        cases.put("GET /a HTTP/1.1\r\n" + "X-A: b\r\n".repeat(101) + "\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large|more than 100 header lines");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            try (Client c = new Client(port)) {
                Answer a = c.send(e.getKey()).read();
                String[] expected = e.getValue().split("\\|");
                assertThat(a.statusLine()).as(expected[1]).isEqualTo(expected[0]);
                assertThat(a.body()).isEqualTo("{\"error\":\"" + expected[1] + "\"}");
                assertThat(a.headers()).containsEntry("connection", "close")
                        .containsEntry("content-type", "application/json");
                assertThat(c.closedByServer()).isTrue();
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldAnswer500WhenTheHandlerThrowsAndKeepServing() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            Answer a = c.send("GET /boom HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(a.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
            assertThat(a.body()).isEqualTo("{\"error\":\"internal error: java.lang.IllegalStateException: boom\"}");
            assertThat(c.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("GET /b");
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterBeyondTheConnectionLimit() throws Exception {
        int port = start(2, Duration.ofSeconds(5));
        try (Client a = new Client(port); Client b = new Client(port)) {
            // both served (and counted) once each has had an answer
            a.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n").read();
            b.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n").read();
            try (Client third = new Client(port)) {
                Answer refused = third.read();
                assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(refused.headers()).containsEntry("retry-after", "1").containsEntry("connection", "close");
                assertThat(refused.body()).isEqualTo("{\"error\":\"too many connections\"}");
            }
        }
        // the two closed: a new connection is served again (its thread may take a moment to notice the close)
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String status = "";
        while (System.nanoTime() < until && !status.equals("HTTP/1.1 200 OK")) {
            try (Client c = new Client(port)) {
                status = c.send("GET /c HTTP/1.1\r\nHost: h\r\n\r\n").read().statusLine();
            } catch (IOException refusedMeanwhile) {
                status = "";
            }
        }
        assertThat(status).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void shouldCloseAConnectionIdleLongerThanTheTimeout() throws Exception {
        int port = start(4, Duration.ofMillis(200));
        try (Client c = new Client(port)) {
            assertThat(c.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("GET /a");
            long t0 = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isBetween(Duration.ofMillis(100), Duration.ofSeconds(4));
        }
    }

    @Test
    void shouldCloseOpenConnectionsWhenClosed() throws Exception {
        int port = start(4, Duration.ofSeconds(30));
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Client c = new Client(port);
                c.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n").read();
                clients.add(c);
            }
            server.close();
            for (Client c : clients) {
                assertThat(c.closedByServer()).isTrue();
            }
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
    }

    @Test
    void shouldRefuseAResponseHeaderWithALineBreak() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BlockingHttpServer.Response(200, "text/plain",
                        new byte[0], Map.of("X-A", "b\r\nSet-Cookie: x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a header");
    }

    @Test
    void shouldReadAHeadThatArrivesInPieces() throws Exception {
        int port = start(4, Duration.ofSeconds(5));
        try (Client c = new Client(port)) {
            for (String piece : List.of("GE", "T /sl", "ow HTTP/1.1\r", "\nHost: h\r\n", "\r\n")) {
                c.send(piece);
                c.socket.getOutputStream().flush();
                Thread.sleep(20);
            }
            assertThat(c.read().body()).isEqualTo("GET /slow");
        }
    }
}
