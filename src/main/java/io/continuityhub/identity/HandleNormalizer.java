package io.continuityhub.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Turns what a channel calls a customer into a {@link Handle}; phone numbers via libphonenumber. */
@Component
public class HandleNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern WA_ID = Pattern.compile("\\d{6,15}");
    // Meta's business-scoped user id: an ISO country code, a dot, 1–128 alphanumerics
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_OPAQUE_ID_LENGTH = 200;
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets with its angle brackets, so an address at most 254. */
    private static final int MAX_EMAIL_LENGTH = 254;

    private final String defaultRegion;

    public HandleNormalizer(@Value("${hub.identity.default-region:}") String defaultRegion) {
        this.defaultRegion = defaultRegion.isBlank() ? null : defaultRegion.trim().toUpperCase(Locale.ROOT);
    }

    public Handle normalize(HandleType type, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidHandleException("is empty");
        }
        String value = raw.trim();
        return switch (type) {
            case PHONE, WHATSAPP -> new Handle(type, e164(value));
            case EMAIL -> new Handle(type, email(value));
            case WHATSAPP_USER_ID -> new Handle(type, whatsAppUserId(value));
            case CHAT_USER, LOYALTY_ID -> new Handle(type, opaqueId(value));
        };
    }

    private String e164(String value) {
        // WhatsApp's wa_id is the international number without the '+'
        String candidate = WA_ID.matcher(value).matches() && defaultRegion == null ? "+" + value : value;
        PhoneNumber number;
        try {
            number = PHONES.parse(candidate, defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidHandleException("'" + value + "' is not a phone number (" + e.getMessage()
                    + "); write it in international form, e.g. +447700900123");
        }
        if (!PHONES.isPossibleNumber(number)) {
            throw new InvalidHandleException("'" + value + "' cannot be a phone number of its country"
                    + " (wrong length); write it in international form, e.g. +447700900123");
        }
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static String email(String value) {
        String address = value.toLowerCase(Locale.ROOT);
        if (address.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidHandleException("is longer than " + MAX_EMAIL_LENGTH + " characters, more than any email address");
        }
        if (!EMAIL.matcher(address).matches()) {
            throw new InvalidHandleException("'" + value + "' is not an email address");
        }
        return address;
    }

    private static String whatsAppUserId(String value) {
        if (!BSUID.matcher(value).matches()) {
            throw new InvalidHandleException("'" + value + "' is not a WhatsApp user id (a country code, a dot and up to"
                    + " 128 letters or digits, e.g. US.13491208655302741918)");
        }
        return value;
    }

    private static String opaqueId(String value) {
        if (value.length() > MAX_OPAQUE_ID_LENGTH) {
            throw new InvalidHandleException("is longer than " + MAX_OPAQUE_ID_LENGTH + " characters");
        }
        return value;
    }
}
