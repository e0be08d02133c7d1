package io.hmrec.app.query;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The reading side of one HTTP/1.1 connection, shared by the query server and the forwarding client: a buffer over
 * the socket's input in which every read waits at most until a deadline (System.nanoTime), so neither side can hang
 * on a peer that stops sending. Bytes past one message stay buffered for the next (pipelined requests, or an error
 * the caller reports). Not thread-safe: one connection, one thread at a time.
 */
final class HttpWire {
    /** The longest head line either side accepts (the JDK's server and most proxies allow 8 KiB). */
    static final int MAX_LINE = 8192;

    private final Socket socket;
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int end;

    HttpWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** The connection read from. */
    Socket socket() {
        return socket;
    }

    /** Bytes received and not read yet. */
    int buffered() {
        return end - pos;
    }

    /** Forgets what is buffered (a client starting a new exchange on a connection it owns alone). */
    void clear() {
        pos = 0;
        end = 0;
    }

    /**
     * Waits until at least one byte is buffered: true, or false when the peer closed the connection first. A peer
     * that sends nothing until {@code deadline} costs a {@link SocketTimeoutException}.
     */
    boolean await(long deadline) throws IOException {
        return pos < end || fill(deadline);
    }

    /**
     * One line without its CRLF (a bare LF is accepted too), ISO-8859-1 as HTTP heads are.
     *
     * @throws EOFException the connection closed before the line ended
     * @throws IOException  the line is longer than {@value #MAX_LINE} bytes, or the deadline passed
     */
    String line(long deadline) throws IOException {
        // the usual case: the whole line is already buffered
        for (int i = pos; i < end && i - pos <= MAX_LINE; i++) {
            if (buf[i] == '\n') {
                int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                String s = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return s;
            }
        }
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == end && !fill(deadline)) {
                throw new EOFException("connection closed in the middle of a head line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new LineTooLongException();
            }
            sb.append((char) (b & 0xff));
        }
    }

    /** Exactly {@code n} bytes. */
    byte[] bytes(int n, long deadline) throws IOException {
        if (n < 0) {
            throw new IOException("negative length " + n);
        }
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (pos == end && !fill(deadline)) {
                throw new EOFException("connection closed after " + got + " of " + n + " body bytes");
            }
            int take = Math.min(n - got, end - pos);
            System.arraycopy(buf, pos, out, got, take);
            pos += take;
            got += take;
        }
        return out;
    }

    /** Reads past exactly {@code n} bytes without keeping them. */
    void skip(long n, long deadline) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos == end && !fill(deadline)) {
                throw new EOFException("connection closed with " + left + " of " + n + " body bytes unread");
            }
            int take = (int) Math.min(left, end - pos);
            pos += take;
            left -= take;
        }
    }

    /** Everything until the peer closes the connection. */
    byte[] toEnd(long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (pos < end || fill(deadline)) {
            body.write(buf, pos, end - pos);
            pos = end;
        }
        return body.toByteArray();
    }

    /** Reads more into the (empty) buffer, waiting at most until {@code deadline}; false at the end of stream. */
    private boolean fill(long deadline) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline));
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    /** Milliseconds left until {@code deadline}, at least 1 (0 would mean "no timeout" to a socket). */
    static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    /** A head line longer than {@value #MAX_LINE} bytes: the server answers 431 to it. */
    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("a head line longer than " + MAX_LINE + " bytes");
        }
    }
}
