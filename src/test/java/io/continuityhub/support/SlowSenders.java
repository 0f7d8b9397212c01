package io.continuityhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clients that announce a body and then send it one byte a tick (the slow-body attack of issue 12):
 * each connection sends a complete request head with a {@code Content-Length}, then, every tick,
 * one more byte of the body, on one thread for all of them. Like an attacker, a connection goes on
 * dribbling after an answer, until the hub closes it; it notes the answer's status line and when
 * the connection was closed. Closing this closes every connection.
 */
public final class SlowSenders implements AutoCloseable {

    /** One slow connection: when it was opened, what the hub answered, and when the hub closed it. */
    public static final class Connection {
        private final SocketChannel channel;
        private final long openedAt = System.nanoTime();
        private final StringBuilder received = new StringBuilder();
        private volatile String answer;
        private volatile long closedAt;

        private Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** The status line the hub answered with (the sender goes on dribbling), or null. */
        public String answer() {
            return answer;
        }

        public boolean closed() {
            return closedAt != 0;
        }

        /** How it ended: the status line, or "closed" when the hub closed it without an answer; null while open. */
        public String ending() {
            return !closed() ? null : answer != null ? answer : "closed";
        }

        /** From opening until the hub closed it (or until now, while it is open). */
        public long millisOpen() {
            return TimeUnit.NANOSECONDS.toMillis((closed() ? closedAt : System.nanoTime()) - openedAt);
        }

        private void close() {
            if (closedAt == 0) {
                closedAt = System.nanoTime();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private final List<Connection> connections = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "slow-senders");
        thread.setDaemon(true);
        return thread;
    });

    private SlowSenders() {
    }

    /**
     * Opens {@code count} connections to {@code path} on the hub, each announcing a body of
     * {@code contentLength} bytes with the given headers, and starts dribbling one byte per
     * connection every {@code tickMillis}.
     */
    public static SlowSenders open(int port, int count, String path, int contentLength, long tickMillis, String... headers) {
        SlowSenders senders = new SlowSenders();
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(contentLength).append("\r\n\r\n{");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(start));
                channel.configureBlocking(false);
                senders.connections.add(new Connection(channel));
            }
        } catch (IOException e) {
            senders.close();
            throw new UncheckedIOException("could not open slow connection " + senders.connections.size(), e);
        }
        senders.ticker.scheduleWithFixedDelay(senders::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        return senders;
    }

    public List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    public long stillOpen() {
        return connections().stream().filter(connection -> !connection.closed()).count();
    }

    public long answered(int status) {
        return connections().stream().filter(c -> c.answer() != null && c.answer().matches("HTTP/1\\.1 " + status + "\\b.*"))
                .count();
    }

    private void tick() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        for (Connection connection : connections()) {
            if (connection.closed()) {
                continue;
            }
            try {
                int read;
                do {
                    in.clear();
                    read = connection.channel.read(in);
                    if (read > 0 && connection.answer == null) {
                        connection.received.append(new String(in.array(), 0, read, StandardCharsets.ISO_8859_1));
                        if (connection.received.indexOf("\r\n") >= 0) {
                            connection.answer = statusLine(connection);
                        }
                    }
                } while (read > 0);
                if (read < 0) {
                    connection.close();
                    continue;
                }
                connection.channel.write(ByteBuffer.wrap(new byte[] {' '}));
            } catch (IOException e) {
                connection.close(); // reset by the hub
            }
        }
    }

    private static String statusLine(Connection connection) {
        String text = connection.received.toString();
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (Connection connection : connections()) {
            try {
                connection.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
