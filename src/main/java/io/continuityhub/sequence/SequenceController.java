package io.continuityhub.sequence;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A session as a sequence diagram (ops login, like the rest of the read API). */
@RestController
@RequestMapping("/api/v1")
class SequenceController {

    private final SequenceDiagrams diagrams;
    private final SequencePage page;

    SequenceController(SequenceDiagrams diagrams, SequencePage page) {
        this.diagrams = diagrams;
        this.page = page;
    }

    @GetMapping("/sessions/{sessionId}/sequence")
    ResponseEntity<Object> sequence(@PathVariable String sessionId, @RequestParam(required = false) String format,
                                    @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SequenceFormat chosen = SequenceFormat.choose(format, accept);
        SessionSequence sequence = diagrams.draw(sessionId);
        Object body = switch (chosen) {
            case TEXT -> sequence.mermaid();
            case HTML -> page.html(sequence);
            case JSON -> sequence;
        };
        return ResponseEntity.ok().contentType(chosen.mediaType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).body(body);
    }
}
