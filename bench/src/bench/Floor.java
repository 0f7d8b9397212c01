package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;

/**
 * The floor: the least durable work a WhatsApp webhook needs, to compare the hub with. A bare JDK
 * HTTP server that checks the HMAC signature on the raw bytes, parses the JSON with Jackson, and
 * stores each message with one INSERT ... ON CONFLICT DO NOTHING (autocommit: durable before the
 * 200) on the hub's own PostgreSQL, in a schema of its own. No identity, no session, no agent.
 *
 * <pre>java -cp ... bench.Floor PORT JDBC_URL APP_SECRET THREADS</pre>
 */
public final class Floor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO bench_floor.message (wamid, sender, body) VALUES (?, ?, ?)"
            + " ON CONFLICT (wamid) DO NOTHING";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String jdbcUrl = args[1];
        byte[] secret = args[2].getBytes(StandardCharsets.UTF_8);
        int threads = Integer.parseInt(args[3]);
        ThreadLocal<javax.crypto.Mac> mac = ThreadLocal.withInitial(() -> {
            try {
                javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
                m.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection setup = DriverManager.getConnection(jdbcUrl); var statement = setup.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS bench_floor");
            statement.execute("CREATE TABLE IF NOT EXISTS bench_floor.message (wamid text PRIMARY KEY, sender text NOT NULL,"
                    + " body text, received_at timestamptz NOT NULL DEFAULT now())");
        }
        // one connection per server thread, as a pool of that size would give
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = DriverManager.getConnection(jdbcUrl);
                connection.setAutoCommit(true);
                return connection.prepareStatement(INSERT);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/webhooks/whatsapp", exchange -> {
            try {
                webhook(exchange, insert.get(), mac.get());
            } catch (Exception e) {
                answer(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            }
        });
        server.start();
        System.out.println("Floor listening on " + port);
    }

    private static void webhook(HttpExchange exchange, PreparedStatement insert, javax.crypto.Mac mac) throws IOException, SQLException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{}");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature-256");
        byte[] expected = ("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        if (signature == null || !java.security.MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            answer(exchange, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        JsonNode root = JSON.readTree(body);
        int accepted = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                for (JsonNode message : change.path("value").path("messages")) {
                    insert.setString(1, message.path("id").asText());
                    insert.setString(2, message.path("from").asText());
                    insert.setString(3, message.path("text").path("body").asText(null));
                    accepted += insert.executeUpdate();
                }
            }
        }
        answer(exchange, 200, "{\"accepted\":" + accepted + "}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
