package io.continuityhub.sandbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** What the WhatsApp simulator delivered ({@code sandbox.whatsapp_sent}), with its side-effect count. */
@Repository
@Profile("sandbox")
class WhatsAppSentLog {

    static final String SYSTEM = "whatsapp";
    /** Every column, and the callback data read out of the request it came in. */
    private static final String COLUMNS = "*, body ->> '" + CloudApiSendReader.CALLBACK_DATA + "' AS biz_opaque_callback_data";

    private final JdbcClient jdbc;
    private final SideEffectLedger ledger;

    WhatsAppSentLog(JdbcClient jdbc, SideEffectLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Stores the message and its side effect together: the ledger never counts a message that is not here. */
    @Transactional
    void record(SentWhatsApp sent) {
        jdbc.sql("""
                        INSERT INTO sandbox.whatsapp_sent (wamid, phone_number_id, recipient, message_type, body, text, sent_at)
                        VALUES (:wamid, :phoneNumberId, :recipient, :type, CAST(:body AS jsonb), :text, :sentAt)""")
                .param("wamid", sent.wamid())
                .param("phoneNumberId", sent.phoneNumberId())
                .param("recipient", sent.recipient())
                .param("type", sent.type())
                .param("body", sent.requestJson())
                .param("text", sent.text())
                .param("sentAt", Timestamp.from(sent.sentAt()))
                .update();
        // the Cloud API has no idempotency key: every accepted send is a side effect of its own
        ledger.record(SYSTEM, sent.wamid(), sent.sentAt());
    }

    /** Messages to one E.164 number, in the order they arrived. */
    List<SentWhatsApp> sentTo(String recipient) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.whatsapp_sent WHERE recipient = :recipient ORDER BY seq")
                .param("recipient", recipient)
                .query(WhatsAppSentLog::row)
                .list();
    }

    /** The newest {@code limit} messages to anyone, oldest of them first. */
    List<SentWhatsApp> latest(int limit) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT %s FROM sandbox.whatsapp_sent ORDER BY seq DESC LIMIT :limit) newest
                        ORDER BY seq""".formatted(COLUMNS))
                .param("limit", limit)
                .query(WhatsAppSentLog::row)
                .list();
    }

    Optional<SentWhatsApp> find(String wamid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.whatsapp_sent WHERE wamid = :wamid")
                .param("wamid", wamid)
                .query(WhatsAppSentLog::row)
                .optional();
    }

    private static SentWhatsApp row(ResultSet rs, int rowNum) throws SQLException {
        return new SentWhatsApp(rs.getString("wamid"), rs.getString("phone_number_id"), rs.getString("recipient"),
                rs.getString("message_type"), rs.getString("body"), rs.getString("text"),
                rs.getString("biz_opaque_callback_data"), rs.getTimestamp("sent_at").toInstant());
    }
}
