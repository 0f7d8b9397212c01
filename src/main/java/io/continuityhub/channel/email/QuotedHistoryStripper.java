package io.continuityhub.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps what the customer wrote in this mail and drops what their mail client added: the quoted
 * history ({@code >} lines, "On … wrote:" and everything after it, Outlook's "Original Message"
 * and From/Sent/To/Subject blocks), the signature after "-- " and mobile footers such as "Sent
 * from my iPhone". A customer's answers written between quoted lines are kept.
 *
 * <p>Hand-written: the Java ports of GitHub's email_reply_parser are unmaintained and none is on
 * Maven Central.
 */
public final class QuotedHistoryStripper {

    /** "On Tue, 28 Apr 2026 at 10:15, Jane <jane@example.com> wrote:" (Gmail, Apple Mail, Thunderbird). */
    private static final Pattern ATTRIBUTION = Pattern.compile("^On\\s.{1,300}\\swrote:\\s*$", Pattern.CASE_INSENSITIVE);
    /** Any line that introduces a quote, in a few languages, when quoted lines follow it. */
    private static final Pattern QUOTE_INTRODUCTION = Pattern.compile(
            "^.{1,300}(wrote|a écrit|schrieb|escribió|ha scritto|schreef)\\s*:\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\\s*-{2,}$",
            Pattern.CASE_INSENSITIVE);
    /** Outlook puts a line of underscores above the header block of the mail it quotes. */
    private static final Pattern OUTLOOK_RULE = Pattern.compile("^_{10,}$");
    private static final Pattern HEADER_FROM = Pattern.compile("^\\*?From:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile("^\\*?(Sent|Date):\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_TO = Pattern.compile("^\\*?(To|Subject):\\*?\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MOBILE_FOOTER = Pattern.compile(
            "^(Sent from my [A-Za-z0-9][\\w\\- ]{0,40}\\.?|Sent from (Outlook|Mail|Yahoo Mail|Gmail|Proton Mail)( for [\\w ]{1,30})?"
                    + "|Get Outlook for [\\w ]{1,30}|Envoyé de mon [\\w ]{1,30}|Von meinem [\\w\\- ]{1,30} gesendet)$",
            Pattern.CASE_INSENSITIVE);
    /** How many lines a wrapped attribution ("On …, Jane <" / "jane@example.com> wrote:") may span. */
    private static final int ATTRIBUTION_LINES = 3;
    /** How far below "From:" Outlook's Sent/To/Subject lines may be. */
    private static final int HEADER_BLOCK_LINES = 5;

    private QuotedHistoryStripper() {
    }

    public static String strip(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            String trimmed = line.strip();
            if (isSignatureDelimiter(line) || MOBILE_FOOTER.matcher(trimmed).matches() || startsHistory(lines, i)) {
                break;
            }
            if (trimmed.startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return tidy(kept);
    }

    /** RFC 3676's "-- "; many clients trim the space, so "--" alone counts too. */
    private static boolean isSignatureDelimiter(String line) {
        return line.equals("--") || line.equals("-- ");
    }

    private static boolean startsHistory(String[] lines, int i) {
        String trimmed = lines[i].strip();
        if (ORIGINAL_MESSAGE.matcher(trimmed).matches()) {
            return true;
        }
        if (OUTLOOK_RULE.matcher(trimmed).matches()) {
            int next = nextNonBlank(lines, i + 1);
            return next >= 0 && HEADER_FROM.matcher(lines[next].strip()).matches();
        }
        if (HEADER_FROM.matcher(trimmed).matches() && isOutlookHeaderBlock(lines, i)) {
            return true;
        }
        if (trimmed.regionMatches(true, 0, "On ", 0, 3)) {
            StringBuilder joined = new StringBuilder(trimmed);
            for (int j = i; j < Math.min(lines.length, i + ATTRIBUTION_LINES); j++) {
                if (j > i) {
                    joined.append(' ').append(lines[j].strip());
                }
                if (ATTRIBUTION.matcher(joined).matches()) {
                    // "On Monday my wife wrote:" in a customer's own words names no address and quotes nothing
                    int next = nextNonBlank(lines, j + 1);
                    return joined.indexOf("@") >= 0 || next < 0 || lines[next].strip().startsWith(">");
                }
            }
        }
        if (QUOTE_INTRODUCTION.matcher(trimmed).matches()) {
            int next = nextNonBlank(lines, i + 1);
            return next >= 0 && lines[next].strip().startsWith(">");
        }
        return false;
    }

    /** "From:" followed closely by "Sent:"/"Date:" and "To:"/"Subject:": a quoted mail's headers, not a sentence. */
    private static boolean isOutlookHeaderBlock(String[] lines, int from) {
        boolean sent = false;
        boolean to = false;
        for (int j = from + 1; j < Math.min(lines.length, from + 1 + HEADER_BLOCK_LINES); j++) {
            String trimmed = lines[j].strip();
            sent |= HEADER_SENT.matcher(trimmed).matches();
            to |= HEADER_TO.matcher(trimmed).matches();
        }
        return sent && to;
    }

    private static int nextNonBlank(String[] lines, int from) {
        for (int j = from; j < lines.length; j++) {
            if (!lines[j].isBlank()) {
                return j;
            }
        }
        return -1;
    }

    /** No blank lines at either end, and at most one blank line in a row (left behind where quotes were). */
    private static String tidy(List<String> lines) {
        StringBuilder text = new StringBuilder();
        boolean blankPending = false;
        for (String line : lines) {
            if (line.isBlank()) {
                blankPending = text.length() > 0;
                continue;
            }
            if (blankPending) {
                text.append("\n\n");
            } else if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
            blankPending = false;
        }
        return text.toString();
    }
}
