package io.continuityhub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL every test runs against: the one named by {@code HUB_TEST_DB_URL}, or else an
 * embedded server started once for the whole test run (and stopped by its shutdown hook). That
 * one keeps the embedded library's defaults, fsync and synchronous_commit off, for speed: the
 * tests' data is thrown away, and no test crashes the machine. The hub's own embedded server is
 * durable (EmbeddedPostgresDurabilityTest).
 */
public final class TestDatabase {

    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    public static synchronized String url() {
        String external = System.getenv("HUB_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /**
     * A new, empty database on the same server, for a hub that must not share tables with the
     * shared test context (whose dispatchers would otherwise take its work). Returns its JDBC URL.
     */
    public static String newDatabase(String prefix) {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(url(), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + name, e);
        }
        return url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    public static String user() {
        return envOr("HUB_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return envOr("HUB_TEST_DB_PASSWORD", "postgres");
    }

    /** The same, as command-line properties for a {@link StandaloneHub}. */
    public static String[] asArguments() {
        return new String[] {"spring.datasource.url=" + url(), "spring.datasource.username=" + user(),
                "spring.datasource.password=" + password()};
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
