package io.continuityhub.sequence;

/**
 * Text that Mermaid shows literally. Whatever a customer wrote can land in a diagram, so every
 * character Mermaid's grammar reacts to becomes one of its {@code #code;} entities (decoded only
 * when drawn): {@code ;} and a line break would end the statement, {@code #} starts a comment or an
 * entity, {@code %} a directive ({@code %%{init}%%} is honoured anywhere in the text), and
 * {@code < > " ' &} would be markup once drawn.
 */
final class MermaidText {

    /** Shown where a line break was: the statement must stay on one line, the break stays visible. */
    static final String LINE_BREAK = "↵";
    static final String ELLIPSIS = "…";

    private MermaidText() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replace("\r\n", "\n");
        StringBuilder escaped = new StringBuilder(flat.length() + 16);
        flat.codePoints().forEach(c -> {
            switch (c) {
                case '#', ';', '<', '>', '"', '\'', '&', '%' -> escaped.append('#').append(c).append(';');
                case '\n', '\r', '\u0085', '\u2028', '\u2029' -> escaped.append(LINE_BREAK);
                default -> {
                    if (Character.isISOControl(c)) {
                        escaped.append(' ');
                    } else {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }

    /**
     * At most {@code maxChars} characters (code points, so an emoji is never cut in half), the
     * last one an ellipsis when something was cut. Shorten before escaping: an entity cut in half
     * would show as garbage.
     */
    static String shorten(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) <= maxChars) {
            return stripped;
        }
        return stripped.substring(0, stripped.offsetByCodePoints(0, Math.max(0, maxChars - 1))).stripTrailing() + ELLIPSIS;
    }
}
