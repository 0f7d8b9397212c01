package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

class SandboxSchemaTest extends HubIntegrationTest {

    @Test
    void theSandboxSchemaKeepsItsOwnMigrationHistoryApartFromTheHubs() {
        assertThat(count("SELECT count(*) FROM sandbox.flyway_schema_history WHERE script = 'V1__whatsapp.sql' AND success"))
                .isEqualTo(1L);
        assertThat(count("SELECT count(*) FROM public.flyway_schema_history WHERE script LIKE '%whatsapp%'")).isZero();
        assertThat(count("SELECT count(*) FROM public.flyway_schema_history WHERE success")).as("the hub's own history")
                .isGreaterThanOrEqualTo(4L);
    }

    @Test
    void theSandboxTablesExistWithTheirKeys() {
        assertThat(jdbc.sql("""
                        SELECT kcu.table_name || '(' || string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) || ')'
                        FROM information_schema.table_constraints tc
                        JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
                        WHERE tc.constraint_schema = 'sandbox' AND tc.constraint_type = 'PRIMARY KEY'
                        GROUP BY kcu.table_name ORDER BY 1""").query(String.class).list())
                .contains("side_effect(system,idempotency_key)", "whatsapp_sent(wamid)");
    }
}
