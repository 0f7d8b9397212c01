package io.continuityhub.sandbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as the Cloud API reads them: always international, with or without the '+'
 * ("+447700900123" and "447700900123" are one number; its wa_id is the digits without '+').
 */
final class WhatsAppNumbers {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern USER_ID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,128}");

    private WhatsAppNumbers() {
    }

    /** The E.164 form ("+447700900123"), or empty when this cannot be an international number. */
    static Optional<String> e164(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        // a bare '+' in a query string arrives as a space
        String value = raw.strip();
        try {
            PhoneNumber number = PHONES.parse(value.startsWith("+") ? value : "+" + value, null);
            return PHONES.isPossibleNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** A business-scoped user id as Meta writes it ({@code US.13491208655302741918}), or empty. */
    static Optional<String> userId(String raw) {
        return raw != null && USER_ID.matcher(raw.strip()).matches() ? Optional.of(raw.strip()) : Optional.empty();
    }

    /** The E.164 form of a number, or the user id itself: whom a send or a webhook names. */
    static Optional<String> user(String raw) {
        return userId(raw).or(() -> e164(raw));
    }

    static boolean isUserId(String recipient) {
        return USER_ID.matcher(recipient).matches();
    }

    /** WhatsApp's id of a number: its E.164 digits without the '+'. */
    static String waId(String e164) {
        return e164.substring(1);
    }
}
