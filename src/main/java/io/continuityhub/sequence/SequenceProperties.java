package io.continuityhub.sequence;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.ops.sequence.*}: the session sequence diagram.
 *
 * @param labelChars    longest text on one arrow or note; longer message text is cut with an ellipsis
 * @param readOnlyTools tools that change nothing on the far side, so they need no idempotency key
 * @param mermaidJsUrl  where the HTML page loads mermaid from: the copy in the jar by default, so
 *                      the page renders offline; a CDN URL works too
 */
@ConfigurationProperties("hub.ops.sequence")
public record SequenceProperties(@DefaultValue("80") int labelChars,
                                 @DefaultValue("warehouse-status") List<String> readOnlyTools,
                                 @DefaultValue("/webjars/mermaid/dist/mermaid.min.js") String mermaidJsUrl) {
}
