package io.continuityhub.channel;

/**
 * The one rule for the characters of what a channel sends (docs/api.md#characters): text the hub
 * keeps has no C0 control character but tab, line feed and carriage return (U+0000 to U+001F
 * otherwise) and no half of a surrogate pair (a {@code \ud83d} escape without its partner, which
 * is no character at all). PostgreSQL cannot keep U+0000 in a text or jsonb column, and none of
 * the others is anything a person wrote. An HTTP ingress refuses a body with one (400, naming the
 * field); a mail, which cannot be refused, is kept with them stripped.
 */
public final class RefusedCharacters {

    private RefusedCharacters() {
    }

    /** The index of the first refused character in the text, or -1 when there is none. */
    public static int firstIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a whole character outside the basic plane (an emoji)
            } else if (refused(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The text without its refused characters; the same instance when it has none. */
    public static String strip(String text) {
        if (text == null || firstIn(text) < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                kept.append(c).append(text.charAt(++i));
            } else if (!refused(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** What the character at the index is, for a refusal: "the control character U+0000 at character 3". */
    public static String describe(String text, int index) {
        char c = text.charAt(index);
        String what = Character.isSurrogate(c) ? "half of a surrogate pair" : "the control character";
        return what + " U+%04X at character %d".formatted((int) c, index + 1);
    }

    private static boolean refused(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c);
    }
}
