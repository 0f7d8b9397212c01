package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of the default run keeps what the hub acknowledged through a crash of
 * the machine: fsync, synchronous commits and full page writes are on, whatever the embedded
 * library's test defaults say; only a run that asks for it explicitly trades that for speed.
 */
class EmbeddedPostgresDurabilityTest {

    @Test
    void theDefaultServerWritesEveryCommitToDisk(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgresConfiguration.start(data.resolve("pg"), 0, true)) {
            assertThat(settings(postgres)).containsExactly(Map.entry("fsync", "on"), Map.entry("full_page_writes", "on"),
                    Map.entry("synchronous_commit", "on"));
        }
    }

    @Test
    void onlyARunThatAsksForItTurnsDurabilityOff(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgresConfiguration.start(data.resolve("pg"), 0, false)) {
            assertThat(settings(postgres)).containsExactly(Map.entry("fsync", "off"), Map.entry("full_page_writes", "off"),
                    Map.entry("synchronous_commit", "off"));
        }
    }

    private static Map<String, String> settings(EmbeddedPostgres postgres) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = connection.createStatement().executeQuery("""
                     SELECT name, setting FROM pg_settings
                     WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name""")) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        }
        return settings;
    }
}
