package io.continuityhub.sequence;

/** Mermaid's arrows, by what they mean here. */
enum Arrow {
    /** a message or a call */
    CALL("->>"),
    /** an answer or a reply */
    ANSWER("-->>"),
    /** a failed call, or one whose outcome nobody knows */
    FAILED("--x");

    private final String mermaid;

    Arrow(String mermaid) {
        this.mermaid = mermaid;
    }

    String mermaid() {
        return mermaid;
    }
}
