package io.continuityhub.tools.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-IDs: the ones the hub derives for its own mails, and the ones threading headers carry. */
public final class MessageIds {

    private static final Pattern ID = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");
    private static final int HASH_HEX_CHARS = 32;
    /** A References header names at most this many mails: the thread's first and its latest ones (RFC 5322 3.6.4). */
    public static final int MAX_REFERENCES = 20;

    private MessageIds() {
    }

    /**
     * The Message-ID of the mail an action sends: the same key gives the same id, so a mail sent
     * again after an unknown outcome is recognisable as the same mail by the recipient's client and
     * by reconciliation.
     */
    public static String derive(String idempotencyKey, String hubAddress) {
        int at = hubAddress == null ? -1 : hubAddress.lastIndexOf('@');
        if (at < 0 || at == hubAddress.length() - 1) {
            throw new IllegalArgumentException("hub.email.address (HUB_EMAIL_ADDRESS) is not set to an address");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS) + "@" + hubAddress.substring(at + 1) + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The Message-IDs in a header value, in order; whatever else it holds (comments, line breaks) is dropped. */
    public static List<String> parse(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher matcher = ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group());
            }
        }
        return ids;
    }

    /** The References of a reply to {@code parent}: the parent's References, then the parent itself. */
    public static String references(String parentReferences, String parent) {
        Set<String> ids = new LinkedHashSet<>(parse(parentReferences));
        ids.addAll(parse(parent));
        List<String> all = new ArrayList<>(ids);
        if (all.size() > MAX_REFERENCES) {
            List<String> trimmed = new ArrayList<>();
            trimmed.add(all.get(0));
            trimmed.addAll(all.subList(all.size() - (MAX_REFERENCES - 1), all.size()));
            all = trimmed;
        }
        return String.join(" ", all);
    }
}
