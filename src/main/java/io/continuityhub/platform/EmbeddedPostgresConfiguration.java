package io.continuityhub.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-set-up default: when no database URL is configured the hub runs a real PostgreSQL of
 * its own, with its cluster in {@code hub.db.embedded.data-dir} so state survives a restart.
 * With {@code HUB_DB_URL} set this configuration steps aside and Spring Boot's own DataSource is used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /** This hub's claim on the data directory, held until the server below has stopped. */
    @Bean(destroyMethod = "close")
    EmbeddedDataDirectory embeddedDataDirectory(@Value("${hub.db.embedded.data-dir}") Path dataDir) throws IOException {
        Path absolute = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        return EmbeddedDataDirectory.claim(absolute);
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDataDirectory claimed, @Value("${hub.db.embedded.data-dir}") Path dataDir,
                                      @Value("${hub.db.embedded.port:0}") int port,
                                      @Value("${hub.db.embedded.durable:true}") boolean durable) throws IOException {
        return start(dataDir, port, durable);
    }

    /**
     * Starts the server on {@code dataDir}. Durable (the default) means a commit is on disk before
     * the hub answers: the embedded library's own defaults ({@code -F}, that is fsync off, and
     * synchronous_commit off, made for throw-away test databases) are overridden, since the hub
     * acknowledges messages on the strength of its commits. Not durable is for tests and benches
     * that say so: a crash of the machine then loses acknowledged messages.
     */
    static EmbeddedPostgres start(Path dataDir, int port, boolean durable) throws IOException {
        Path absolute = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(absolute)
                .setCleanDataDirectory(false)
                .setPort(port);
        String onOrOff = durable ? "on" : "off";
        // -c options come after the library's -F on the server's command line, so they win
        builder.setServerConfig("fsync", onOrOff)
                .setServerConfig("synchronous_commit", onOrOff)
                .setServerConfig("full_page_writes", onOrOff);
        EmbeddedPostgres postgres = builder.start();
        if (durable) {
            log.info("Embedded PostgreSQL started on port {} with its data in {} (set HUB_DB_URL to use another server)",
                    postgres.getPort(), absolute);
        } else {
            log.warn("Embedded PostgreSQL started on port {} with its data in {} and hub.db.embedded.durable=false: fsync is"
                    + " off, a crash of the machine loses messages the hub acknowledged", postgres.getPort(), absolute);
        }
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("hub-embedded");
        return dataSource;
    }
}
