package io.continuityhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Free loopback ports for the mail servers that tests start, so no test binds the sandbox's fixed
 * 3143/3025 (a developer's running hub, or two hubs of one test run, would clash on them).
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** The shared test context's sandbox IMAP and SMTP ports: one pair for the whole JVM, as the context is cached. */
    private static final int[] SHARED = allocate(2);

    private FreePorts() {
    }

    public static int sharedImapPort() {
        return SHARED[0];
    }

    public static int sharedSmtpPort() {
        return SHARED[1];
    }

    /**
     * {@code count} ports that were free a moment ago and that this JVM has not handed out before.
     * The sockets stay open until all are picked, so the operating system cannot hand out one port
     * twice in a call, and earlier answers are skipped, so a hub that has not bound its ports yet
     * does not lose them to the next one.
     */
    public static synchronized int[] allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(socket);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    ports[found++] = socket.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }
}
