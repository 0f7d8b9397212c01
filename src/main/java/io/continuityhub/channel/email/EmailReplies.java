package io.continuityhub.channel.email;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.crypto.Sealing;
import io.continuityhub.tools.email.MessageIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The request of an {@code email-send} action that answers the customer's latest mail in a
 * session: to their address, "Re:" their subject, threaded under their mail (In-Reply-To its
 * Message-ID, References its References and it). The caller records it as a NewAction of tool
 * {@link #TOOL}; nothing is written here.
 */
@Service
public class EmailReplies {

    public static final String TOOL = "email-send";
    /** "Re:", "RE:", "Re[2]:", "AW:", "SV:" … any number of them: what mail clients put before a reply's subject. */
    private static final Pattern REPLY_PREFIXES = Pattern.compile("^(\\s*(re|aw|sv|antw)(\\[\\d+])?\\s*:\\s*)+",
            Pattern.CASE_INSENSITIVE);

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private record LatestMail(String address, String subject, String messageId, String referencesHeader) {
    }

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Sealing sealing;

    EmailReplies(JdbcClient jdbc, JsonColumns json, Sealing sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
    }

    /**
     * The reply's request ({@code to, subject, text, inReplyTo?, references?}), or empty when the
     * customer has not mailed in this session.
     */
    @Transactional(readOnly = true)
    public Optional<Map<String, Object>> replyTo(String sessionId, String text) {
        return jdbc.sql("""
                        SELECT handle_value AS address, attributes::text AS attributes
                        FROM interaction
                        WHERE ingress = ? AND session_id = ?
                        ORDER BY event_seq DESC NULLS LAST, received_at DESC
                        LIMIT 1""")
                .params(EmailReader.INGRESS, sessionId)
                .query((rs, n) -> latestMail(rs.getString("address"), rs.getString("attributes")))
                .optional()
                .map(mail -> request(mail, text));
    }

    /** The mail's attributes are sealed at rest: opened here, not picked out in SQL. */
    private LatestMail latestMail(String address, String sealedAttributes) {
        Map<String, Object> attributes = json.read(sealing.openJson(sealedAttributes), OBJECT);
        return new LatestMail(address, string(attributes, "subject"), string(attributes, "messageId"),
                string(attributes, "references"));
    }

    private static String string(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    private static Map<String, Object> request(LatestMail mail, String text) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("to", mail.address());
        request.put("subject", replySubject(mail.subject()));
        request.put("text", text);
        if (mail.messageId() != null) {
            request.put("inReplyTo", mail.messageId());
        }
        String references = MessageIds.references(mail.referencesHeader(), mail.messageId());
        if (!references.isEmpty()) {
            request.put("references", references);
        }
        return request;
    }

    /** "Re: " once, however many the customer's client stacked up. */
    static String replySubject(String subject) {
        String bare = subject == null ? "" : REPLY_PREFIXES.matcher(subject).replaceFirst("").strip();
        return bare.isEmpty() ? "Re: your message" : "Re: " + bare;
    }
}
