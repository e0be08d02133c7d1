package io.hmrec.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnerConnectionsTest {
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The client port of every exchange the owner served, in order: one port means one kept connection. */
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A JDK HttpServer as the instances run, echoing path, query and the forwarded header. */
    private HostInfo owner() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            String path = ex.getRequestURI().getRawPath();
            byte[] body = (path + "?" + ex.getRequestURI().getRawQuery() + " from "
                    + ex.getRequestHeaders().getFirst("X-Hmrec-Forwarded")).getBytes(StandardCharsets.UTF_8);
            switch (path) {
                case "/chunked" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, 0); // length unknown: chunked
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 3; i++) {
                            out.write(body);
                            out.flush();
                        }
                    }
                }
                case "/empty" -> {
                    ex.getResponseHeaders().set("Retry-After", "1");
                    ex.sendResponseHeaders(503, -1);
                    ex.close();
                }
                case "/slow" -> {
                    sleep(2_000);
                    reply(ex, 200, body);
                }
                default -> reply(ex, 200, body);
            }
        });
        server.start();
        closing.add(() -> server.stop(0));
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("X-Hmrec-Answered-By", "owner");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OwnerConnections connections(Duration timeout) {
        OwnerConnections c = new OwnerConnections(timeout, 4);
        closing.add(c);
        return c;
    }

    @Test
    void shouldForwardOnOneKeptConnectionAndReturnTheOwnersWholeAnswer() throws Exception {
        HostInfo owner = owner();
        OwnerConnections forwarding = connections(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            OwnerConnections.Response r = forwarding.get(owner, "/customers/c" + i + "/recommendations?x=%20y",
                    Map.of("X-Hmrec-Forwarded", "a:1"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo("/customers/c" + i + "/recommendations?x=%20y from a:1");
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.header("X-Hmrec-Answered-By")).isEqualTo("owner");
        }
        assertThat(clientPorts).hasSize(5).containsOnly(clientPorts.get(0));
    }

    @Test
    void shouldReadChunkedAndEmptyAnswers() throws Exception {
        HostInfo owner = owner();
        OwnerConnections forwarding = connections(Duration.ofSeconds(5));
        OwnerConnections.Response chunked = forwarding.get(owner, "/chunked?n=1", Map.of("X-Hmrec-Forwarded", "a:1"));
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("/chunked?n=1 from a:1".repeat(3));
        OwnerConnections.Response empty = forwarding.get(owner, "/empty", Map.of());
        assertThat(empty.status()).isEqualTo(503);
        assertThat(empty.body()).isEmpty();
        assertThat(empty.header("Retry-After")).isEqualTo("1");
        OwnerConnections.Response after = forwarding.get(owner, "/after", Map.of("X-Hmrec-Forwarded", "a:1"));
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("/after?null from a:1");
        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.get(0));
    }

    @Test
    void shouldSendAgainOnANewConnectionWhenTheOwnerClosedTheKeptOne() throws Exception {
        // an owner that answers one request per connection and then closes it without saying so (as an idle timeout
        // or a restart does): every forward after the first finds its kept connection dead
        try (ServerSocket server = new ServerSocket(0)) {
            List<String> requests = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        byte[] head = new byte[4096];
                        int n = s.getInputStream().read(head);
                        requests.add(new String(head, 0, Math.max(0, n), StandardCharsets.ISO_8859_1).lines().findFirst()
                                .orElse(""));
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            HostInfo owner = new HostInfo("127.0.0.1", server.getLocalPort());
            OwnerConnections forwarding = connections(Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(50); // the owner's close reaches the kept socket first
                assertThat(forwarding.get(owner, "/q" + i, Map.of()).body()).asString().isEqualTo("ok");
            }
            assertThat(requests).containsExactly("GET /q0 HTTP/1.1", "GET /q1 HTTP/1.1", "GET /q2 HTTP/1.1");
        }
    }

    @Test
    void shouldGiveUpOnASlowOwnerAtTheTimeout() throws Exception {
        HostInfo owner = owner();
        OwnerConnections forwarding = connections(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThatThrownBy(() -> forwarding.get(owner, "/slow", Map.of())).isInstanceOf(SocketTimeoutException.class);
        // a 2 s answer given up at 200 ms: far below it even on a busy machine
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
        // the slow connection is not kept: the next forward opens a new one and is answered
        OwnerConnections.Response next = connections(Duration.ofSeconds(5)).get(owner, "/next", Map.of());
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void shouldFailClearlyWhenNoOwnerListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HostInfo gone = new HostInfo("127.0.0.1", port);
        assertThatThrownBy(() -> connections(Duration.ofSeconds(2)).get(gone, "/x", Map.of()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseARequestLineThatIsNotARawPath() {
        HostInfo owner = new HostInfo("127.0.0.1", 1);
        OwnerConnections forwarding = connections(Duration.ofSeconds(1));
        assertThatThrownBy(() -> forwarding.get(owner, "/a b", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a raw path");
        assertThatThrownBy(() -> forwarding.get(owner, "/a", Map.of("X", "1\r\nEvil: 2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }
}
