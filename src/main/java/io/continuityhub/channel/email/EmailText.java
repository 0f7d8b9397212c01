package io.continuityhub.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The text a customer wrote in a mail: the plain-text part when there is one, else the text of
 * the HTML part, without the quoted history that mail clients mark up in HTML (Gmail's
 * {@code gmail_quote}, Apple Mail's {@code blockquote type=cite}, Outlook's reply header) and then
 * without the plain-text quotes and signatures ({@link QuotedHistoryStripper}). Attachments and
 * forwarded mails ({@code message/rfc822}) are not the customer's text.
 */
public final class EmailText {

    /** Everything from the first of these on is quoted history in the HTML of a reply. */
    private static final String HTML_HISTORY = "blockquote, div.gmail_quote, div.gmail_signature, div#appendonsend,"
            + " div#divRplyFwdMsg, div.moz-cite-prefix, div.yahoo_quoted";
    private static final Set<String> LINE_BREAKING = Set.of("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "pre", "hr", "table", "ul", "ol", "section", "article", "header", "footer");

    /** Both candidate parts of a mail, as found depth-first. */
    private record Found(Part plain, Part html) {
    }

    private EmailText() {
    }

    /**
     * The customer's text, cleaned; empty when the mail has no text part at all. A part whose
     * charset Java does not know is read as UTF-8 rather than dropped.
     *
     * @throws MessagingException when the mail cannot be read from the server (the caller retries)
     * @throws IOException        likewise, for a body that could not be streamed
     */
    public static Optional<String> of(Part mail) throws MessagingException, IOException {
        return raw(mail).map(EmailText::clean);
    }

    /** The text before cleaning: what a fallback message id is computed from, as it is stable across polls. */
    public static Optional<String> raw(Part mail) throws MessagingException, IOException {
        Found found = find(mail, new Found(null, null));
        if (found.plain() != null) {
            return Optional.of(content(found.plain()));
        }
        if (found.html() != null) {
            return Optional.of(htmlToText(content(found.html())));
        }
        return Optional.empty();
    }

    public static String clean(String text) {
        return QuotedHistoryStripper.strip(text);
    }

    private static Found find(Part part, Found found) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.isMimeType("message/rfc822")) {
            return found;
        }
        if (part.isMimeType("text/plain") && found.plain() == null) {
            return new Found(part, found.html());
        }
        if (part.isMimeType("text/html") && found.html() == null) {
            return new Found(found.plain(), part);
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount() && found.plain() == null; i++) {
                BodyPart child = multipart.getBodyPart(i);
                found = find(child, found);
            }
        }
        return found;
    }

    private static String content(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String text) {
                return text;
            }
        } catch (UnsupportedEncodingException e) {
            // an unknown charset name: the bytes are still most likely UTF-8 or ASCII
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String htmlToText(String html) {
        Document document = Jsoup.parse(html);
        for (Element history : document.select(HTML_HISTORY)) {
            if (history.ownerDocument() == null) {
                continue; // already removed with an enclosing history element
            }
            if (history.is("div#appendonsend, div#divRplyFwdMsg")) {
                // Outlook: the quoted mail is everything after its reply header, in the same parent
                while (history.nextElementSibling() != null) {
                    history.nextElementSibling().remove();
                }
            }
            history.remove();
        }
        document.select("style, script, head, title").remove();
        StringBuilder text = new StringBuilder();
        document.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text().replace('\u00a0', ' '));
                } else if (node instanceof Element element && element.normalName().equals("br")) {
                    text.append('\n');
                } else if (node instanceof Element element && LINE_BREAKING.contains(element.normalName())) {
                    startLine(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && LINE_BREAKING.contains(element.normalName())) {
                    startLine(text);
                }
            }
        });
        return text.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n[ \\t]+", "\n").strip();
    }

    /** A block element starts on a line of its own, without leaving blank lines between nested blocks. */
    private static void startLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
