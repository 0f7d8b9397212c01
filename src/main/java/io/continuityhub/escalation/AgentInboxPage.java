package io.continuityhub.escalation;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /inbox}: the human agent's page of the escalation queue (not the webhook intake's
 * inbox of the channel package). One HTML page from the jar; its script
 * ({@code static/inbox/agent-inbox.js}) does the rest with the escalation and session API,
 * polling it, so new cases appear without a reload. The page only carries the settings the
 * script needs: who is logged in (to tell "claimed by me"), how often to poll, where mermaid is.
 */
@RestController
class AgentInboxPage {

    private static final String TEMPLATE = "inbox/agent-inbox.html";

    private final String html;
    private final long pollMillis;
    private final String mermaidJsUrl;

    AgentInboxPage(@Value("${hub.escalation.inbox.poll-interval:2s}") Duration pollInterval,
                   @Value("${hub.ops.sequence.mermaid-js-url:/webjars/mermaid/dist/mermaid.min.js}") String mermaidJsUrl) {
        if (pollInterval.isNegative() || pollInterval.toMillis() < 200) {
            throw new IllegalArgumentException("hub.escalation.inbox.poll-interval must be at least 200ms, not " + pollInterval);
        }
        this.pollMillis = pollInterval.toMillis();
        this.mermaidJsUrl = mermaidJsUrl;
        this.html = read(TEMPLATE);
    }

    @GetMapping(value = "/inbox", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(Principal who) {
        String page = html.replace("{{user}}", htmlEscape(who.getName()))
                .replace("{{pollMillis}}", Long.toString(pollMillis))
                .replace("{{mermaidJsUrl}}", htmlEscape(mermaidJsUrl));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(page);
    }

    private static String read(String resource) {
        try (InputStream in = AgentInboxPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
