package io.continuityhub.kernel;

/** Log-safe forms of personal data: logs never carry a full phone number or address at INFO. */
public final class Redact {

    private Redact() {
    }

    public static String handle(String value) {
        if (value == null) {
            return "null";
        }
        int at = value.indexOf('@');
        if (at > 0) {
            return value.charAt(0) + "***" + value.substring(at);
        }
        return value.length() <= 4 ? "****" : "***" + value.substring(value.length() - 4);
    }
}
