package io.continuityhub.sandbox.salesforce;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The access tokens the simulated org issued and still honours ({@code sandbox.salesforce_token}). */
@Repository
@Profile("sandbox")
class SalesforceTokens {

    private final JdbcClient jdbc;

    SalesforceTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    String issue(Instant at) {
        String token = SalesforceIds.newAccessToken();
        jdbc.sql("INSERT INTO sandbox.salesforce_token (access_token, issued_at) VALUES (:token, :at)")
                .param("token", token)
                .param("at", Timestamp.from(at))
                .update();
        return token;
    }

    boolean isValid(String token) {
        return jdbc.sql("SELECT count(*) FROM sandbox.salesforce_token WHERE access_token = :token")
                .param("token", token)
                .query(Long.class)
                .single() > 0;
    }

    /** Ends every session, as an admin revoking them (or their timeout) does; returns how many. */
    int expireAll() {
        return jdbc.sql("DELETE FROM sandbox.salesforce_token").update();
    }
}
