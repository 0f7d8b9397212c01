package io.continuityhub.tools.email;

import io.continuityhub.support.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that misbehaves on purpose, chosen by the recipient's local part: {@code
 * reject-permanent} gets 550 at RCPT TO, {@code reject-temporary} 451, {@code hangup-after-data}
 * has its mail read to the end and the connection closed without an answer. Anyone else's mail is
 * accepted and counted. One connection at a time, which is all a test sends.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicInteger accepted = new AtomicInteger();

    ScriptedSmtpServer() throws IOException {
        // a port from FreePorts, so no other server of the test run is handed the same one
        socket = new ServerSocket(FreePorts.allocate(1)[0], 5, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // the test closed the server, or the client hung up: wait for the next one
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        say(out, "220 scripted ESMTP");
        String recipient = "";
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                say(out, "250-scripted\r\n250 AUTH PLAIN LOGIN");
            } else if (command.startsWith("AUTH")) {
                say(out, "235 2.7.0 accepted");
            } else if (command.startsWith("MAIL FROM")) {
                say(out, "250 2.1.0 ok");
            } else if (command.startsWith("RCPT TO")) {
                recipient = line.toLowerCase(Locale.ROOT);
                if (recipient.contains("reject-permanent@")) {
                    say(out, "550 5.1.1 no such mailbox");
                } else if (recipient.contains("reject-temporary@")) {
                    say(out, "451 4.3.0 mailbox busy, try later");
                } else {
                    say(out, "250 2.1.5 ok");
                }
            } else if (command.equals("DATA")) {
                say(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the mail itself
                }
                if (recipient.contains("hangup-after-data@")) {
                    return; // the mail was read to its end, and no answer ever comes
                }
                accepted.incrementAndGet();
                say(out, "250 2.0.0 queued");
            } else if (command.equals("QUIT")) {
                say(out, "221 2.0.0 bye");
                return;
            } else {
                say(out, "250 2.0.0 ok");
            }
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
