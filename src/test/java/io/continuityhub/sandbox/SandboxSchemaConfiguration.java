package io.continuityhub.sandbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Migrates the simulators' own schema ({@code sandbox}, scripts in {@code db/sandbox}) with a
 * Flyway of its own and its own history table, after the hub's schema. The hub's Flyway never
 * sees these scripts, so a production start on the same database still validates.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxSchemaConfiguration {

    /** Marker bean: exists once the sandbox schema is current. Beans that read it at start-up inject it. */
    record SandboxSchema(String version) {
    }

    private static final Logger log = LoggerFactory.getLogger(SandboxSchemaConfiguration.class);

    @Bean
    SandboxSchema sandboxSchema(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> hubMigrations) {
        // Resolving the hub's initializer runs its migration first. It is looked up, not
        // required, so the sandbox still works with spring.flyway.enabled=false. The sandbox's
        // Flyway is deliberately not a bean: a Flyway bean would make Spring Boot's own back off.
        hubMigrations.getIfAvailable();
        Flyway sandbox = Flyway.configure()
                .dataSource(dataSource)
                .schemas("sandbox")
                .defaultSchema("sandbox")
                .table("flyway_schema_history")
                .locations("classpath:db/sandbox")
                .load();
        MigrateResult result = sandbox.migrate();
        String version = sandbox.info().current().getVersion().getVersion();
        log.info("Sandbox schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
        return new SandboxSchema(version);
    }
}
