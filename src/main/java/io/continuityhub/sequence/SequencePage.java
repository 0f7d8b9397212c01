package io.continuityhub.sequence;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The diagram as a page a browser renders: the seams listed first, then the diagram, drawn by
 * mermaid (served from the jar unless configured otherwise). Everything from the session is
 * HTML-escaped; mermaid reads the escaped text back as the diagram text.
 */
@Component
class SequencePage {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>%1$s</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
              h1 { font-size: 1.2rem; }
              .seams { border-left: 4px solid #c0392b; background: #fdecea; padding: .5rem 1rem; }
              .seams li { margin: .25rem 0; }
              .no-seams { color: #2e7d32; }
              .kind { font-family: monospace; color: #c0392b; }
              rect.seam { fill: #fdecea !important; stroke: #c0392b !important; stroke-width: 2px !important; }
              text.seam, text.seam tspan { fill: #8e1b10 !important; font-weight: bold; }
              nav a { margin-right: 1rem; }
            </style>
            </head>
            <body>
            <h1>%1$s</h1>
            <nav><a href="?format=text">Mermaid text</a><a href="?format=json">JSON</a></nav>
            %2$s
            <pre class="mermaid">
            %3$s</pre>
            <script src="%4$s"></script>
            <script>
              mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 2000000,
                                   sequence: { mirrorActors: true, wrap: false } });
              // seams are notes that start with the seam mark: colour them once mermaid has drawn them
              mermaid.run({ querySelector: 'pre.mermaid' }).then(function () {
                document.querySelectorAll('pre.mermaid text.noteText').forEach(function (text) {
                  if (text.textContent.trim().indexOf('%5$s') === 0) {
                    text.classList.add('seam');
                    var rect = text.parentNode.querySelector('rect');
                    if (rect) { rect.classList.add('seam'); }
                  }
                });
              });
            </script>
            </body>
            </html>
            """;

    private final SequenceProperties properties;

    SequencePage(SequenceProperties properties) {
        this.properties = properties;
    }

    String html(SessionSequence sequence) {
        return PAGE.formatted(htmlEscape("Session " + sequence.sessionId()), seamList(sequence), htmlEscape(sequence.mermaid()),
                htmlEscape(properties.mermaidJsUrl()), MermaidSequence.SEAM_MARK.strip());
    }

    private static String seamList(SessionSequence sequence) {
        if (sequence.seams().isEmpty()) {
            return "<p class=\"no-seams\">No seams: the session kept its context and every state-changing call had an idempotency key.</p>";
        }
        return sequence.seams().stream()
                .map(seam -> "  <li>seq " + seam.seq() + " <span class=\"kind\">" + htmlEscape(seam.kind()) + "</span> "
                        + htmlEscape(seam.message()) + "</li>")
                .collect(Collectors.joining("\n", "<section class=\"seams\"><h2>Seams</h2>\n<ul>\n", "\n</ul></section>"));
    }
}
