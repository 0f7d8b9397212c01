package io.continuityhub.sequence;

import java.util.List;

/** A session drawn as a Mermaid sequence diagram, with the seams found in it. */
public record SessionSequence(String sessionId, String mermaid, List<Seam> seams) {
}
