package io.continuityhub.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Log-safe forms of personal data: logs never carry a full phone number or address at INFO. */
public final class Redact {

    /** An international phone number (+ and 10 to 15 digits), as E.164 writes it and as the hub stores it. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.+])\\+[1-9]\\d{9,14}(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-]@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

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

    /**
     * The text with every phone number and email address in it masked as {@link #handle} masks
     * one: the net under log lines that leave the hub, for what a call site did not redact (a
     * library's exception that names the address it refused, say).
     */
    public static String inText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return replaceAll(replaceAll(text, PHONE), EMAIL);
    }

    private static String replaceAll(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(masked, Matcher.quoteReplacement(handle(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(masked);
        return masked.toString();
    }
}
